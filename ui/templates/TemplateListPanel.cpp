#include "ui/templates/TemplateListPanel.h"

#include "ui/common/Background.h"

#include <QGridLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Postroom::Ui {
namespace {
constexpr int kIdRole = Qt::UserRole;
constexpr int kNameRole = Qt::UserRole + 1;

QString starterHtml()
{
    return QStringLiteral("<!DOCTYPE html>\n<html>\n<body>\n  <p>Hello {{first_name|there}},</p>\n"
                          "  <p></p>\n  <p style=\"font-size:12px;color:#666\">\n"
                          "    <a href=\"{{unsubscribe_url}}\">Unsubscribe</a>\n  </p>\n"
                          "</body>\n</html>\n");
}
} // namespace

TemplateListPanel::TemplateListPanel(Storage::DatabasePtr db, QWidget* parent)
    : QWidget(parent), m_db(std::move(db))
{
    auto* title = new QLabel(tr("Templates"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);

    m_view = new QListWidget(this);
    m_view->setObjectName(QStringLiteral("templatesView"));

    auto* newButton = new QPushButton(tr("New…"), this);
    newButton->setObjectName(QStringLiteral("newTemplateButton"));
    m_duplicateButton = new QPushButton(tr("Duplicate…"), this);
    m_renameButton = new QPushButton(tr("Rename…"), this);
    m_deleteButton = new QPushButton(tr("Delete"), this);
    for (QPushButton* button : {m_duplicateButton, m_renameButton, m_deleteButton})
        button->setEnabled(false);

    auto* buttons = new QGridLayout;
    buttons->addWidget(newButton, 0, 0);
    buttons->addWidget(m_duplicateButton, 0, 1);
    buttons->addWidget(m_renameButton, 1, 0);
    buttons->addWidget(m_deleteButton, 1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_view);
    layout->addLayout(buttons);

    connect(newButton, &QPushButton::clicked, this, &TemplateListPanel::createTemplate);
    connect(m_duplicateButton, &QPushButton::clicked, this, &TemplateListPanel::duplicateCurrent);
    connect(m_renameButton, &QPushButton::clicked, this, &TemplateListPanel::renameCurrent);
    connect(m_deleteButton, &QPushButton::clicked, this, &TemplateListPanel::deleteCurrent);
    connect(m_view, &QListWidget::currentItemChanged, this,
            [this](QListWidgetItem* item, QListWidgetItem* previous) {
                const qint64 id = item ? item->data(kIdRole).toLongLong() : 0;
                if (id == m_shownId)
                    return;
                if (previous && !mayLeave([this, id] { selectTemplate(id); })) {
                    // Cancelled: put the selection back without telling anyone.
                    const QSignalBlocker blocker(m_view);
                    m_view->setCurrentItem(previous);
                    return;
                }
                for (QPushButton* button : {m_duplicateButton, m_renameButton, m_deleteButton})
                    button->setEnabled(item != nullptr);
                m_shownId = id;
                emit currentTemplateChanged(id);
            });
    reload();
}

bool TemplateListPanel::mayLeave(std::function<void()> retry)
{
    return !m_leaveGuard || m_leaveGuard(std::move(retry));
}

qint64 TemplateListPanel::currentTemplateId() const
{
    return m_shownId;
}

void TemplateListPanel::setCurrentDisplayName(const QString& name)
{
    if (QListWidgetItem* item = m_view->currentItem())
        item->setText(name);
}

void TemplateListPanel::reload()
{
    if (m_selectAfterReload == 0)
        m_selectAfterReload = m_shownId;
    runInBackground(
        this, [db = m_db] { return Storage::TemplateRepository(db).all(); },
        [this](const Result<QList<Storage::StoredTemplate>>& templates) {
            if (!templates) {
                emit errorOccurred(templates.error().describe());
                return;
            }
            showTemplates(*templates);
        });
}

void TemplateListPanel::selectTemplate(qint64 id)
{
    m_selectAfterReload = id;
    reload();
}

void TemplateListPanel::showTemplates(const QList<Storage::StoredTemplate>& templates)
{
    QListWidgetItem* toSelect = nullptr;
    {
        const QSignalBlocker blocker(m_view);
        m_view->clear();
        for (const Storage::StoredTemplate& tmpl : templates) {
            auto* item = new QListWidgetItem(tmpl.name, m_view);
            item->setData(kIdRole, tmpl.id);
            item->setData(kNameRole, tmpl.name);
            item->setToolTip(tmpl.subject);
            if (tmpl.id == m_selectAfterReload)
                toSelect = item;
        }
    }
    m_selectAfterReload = 0;
    if (!toSelect)
        toSelect = m_view->item(0);
    const qint64 id = toSelect ? toSelect->data(kIdRole).toLongLong() : 0;
    {
        // The guard already ran for whatever change led here; a reload never asks again.
        const QSignalBlocker blocker(m_view);
        m_view->setCurrentItem(toSelect);
    }
    for (QPushButton* button : {m_duplicateButton, m_renameButton, m_deleteButton})
        button->setEnabled(toSelect != nullptr);
    if (id != m_shownId) {
        m_shownId = id;
        emit currentTemplateChanged(id);
    }
    emit reloaded(int(templates.size()));
}

QString TemplateListPanel::askName(const QString& title, const QString& label,
                                   const QString& initial)
{
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, title, label, QLineEdit::Normal, initial, &ok).trimmed();
    return ok ? name : QString();
}

