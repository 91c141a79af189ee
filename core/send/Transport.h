#pragma once

#include "core/send/DeliveryResult.h"
#include "core/send/OutgoingMessage.h"

#include <QString>
#include <QStringList>

namespace Postroom::Send {

/** What a connection test found out: the outcome and what the server offered. */
struct ConnectionReport
{
    DeliveryResult result; ///< Success, or the exact failure
    QString greeting;      ///< the 220 greeting text
    QStringList
        capabilities;      ///< EHLO keywords of the last EHLO (after STARTTLS), RFC 5321 §4.1.1.1
    bool tls = false;      ///< the session was encrypted before AUTH
    bool verified = false; ///< the certificate was checked (and passed)
    bool authenticated = false;
    QString authMechanism; ///< the SASL mechanism used, e.g. PLAIN
};

/**
 * Delivers messages through one account. deliver() is synchronous and returns the
 * classified result; test() connects, greets, secures, authenticates and quits.
 *
 * The interface holds one message at a time so that other ways of delivering fit
 * behind it: the SMTP relay (CurlSmtpTransport), the outbox sandbox, and later
 * MX-direct delivery (which resolves each recipient domain itself) or an HTTP
 * transactional API. The send engine's worker does not call deliver() for SMTP: it
 * puts CurlSmtpRequest easy handles into its curl multi handle, and reads the same
 * DeliveryResult from them.
 */
class Transport
{
public:
    virtual ~Transport() = default;

    /** Delivers one message and says what became of it. */
    virtual DeliveryResult deliver(const OutgoingMessage& message) = 0;

    /** Checks the account can be used, without sending anything. */
    virtual ConnectionReport test() = 0;
};

} // namespace Postroom::Send
