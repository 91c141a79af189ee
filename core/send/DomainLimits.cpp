#include "core/send/DomainLimits.h"

namespace Postroom::Send {

QList<Storage::DomainLimit> DomainLimits::defaults()
{
    // Conservative per-sender rates; the providers publish none, and all of them
    // defer (421/451) senders that open many connections or send in bursts. The
    // Chinese providers are the strictest. Change them in the domain_limits table.
    return {
        {QStringLiteral("gmail.com"), 10, 1, 4},  {QStringLiteral("googlemail.com"), 10, 1, 4},
        {QStringLiteral("outlook.com"), 5, 1, 2}, {QStringLiteral("hotmail.com"), 5, 1, 2},
        {QStringLiteral("live.com"), 5, 1, 2},    {QStringLiteral("qq.com"), 3, 1, 2},
        {QStringLiteral("foxmail.com"), 3, 1, 2}, {QStringLiteral("163.com"), 2, 1, 2},
        {QStringLiteral("126.com"), 2, 1, 2},     {QStringLiteral("yeah.net"), 2, 1, 2},
        {QStringLiteral("yahoo.com"), 5, 1, 2},
    };
}

DomainLimits::DomainLimits(const QList<Storage::DomainLimit>& configured)
{
    for (const Storage::DomainLimit& limit : defaults())
        m_limits.insert(limit.domain, limit);
    for (const Storage::DomainLimit& limit : configured)
        m_limits.insert(limit.domain.toLower(), limit);
}

Storage::DomainLimit DomainLimits::limitFor(const QString& domain) const
{
    const auto it = m_limits.constFind(domain);
    if (it == m_limits.constEnd())
        return Storage::DomainLimit{domain, 0, 1, 0};
    return *it;
}

} // namespace Postroom::Send
