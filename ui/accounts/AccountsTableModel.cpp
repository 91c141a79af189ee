#include "ui/accounts/AccountsTableModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace Postroom::Ui {

AccountsTableModel::AccountsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void AccountsTableModel::setAccounts(QList<Send::Account> accounts)
{
    beginResetModel();
    m_accounts = std::move(accounts);
    // Test states of accounts that are gone would only pile up.
    QHash<qint64, TestState> kept;
    for (const Send::Account& account : m_accounts) {
        if (m_tests.contains(account.id))
            kept.insert(account.id, m_tests.value(account.id));
    }
    m_tests = std::move(kept);
    endResetModel();
}

const Send::Account* AccountsTableModel::accountAt(int row) const
{
    return row >= 0 && row < m_accounts.size() ? &m_accounts.at(row) : nullptr;
}

int AccountsTableModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_accounts.size(); ++row) {
        if (m_accounts.at(row).id == id)
            return row;
    }
    return -1;
}

void AccountsTableModel::setTestState(qint64 id, const TestState& state)
{
    m_tests.insert(id, state);
    const int row = rowOf(id);
    if (row >= 0)
        emit dataChanged(index(row, TestColumn), index(row, TestColumn));
}

int AccountsTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_accounts.size());
}

int AccountsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AccountsTableModel::rateText(const Send::SendRate& rate)
{
    if (rate.isUnlimited())
        return tr("unlimited");
    switch (rate.periodSeconds) {
    case 1:
        return tr("%1 per second").arg(rate.count);
    case 60:
        return tr("%1 per minute").arg(rate.count);
    default:
        return tr("%1 per hour").arg(rate.count);
    }
}

QString AccountsTableModel::tlsText(const Send::Account& account)
{
    if (account.kind() == Send::AccountKind::Outbox)
        return QStringLiteral("—");
    QString text;
    switch (account.tls) {
    case Send::TlsMode::StartTls:
        text = tr("STARTTLS");
        break;
    case Send::TlsMode::Implicit:
        text = tr("Implicit TLS");
        break;
    case Send::TlsMode::None:
        return tr("None (plain text)");
    }
    return account.verifyPeer ? text : tr("%1, NOT verified").arg(text);
}

QVariant AccountsTableModel::data(const QModelIndex& index, int role) const
{
    const Send::Account* account = accountAt(index.row());
    if (!account || !index.isValid())
        return {};
    const TestState test = m_tests.value(account->id);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return account->name;
        case UrlColumn:
            return account->url;
        case TlsColumn:
            return tlsText(*account);
        case RateColumn:
            return rateText(account->rate);
        case DailyCapColumn:
            if (account->dailyCap == 0 && account->warmup.isEmpty())
                return tr("no cap");
            if (!account->warmup.isEmpty())
                return account->dailyCap > 0 ? tr("%1, warm-up %n day(s)", nullptr,
                                                  static_cast<int>(account->warmup.size()))
                                                   .arg(QLocale().toString(account->dailyCap))
                                             : tr("warm-up %n day(s)", nullptr,
                                                  static_cast<int>(account->warmup.size()));
            return QLocale().toString(account->dailyCap);
        case ConnectionsColumn:
            return account->maxConnections;
        case TestColumn:
            return ConnectionTest::summary(test);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == TestColumn && test.phase == TestState::Phase::Failed)
            return QBrush(QColor(0xb0, 0x00, 0x20));
        if (index.column() == TestColumn && test.phase == TestState::Phase::Passed)
            return QBrush(QColor(0x1b, 0x7f, 0x3b));
        if (index.column() == TlsColumn && account->kind() == Send::AccountKind::Smtp &&
            (account->tls == Send::TlsMode::None || !account->verifyPeer))
            return QBrush(QColor(0xb0, 0x00, 0x20));
    }
    if (role == Qt::ToolTipRole && index.column() == TestColumn &&
        test.phase == TestState::Phase::Failed)
        return test.report.result.describe();
    if (role == Qt::TextAlignmentRole &&
        (index.column() == DailyCapColumn || index.column() == ConnectionsColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant AccountsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case UrlColumn:
        return tr("URL");
    case TlsColumn:
        return tr("TLS");
    case RateColumn:
        return tr("Rate");
    case DailyCapColumn:
        return tr("Daily cap");
    case ConnectionsColumn:
        return tr("Connections");
    case TestColumn:
        return tr("Last test");
    default:
        return {};
    }
}

} // namespace Postroom::Ui
