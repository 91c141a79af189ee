#include "core/send/Account.h"

#include "core/mime/MailAddress.h"

#include <QStringList>

#include <algorithm>

namespace Postroom::Send {
namespace {

constexpr int kMaxConnections = 100;
constexpr int kMaxWarmupDays = 366;

Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

bool hasControlCharacters(const QString& text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
}

Result<void> validateUrl(const Account& account)
{
    const QUrl url(account.url, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || scheme.isEmpty())
        return invalid(Account::tr("\"%1\" is not a URL; write smtp://host:port, "
                                   "smtps://host:port or outbox:///path/to/folder.")
                           .arg(account.url));
    if (!url.userInfo().isEmpty())
        return invalid(Account::tr("Put the user name in --user and the password in "
                                   "--password-env or --password-stdin, not in the URL."));
    if (url.hasQuery() || url.hasFragment())
        return invalid(Account::tr("An account URL takes no query or fragment."));
    if (scheme == QLatin1String("outbox")) {
        if (!url.host().isEmpty() || !url.path().startsWith(QLatin1Char('/')) ||
            url.path().size() < 2)
            return invalid(Account::tr("An outbox URL names an absolute folder: "
                                       "outbox:///path/to/folder."));
        return {};
    }
    if (scheme != QLatin1String("smtp") && scheme != QLatin1String("smtps"))
        return invalid(Account::tr("Unknown account URL scheme \"%1\"; use smtp, smtps or outbox.")
                           .arg(scheme));
    if (url.host().isEmpty())
        return invalid(Account::tr("The URL %1 names no server.").arg(account.url));
    if (!url.path().isEmpty() && url.path() != QLatin1String("/"))
        return invalid(Account::tr("An SMTP URL takes no path: smtp://host:port."));
    return {};
}

Result<void> validateTls(const Account& account)
{
    const QString scheme = QUrl(account.url).scheme();
    if (account.kind() == AccountKind::Outbox)
        return {};
    if (scheme == QLatin1String("smtps") && account.tls != TlsMode::Implicit)
        return invalid(Account::tr("An smtps:// URL always uses implicit TLS; for STARTTLS or "
                                   "no TLS use smtp://."));
    if (scheme == QLatin1String("smtp") && account.tls == TlsMode::Implicit)
        return invalid(Account::tr("Implicit TLS needs an smtps:// URL (usually port 465)."));
    if (account.tls == TlsMode::None && !account.verifyPeer)
        return invalid(Account::tr("--insecure-skip-verify makes no sense without TLS."));
    return {};
}

Result<void> validateLimits(const Account& account)
{
    if (account.rate.count < 0 ||
        (account.rate.periodSeconds != 1 && account.rate.periodSeconds != 60 &&
         account.rate.periodSeconds != 3600))
        return invalid(Account::tr("The rate must be N/s, N/min or N/h."));
    if (account.dailyCap < 0)
        return invalid(Account::tr("The daily cap cannot be negative."));
    if (account.maxConnections < 1 || account.maxConnections > kMaxConnections)
        return invalid(Account::tr("The number of connections must be between 1 and %1.")
                           .arg(kMaxConnections));
    if (account.warmup.size() > kMaxWarmupDays)
        return invalid(Account::tr("A warm-up plan covers at most %1 days.").arg(kMaxWarmupDays));
    if (std::any_of(account.warmup.cbegin(), account.warmup.cend(), [](int n) { return n < 1; }))
        return invalid(Account::tr("Each day of a warm-up plan needs a cap of at least 1."));
    return {};
}

} // namespace

AccountKind Account::kind() const
{
    return QUrl(url).scheme() == QLatin1String("outbox") ? AccountKind::Outbox : AccountKind::Smtp;
}

QString Account::outboxPath() const
{
    return kind() == AccountKind::Outbox ? QUrl(url).path() : QString();
}

Result<void> Account::validate() const
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return invalid(tr("An account needs a name."));
    // A comma would split the name in `campaigns create --accounts A,B`.
    if (trimmed != name || name.size() > 100 || hasControlCharacters(name) ||
        name.contains(QLatin1Char(',')))
        return invalid(tr("An account name must be at most 100 characters, on one line, "
                          "without commas or surrounding spaces."));
    for (auto check : {validateUrl, validateTls, validateLimits}) {
        if (auto checked = check(*this); !checked)
            return checked;
    }
    if (username.size() > 500 || hasControlCharacters(username))
        return invalid(tr("The user name must be one line."));
    if (!secretRef.isEmpty() && username.isEmpty())
        return invalid(tr("A password needs a user name (--user)."));
    if (auth != AuthMechanism::Auto && username.isEmpty())
        return invalid(tr("An AUTH mechanism needs a user name (--user)."));
    if (!fromAddress.isEmpty()) {
        const auto from = Mime::MailAddress::parse(fromAddress);
        if (!from)
            return invalid(tr("The From address is not valid: %1").arg(from.error().describe()));
    }
    if (caFile.contains(QLatin1Char('\n')))
        return invalid(tr("The CA file name must be one line."));
    return {};
}

