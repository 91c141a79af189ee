#include "core/secrets/KeychainSecretStore.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace Postroom::Secrets {
namespace {

Error unavailableError(const QString& why)
{
    return makeError(ErrorCode::Io,
                     KeychainSecretStore::tr("No keychain service is available to keep the "
                                             "password (%1). Use --password-env VAR, or set "
                                             "POSTROOM_SECRET_STORE=file to keep secrets "
                                             "unencrypted in a 0600 file.")
                         .arg(why));
}

// Runs a QtKeychain job to its end. The job reports through a queued finished()
// signal, so a local event loop waits for it; the timer bounds a keychain that
// never answers (an unlock prompt nobody sees).
Result<void> runJob(QKeychain::Job& job, int timeoutMs)
{
    job.setAutoDelete(false);
    // Never QtKeychain's plaintext QSettings fallback: secrets stay out of QSettings.
    job.setInsecureFallback(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished)
        return makeError(ErrorCode::Timeout,
                         KeychainSecretStore::tr("The keychain did not answer in time."));
    switch (job.error()) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return makeError(
            ErrorCode::NotFound,
            KeychainSecretStore::tr("The keychain has no entry \"%1\".").arg(job.key()));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return unavailableError(job.errorString());
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return makeError(ErrorCode::Auth, KeychainSecretStore::tr("The keychain refused access."),
                         job.errorString());
    case QKeychain::OtherError:
        // What QtKeychain reports when a session bus runs but neither the Secret
        // Service nor KWallet answers on it: say what the user can do about it.
        return unavailableError(job.errorString());
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    return makeError(ErrorCode::Io, KeychainSecretStore::tr("The keychain failed."),
                     job.errorString());
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, int timeoutMs)
    : m_service(std::move(service)), m_timeoutMs(timeoutMs)
{
}

Result<void> KeychainSecretStore::checkAvailable()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    // The Secret Service and KWallet are reached over the D-Bus session bus. Without
    // one, libdbus would try to autolaunch a bus (or hang on X11): say so at once.
    const QString address = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (address.isEmpty() &&
        (runtimeDir.isEmpty() || !QFileInfo::exists(runtimeDir + QStringLiteral("/bus"))))
        return unavailableError(tr("no D-Bus session bus"));
    if (address.startsWith(QLatin1String("unix:path="))) {
        const QString socket = address.mid(10).section(QLatin1Char(','), 0, 0);
        if (!QFileInfo::exists(socket))
            return unavailableError(tr("the D-Bus session bus %1 does not exist").arg(socket));
    }
#endif
    return {};
}

Result<void> KeychainSecretStore::store(const QString& key, const QByteArray& secret)
{
    if (auto available = checkAvailable(); !available)
        return available;
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(key);
    job.setBinaryData(secret);
    return runJob(job, m_timeoutMs);
}

Result<QByteArray> KeychainSecretStore::load(const QString& key) const
{
    if (auto available = checkAvailable(); !available)
        return available.error();
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(key);
    if (auto ran = runJob(job, m_timeoutMs); !ran)
        return ran.error();
    return job.binaryData();
}

Result<void> KeychainSecretStore::remove(const QString& key)
{
    if (auto available = checkAvailable(); !available)
        return available;
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(key);
    auto ran = runJob(job, m_timeoutMs);
    if (!ran && ran.error().code == ErrorCode::NotFound)
        return {};
    return ran;
}

} // namespace Postroom::Secrets
