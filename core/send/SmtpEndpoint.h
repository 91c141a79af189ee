#pragma once

#include "core/send/Account.h"

#include <QByteArray>
#include <QString>

namespace Postroom::Send {

/**
 * Everything needed to open an SMTP session for one account, including the secret
 * (resolved just before use, held in memory only). Timeouts follow RFC 5321
 * §4.5.3.2 in spirit: generous by default, short in tests.
 */
struct SmtpEndpoint
{
    QByteArray url; ///< smtp://host[:port] or smtps://host[:port]
    TlsMode tls = TlsMode::StartTls;
    bool verifyPeer = true;
    QString caFile; ///< PEM trust anchors; empty = the system store
    QByteArray username;
    QByteArray secret; ///< password, or the bearer token for XOAUTH2
    AuthMechanism auth = AuthMechanism::Auto;
    /** A CURLOPT_RESOLVE entry (see NameserverResolver); empty = the system resolver. */
    QByteArray resolveEntry;
    int connectTimeoutMs = 30000;
    int responseTimeoutSeconds = 300; ///< per reply, and for a stalled upload

    /**
     * The endpoint of @p account with @p secret. The CA file is the account's, else
     * the POSTROOM_CA_FILE environment variable (for test servers and private CAs).
     */
    static SmtpEndpoint fromAccount(const Account& account, QByteArray secret);

    /** The server's host name from the URL. */
    QString host() const;

    /** The server's port: the URL's, else 25 for smtp:// and 465 for smtps://. */
    int port() const;
};

} // namespace Postroom::Send
