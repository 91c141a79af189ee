#include "ui/contacts/ContactsPage.h"

#include "core/storage/ListRepository.h"
#include "ui/common/Background.h"
#include "ui/contacts/ContactEditDialog.h"
#include "ui/contacts/ContactsTableModel.h"
#include "ui/contacts/ImportWizard.h"
#include "ui/contacts/ListsPanel.h"
#include "ui/contacts/SearchField.h"
#include "ui/contacts/SuppressionsView.h"
#include "ui/contacts/WindowedTableView.h"

#include <QAction>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Postroom::Ui {

using Storage::ContactRepository;
using Storage::ContactStatus;

namespace {

// Rows whose ids are not loaded are read again in these windows before a change.
constexpr int kResolveWindow = 5000;

} // namespace

/** The selection as the database sees it: ids already shown, and row ranges to read. */
struct ContactsPage::Selection
{
    QList<qint64> ids;
    QList<std::pair<qint64, int>> ranges; // (first row, rows) in the model's order
    Storage::ContactFilter filter;
    Storage::ContactSort sort = Storage::ContactSort::Email;
    Qt::SortOrder order = Qt::AscendingOrder;
    int rows = 0;

    bool isEmpty() const { return rows == 0; }
};

namespace {

Result<QList<qint64>> resolve(const Storage::DatabasePtr& db,
                              const ContactsPage::Selection& selection)
{
    QList<qint64> ids = selection.ids;
    ContactRepository repository(db);
    for (auto [first, rows] : selection.ranges) {
        for (qint64 offset = first; offset < first + rows; offset += kResolveWindow) {
            const int limit =
                static_cast<int>(std::min<qint64>(kResolveWindow, first + rows - offset));
            const auto window =
                repository.window(selection.filter, selection.sort, selection.order, offset, limit);
            if (!window)
                return window.error();
            for (const Storage::Contact& contact : *window)
                ids.append(contact.id);
        }
    }
    return ids;
}

QString droppedCsv(const QMimeData* mime)
{
    if (!mime->hasUrls() || mime->urls().size() != 1 || !mime->urls().first().isLocalFile())
        return {};
    const QString path = mime->urls().first().toLocalFile();
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("csv") || suffix == QLatin1String("txt") ||
                   suffix == QLatin1String("tsv")
               ? path
               : QString{};
}

} // namespace

ContactsPage::ContactsPage(Storage::DatabasePtr db, QWidget* parent)
    : QWidget(parent), m_db(std::move(db))
{
    setAcceptDrops(true);
    m_lists = new ListsPanel(m_db, this);
    m_model = new ContactsTableModel(m_db, this);
    m_suppressions = new SuppressionsView(m_db, this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("contactsTabs"));
    m_tabs->addTab(createContactsTab(), tr("Contacts"));
    m_tabs->addTab(m_suppressions, tr("Suppressions"));
    createActions();

    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_lists);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(
        m_lists, &ListsPanel::currentListChanged, this, [this](qint64 listId, const QString& name) {
            m_listHeading->setText(listId ? name : tr("No list yet. Create one with New List…"));
            // The panel announces the same list again after each reload of the counts.
            if (listId == m_model->listId())
                return;
            m_table->clearSelection();
            m_model->setListId(listId);
            updateActions();
        });
    connect(m_lists, &ListsPanel::errorOccurred, this, &ContactsPage::statusMessage);
    connect(m_suppressions, &SuppressionsView::changed, m_model, &ContactsTableModel::refresh);
    connect(m_suppressions, &SuppressionsView::statusMessage, this, &ContactsPage::statusMessage);
}

