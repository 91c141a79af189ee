#include "core/send/TransportFactory.h"

#include "core/send/CurlSmtpTransport.h"
#include "core/send/OutboxTransport.h"

namespace Postroom::Send {

Result<std::unique_ptr<Transport>> TransportFactory::create(const Account& account,
                                                            const Secrets::SecretVault& vault,
                                                            int responseTimeoutSeconds)
{
    if (auto valid = account.validate(); !valid)
        return valid.error();
    if (account.kind() == AccountKind::Outbox)
        return std::unique_ptr<Transport>(std::make_unique<OutboxTransport>(account.outboxPath()));
    const auto ref = Secrets::SecretRef::parse(account.secretRef);
    if (!ref)
        return ref.error();
    auto secret = vault.resolve(*ref);
    if (!secret)
        return makeError(secret.error().code,
                         tr("The password of account \"%1\" is not available: %2")
                             .arg(account.name, secret.error().message),
                         secret.error().detail);
    SmtpEndpoint endpoint = SmtpEndpoint::fromAccount(account, std::move(*secret));
    if (responseTimeoutSeconds > 0) {
        endpoint.responseTimeoutSeconds = responseTimeoutSeconds;
        endpoint.connectTimeoutMs = responseTimeoutSeconds * 1000;
    }
    return std::unique_ptr<Transport>(std::make_unique<CurlSmtpTransport>(std::move(endpoint)));
}

} // namespace Postroom::Send
