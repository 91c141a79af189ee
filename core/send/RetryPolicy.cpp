#include "core/send/RetryPolicy.h"

#include <algorithm>

namespace Postroom::Send {

qint64 RetryPolicy::delayMs(int attemptsMade, double jitter) const
{
    const int doublings = std::clamp(attemptsMade - 1, 0, 30);
    const double plain = std::min(double(m_baseMs) * double(qint64(1) << doublings),
                                  double(std::max(m_expiryMs, m_baseMs)));
    return std::max<qint64>(1, qint64(plain * (0.75 + 0.5 * jitter)));
}

ResultAction RetryPolicy::classify(const DeliveryResult& result)
{
    if (result.ok())
        return ResultAction::Sent;
    if (result.isAccountFailure())
        return ResultAction::AccountDown;
    const QString reply = result.reply.toLower();
    // RFC 5321 §4.2.3: 421 closes the session ("service not available"); 454 is a
    // temporary TLS/auth problem; providers say "slow down" or "too many" in 4xx
    // replies when a sender exceeds their rate. None of it is the recipient's fault.
    const bool slowDown =
        result.smtpCode >= 400 && result.smtpCode < 500 &&
        (reply.contains(QLatin1String("slow down")) || reply.contains(QLatin1String("too many")) ||
         reply.contains(QLatin1String("rate limit")));
    if (result.smtpCode == 421 || result.smtpCode == 454 || slowDown)
        return ResultAction::BackPressure;
    switch (result.outcome) {
    case DeliveryOutcome::Dns:
    case DeliveryOutcome::Refused:
        return ResultAction::BackPressure; // the server is not there: nothing to do with the
                                           // recipient
    case DeliveryOutcome::Timeout:
        // Never greeted: the account's server is stuck. Later on, the message may have
        // been taken, so it is retried like any transient failure.
        return result.stage == SmtpStage::Connect || result.stage == SmtpStage::Greeting
                   ? ResultAction::BackPressure
                   : ResultAction::Retry;
    case DeliveryOutcome::Transient:
        return ResultAction::Retry;
    case DeliveryOutcome::Permanent:
        return result.stage == SmtpStage::RcptTo || result.stage == SmtpStage::Data
                   ? ResultAction::Bounce
                   : ResultAction::Fail;
    default:
        return ResultAction::Fail;
    }
}

QString RetryPolicy::bounceKind(int smtpCode, const QString& enhancedStatus)
{
    const QStringList parts = enhancedStatus.split(QLatin1Char('.'));
    if (parts.size() == 3 && parts.at(0) == QLatin1String("5")) {
        const bool hard = parts.at(1) == QLatin1String("1") ||
                          (parts.at(1) == QLatin1String("2") && parts.at(2) == QLatin1String("1"));
        return hard ? QStringLiteral("hard") : QStringLiteral("soft");
    }
    if (parts.size() == 3)
        return QStringLiteral("soft");
    return smtpCode == 550 || smtpCode == 551 || smtpCode == 553 ? QStringLiteral("hard")
                                                                 : QStringLiteral("soft");
}

} // namespace Postroom::Send
