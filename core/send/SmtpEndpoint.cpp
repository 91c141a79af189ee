#include "core/send/SmtpEndpoint.h"

namespace Postroom::Send {

SmtpEndpoint SmtpEndpoint::fromAccount(const Account& account, QByteArray secret)
{
    SmtpEndpoint endpoint;
    endpoint.url = account.url.toUtf8();
    endpoint.tls = account.tls;
    endpoint.verifyPeer = account.verifyPeer;
    endpoint.caFile =
        account.caFile.isEmpty() ? qEnvironmentVariable("POSTROOM_CA_FILE") : account.caFile;
    endpoint.username = account.username.toUtf8();
    endpoint.secret = std::move(secret);
    endpoint.auth = account.auth;
    return endpoint;
}

} // namespace Postroom::Send
