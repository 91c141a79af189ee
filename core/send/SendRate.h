#pragma once

#include "core/common/Result.h"

#include <QCoreApplication>
#include <QString>

namespace Postroom::Send {

/** A sending rate such as 20/s, 600/min or 5000/h; a zero count means unlimited. */
struct SendRate
{
    Q_DECLARE_TR_FUNCTIONS(SendRate)

public:
    int count = 0;         ///< messages per period; 0 = no limit
    int periodSeconds = 1; ///< 1, 60 or 3600

    bool isUnlimited() const { return count == 0; }

    /** Messages per second (0 when unlimited). */
    double perSecond() const { return isUnlimited() ? 0.0 : double(count) / periodSeconds; }

    /** Parses `N/s`, `N/min` or `N/h` (N ≥ 1), or `unlimited`. */
    static Result<SendRate> parse(const QString& text);

    /** The form parse() reads, e.g. `20/s`; `unlimited` for no limit. */
    QString toString() const;

    bool operator==(const SendRate& other) const = default;
};

} // namespace Postroom::Send
