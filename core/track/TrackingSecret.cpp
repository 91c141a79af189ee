#include "core/track/TrackingSecret.h"

#include "core/common/Log.h"
#include "core/storage/SettingsRepository.h"

#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace Postroom::Track {
namespace {

constexpr qsizetype kMinSecretLength = 16;

Result<QByteArray> readSecretFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io,
                         TrackingSecret::tr("Could not read the tracking secret file %1").arg(path),
                         file.errorString());
    const QByteArray secret = file.readAll().trimmed();
    if (secret.size() < kMinSecretLength)
        return makeError(ErrorCode::InvalidInput,
                         TrackingSecret::tr("The tracking secret in %1 is shorter than %2 "
                                            "characters")
                             .arg(path)
                             .arg(kMinSecretLength));
    return secret;
}

} // namespace

QString TrackingSecret::settingKey()
{
    return QStringLiteral("track.secret_ref");
}

QString TrackingSecret::defaultFilePath(const QString& databasePath)
{
    return databasePath + QStringLiteral(".tracking-secret");
}

Result<QByteArray> TrackingSecret::loadOrCreateFile(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    // O_EXCL: when two processes race, one creates and the other reads its secret.
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return readSecretFile(path);
        return makeError(ErrorCode::Io,
                         tr("Could not create the tracking secret file %1").arg(path),
                         QString::fromLocal8Bit(strerror(errno)));
    }
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words, 8);
    const QByteArray secret =
        QByteArray(reinterpret_cast<const char*>(words), sizeof(words)).toHex() + '\n';
    const bool written = ::write(fd, secret.constData(), size_t(secret.size())) == secret.size();
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) {
        QFile::remove(path);
        return makeError(ErrorCode::Io,
                         tr("Could not write the tracking secret file %1").arg(path));
    }
    qCInfo(lcTrack) << "made a new tracking secret in" << path;
    return secret.trimmed();
}

Result<QByteArray> TrackingSecret::load(const Storage::DatabasePtr& db)
{
    const auto reference = Storage::SettingsRepository(db).value(settingKey());
    if (!reference)
        return reference.error();
    const QString ref = reference->value_or(QString());
    if (ref.startsWith(QLatin1String("env:"))) {
        const QByteArray secret = qgetenv(ref.mid(4).toLocal8Bit().constData());
        if (secret.size() < kMinSecretLength)
            return makeError(ErrorCode::InvalidInput,
                             tr("The tracking secret variable %1 is unset or shorter than %2 "
                                "characters")
                                 .arg(ref.mid(4))
                                 .arg(kMinSecretLength));
        return secret;
    }
    if (ref.startsWith(QLatin1String("file:")))
        return readSecretFile(ref.mid(5));
    if (!ref.isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            tr("The tracking secret is kept in '%1', which this version cannot read").arg(ref));
    return loadOrCreateFile(defaultFilePath(db->path()));
}

} // namespace Postroom::Track
