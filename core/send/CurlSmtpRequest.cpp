#include "core/send/CurlSmtpRequest.h"

#include "core/common/Log.h"

#include <QFile>

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace Postroom::Send {

void CurlSmtpRequest::initLibrary()
{
    // curl_global_init is not thread-safe in every build; do it once, first.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

namespace {

SmtpStage stageOfVerb(const QByteArray& verb, SmtpStage current)
{
    if (verb == "EHLO" || verb == "HELO")
        return SmtpStage::Ehlo;
    if (verb == "STARTTLS")
        return SmtpStage::StartTls;
    if (verb == "AUTH")
        return SmtpStage::Auth;
    if (verb == "MAIL")
        return SmtpStage::MailFrom;
    if (verb == "RCPT")
        return SmtpStage::RcptTo;
    if (verb == "DATA")
        return SmtpStage::Data;
    if (verb == "NOOP")
        return SmtpStage::Command;
    return current;
}

} // namespace

// libcurl's C callbacks, with exactly the signatures libcurl calls.
struct CurlCallbacks
{
    static size_t read(char* buffer, size_t size, size_t count, void* userdata)
    {
        auto* request = static_cast<CurlSmtpRequest*>(userdata);
        // libcurl has already been told MAIL and RCPT were accepted. If credentials
        // were configured but the server offered no AUTH (libcurl then silently goes
        // on unauthenticated), stop before a byte of the message leaves.
        // A reused connection (no greeting in this transcript) was authenticated by
        // the request that opened it: libcurl only reuses one with the same login.
        if (request->m_requireAuth && !request->m_authenticated && request->m_greeted) {
            request->m_noAuthOffered = true;
            return CURL_READFUNC_ABORT;
        }
        const qsizetype left = request->m_data.size() - request->m_offset;
        const qsizetype n = std::min<qsizetype>(left, qsizetype(size * count));
        std::memcpy(buffer, request->m_data.constData() + request->m_offset, size_t(n));
        request->m_offset += n;
        return size_t(n);
    }

    static size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

    static int debug(CURL*, curl_infotype type, char* data, size_t size, void* userdata)
    {
        auto* request = static_cast<CurlSmtpRequest*>(userdata);
        if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT)
            return 0; // TEXT, and the message body itself (DATA_OUT), are not kept
        // libcurl hands over one protocol line per call; split anyway, to be safe.
        // Views into libcurl's buffer: four replies a message are read without a copy.
        QByteArrayView chunk(data, qsizetype(size));
        while (!chunk.isEmpty()) {
            const qsizetype lf = chunk.indexOf('\n');
            QByteArrayView line = lf < 0 ? chunk : chunk.first(lf);
            chunk = lf < 0 ? QByteArrayView() : chunk.sliced(lf + 1);
            if (line.endsWith('\r'))
                line.chop(1);
            if (line.isEmpty())
                continue;
            if (type == CURLINFO_HEADER_IN)
                request->onServerLine(line);
            else
                request->onClientLine(line);
        }
        return 0;
    }
};

CurlSmtpRequest::CurlSmtpRequest(const SmtpEndpoint& endpoint)
{
    initLibrary();
    m_easy = curl_easy_init();
    configure(endpoint);
}

CurlSmtpRequest::~CurlSmtpRequest()
{
    if (m_easy)
        curl_easy_cleanup(m_easy);
    curl_slist_free_all(static_cast<curl_slist*>(m_recipients));
    curl_slist_free_all(static_cast<curl_slist*>(m_resolve));
}

void CurlSmtpRequest::configure(const SmtpEndpoint& endpoint)
{
    CURL* easy = m_easy;
    m_tls = endpoint.tls;
    m_verifyPeer = endpoint.verifyPeer;
    curl_easy_setopt(easy, CURLOPT_URL, endpoint.url.constData());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, m_errorBuffer);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, this);
    if (!endpoint.resolveEntry.isEmpty()) {
        m_resolve = curl_slist_append(nullptr, endpoint.resolveEntry.constData());
        curl_easy_setopt(easy, CURLOPT_RESOLVE, static_cast<curl_slist*>(m_resolve));
    }

    // RFC 3207: with STARTTLS required, libcurl refuses a server that does not offer
    // it (CURLE_USE_SSL_FAILED) instead of falling back to plaintext. smtps:// is
    // implicit TLS (RFC 8314 §3.3) and needs no option.
    curl_easy_setopt(easy, CURLOPT_USE_SSL,
                     long(endpoint.tls == TlsMode::StartTls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, endpoint.verifyPeer ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, endpoint.verifyPeer ? 2L : 0L);
    if (!endpoint.caFile.isEmpty())
        curl_easy_setopt(easy, CURLOPT_CAINFO, QFile::encodeName(endpoint.caFile).constData());

    if (!endpoint.username.isEmpty()) {
        m_requireAuth = true;
        curl_easy_setopt(easy, CURLOPT_USERNAME, endpoint.username.constData());
        if (endpoint.auth == AuthMechanism::XOAuth2)
            curl_easy_setopt(easy, CURLOPT_XOAUTH2_BEARER, endpoint.secret.constData());
        else
            curl_easy_setopt(easy, CURLOPT_PASSWORD, endpoint.secret.constData());
        // RFC 4954: without a choice libcurl takes the strongest mechanism offered.
        const char* options = endpoint.auth == AuthMechanism::Plain     ? "AUTH=PLAIN"
                              : endpoint.auth == AuthMechanism::Login   ? "AUTH=LOGIN"
                              : endpoint.auth == AuthMechanism::XOAuth2 ? "AUTH=XOAUTH2"
                                                                        : "AUTH=*";
        curl_easy_setopt(easy, CURLOPT_LOGIN_OPTIONS, options);
        // RFC 4954 §4: send the initial response with AUTH, saving a round trip on
        // every new connection.
        curl_easy_setopt(easy, CURLOPT_SASL_IR, 1L);
    }

    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, long(endpoint.connectTimeoutMs));
    curl_easy_setopt(easy, CURLOPT_SERVER_RESPONSE_TIMEOUT, long(endpoint.responseTimeoutSeconds));
    // A server that stops reading the message mid-DATA is a stall too.
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, long(endpoint.responseTimeoutSeconds));

    curl_easy_setopt(easy, CURLOPT_DEBUGFUNCTION, &CurlCallbacks::debug);
    curl_easy_setopt(easy, CURLOPT_DEBUGDATA, this);
    curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L); // feeds the debug callback only
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CurlCallbacks::discard);
}

