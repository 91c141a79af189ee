#pragma once

#include <QCoreApplication>
#include <QString>

namespace Postroom::Send {

/** What became of a delivery or a connection test, as the send engine must act on it. */
enum class DeliveryOutcome
{
    Success,
    Transient,          ///< 4xx reply or a network fault: retry later (RFC 5321 §4.2.1)
    Permanent,          ///< 5xx reply at MAIL/RCPT/DATA: do not retry this message
    AuthFailure,        ///< credentials refused or no usable AUTH: the account is unusable
    TlsFailure,         ///< TLS handshake failed or STARTTLS is not offered
    CertificateFailure, ///< the server's certificate is not trusted or not for this host
    Dns,                ///< the server's name does not resolve
    Refused,            ///< the TCP connection was refused or the host is unreachable
    Timeout,            ///< the server did not answer in time
    LocalError,         ///< a local failure (outbox folder not writable, bad settings)
};

/** Where in the SMTP dialogue (RFC 5321 §3) the result was decided. */
enum class SmtpStage
{
    Connect,
    Greeting,
    Ehlo,
    StartTls,
    Auth,
    MailFrom,
    RcptTo,
    Data,
    Command, ///< the probe command of a connection test
    Quit,
    Local,
};

/**
 * The result of delivering one message (or of a connection test): the outcome, the
 * last SMTP reply code, its RFC 3463 enhanced status code and text, and a detail
 * line from the transport when the failure was not an SMTP reply.
 */
struct DeliveryResult
{
    Q_DECLARE_TR_FUNCTIONS(DeliveryResult)

public:
    DeliveryOutcome outcome = DeliveryOutcome::Success;
    SmtpStage stage = SmtpStage::Connect;
    int smtpCode = 0;       ///< the last reply code, 0 when none came
    QString enhancedStatus; ///< e.g. `5.1.1`, empty when the server sent none
    QString reply;          ///< the reply text (lines joined by spaces), code stripped
    QString detail;         ///< transport detail (libcurl's error, OS error)

    bool ok() const { return outcome == DeliveryOutcome::Success; }

    /** True for outcomes worth retrying later with the same account. */
    bool isRetryable() const;

    /** True when the account, not the recipient, is at fault (auth, TLS, certificate). */
    bool isAccountFailure() const;

    /** A stable lower-case name: ok, transient, permanent, auth, tls, certificate, dns, refused,
     * timeout, local. */
    QString kindName() const;

    /** The stage as a lower-case word (connect, greeting, ehlo, starttls, auth, …). */
    QString stageName() const;

    /** One line for users and logs: what failed, where, and the server's reply. */
    QString describe() const;

    /**
     * Classifies an SMTP reply (RFC 5321 §4.2.1): 2xx success, 4xx transient, 5xx
     * permanent; authentication replies (530, 534, 535, 538, RFC 4954 §6) are auth
     * failures. @p text is the reply without its code.
     */
    static DeliveryResult fromReply(int code, const QString& text, SmtpStage stage);

    /** The RFC 3463 `class.subject.detail` code at the start of @p text, or empty. */
    static QString enhancedStatusOf(const QString& text);

    /** A failure that is not an SMTP reply. */
    static DeliveryResult failure(DeliveryOutcome outcome, SmtpStage stage, QString detail);
};

} // namespace Postroom::Send
