#pragma once

#include "core/secrets/SecretStore.h"

#include <QCoreApplication>

namespace Postroom::Secrets {

/**
 * Secrets in the OS keychain through QtKeychain (Secret Service or KWallet on Linux,
 * Keychain on macOS, Credential Manager on Windows), under the service "Postroom".
 *
 * QtKeychain's jobs are asynchronous; this store starts a job and waits for its
 * finished() signal in a local event loop, so it suits the CLI and worker threads
 * (the GUI runs it through runInBackground). Where no keychain service runs (on
 * Linux: no D-Bus session bus, or nothing answering on it) every call fails with a
 * clear error that names POSTROOM_SECRET_STORE=file and --password-env.
 */
class KeychainSecretStore : public SecretStore
{
    Q_DECLARE_TR_FUNCTIONS(KeychainSecretStore)

public:
    /** @p service groups Postroom's entries in the keychain. */
    explicit KeychainSecretStore(QString service = QStringLiteral("Postroom"),
                                 int timeoutMs = 120000);

    SecretRef::Kind kind() const override { return SecretRef::Kind::Keychain; }
    Result<void> store(const QString& key, const QByteArray& secret) override;
    Result<QByteArray> load(const QString& key) const override;
    Result<void> remove(const QString& key) override;

    /** Nothing when a keychain service can be asked, else why not (cheap, no job). */
    static Result<void> checkAvailable();

private:
    QString m_service;
    int m_timeoutMs;
};

} // namespace Postroom::Secrets