QWidget* ContactsPage::createContactsTab()
{
    auto* tab = new QWidget(this);
    m_listHeading = new QLabel(tab);
    m_listHeading->setObjectName(QStringLiteral("listHeading"));
    m_listHeading->setTextFormat(Qt::PlainText);
    QFont font = m_listHeading->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    m_listHeading->setFont(font);

    auto* importButton = new QPushButton(tr("&Import CSV…"), tab);
    importButton->setObjectName(QStringLiteral("importButton"));
    importButton->setToolTip(tr("Import contacts from a CSV file (or drop the file here)"));
    connect(importButton, &QPushButton::clicked, this, [this] { openImportWizard(); });

    m_search = new SearchField(tr("Search e-mail or name"), tab);
    m_search->setObjectName(QStringLiteral("contactSearch"));
    m_statusFilter = new QComboBox(tab);
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
    m_statusFilter->addItem(tr("All statuses"), -1);
    for (ContactStatus status : {ContactStatus::Subscribed, ContactStatus::Unsubscribed,
                                 ContactStatus::Bounced, ContactStatus::Complained})
        m_statusFilter->addItem(ContactsTableModel::statusLabel(status), static_cast<int>(status));

    m_table = new WindowedTableView(tab);
    m_table->setObjectName(QStringLiteral("contactsTable"));
    m_table->setModel(m_model);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ContactsTableModel::EmailColumn, Qt::AscendingOrder);
    m_table->setColumnWidth(ContactsTableModel::EmailColumn, 280);
    m_table->setColumnWidth(ContactsTableModel::NameColumn, 200);
    m_table->setColumnWidth(ContactsTableModel::StatusColumn, 150);

    m_count = new QLabel(tab);
    m_count->setObjectName(QStringLiteral("contactCount"));

    auto* heading = new QHBoxLayout;
    heading->addWidget(m_listHeading, 1);
    heading->addWidget(importButton);
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_statusFilter);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(heading);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);

    connect(m_search, &SearchField::searchChanged, this, [this](const QString& text) {
        m_table->clearSelection();
        m_model->setSearch(text);
    });
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int status = m_statusFilter->currentData().toInt();
        m_table->clearSelection();
        m_model->setStatusFilter(status < 0 ? std::nullopt
                                            : std::optional(static_cast<ContactStatus>(status)));
    });
    connect(m_table, &QTableView::customContextMenuRequested, this, &ContactsPage::showContextMenu);
    connect(m_table, &QTableView::doubleClicked, this, &ContactsPage::editCurrent);
    connect(m_model, &WindowedTableModel::countKnown, this, [this](qint64 count) {
        m_count->setText(tr("%Ln contact(s)", nullptr, static_cast<int>(count)));
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_count->clear(); });
    connect(m_model, &WindowedTableModel::errorOccurred, this, &ContactsPage::statusMessage);
    return tab;
}

void ContactsPage::createActions()
{
    auto add = [this](const QString& text, const char* name, auto slot) {
        auto* action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, slot);
        m_table->addAction(action);
        return action;
    };
    m_editAction = add(tr("&Edit…"), "editContactAction", &ContactsPage::editCurrent);
    m_unsubscribeAction =
        add(tr("&Unsubscribe"), "unsubscribeAction", &ContactsPage::unsubscribeSelected);
    m_removeFromListAction =
        add(tr("&Remove from List"), "removeFromListAction", &ContactsPage::removeSelectedFromList);
    m_moveAction =
        add(tr("&Move to List…"), "moveToListAction", [this] { chooseListAndMove(false); });
    m_copyAction =
        add(tr("&Copy to List…"), "copyToListAction", [this] { chooseListAndMove(true); });
    m_deleteAction = add(tr("&Delete…"), "deleteContactAction", &ContactsPage::deleteSelected);
    m_deleteAction->setShortcut(QKeySequence::Delete);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ContactsPage::updateActions);
    updateActions();
}

void ContactsPage::updateActions()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const bool any = !rows.isEmpty();
    m_editAction->setEnabled(rows.size() == 1);
    for (QAction* action :
         {m_unsubscribeAction, m_removeFromListAction, m_moveAction, m_copyAction, m_deleteAction})
        action->setEnabled(any);
}

void ContactsPage::showContextMenu(const QPoint& position)
{
    const QModelIndex clicked = m_table->indexAt(position);
    if (!clicked.isValid())
        return;
    if (!m_table->selectionModel()->isRowSelected(clicked.row(), {}))
        m_table->selectRow(clicked.row());
    QMenu menu(this);
    menu.addAction(m_editAction);
    menu.addSeparator();
    menu.addAction(m_unsubscribeAction);
    menu.addAction(m_removeFromListAction);
    menu.addAction(m_moveAction);
    menu.addAction(m_copyAction);
    menu.addSeparator();
    menu.addAction(m_deleteAction);
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

void ContactsPage::refresh()
{
    m_model->refresh();
    m_lists->reload();
    m_suppressions->reload();
}

void ContactsPage::editCurrent()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const int row = rows.size() == 1 ? rows.first().row() : m_table->currentIndex().row();
    const auto contact = row >= 0 ? m_model->contactAt(row) : std::nullopt;
    if (!contact)
        return;
    auto* dialog = new ContactEditDialog(*contact, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        runInBackground(
            this,
            [db = m_db, edited = dialog->contact()] {
                return ContactRepository(db).update(edited);
            },
            [this](const Result<void>& done) {
                if (!done) {
                    QMessageBox::warning(this, tr("Edit Contact"), done.error().describe());
                    return;
                }
                emit statusMessage(tr("Contact saved."));
                m_model->refresh();
                emit contactsChanged();
            });
    });
    dialog->open();
}

void ContactsPage::unsubscribeSelected()
{
    const Selection selected = selection();
    changeSelected(
        selected,
        [](ContactRepository& repository, const QList<qint64>& ids) {
            return repository.setStatus(ids, ContactStatus::Unsubscribed);
        },
        tr("Unsubscribed %Ln contact(s).", nullptr, selected.rows));
}