void TemplateListPanel::runChange(std::function<Result<qint64>()> change)
{
    runInBackground(this, std::move(change), [this](const Result<qint64>& done) {
        if (!done) {
            QMessageBox::warning(this, tr("Templates"), done.error().describe());
            reload();
            return;
        }
        m_selectAfterReload = *done;
        // The template shown may be the changed one: let the page read it afresh.
        m_shownId = -1;
        reload();
    });
}

void TemplateListPanel::createTemplate()
{
    if (!mayLeave([this] { createTemplate(); }))
        return;
    const QString name = askName(tr("New Template"), tr("Name of the new template:"), {});
    if (name.isEmpty())
        return;
    runChange([db = m_db, name]() -> Result<qint64> {
        Storage::StoredTemplate tmpl;
        tmpl.name = name;
        tmpl.subject = tr("News for {{first_name|you}}");
        tmpl.html = starterHtml();
        auto added = Storage::TemplateRepository(db).add(tmpl);
        if (!added)
            return added.error();
        return added->id;
    });
}

void TemplateListPanel::duplicateCurrent()
{
    const QListWidgetItem* item = m_view->currentItem();
    if (!item || !mayLeave([this] { duplicateCurrent(); }))
        return;
    const QString name = askName(
        tr("Duplicate Template"), tr("Name of the copy:"),
        tr("%1 (copy)", "name of a duplicated template").arg(item->data(kNameRole).toString()));
    if (name.isEmpty())
        return;
    runChange([db = m_db, id = item->data(kIdRole).toLongLong(), name]() -> Result<qint64> {
        Storage::TemplateRepository repository(db);
        auto original = repository.byId(id);
        if (!original)
            return original.error();
        Storage::StoredTemplate copy = *original;
        copy.name = name;
        auto added = repository.add(copy);
        if (!added)
            return added.error();
        return added->id;
    });
}

void TemplateListPanel::renameCurrent()
{
    const QListWidgetItem* item = m_view->currentItem();
    if (!item || !mayLeave([this] { renameCurrent(); }))
        return;
    const QString name =
        askName(tr("Rename Template"), tr("New name:"), item->data(kNameRole).toString());
    if (name.isEmpty())
        return;
    runChange([db = m_db, id = item->data(kIdRole).toLongLong(), name]() -> Result<qint64> {
        Storage::TemplateRepository repository(db);
        auto stored = repository.byId(id);
        if (!stored)
            return stored.error();
        Storage::StoredTemplate renamed = *stored;
        renamed.name = name;
        auto updated = repository.update(renamed);
        if (!updated)
            return updated.error();
        return id;
    });
}

void TemplateListPanel::deleteCurrent()
{
    const QListWidgetItem* item = m_view->currentItem();
    if (!item)
        return;
    const QString name = item->data(kNameRole).toString();
    if (QMessageBox::question(
            this, tr("Delete Template"),
            tr("Delete the template \"%1\" with its attachments and images?").arg(name)) !=
        QMessageBox::Yes)
        return;
    runChange([db = m_db, id = item->data(kIdRole).toLongLong()]() -> Result<qint64> {
        auto removed = Storage::TemplateRepository(db).remove(id);
        if (!removed)
            return removed.error();
        return qint64(0);
    });
}

} // namespace Postroom::Ui