int Account::dailyCapOnDay(int dayIndex) const
{
    if (dayIndex < 0 || dayIndex >= warmup.size())
        return dailyCap;
    const int planned = warmup.at(dayIndex);
    return dailyCap > 0 ? std::min(planned, dailyCap) : planned;
}

TlsMode Account::defaultTlsMode(const QString& url)
{
    const QString scheme = QUrl(url).scheme();
    if (scheme == QLatin1String("smtps"))
        return TlsMode::Implicit;
    if (scheme == QLatin1String("outbox"))
        return TlsMode::None;
    return TlsMode::StartTls;
}

Result<TlsMode> Account::parseTlsMode(const QString& text)
{
    for (TlsMode mode : {TlsMode::StartTls, TlsMode::Implicit, TlsMode::None}) {
        if (text == tlsModeName(mode))
            return mode;
    }
    return invalid(tr("\"%1\" is not a TLS mode; use starttls, implicit or none.").arg(text));
}

QString Account::tlsModeName(TlsMode mode)
{
    switch (mode) {
    case TlsMode::StartTls:
        return QStringLiteral("starttls");
    case TlsMode::Implicit:
        return QStringLiteral("implicit");
    case TlsMode::None:
        break;
    }
    return QStringLiteral("none");
}

Result<AuthMechanism> Account::parseAuthMechanism(const QString& text)
{
    for (AuthMechanism mechanism : {AuthMechanism::Auto, AuthMechanism::Plain, AuthMechanism::Login,
                                    AuthMechanism::XOAuth2}) {
        if (text.toLower() == authMechanismName(mechanism))
            return mechanism;
    }
    return invalid(
        tr("\"%1\" is not an AUTH mechanism; use auto, plain, login or xoauth2.").arg(text));
}

QString Account::authMechanismName(AuthMechanism mechanism)
{
    switch (mechanism) {
    case AuthMechanism::Plain:
        return QStringLiteral("plain");
    case AuthMechanism::Login:
        return QStringLiteral("login");
    case AuthMechanism::XOAuth2:
        return QStringLiteral("xoauth2");
    case AuthMechanism::Auto:
        break;
    }
    return QStringLiteral("auto");
}

Result<QList<int>> Account::parseWarmup(const QString& text)
{
    QList<int> plan;
    if (text.trimmed().isEmpty())
        return plan;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const int cap = part.trimmed().toInt(&ok);
        if (!ok || cap < 1)
            return invalid(tr("\"%1\" is not a warm-up plan: write daily caps such as "
                              "50,100,200,400.")
                               .arg(text));
        plan.append(cap);
    }
    return plan;
}

QString Account::warmupToString(const QList<int>& plan)
{
    QStringList parts;
    for (int cap : plan)
        parts.append(QString::number(cap));
    return parts.join(QLatin1Char(','));
}

} // namespace Postroom::Send
