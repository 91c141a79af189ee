#include "ui/contacts/ContactsPage.h"

#include "ui/contacts/ListsPanel.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace Postroom::Ui {

ContactsPage::ContactsPage(Storage::DatabasePtr db, QWidget* parent) : QWidget(parent)
{
    m_lists = new ListsPanel(db, this);

    auto* contactsArea = new QWidget(this);
    m_listHeading = new QLabel(contactsArea);
    m_listHeading->setObjectName(QStringLiteral("listHeading"));
    m_listHeading->setTextFormat(Qt::PlainText);
    QFont font = m_listHeading->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    m_listHeading->setFont(font);
    auto* areaLayout = new QVBoxLayout(contactsArea);
    areaLayout->addWidget(m_listHeading);
    areaLayout->addStretch();

    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_lists);
    splitter->addWidget(contactsArea);
    splitter->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(
        m_lists, &ListsPanel::currentListChanged, this, [this](qint64 listId, const QString& name) {
            m_listHeading->setText(listId ? name : tr("No list yet. Create one with New List…"));
        });
    connect(m_lists, &ListsPanel::errorOccurred, this, &ContactsPage::statusMessage);
}

} // namespace Postroom::Ui
