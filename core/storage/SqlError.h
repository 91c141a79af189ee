#pragma once

#include "core/common/Result.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Postroom::Storage {

/** A storage Error from a failed query, naming what we were doing. */
inline Error sqlError(const QString& doing, const QSqlError& error)
{
    return makeError(ErrorCode::Storage, doing, error.text());
}

inline Error sqlError(const QString& doing, const QSqlQuery& query)
{
    return sqlError(doing, query.lastError());
}

/** True when the failure is a UNIQUE constraint (SQLite extended code 2067, or 1555 for a PK). */
inline bool isUniqueViolation(const QSqlError& error)
{
    const QString code = error.nativeErrorCode();
    return code == QLatin1String("2067") || code == QLatin1String("1555") ||
           code == QLatin1String("23505"); // PostgreSQL unique_violation
}

} // namespace Postroom::Storage
