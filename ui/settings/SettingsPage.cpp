#include "ui/settings/SettingsPage.h"

#include "ui/common/UiSettings.h"

#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace Postroom::Ui {

SettingsPage::SettingsPage(const QString& databasePath, QWidget* parent) : QWidget(parent)
{
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(tr("System language"), QString{});
    // Each language is named in itself so a user can find their own.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    const int current = m_language->findData(UiSettings().language());
    m_language->setCurrentIndex(current < 0 ? 0 : current);

    auto* restartNote = new QLabel(tr("A new language applies when Postroom starts again."), this);
    restartNote->setObjectName(QStringLiteral("restartNote"));
    restartNote->setVisible(false);

    auto* databaseLabel = new QLabel(QDir::toNativeSeparators(databasePath), this);
    databaseLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    databaseLabel->setTextFormat(Qt::PlainText);

    auto* form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString{}, restartNote);
    form->addRow(tr("Database:"), databaseLabel);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();

    connect(m_language, &QComboBox::currentIndexChanged, this, [this, restartNote] {
        const QString language = m_language->currentData().toString();
        UiSettings().setLanguage(language);
        restartNote->setVisible(true);
        emit languageChanged(language);
    });
}

} // namespace Postroom::Ui
