#include "core/storage/AccountRepository.h"

#include "core/common/Clock.h"
#include "core/storage/SqlError.h"

#include <QSqlQuery>
#include <QVariant>

namespace Postroom::Storage {
namespace {

using Send::Account;

const QString kSelect = QStringLiteral(
    "SELECT id, name, url, username, secret_ref, tls_mode, verify_peer, ca_file,"
    " auth_mechanism, from_address, rate_count, rate_period_s, daily_cap, max_connections,"
    " warmup, created_at, updated_at FROM accounts");

Account accountFrom(const QSqlQuery& query)
{
    Account account;
    account.id = query.value(0).toLongLong();
    account.name = query.value(1).toString();
    account.url = query.value(2).toString();
    account.username = query.value(3).toString();
    account.secretRef = query.value(4).toString();
    account.tls = Account::parseTlsMode(query.value(5).toString()).value();
    account.verifyPeer = query.value(6).toInt() != 0;
    account.caFile = query.value(7).toString();
    const auto auth = Account::parseAuthMechanism(query.value(8).toString());
    account.auth = auth ? *auth : Send::AuthMechanism::Auto;
    account.fromAddress = query.value(9).toString();
    account.rate = Send::SendRate{query.value(10).toInt(), query.value(11).toInt()};
    account.dailyCap = query.value(12).toInt();
    account.maxConnections = query.value(13).toInt();
    const auto warmup = Account::parseWarmup(query.value(14).toString());
    account.warmup = warmup ? *warmup : QList<int>();
    account.createdAtMs = query.value(15).toLongLong();
    account.updatedAtMs = query.value(16).toLongLong();
    return account;
}

// A null QString binds as SQL NULL; the text columns are NOT NULL with '' for "unset".
QString text(const QString& value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

// The settings columns in the order both INSERT and UPDATE bind them.
void bindSettings(QSqlQuery& query, const Account& account)
{
    query.addBindValue(text(account.name));
    query.addBindValue(text(account.url));
    query.addBindValue(text(account.username));
    query.addBindValue(text(account.secretRef));
    query.addBindValue(Account::tlsModeName(account.tls));
    query.addBindValue(account.verifyPeer ? 1 : 0);
    query.addBindValue(text(account.caFile));
    query.addBindValue(Account::authMechanismName(account.auth));
    query.addBindValue(text(account.fromAddress));
    query.addBindValue(account.rate.count);
    query.addBindValue(account.rate.periodSeconds);
    query.addBindValue(account.dailyCap);
    query.addBindValue(account.maxConnections);
    query.addBindValue(text(Account::warmupToString(account.warmup)));
    query.addBindValue(account.updatedAtMs);
}

} // namespace

AccountRepository::AccountRepository(DatabasePtr db) : m_db(std::move(db)) {}

Result<Account> AccountRepository::create(Account account)
{
    if (auto valid = account.validate(); !valid)
        return valid.error();
    account.createdAtMs = account.updatedAtMs = nowMs();
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral(
        "INSERT INTO accounts (name, url, username, secret_ref, tls_mode, verify_peer, ca_file,"
        " auth_mechanism, from_address, rate_count, rate_period_s, daily_cap, max_connections,"
        " warmup, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?)"));
    bindSettings(query, account);
    query.addBindValue(account.createdAtMs);
    if (!query.exec()) {
        if (isUniqueViolation(query.lastError()))
            return makeError(ErrorCode::AlreadyExists,
                             tr("An account called \"%1\" already exists.").arg(account.name));
        return sqlError(tr("Could not add the account"), query);
    }
    account.id = query.lastInsertId().toLongLong();
    return account;
}

Result<Account> AccountRepository::update(Account account)
{
    if (auto valid = account.validate(); !valid)
        return valid.error();
    account.updatedAtMs = nowMs();
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral(
        "UPDATE accounts SET name = ?, url = ?, username = ?, secret_ref = ?, tls_mode = ?,"
        " verify_peer = ?, ca_file = ?, auth_mechanism = ?, from_address = ?, rate_count = ?,"
        " rate_period_s = ?, daily_cap = ?, max_connections = ?, warmup = ?, updated_at = ?"
        " WHERE id = ?"));
    bindSettings(query, account);
    query.addBindValue(account.id);
    if (!query.exec()) {
        if (isUniqueViolation(query.lastError()))
            return makeError(ErrorCode::AlreadyExists,
                             tr("An account called \"%1\" already exists.").arg(account.name));
        return sqlError(tr("Could not change the account"), query);
    }
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The account no longer exists."));
    return account;
}

Result<QList<Account>> AccountRepository::all() const
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    if (!query.exec(kSelect + QStringLiteral(" ORDER BY name")))
        return sqlError(tr("Could not read the accounts"), query);
    QList<Account> accounts;
    while (query.next())
        accounts.append(accountFrom(query));
    return accounts;
}

Result<Account> AccountRepository::one(const QString& where, const QVariant& key) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(kSelect + QStringLiteral(" WHERE ") + where);
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(tr("Could not read the account"), query);
    if (!query.next())
        return makeError(ErrorCode::NotFound,
                         tr("There is no account \"%1\".").arg(key.toString()));
    return accountFrom(query);
}

Result<Account> AccountRepository::byName(const QString& name) const
{
    return one(QStringLiteral("name = ?"), name.trimmed());
}

Result<Account> AccountRepository::byId(qint64 id) const
{
    return one(QStringLiteral("id = ?"), id);
}

Result<void> AccountRepository::remove(qint64 id)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM campaign_accounts WHERE account_id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return sqlError(tr("Could not delete the account"), query);
    if (query.value(0).toLongLong() > 0)
        return makeError(ErrorCode::InvalidInput,
                         tr("The account is used by %n campaign(s); remove it from them first.",
                            nullptr, query.value(0).toInt()));
    query.prepare(QStringLiteral("DELETE FROM accounts WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("Could not delete the account"), query);
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The account no longer exists."));
    return {};
}

} // namespace Postroom::Storage