void ContactsPage::removeSelectedFromList()
{
    const Selection selected = selection();
    const qint64 listId = m_model->listId();
    changeSelected(
        selected,
        [listId](ContactRepository& repository, const QList<qint64>& ids) {
            return repository.removeFromList(ids, listId);
        },
        tr("Removed %Ln contact(s) from the list.", nullptr, selected.rows));
}

void ContactsPage::deleteSelected()
{
    // Taken before asking: the table may refresh while the question is open.
    const Selection selected = selection();
    if (selected.isEmpty())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Delete Contacts"),
        tr("Delete %Ln contact(s) from every list? Their history in past campaigns stays.", nullptr,
           selected.rows));
    if (answer != QMessageBox::Yes)
        return;
    changeSelected(
        selected,
        [](ContactRepository& repository, const QList<qint64>& ids) {
            return repository.remove(ids);
        },
        tr("Deleted %Ln contact(s).", nullptr, selected.rows));
}

void ContactsPage::chooseListAndMove(bool copy)
{
    const Selection selected = selection();
    if (selected.isEmpty())
        return;
    const qint64 currentList = m_model->listId();
    runInBackground(
        this, [db = m_db] { return Storage::ListRepository(db).all(); },
        [this, copy, currentList, selected](const Result<QList<Storage::ContactList>>& lists) {
            if (!lists) {
                emit statusMessage(lists.error().describe());
                return;
            }
            QStringList names;
            QList<qint64> ids;
            for (const Storage::ContactList& list : *lists) {
                if (list.id == currentList)
                    continue;
                names.append(list.name);
                ids.append(list.id);
            }
            const QString title = copy ? tr("Copy to List") : tr("Move to List");
            if (names.isEmpty()) {
                QMessageBox::information(this, title, tr("There is no other list yet."));
                return;
            }
            bool ok = false;
            const QString chosen =
                QInputDialog::getItem(this, title, tr("List:"), names, 0, false, &ok);
            if (ok && names.contains(chosen))
                moveToList(selected, ids.at(names.indexOf(chosen)), copy);
        });
}

void ContactsPage::moveSelectedToList(qint64 toListId, bool copy)
{
    moveToList(selection(), toListId, copy);
}

void ContactsPage::moveToList(const Selection& selected, qint64 toListId, bool copy)
{
    const qint64 fromListId = selected.filter.listId;
    if (copy) {
        changeSelected(
            selected,
            [toListId](ContactRepository& repository, const QList<qint64>& ids) {
                return repository.addToList(ids, toListId);
            },
            tr("Copied %Ln contact(s).", nullptr, selected.rows));
    } else {
        changeSelected(
            selected,
            [fromListId, toListId](ContactRepository& repository, const QList<qint64>& ids) {
                return repository.moveToList(ids, fromListId, toListId);
            },
            tr("Moved %Ln contact(s).", nullptr, selected.rows));
    }
}

ContactsPage::Selection ContactsPage::selection() const
{
    Selection selection;
    selection.filter = m_model->filter();
    selection.sort = m_model->sortKey();
    selection.order = m_model->sortOrder();
    for (const QItemSelectionRange& range : m_table->selectionModel()->selection()) {
        selection.rows += range.height();
        bool loaded = true;
        for (int row = range.top(); row <= range.bottom() && loaded; ++row)
            loaded = m_model->isRowLoaded(row);
        if (!loaded) {
            selection.ranges.append({range.top(), range.height()});
            continue;
        }
        for (int row = range.top(); row <= range.bottom(); ++row)
            selection.ids.append(m_model->contactAt(row)->id);
    }
    return selection;
}

void ContactsPage::changeSelected(const Selection& selected, Change change,
                                  const QString& doneMessage)
{
    if (selected.isEmpty())
        return;
    runInBackground(
        this,
        [db = m_db, selected, change]() -> Result<void> {
            const auto ids = resolve(db, selected);
            if (!ids)
                return ids.error();
            ContactRepository repository(db);
            return change(repository, *ids);
        },
        [this, doneMessage](const Result<void>& done) {
            if (!done)
                QMessageBox::warning(this, tr("Contacts"), done.error().describe());
            else
                emit statusMessage(doneMessage);
            m_table->clearSelection();
            m_model->refresh();
            m_lists->reload();
            emit contactsChanged();
        });
}

void ContactsPage::openImportWizard(const QString& path)
{
    auto* wizard = new ImportWizard(m_db, m_lists->currentListId(), this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    if (!path.isEmpty())
        wizard->setFilePath(path);
    connect(wizard, &ImportWizard::imported, this, [this] {
        refresh();
        emit contactsChanged();
    });
    wizard->open();
}

void ContactsPage::dragEnterEvent(QDragEnterEvent* event)
{
    if (!droppedCsv(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void ContactsPage::dropEvent(QDropEvent* event)
{
    const QString path = droppedCsv(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    // Not from inside the drop: the source application waits until this returns.
    QTimer::singleShot(0, this, [this, path] { openImportWizard(path); });
}

} // namespace Postroom::Ui
