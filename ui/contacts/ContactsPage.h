#pragma once

#include "core/common/Result.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/Database.h"

#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QTabWidget;
class QTableView;

namespace Postroom::Ui {

class ContactsTableModel;
class ListsPanel;
class SearchField;
class SuppressionsView;

/**
 * Contacts: the lists on the left; on the right the chosen list's contacts (searched,
 * filtered, sorted, edited) and the suppression list. A CSV file dropped here opens the
 * import wizard.
 */
class ContactsPage : public QWidget
{
    Q_OBJECT

public:
    /** Selected rows, taken as ids where loaded and as row ranges (read later) where not. */
    struct Selection;

    explicit ContactsPage(Storage::DatabasePtr db, QWidget* parent = nullptr);

    ListsPanel* listsPanel() const { return m_lists; }
    ContactsTableModel* contactsModel() const { return m_model; }
    QTableView* contactsTable() const { return m_table; }
    SuppressionsView* suppressionsView() const { return m_suppressions; }

public slots:
    /** Opens the import wizard, with @p path chosen when given. */
    void openImportWizard(const QString& path = {});
    /** Edits the current contact in a dialog. */
    void editCurrent();
    void unsubscribeSelected();
    void removeSelectedFromList();
    /** Deletes the selected contacts everywhere, after asking. */
    void deleteSelected();
    /** Moves (or with @p copy, copies) the selected contacts to list @p toListId. */
    void moveSelectedToList(qint64 toListId, bool copy);
    /** Re-reads the contacts and the list counts (after an import or elsewhere). */
    void refresh();

signals:
    void statusMessage(const QString& message);
    /** A change to contacts finished (and the table and counts were asked to refresh). */
    void contactsChanged();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    using Change = std::function<Result<void>(Storage::ContactRepository&, const QList<qint64>&)>;

    QWidget* createContactsTab();
    void createActions();
    void showContextMenu(const QPoint& position);
    void updateActions();
    void chooseListAndMove(bool copy);
    void moveToList(const Selection& selected, qint64 toListId, bool copy);
    Selection selection() const;
    /** Resolves @p selected to contact ids off the GUI thread, then applies @p change. */
    void changeSelected(const Selection& selected, Change change, const QString& doneMessage);

    Storage::DatabasePtr m_db;
    ListsPanel* m_lists = nullptr;
    ContactsTableModel* m_model = nullptr;
    SuppressionsView* m_suppressions = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_listHeading = nullptr;
    QLabel* m_count = nullptr;
    SearchField* m_search = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QTableView* m_table = nullptr;
    QAction* m_editAction = nullptr;
    QAction* m_unsubscribeAction = nullptr;
    QAction* m_removeFromListAction = nullptr;
    QAction* m_moveAction = nullptr;
    QAction* m_copyAction = nullptr;
    QAction* m_deleteAction = nullptr;
};

} // namespace Postroom::Ui
