#include "core/secrets/SecretVault.h"

#include "core/secrets/FileSecretStore.h"
#include "core/secrets/KeychainSecretStore.h"

#include <QUuid>

namespace Postroom::Secrets {

SecretVault::SecretVault(QString databasePath) : m_databasePath(std::move(databasePath)) {}

Result<SecretRef::Kind> SecretVault::configuredKind()
{
    const QString chosen = qEnvironmentVariable("POSTROOM_SECRET_STORE").trimmed().toLower();
    if (chosen.isEmpty() || chosen == QLatin1String("keychain"))
        return SecretRef::Kind::Keychain;
    if (chosen == QLatin1String("file"))
        return SecretRef::Kind::File;
    return makeError(
        ErrorCode::InvalidInput,
        tr("POSTROOM_SECRET_STORE is \"%1\"; it must be \"keychain\" or \"file\".").arg(chosen));
}

QString SecretVault::newKey(const QString& purpose)
{
    return purpose + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128);
}

std::unique_ptr<SecretStore> SecretVault::storeFor(SecretRef::Kind kind) const
{
    switch (kind) {
    case SecretRef::Kind::Keychain:
        return std::make_unique<KeychainSecretStore>();
    case SecretRef::Kind::File:
        return std::make_unique<FileSecretStore>(FileSecretStore::defaultPath(m_databasePath));
    case SecretRef::Kind::Env:
    case SecretRef::Kind::None:
        break;
    }
    return nullptr;
}

Result<SecretRef> SecretVault::keep(const QString& key, const QByteArray& secret)
{
    const auto kind = configuredKind();
    if (!kind)
        return kind.error();
    const SecretRef ref(*kind, key);
    if (auto valid = SecretRef::parse(ref.toString()); !valid)
        return valid.error();
    if (auto stored = storeFor(*kind)->store(key, secret); !stored)
        return stored.error();
    return ref;
}

Result<QByteArray> SecretVault::resolve(const SecretRef& ref) const
{
    switch (ref.kind()) {
    case SecretRef::Kind::None:
        return QByteArray();
    case SecretRef::Kind::Env: {
        // Read at use, so rotating the variable needs no change in Postroom.
        const QByteArray name = ref.name().toLocal8Bit();
        if (!qEnvironmentVariableIsSet(name.constData()))
            return makeError(ErrorCode::InvalidInput,
                             tr("The environment variable %1 that holds the password is not set.")
                                 .arg(ref.name()));
        const QByteArray value = qgetenv(name.constData());
        if (value.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             tr("The environment variable %1 that holds the password is empty.")
                                 .arg(ref.name()));
        return value;
    }
    case SecretRef::Kind::Keychain:
    case SecretRef::Kind::File:
        return storeFor(ref.kind())->load(ref.name());
    }
    return makeError(ErrorCode::Internal, QStringLiteral("unknown secret kind"));
}

Result<void> SecretVault::forget(const SecretRef& ref)
{
    if (auto store = storeFor(ref.kind()))
        return store->remove(ref.name());
    return {};
}

} // namespace Postroom::Secrets
