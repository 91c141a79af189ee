#pragma once

#include "core/secrets/SecretStore.h"

#include <QCoreApplication>

namespace Postroom::Secrets {

/**
 * The opt-in store chosen by POSTROOM_SECRET_STORE=file, for machines without a
 * keychain service (servers, containers): one JSON file of base64 secrets, mode 0600,
 * next to the database (`<database>.secrets`). It is NOT encrypted: anyone who can
 * read the file as this user has the passwords, so the first use in a process logs a
 * warning saying so. Every write replaces the file atomically (a 0600 temporary file
 * renamed over it) under a lock file, so concurrent writers never lose an entry; a
 * file readable by group or others is refused.
 */
class FileSecretStore : public SecretStore
{
    Q_DECLARE_TR_FUNCTIONS(FileSecretStore)

public:
    explicit FileSecretStore(QString path);

    /** `<databasePath>.secrets`. */
    static QString defaultPath(const QString& databasePath);

    QString path() const { return m_path; }

    SecretRef::Kind kind() const override { return SecretRef::Kind::File; }
    Result<void> store(const QString& key, const QByteArray& secret) override;
    Result<QByteArray> load(const QString& key) const override;
    Result<void> remove(const QString& key) override;

private:
    using Entries = QMap<QString, QByteArray>;
    Result<Entries> readEntries() const;
    Result<void> writeEntries(const Entries& entries);
    template <typename Change> Result<void> update(Change change);

    QString m_path;
};

} // namespace Postroom::Secrets