std::unique_ptr<CurlSmtpRequest> CurlSmtpRequest::send(const SmtpEndpoint& endpoint,
                                                       OutgoingMessage message)
{
    std::unique_ptr<CurlSmtpRequest> request(new CurlSmtpRequest(endpoint));
    CURL* easy = request->m_easy;
    request->m_data = std::move(message.data);
    // libcurl adds the angle brackets; an empty sender becomes the null path <>.
    curl_easy_setopt(easy, CURLOPT_MAIL_FROM, message.envelopeFrom.constData());
    curl_slist* recipients = nullptr;
    for (const QByteArray& recipient : std::as_const(message.recipients))
        recipients = curl_slist_append(recipients, recipient.constData());
    request->m_recipients = recipients;
    curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    // The size lets libcurl announce SIZE= (RFC 1870) when the server supports it.
    curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(request->m_data.size()));
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, &CurlCallbacks::read);
    curl_easy_setopt(easy, CURLOPT_READDATA, request.get());
    return request;
}

std::unique_ptr<CurlSmtpRequest> CurlSmtpRequest::probe(const SmtpEndpoint& endpoint)
{
    std::unique_ptr<CurlSmtpRequest> request(new CurlSmtpRequest(endpoint));
    // Without MAIL_FROM and MAIL_RCPT libcurl runs connect, EHLO, STARTTLS, EHLO,
    // AUTH and then this one command; forbidding reuse makes it close with QUIT.
    curl_easy_setopt(request->m_easy, CURLOPT_CUSTOMREQUEST, "NOOP");
    curl_easy_setopt(request->m_easy, CURLOPT_FORBID_REUSE, 1L);
    return request;
}

void CurlSmtpRequest::setShare(void* share)
{
    curl_easy_setopt(m_easy, CURLOPT_SHARE, static_cast<CURLSH*>(share));
}

int CurlSmtpRequest::perform()
{
    return int(curl_easy_perform(m_easy));
}

void CurlSmtpRequest::onClientLine(QByteArrayView line)
{
    if (m_awaitingAuthData)
        return; // a SASL response (RFC 4954 §4): credentials, never looked at
    const qsizetype space = line.indexOf(' ');
    const QByteArray verb = (space < 0 ? line : line.first(space)).toByteArray().toUpper();
    if (verb == "QUIT") {
        // The closing QUIT (also after a failure) must not hide the reply that decided.
        m_quitting = true;
        return;
    }
    m_stage = stageOfVerb(verb, m_stage);
    if (m_stage == SmtpStage::Auth && verb == "AUTH")
        m_authMechanism = QString::fromLatin1(line.toByteArray().split(' ').value(1).toUpper());
}

void CurlSmtpRequest::onServerLine(QByteArrayView line)
{
    if (m_quitting)
        return;
    if (m_stage == SmtpStage::Connect) {
        m_stage = SmtpStage::Greeting;
        m_greeted = true;
    }
    m_replyLines.append(line.toByteArray());
    // RFC 5321 §4.2.1: "NNN-" continues a multi-line reply, "NNN " (or "NNN") ends it.
    if (line.size() > 3 && line.at(3) == '-')
        return;
    bool numeric = false;
    const int code = line.first(std::min<qsizetype>(3, line.size())).toInt(&numeric);
    // The text is made only when asked for: most replies are a bare "250".
    m_lastReply = std::exchange(m_replyLines, {});
    m_lastCode = numeric ? code : 0;
    m_replyStage = m_stage;
    m_awaitingAuthData = m_stage == SmtpStage::Auth && code == 334;
    switch (m_stage) {
    case SmtpStage::Greeting:
        m_greeting = lastReplyTexts().join(QLatin1Char(' '));
        break;
    case SmtpStage::Ehlo:
        if (code == 250)
            m_capabilities = lastReplyTexts().mid(1); // the first line is the server's name
        break;
    case SmtpStage::StartTls:
        m_tlsStarted = code == 220;
        break;
    case SmtpStage::Auth:
        m_authenticated = code == 235;
        break;
    default:
        break;
    }
}

