#pragma once

#include "core/send/OutgoingMessage.h"
#include "core/send/SmtpEndpoint.h"
#include "core/send/Transport.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QStringList>

#include <memory>

namespace Postroom::Send {

/**
 * One libcurl easy handle set up for one SMTP job — sending a message, or probing
 * the server for a connection test — plus what is needed to read its result: the
 * message bytes it uploads, and a transcript of the server's replies captured
 * through the debug callback (client lines are reduced to their verb, so no AUTH
 * data is ever kept).
 *
 * The handle is driven from outside: CurlSmtpTransport runs it with
 * curl_easy_perform(); the send worker adds it to its curl multi handle and, when
 * curl_multi_info_read() reports it done, calls result() with the CURLcode. Either
 * way the request must outlive the transfer. Not thread-safe; one thread drives it.
 *
 * Security: STARTTLS is required (CURLUSESSL_ALL) unless the endpoint says none, so
 * a server that does not offer it is refused rather than spoken to in plaintext;
 * peer and host verification are on unless the account turned them off; and when
 * credentials are configured but the server offers no AUTH, the message is not sent.
 */
class CurlSmtpRequest
{
    Q_DECLARE_TR_FUNCTIONS(CurlSmtpRequest)

public:
    ~CurlSmtpRequest();
    CurlSmtpRequest(const CurlSmtpRequest&) = delete;
    CurlSmtpRequest& operator=(const CurlSmtpRequest&) = delete;

    /** Initialises libcurl once per process, before any easy or multi handle exists. */
    static void initLibrary();

    /** A request that sends @p message through @p endpoint. */
    static std::unique_ptr<CurlSmtpRequest> send(const SmtpEndpoint& endpoint,
                                                 OutgoingMessage message);

    /** A request that connects, greets, secures, authenticates, sends NOOP and quits. */
    static std::unique_ptr<CurlSmtpRequest> probe(const SmtpEndpoint& endpoint);

    /** The easy handle (a `CURL*`), for curl_easy_perform or curl_multi_add_handle. */
    void* easyHandle() const { return m_easy; }

    /** Shares connections (and DNS, TLS sessions) through @p share, a `CURLSH*`. */
    void setShare(void* share);

    /** Reads the outcome of the finished transfer; @p curlCode is its CURLcode. */
    DeliveryResult result(int curlCode) const;

    /** The connection test's report (for a probe()); @p curlCode is its CURLcode. */
    ConnectionReport report(int curlCode) const;

    /** Runs the transfer to its end on this thread with curl_easy_perform. */
    int perform();

private:
    explicit CurlSmtpRequest(const SmtpEndpoint& endpoint);
    void configure(const SmtpEndpoint& endpoint);

    friend struct CurlCallbacks; // libcurl's C callbacks, in the .cpp
    void onServerLine(QByteArrayView line);
    void onClientLine(QByteArrayView line);
    QStringList lastReplyTexts() const; ///< each line of the last reply without its code

    void* m_easy = nullptr;
    void* m_recipients = nullptr; // curl_slist*
    void* m_resolve = nullptr;    // curl_slist*, CURLOPT_RESOLVE
    QByteArray m_data;
    qsizetype m_offset = 0;
    bool m_requireAuth = false;
    bool m_verifyPeer = true;
    TlsMode m_tls = TlsMode::StartTls;
    bool m_noAuthOffered = false;
    char m_errorBuffer[256] = {};

    // The transcript.
    SmtpStage m_stage = SmtpStage::Connect;
    SmtpStage m_replyStage = SmtpStage::Connect; ///< the stage of the last complete reply
    QList<QByteArray> m_replyLines;              ///< the reply being read
    QList<QByteArray> m_lastReply;               ///< the last complete reply, line by line
    int m_lastCode = 0;
    QString m_greeting;
    QStringList m_capabilities;
    bool m_awaitingAuthData = false;
    bool m_tlsStarted = false;
    bool m_authenticated = false;
    bool m_quitting = false;
    bool m_greeted = false; ///< this request opened the connection (false when reused)
    QString m_authMechanism;
};

} // namespace Postroom::Send
