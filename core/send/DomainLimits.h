#pragma once

#include "core/storage/MessageRepository.h"

#include <QHash>
#include <QList>
#include <QString>

namespace Postroom::Send {

/**
 * Per-recipient-domain limits that apply across all accounts: the built-in defaults
 * for the big mailbox providers, overridden (or lifted, with a rate of 0) by rows of
 * the domain_limits table.
 */
class DomainLimits
{
public:
    /** The built-in defaults: gmail.com, qq.com, 163.com, outlook.com, hotmail.com, … */
    static QList<Storage::DomainLimit> defaults();

    /** Defaults overridden by @p configured (the table's rows). */
    explicit DomainLimits(const QList<Storage::DomainLimit>& configured);

    /** The limit for @p domain (lower-case); rateCount 0 means none. */
    Storage::DomainLimit limitFor(const QString& domain) const;

private:
    QHash<QString, Storage::DomainLimit> m_limits;
};

} // namespace Postroom::Send
