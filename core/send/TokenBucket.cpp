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
    // 50 ms worth of tokens: enough to absorb the loop's timer granularity, far
    // below what a provider would count as a burst.
    return TokenBucket(rate.perSecond(), rate.perSecond() / 20.0);
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
