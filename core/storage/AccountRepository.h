#pragma once

#include "core/common/Result.h"
#include "core/send/Account.h"
#include "core/storage/Database.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace Postroom::Storage {

/**
 * Sending accounts. Rows hold the account's settings and a secret reference
 * (`secret_ref`), never a password. Every write validates the account first.
 */
class AccountRepository
{
    Q_DECLARE_TR_FUNCTIONS(AccountRepository)

public:
    explicit AccountRepository(DatabasePtr db);

    /** Stores a new, valid account; the name must be new. Returns it with its id. */
    Result<Send::Account> create(Send::Account account);

    /** Replaces the settings of the account with @p account.id. */
    Result<Send::Account> update(Send::Account account);

    /** All accounts, by name. */
    Result<QList<Send::Account>> all() const;

    /** The account called @p name, or NotFound. */
    Result<Send::Account> byName(const QString& name) const;

    Result<Send::Account> byId(qint64 id) const;

    /** Removes an account; refused while a campaign uses it. */
    Result<void> remove(qint64 id);

private:
    Result<Send::Account> one(const QString& where, const QVariant& key) const;

    DatabasePtr m_db;
};

} // namespace Postroom::Storage
