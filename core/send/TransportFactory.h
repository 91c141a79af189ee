#pragma once

#include "core/common/Result.h"
#include "core/secrets/SecretVault.h"
#include "core/send/Account.h"
#include "core/send/Transport.h"

#include <QCoreApplication>

#include <memory>

namespace Postroom::Send {

/** Makes the Transport an account's URL calls for, with its secret resolved. */
class TransportFactory
{
    Q_DECLARE_TR_FUNCTIONS(TransportFactory)

public:
    /**
     * An OutboxTransport for outbox://, a CurlSmtpTransport for smtp(s)://. The
     * secret is fetched from @p vault now (a missing variable or keychain entry is
     * an error here, before any connection).
     */
    static Result<std::unique_ptr<Transport>> create(const Account& account,
                                                     const Secrets::SecretVault& vault,
                                                     int responseTimeoutSeconds = 0);
};

} // namespace Postroom::Send
