#pragma once

#include "core/common/Result.h"
#include "core/secrets/SecretRef.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QString>

Q_DECLARE_LOGGING_CATEGORY(lcSecrets)

namespace Postroom::Secrets {

/**
 * A place that keeps secrets by key (the OS keychain, the 0600 file). The calls are
 * synchronous: an implementation that talks to a service waits for it, so call them
 * from the CLI or a worker thread, never from the GUI thread.
 */
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    /** Which kind of SecretRef names a secret kept here. */
    virtual SecretRef::Kind kind() const = 0;

    /** Keeps @p secret under @p key, replacing what was there. */
    [[nodiscard]] virtual Result<void> store(const QString& key, const QByteArray& secret) = 0;

    /** The secret under @p key; NotFound when there is none. */
    [[nodiscard]] virtual Result<QByteArray> load(const QString& key) const = 0;

    /** Forgets @p key; forgetting a missing key is not an error. */
    [[nodiscard]] virtual Result<void> remove(const QString& key) = 0;
};

} // namespace Postroom::Secrets
