#include "core/send/CurlSmtpTransport.h"

#include "core/send/CurlSmtpRequest.h"
#include "core/send/NameserverResolver.h"

#include <curl/curl.h>

namespace Postroom::Send {

CurlSmtpTransport::CurlSmtpTransport(SmtpEndpoint endpoint) : m_endpoint(std::move(endpoint)) {}

CurlSmtpTransport::~CurlSmtpTransport()
{
    if (m_share)
        curl_share_cleanup(static_cast<CURLSH*>(m_share));
}

DeliveryResult CurlSmtpTransport::resolveHost()
{
    if (m_endpoint.resolveEntry.isEmpty()) {
        const auto entry = NameserverResolver::curlResolveEntry(
            m_endpoint.host(), m_endpoint.port(), m_endpoint.connectTimeoutMs);
        if (!entry)
            return DeliveryResult::failure(entry.error().code == ErrorCode::Network
                                               ? DeliveryOutcome::Dns
                                               : DeliveryOutcome::LocalError,
                                           SmtpStage::Connect, entry.error().describe());
        m_endpoint.resolveEntry = *entry;
    }
    return DeliveryResult::failure(DeliveryOutcome::Success, SmtpStage::Connect, {});
}

DeliveryResult CurlSmtpTransport::deliver(const OutgoingMessage& message)
{
    if (auto resolved = resolveHost(); !resolved.ok())
        return resolved;
    auto request = CurlSmtpRequest::send(m_endpoint, message);
    if (!m_share) {
        // Created after the first request, which has run curl_global_init.
        CURLSH* share = curl_share_init();
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
        m_share = share;
    }
    request->setShare(m_share);
    return request->result(request->perform());
}

ConnectionReport CurlSmtpTransport::test()
{
    if (auto resolved = resolveHost(); !resolved.ok())
        return ConnectionReport{resolved, {}, {}, false, false, false, {}};
    auto request = CurlSmtpRequest::probe(m_endpoint);
    return request->report(request->perform());
}

} // namespace Postroom::Send
