#include "core/send/SendRate.h"

#include <QRegularExpression>

namespace Postroom::Send {

Result<SendRate> SendRate::parse(const QString& text)
{
    const QString trimmed = text.trimmed().toLower();
    if (trimmed == QLatin1String("unlimited"))
        return SendRate{};
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,9})\\s*/\\s*(s|min|h)$"));
    const auto match = pattern.match(trimmed);
    const int count = match.hasMatch() ? match.captured(1).toInt() : 0;
    if (count < 1)
        return makeError(
            ErrorCode::InvalidInput,
            tr("\"%1\" is not a rate: write N/s, N/min or N/h with N at least 1.").arg(text));
    const QString unit = match.captured(2);
    const int period = unit == QLatin1String("s") ? 1 : unit == QLatin1String("min") ? 60 : 3600;
    return SendRate{count, period};
}

QString SendRate::toString() const
{
    if (isUnlimited())
        return QStringLiteral("unlimited");
    const char* unit = periodSeconds == 1 ? "s" : periodSeconds == 60 ? "min" : "h";
    return QStringLiteral("%1/%2").arg(count).arg(QLatin1String(unit));
}

} // namespace Postroom::Send
