#include "ui/contacts/ListsPanel.h"

#include "ui/common/Background.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Postroom::Ui {
namespace {
constexpr int kListIdRole = Qt::UserRole;
constexpr int kListNameRole = Qt::UserRole + 1;
} // namespace

ListsPanel::ListsPanel(Storage::DatabasePtr db, QWidget* parent)
    : QWidget(parent), m_db(std::move(db))
{
    auto* title = new QLabel(tr("Lists"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);

    m_view = new QListWidget(this);
    m_view->setObjectName(QStringLiteral("listsView"));
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto* newButton = new QPushButton(tr("New List…"), this);
    newButton->setObjectName(QStringLiteral("newListButton"));
    m_renameButton = new QPushButton(tr("Rename…"), this);
    m_deleteButton = new QPushButton(tr("Delete"), this);
    m_renameButton->setEnabled(false);
    m_deleteButton->setEnabled(false);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addWidget(m_renameButton);
    buttons->addWidget(m_deleteButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_view);
    layout->addLayout(buttons);

    connect(newButton, &QPushButton::clicked, this, &ListsPanel::createList);
    connect(m_renameButton, &QPushButton::clicked, this, &ListsPanel::renameCurrent);
    connect(m_deleteButton, &QPushButton::clicked, this, &ListsPanel::deleteCurrent);
    connect(m_view, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        m_renameButton->setEnabled(item != nullptr);
        m_deleteButton->setEnabled(item != nullptr);
        emit currentListChanged(item ? item->data(kListIdRole).toLongLong() : 0,
                                item ? item->data(kListNameRole).toString() : QString{});
    });
    reload();
}

qint64 ListsPanel::currentListId() const
{
    const QListWidgetItem* item = m_view->currentItem();
    return item ? item->data(kListIdRole).toLongLong() : 0;
}

void ListsPanel::reload()
{
    if (m_selectAfterReload == 0)
        m_selectAfterReload = currentListId();
    runInBackground(
        this, [db = m_db] { return Storage::ListRepository(db).all(); },
        [this](const Result<QList<Storage::ContactList>>& lists) {
            if (!lists) {
                emit errorOccurred(lists.error().describe());
                return;
            }
            showLists(*lists);
        });
}

void ListsPanel::showLists(const QList<Storage::ContactList>& lists)
{
    QSignalBlocker blocker(m_view);
    m_view->clear();
    QListWidgetItem* toSelect = nullptr;
    for (const Storage::ContactList& list : lists) {
        auto* item = new QListWidgetItem(
            tr("%1 (%L2)", "list name and contact count").arg(list.name).arg(list.contacts),
            m_view);
        item->setData(kListIdRole, list.id);
        item->setData(kListNameRole, list.name);
        if (list.id == m_selectAfterReload)
            toSelect = item;
    }
    m_selectAfterReload = 0;
    blocker.unblock();
    m_view->setCurrentItem(toSelect ? toSelect : m_view->item(0));
    if (!m_view->currentItem())
        emit currentListChanged(0, {});
    emit reloaded(static_cast<int>(lists.size()));
}

void ListsPanel::createList()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New List"), tr("Name of the new list:"),
                                               QLineEdit::Normal, {}, &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    runInBackground(
        this, [db = m_db, name] { return Storage::ListRepository(db).create(name); },
        [this](const Result<Storage::ContactList>& created) {
            if (!created) {
                QMessageBox::warning(this, tr("New List"), created.error().describe());
                return;
            }
            m_selectAfterReload = created->id;
            reload();
        });
}

void ListsPanel::renameCurrent()
{
    const QListWidgetItem* item = m_view->currentItem();
    if (!item)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Rename List"), tr("New name:"), QLineEdit::Normal,
                              item->data(kListNameRole).toString(), &ok);
    if (!ok)
        return;
    const qint64 id = item->data(kListIdRole).toLongLong();
    runChange([db = m_db, id, name] { return Storage::ListRepository(db).rename(id, name); });
}

void ListsPanel::deleteCurrent()
{
    const QListWidgetItem* item = m_view->currentItem();
    if (!item)
        return;
    const auto answer =
        QMessageBox::question(this, tr("Delete List"),
                              tr("Delete the list \"%1\"? Its contacts stay in the database.")
                                  .arg(item->data(kListNameRole).toString()));
    if (answer != QMessageBox::Yes)
        return;
    const qint64 id = item->data(kListIdRole).toLongLong();
    runChange([db = m_db, id] { return Storage::ListRepository(db).remove(id); });
}

void ListsPanel::runChange(std::function<Result<void>()> change)
{
    runInBackground(this, std::move(change), [this](const Result<void>& done) {
        if (!done)
            QMessageBox::warning(this, tr("Lists"), done.error().describe());
        reload();
    });
}

} // namespace Postroom::Ui
