#pragma once

#include "core/send/SmtpEndpoint.h"
#include "core/send/Transport.h"

namespace Postroom::Send {

/**
 * SMTP submission through libcurl, one message at a time on the calling thread
 * (curl_easy_perform). Connections, DNS answers and TLS sessions are shared between
 * the messages of one transport, so a run of deliver() calls reuses one session.
 * The send engine's worker uses CurlSmtpRequest in a multi handle instead; this
 * class is for `accounts test`, single sends and tests. With POSTROOM_NAMESERVER set,
 * the server's name is looked up through that nameserver (NameserverResolver).
 */
class CurlSmtpTransport : public Transport
{
public:
    explicit CurlSmtpTransport(SmtpEndpoint endpoint);
    ~CurlSmtpTransport() override;
    CurlSmtpTransport(const CurlSmtpTransport&) = delete;
    CurlSmtpTransport& operator=(const CurlSmtpTransport&) = delete;

    DeliveryResult deliver(const OutgoingMessage& message) override;
    ConnectionReport test() override;

private:
    /** Looks the host up through POSTROOM_NAMESERVER once, when that is set. */
    DeliveryResult resolveHost();

    SmtpEndpoint m_endpoint;
    void* m_share = nullptr; // CURLSH*
};

} // namespace Postroom::Send
