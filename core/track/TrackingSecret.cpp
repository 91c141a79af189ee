#include "core/track/TrackingSecret.h"

#include "core/common/Log.h"
#include "core/secrets/FileSecretStore.h"
#include "core/secrets/SecretVault.h"
#include "core/storage/SettingsRepository.h"

#include <QRandomGenerator>

namespace Postroom::Track {
namespace {

constexpr qsizetype kMinSecretLength = 16;

Result<QByteArray> makeAndKeep(const Storage::DatabasePtr& db)
{
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words, 8);
    const QByteArray secret =
        QByteArray(reinterpret_cast<const char*>(words), sizeof(words)).toHex();
    const QString key = Secrets::SecretVault::newKey(QStringLiteral("tracking"));
    Secrets::SecretVault vault(db->path());
    auto kept = vault.keep(key, secret);
    if (!kept && qEnvironmentVariableIsEmpty("POSTROOM_SECRET_STORE")) {
        // The default keychain is missing (no D-Bus session on a server): a secret
        // nobody typed in is better kept in the 0600 file than not made at all.
        Secrets::FileSecretStore store(Secrets::FileSecretStore::defaultPath(db->path()));
        if (auto stored = store.store(key, secret); !stored)
            return stored.error();
        qCWarning(lcTrack).noquote()
            << "no keychain service: the tracking secret is kept in" << store.path();
        kept = Secrets::SecretRef(Secrets::SecretRef::Kind::File, key);
    }
    if (!kept)
        return kept.error();
    if (auto saved = Storage::SettingsRepository(db).setValue(TrackingSecret::settingKey(),
                                                              kept->toString());
        !saved)
        return saved.error();
    return secret;
}

} // namespace

QString TrackingSecret::settingKey()
{
    return QStringLiteral("track.secret_ref");
}

Result<QByteArray> TrackingSecret::load(const Storage::DatabasePtr& db)
{
    const auto stored = Storage::SettingsRepository(db).value(settingKey());
    if (!stored)
        return stored.error();
    const QString text = stored->value_or(QString());
    if (text.isEmpty())
        return makeAndKeep(db);
    const auto ref = Secrets::SecretRef::parse(text);
    if (!ref)
        return ref.error();
    auto secret = Secrets::SecretVault(db->path()).resolve(*ref);
    if (!secret)
        return secret.error();
    if (secret->size() < kMinSecretLength)
        return makeError(ErrorCode::InvalidInput,
                         tr("The tracking secret (%1) is shorter than %2 characters")
                             .arg(ref->toString())
                             .arg(kMinSecretLength));
    return secret;
}

} // namespace Postroom::Track
