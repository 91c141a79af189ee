#pragma once

#include "core/common/Result.h"
#include "core/secrets/SecretRef.h"
#include "core/secrets/SecretStore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <memory>

namespace Postroom::Secrets {

/**
 * The one door to secrets for a database: keeps new secrets in the store the user
 * chose (POSTROOM_SECRET_STORE: `keychain`, the default, or `file`), and resolves any
 * SecretRef at use — `env:VAR` from the environment, `keychain:` and `file:` from
 * their stores. Callers keep only the SecretRef; the secret lives in memory only as
 * long as a connection needs it.
 */
class SecretVault
{
    Q_DECLARE_TR_FUNCTIONS(SecretVault)

public:
    /** @p databasePath places the file store (`<database>.secrets`). */
    explicit SecretVault(QString databasePath);

    /** The store POSTROOM_SECRET_STORE picks for new secrets; unknown values fail. */
    static Result<SecretRef::Kind> configuredKind();

    /** A fresh store key such as `account-3f9c…`, unique across databases. */
    static QString newKey(const QString& purpose);

    /** Keeps @p secret under @p key in the configured store; returns its reference. */
    Result<SecretRef> keep(const QString& key, const QByteArray& secret);

    /** The secret @p ref points at; a missing variable or entry is a clear error. */
    Result<QByteArray> resolve(const SecretRef& ref) const;

    /** Forgets a kept secret (nothing to do for `env:` and None). */
    Result<void> forget(const SecretRef& ref);

private:
    std::unique_ptr<SecretStore> storeFor(SecretRef::Kind kind) const;

    QString m_databasePath;
};

} // namespace Postroom::Secrets
