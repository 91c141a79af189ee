#pragma once

#include "core/send/SendRate.h"

#include <QtGlobal>

namespace Postroom::Send {

/**
 * A token bucket for one account or one recipient domain: tokens refill at the rate,
 * the bucket holds at most a small burst (3 tokens, or 1/10 s of the rate when that is
 * more), so sending is smooth — a second never carries more than the rate plus that
 * margin. The bucket starts with one token. Unlimited when the rate is 0.
 */
class TokenBucket
{
public:
    TokenBucket() = default; ///< unlimited
    TokenBucket(double ratePerSecond, double burst);

    /** The bucket for @p rate with the default margin. */
    static TokenBucket forRate(const SendRate& rate);

    bool isUnlimited() const { return m_rate <= 0; }

    /** True when a token is there at @p nowMs (without taking it). */
    bool canTake(qint64 nowMs);

    /** Takes a token if there is one at @p nowMs. */
    bool tryTake(qint64 nowMs);

    /** Milliseconds from @p nowMs until a token is there (0 = now). */
    qint64 msUntilToken(qint64 nowMs);

    double ratePerSecond() const { return m_rate; }

private:
    void refill(qint64 nowMs);

    double m_rate = 0; // tokens per second; 0 = unlimited
    double m_burst = 1;
    double m_tokens = 1;
    qint64 m_lastMs = -1;
};

} // namespace Postroom::Send
