#pragma once

#include <QDateTime>

namespace Postroom {

/** Timestamps are stored as milliseconds since the Unix epoch (portable to PostgreSQL BIGINT). */
inline qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace Postroom
