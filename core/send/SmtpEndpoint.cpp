#include "core/send/SmtpEndpoint.h"

#include <QUrl>

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

QString SmtpEndpoint::host() const
{
    return QUrl(QString::fromUtf8(url)).host();
}

int SmtpEndpoint::port() const
{
    const QUrl parsed(QString::fromUtf8(url));
    return parsed.port(parsed.scheme() == QLatin1String("smtps") ? 465 : 25);
}

} // namespace Postroom::Send
