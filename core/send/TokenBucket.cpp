#include "core/send/TokenBucket.h"

#include <algorithm>
#include <cmath>

namespace Postroom::Send {

TokenBucket::TokenBucket(double ratePerSecond, double burst)
    : m_rate(ratePerSecond), m_burst(std::max(1.0, burst))
{
}

TokenBucket TokenBucket::forRate(const SendRate& rate)
{
    if (rate.isUnlimited())
        return {};
    // 100 ms worth of tokens, at least 3: enough to absorb the loop's timer
    // granularity and scheduling delays on a busy machine (a bucket of 1 loses every
    // token that arrives while the loop is late), far below what a provider would
    // count as a burst (20/s can give at most 23 in any second).
    return TokenBucket(rate.perSecond(), std::max(3.0, rate.perSecond() / 10.0));
}

void TokenBucket::refill(qint64 nowMs)
{
    if (m_lastMs < 0 || nowMs < m_lastMs) {
        m_lastMs = nowMs;
        return;
    }
    m_tokens = std::min(m_burst, m_tokens + double(nowMs - m_lastMs) * m_rate / 1000.0);
    m_lastMs = nowMs;
}

bool TokenBucket::canTake(qint64 nowMs)
{
    if (isUnlimited())
        return true;
    refill(nowMs);
    return m_tokens >= 1.0;
}

bool TokenBucket::tryTake(qint64 nowMs)
{
    if (!canTake(nowMs))
        return false;
    if (!isUnlimited())
        m_tokens -= 1.0;
    return true;
}

qint64 TokenBucket::msUntilToken(qint64 nowMs)
{
    if (canTake(nowMs))
        return 0;
    return qint64(std::ceil((1.0 - m_tokens) * 1000.0 / m_rate));
}

} // namespace Postroom::Send
