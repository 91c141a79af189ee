#include "core/send/CurlSmtpTransport.h"

#include "core/send/CurlSmtpRequest.h"

#include <curl/curl.h>

namespace Postroom::Send {

CurlSmtpTransport::CurlSmtpTransport(SmtpEndpoint endpoint) : m_endpoint(std::move(endpoint)) {}

CurlSmtpTransport::~CurlSmtpTransport()
{
    if (m_share)
        curl_share_cleanup(static_cast<CURLSH*>(m_share));
}

DeliveryResult CurlSmtpTransport::deliver(const OutgoingMessage& message)
{
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
    auto request = CurlSmtpRequest::probe(m_endpoint);
    return request->report(request->perform());
}

} // namespace Postroom::Send
