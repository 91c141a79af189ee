#include "core/send/DeliveryResult.h"

#include <QRegularExpression>

namespace Postroom::Send {

bool DeliveryResult::isRetryable() const
{
    switch (outcome) {
    case DeliveryOutcome::Transient:
    case DeliveryOutcome::Dns:
    case DeliveryOutcome::Refused:
    case DeliveryOutcome::Timeout:
        return true;
    default:
        return false;
    }
}

bool DeliveryResult::isAccountFailure() const
{
    return outcome == DeliveryOutcome::AuthFailure || outcome == DeliveryOutcome::TlsFailure ||
           outcome == DeliveryOutcome::CertificateFailure;
}

QString DeliveryResult::kindName() const
{
    switch (outcome) {
    case DeliveryOutcome::Success:
        return QStringLiteral("ok");
    case DeliveryOutcome::Transient:
        return QStringLiteral("transient");
    case DeliveryOutcome::Permanent:
        return QStringLiteral("permanent");
    case DeliveryOutcome::AuthFailure:
        return QStringLiteral("auth");
    case DeliveryOutcome::TlsFailure:
        return QStringLiteral("tls");
    case DeliveryOutcome::CertificateFailure:
        return QStringLiteral("certificate");
    case DeliveryOutcome::Dns:
        return QStringLiteral("dns");
    case DeliveryOutcome::Refused:
        return QStringLiteral("refused");
    case DeliveryOutcome::Timeout:
        return QStringLiteral("timeout");
    case DeliveryOutcome::LocalError:
        break;
    }
    return QStringLiteral("local");
}

QString DeliveryResult::stageName() const
{
    static const char* const names[] = {"connect", "greeting", "ehlo", "starttls",
                                        "auth",    "mail",     "rcpt", "data",
                                        "command", "quit",     "local"};
    return QString::fromLatin1(names[int(stage)]);
}

QString DeliveryResult::describe() const
{
    QString what;
    switch (outcome) {
    case DeliveryOutcome::Success:
        what = tr("accepted");
        break;
    case DeliveryOutcome::Transient:
        what = tr("temporary failure");
        break;
    case DeliveryOutcome::Permanent:
        what = tr("rejected");
        break;
    case DeliveryOutcome::AuthFailure:
        what = tr("authentication failed");
        break;
    case DeliveryOutcome::TlsFailure:
        what = tr("TLS failed");
        break;
    case DeliveryOutcome::CertificateFailure:
        what = tr("the server's certificate is not trusted");
        break;
    case DeliveryOutcome::Dns:
        what = tr("the server's name does not resolve");
        break;
    case DeliveryOutcome::Refused:
        what = tr("the connection was refused");
        break;
    case DeliveryOutcome::Timeout:
        what = tr("the server did not answer in time");
        break;
    case DeliveryOutcome::LocalError:
        what = tr("local failure");
        break;
    }
    QString line = tr("%1 (at %2)").arg(what, stageName());
    if (smtpCode > 0)
        line += QStringLiteral(": %1 %2").arg(smtpCode).arg(reply);
    if (!detail.isEmpty())
        line += QStringLiteral(" [%1]").arg(detail);
    return line;
}

QString DeliveryResult::enhancedStatusOf(const QString& text)
{
    // RFC 3463 §2: class "." subject "." detail; class is 2, 4 or 5, subject up to
    // three digits, detail up to three digits.
    static const QRegularExpression pattern(
        QStringLiteral("^([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b"));
    const auto match = pattern.match(text.trimmed());
    return match.hasMatch() ? match.captured(0) : QString();
}

DeliveryResult DeliveryResult::fromReply(int code, const QString& text, SmtpStage stage)
{
    DeliveryResult result;
    result.stage = stage;
    result.smtpCode = code;
    result.reply = text.trimmed();
    result.enhancedStatus = enhancedStatusOf(result.reply);
    if (code >= 200 && code < 400)
        result.outcome = DeliveryOutcome::Success;
    else if (code == 530 || code == 534 || code == 535 || code == 538 ||
             (stage == SmtpStage::Auth && code >= 500))
        // RFC 4954 §6: authentication required / too weak / credentials invalid /
        // encryption required. The account is at fault, not the recipient.
        result.outcome = DeliveryOutcome::AuthFailure;
    else if (code >= 400 && code < 500)
        result.outcome = DeliveryOutcome::Transient;
    else
        result.outcome = DeliveryOutcome::Permanent;
    return result;
}

DeliveryResult DeliveryResult::failure(DeliveryOutcome outcome, SmtpStage stage, QString detail)
{
    DeliveryResult result;
    result.outcome = outcome;
    result.stage = stage;
    result.detail = std::move(detail);
    return result;
}

} // namespace Postroom::Send
