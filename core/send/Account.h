#pragma once

#include "core/common/Result.h"
#include "core/send/SendRate.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QUrl>

namespace Postroom::Send {

/** How the connection is secured (RFC 3207 STARTTLS, RFC 8314 implicit TLS). */
enum class TlsMode
{
    StartTls, ///< smtp://: STARTTLS is REQUIRED; a server without it is refused
    Implicit, ///< smtps://: TLS from the first byte
    None,     ///< plaintext; only when the user asks for it
};

/** Which SASL mechanism AUTH uses (RFC 4954); Auto lets the server's list decide. */
enum class AuthMechanism
{
    Auto,
    Plain,   ///< RFC 4616
    Login,   ///< the de-facto LOGIN mechanism
    XOAuth2, ///< the password is an OAuth 2 bearer token
};

/** What the account's URL points at. */
enum class AccountKind
{
    Smtp,   ///< smtp:// or smtps://
    Outbox, ///< outbox:///folder: the sandbox, writes .eml files, sends nothing
};

/**
 * A sending account: where and how to connect, whose password (by reference only),
 * and the limits the send engine keeps to. The password itself is never here:
 * secretRef names where it lives (see Secrets::SecretRef).
 */
struct Account
{
    Q_DECLARE_TR_FUNCTIONS(Account)

public:
    qint64 id = 0;
    QString name;
    QString url; ///< smtp://host[:port], smtps://host[:port] or outbox:///path
    QString username;
    QString secretRef; ///< stored form of Secrets::SecretRef; empty without AUTH
    TlsMode tls = TlsMode::StartTls;
    bool verifyPeer = true; ///< certificate and host name checks
    QString caFile;         ///< extra trust anchors (PEM) instead of the system store
    AuthMechanism auth = AuthMechanism::Auto;
    QString fromAddress; ///< default From, `Name <addr>` or `addr`; may be empty
    SendRate rate;       ///< unlimited by default
    int dailyCap = 0;    ///< messages per rolling 24 hours; 0 = no cap
    int maxConnections = 4;
    QList<int> warmup; ///< daily caps for day 1, 2, … of sending; empty = no warm-up
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;

    AccountKind kind() const;

    /** The folder of an outbox:// account (empty for SMTP). */
    QString outboxPath() const;

    /**
     * Checks every rule: a name usable in `--accounts A,B`, a well-formed URL without
     * credentials, a TLS mode that fits the scheme, sane limits, a parseable From.
     */
    Result<void> validate() const;

    /**
     * The daily cap on day @p dayIndex (0 = the first day the account sends): the
     * warm-up plan's entry while the plan lasts, never above dailyCap; then dailyCap.
     * 0 means no cap.
     */
    int dailyCapOnDay(int dayIndex) const;

    /** The TLS mode a URL gets when none is asked for: implicit for smtps://, else STARTTLS. */
    static TlsMode defaultTlsMode(const QString& url);

    static Result<TlsMode> parseTlsMode(const QString& text);
    static QString tlsModeName(TlsMode mode);
    static Result<AuthMechanism> parseAuthMechanism(const QString& text);
    static QString authMechanismName(AuthMechanism mechanism);

    /** Parses a warm-up plan `50,100,200,…` (each a positive daily cap). */
    static Result<QList<int>> parseWarmup(const QString& text);
    static QString warmupToString(const QList<int>& plan);
};

} // namespace Postroom::Send
