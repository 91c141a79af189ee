#pragma once

#include "core/send/Account.h"
#include "ui/accounts/ConnectionTest.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Postroom::Ui {

/**
 * The sending accounts as the Accounts page lists them, with the state of each one's
 * last connection test (kept for this session; tests are not stored).
 */
class AccountsTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        UrlColumn,
        TlsColumn,
        RateColumn,
        DailyCapColumn,
        ConnectionsColumn,
        TestColumn,
        ColumnCount,
    };

    explicit AccountsTableModel(QObject* parent = nullptr);

    void setAccounts(QList<Send::Account> accounts);
    const QList<Send::Account>& accounts() const { return m_accounts; }
    /** The account on @p row, or nullptr. */
    const Send::Account* accountAt(int row) const;
    /** The row of account @p id, or -1. */
    int rowOf(qint64 id) const;

    TestState testState(qint64 id) const { return m_tests.value(id); }
    void setTestState(qint64 id, const TestState& state);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /** "20 per second", "unlimited", …, as the table shows it. */
    static QString rateText(const Send::SendRate& rate);
    /** "STARTTLS", "Implicit TLS", "None", or "—" for the outbox. */
    static QString tlsText(const Send::Account& account);

private:
    QList<Send::Account> m_accounts;
    QHash<qint64, TestState> m_tests;
};

} // namespace Postroom::Ui