QStringList CurlSmtpRequest::lastReplyTexts() const
{
    QStringList texts;
    for (const QByteArray& line : m_lastReply)
        texts.append(QString::fromUtf8(line.mid(4)).trimmed());
    return texts;
}

DeliveryResult CurlSmtpRequest::result(int curlCode) const
{
    const auto code = CURLcode(curlCode);
    const QString detail = m_errorBuffer[0] ? QString::fromUtf8(m_errorBuffer)
                                            : QString::fromUtf8(curl_easy_strerror(code));
    // A reply the server gave (4xx/5xx) decides, whatever libcurl made of it.
    DeliveryResult fromServer = DeliveryResult::fromReply(
        m_lastCode, lastReplyTexts().join(QLatin1Char(' ')), m_replyStage);
    const auto failed = [&](DeliveryOutcome outcome, SmtpStage stage) {
        DeliveryResult result = DeliveryResult::failure(outcome, stage, detail);
        if (m_lastCode >= 400) {
            result.smtpCode = fromServer.smtpCode;
            result.enhancedStatus = fromServer.enhancedStatus;
            result.reply = fromServer.reply;
        }
        return result;
    };
    switch (code) {
    case CURLE_OK:
        return fromServer;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return failed(DeliveryOutcome::Dns, SmtpStage::Connect);
    case CURLE_COULDNT_CONNECT:
        return failed(DeliveryOutcome::Refused, SmtpStage::Connect);
    case CURLE_OPERATION_TIMEDOUT: {
        // A resolver that never answers is a DNS failure, not a silent server.
        if (detail.startsWith(QLatin1String("Resolving timed out")))
            return failed(DeliveryOutcome::Dns, SmtpStage::Connect);
        // Connected but never greeted is a stall at the greeting, not at connect.
        curl_off_t connectTime = 0;
        curl_easy_getinfo(m_easy, CURLINFO_CONNECT_TIME_T, &connectTime);
        const bool greetingStall = m_stage == SmtpStage::Connect && connectTime > 0;
        return failed(DeliveryOutcome::Timeout, greetingStall ? SmtpStage::Greeting : m_stage);
    }
    case CURLE_LOGIN_DENIED:
    case CURLE_AUTH_ERROR:
        return failed(DeliveryOutcome::AuthFailure, SmtpStage::Auth);
    case CURLE_ABORTED_BY_CALLBACK:
        if (m_noAuthOffered) {
            DeliveryResult result = failed(DeliveryOutcome::AuthFailure, SmtpStage::Auth);
            result.detail = tr("the server offered no AUTH, so nothing was sent");
            return result;
        }
        break;
    case CURLE_USE_SSL_FAILED: {
        DeliveryResult result = failed(DeliveryOutcome::TlsFailure, SmtpStage::StartTls);
        result.detail =
            tr("the server does not offer STARTTLS, which this account requires (%1)").arg(detail);
        return result;
    }
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return failed(DeliveryOutcome::CertificateFailure,
                      m_tls == TlsMode::Implicit ? SmtpStage::Connect : SmtpStage::StartTls);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
        return failed(DeliveryOutcome::TlsFailure,
                      m_tls == TlsMode::Implicit ? SmtpStage::Connect : SmtpStage::StartTls);
    default:
        break;
    }
    if (m_lastCode >= 400) {
        fromServer.detail = detail;
        return fromServer;
    }
    // A dropped connection, an unreadable reply: the network, worth a retry.
    return failed(DeliveryOutcome::Transient, m_stage);
}

ConnectionReport CurlSmtpRequest::report(int curlCode) const
{
    ConnectionReport report;
    report.result = result(curlCode);
    report.greeting = m_greeting;
    report.capabilities = m_capabilities;
    report.tls = m_tls == TlsMode::Implicit ? m_stage != SmtpStage::Connect : m_tlsStarted;
    report.verified = report.tls && m_verifyPeer;
    report.authenticated = m_authenticated;
    report.authMechanism = m_authMechanism;
    if (report.result.ok() && m_requireAuth && !m_authenticated) {
        // libcurl skips AUTH when the server does not offer it; for a test that is
        // the failure to report, since sending would be refused or unauthenticated.
        report.result = DeliveryResult::failure(
            DeliveryOutcome::AuthFailure, SmtpStage::Auth,
            tr("the server offered no AUTH mechanism after EHLO (capabilities: %1)")
                .arg(m_capabilities.join(QStringLiteral(", "))));
    }
    return report;
}

} // namespace Postroom::Send
