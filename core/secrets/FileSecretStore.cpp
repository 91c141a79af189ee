#include "core/secrets/FileSecretStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>

#include <atomic>

namespace Postroom::Secrets {
namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                             QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                             QFileDevice::WriteOther | QFileDevice::ExeOther;

void warnOnce(const QString& path)
{
    static std::atomic_bool warned = false;
    if (!warned.exchange(true))
        qCWarning(lcSecrets).noquote()
            << FileSecretStore::tr("warning: secrets are stored UNENCRYPTED in %1 "
                                   "(POSTROOM_SECRET_STORE=file); protect that file.")
                   .arg(path);
}

} // namespace

FileSecretStore::FileSecretStore(QString path) : m_path(std::move(path)) {}

QString FileSecretStore::defaultPath(const QString& databasePath)
{
    return databasePath + QStringLiteral(".secrets");
}

Result<FileSecretStore::Entries> FileSecretStore::readEntries() const
{
    warnOnce(m_path);
    QFile file(m_path);
    if (!file.exists())
        return Entries();
    if (file.permissions() & kOthers)
        return makeError(ErrorCode::Io,
                         tr("The secret file %1 can be read by other users; make it private "
                            "with 'chmod 600 %1'.")
                             .arg(m_path));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Could not read the secret file %1").arg(m_path),
                         file.errorString());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return makeError(ErrorCode::Io, tr("The secret file %1 is damaged").arg(m_path),
                         parseError.errorString());
    Entries entries;
    const QJsonObject secrets = document.object().value(QStringLiteral("secrets")).toObject();
    for (auto it = secrets.begin(); it != secrets.end(); ++it)
        entries.insert(it.key(), QByteArray::fromBase64(it.value().toString().toLatin1()));
    return entries;
}

Result<void> FileSecretStore::writeEntries(const Entries& entries)
{
    QJsonObject secrets;
    for (auto it = entries.begin(); it != entries.end(); ++it)
        secrets.insert(it.key(), QString::fromLatin1(it.value().toBase64()));
    const QJsonObject root{{QStringLiteral("version"), 1}, {QStringLiteral("secrets"), secrets}};
    QSaveFile file(m_path);
    // QSaveFile writes a temporary file beside the target and renames it over the
    // target on commit(): readers see the old or the new file, never a half. The
    // temporary file is made private before a byte of secret is written to it.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kOwnerOnly))
        return makeError(ErrorCode::Io, tr("Could not write the secret file %1").arg(m_path),
                         file.errorString());
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return makeError(ErrorCode::Io, tr("Could not write the secret file %1").arg(m_path),
                         file.errorString());
    return {};
}

template <typename Change> Result<void> FileSecretStore::update(Change change)
{
    // The lock makes read-modify-write safe against another postroom-cli adding an
    // account at the same moment.
    QLockFile lock(m_path + QStringLiteral(".lock"));
    lock.setStaleLockTime(30000);
    if (!lock.tryLock(10000))
        return makeError(ErrorCode::Io,
                         tr("The secret file %1 is locked by another process.").arg(m_path));
    auto entries = readEntries();
    if (!entries)
        return entries.error();
    if (!change(entries.value()))
        return {};
    return writeEntries(entries.value());
}

Result<void> FileSecretStore::store(const QString& key, const QByteArray& secret)
{
    return update([&](Entries& entries) {
        entries.insert(key, secret);
        return true;
    });
}

Result<QByteArray> FileSecretStore::load(const QString& key) const
{
    auto entries = readEntries();
    if (!entries)
        return entries.error();
    const auto it = entries->constFind(key);
    if (it == entries->constEnd())
        return makeError(ErrorCode::NotFound,
                         tr("The secret file %1 has no entry \"%2\".").arg(m_path, key));
    return *it;
}

Result<void> FileSecretStore::remove(const QString& key)
{
    return update([&](Entries& entries) { return entries.remove(key) > 0; });
}

} // namespace Postroom::Secrets
