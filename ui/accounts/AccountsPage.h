#pragma once

#include "core/send/Account.h"
#include "core/storage/Database.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace Postroom::Ui {

class AccountsTableModel;

/**
 * Accounts: the sending accounts with their limits and the state of their last
 * connection test; add, edit, delete, and test one (off the GUI thread), with the
 * server's answer or the exact failure shown below the table.
 */
class AccountsPage : public QWidget
{
    Q_OBJECT

public:
    explicit AccountsPage(Storage::DatabasePtr db, QWidget* parent = nullptr);

    AccountsTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }

    /** Reads the accounts again (off the GUI thread); the selection is kept. */
    void reload();

    /** Opens the dialog for a new account. */
    void addAccount();
    /** Opens the dialog for the selected account. */
    void editAccount();
    /** Asks, then removes the selected account and forgets its stored password. */
    void deleteAccount();
    /** Tests the selected account's connection. */
    void testAccount();

    /** The selected account's id, or 0. */
    qint64 currentAccountId() const;
    void selectAccount(qint64 id);

signals:
    void statusMessage(const QString& message);
    /** The accounts were read again (after a change or reload()). */
    void accountsLoaded();
    /** A connection test of account @p id finished. */
    void testFinished(qint64 id, bool ok);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void updateActions();
    void showDetails();

    Storage::DatabasePtr m_db;
    AccountsTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_details = nullptr;
    QLabel* m_empty = nullptr;
    QPushButton* m_editButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    QPushButton* m_testButton = nullptr;
    qint64 m_selectAfterLoad = 0;
    bool m_shownBefore = false;
};

} // namespace Postroom::Ui
