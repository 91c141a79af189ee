#pragma once

#include "core/send/DeliveryResult.h"

#include <QString>

namespace Postroom::Send {

/** What the engine does with one delivery result. */
enum class ResultAction
{
    Sent,
    Retry,        ///< 4xx or a network fault mid-session: again later (RFC 5321 §4.5.4.1)
    Bounce,       ///< 5xx at RCPT or DATA: permanent for this recipient
    Fail,         ///< permanent but not the recipient's (5xx at MAIL, local error)
    BackPressure, ///< the server asks us to slow down (421, 454, "slow down"): the account waits
    AccountDown,  ///< the account cannot be used (auth, TLS, certificate): out of the campaign
};

/**
 * Retry timing and result classification. Retries back off exponentially from the
 * base (base, 2×, 4×, …) with ±25 % jitter so that a crowd of deferred messages
 * does not return in one wave, until the expiry counted from the first attempt.
 */
class RetryPolicy
{
public:
    RetryPolicy(qint64 baseMs, qint64 expiryMs) : m_baseMs(baseMs), m_expiryMs(expiryMs) {}

    /** The delay before attempt number @p attemptsMade + 1; @p jitter in [0, 1). */
    qint64 delayMs(int attemptsMade, double jitter) const;

    /** True when a retry due at @p nextMs is past the expiry for a first attempt at @p firstMs. */
    bool expired(qint64 firstMs, qint64 nextMs) const { return nextMs - firstMs > m_expiryMs; }

    /** Decides what @p result means for the message and the account. */
    static ResultAction classify(const DeliveryResult& result);

    /**
     * "hard" or "soft" for a permanent failure (RFC 3463 §3): addressing (X.1.x) and
     * a disabled mailbox (X.2.1) are hard; a full mailbox (X.2.2), policy (X.7.x) and
     * everything else are soft. Without an enhanced code, 550/551/553 are hard.
     */
    static QString bounceKind(int smtpCode, const QString& enhancedStatus);

private:
    qint64 m_baseMs;
    qint64 m_expiryMs;
};

} // namespace Postroom::Send
