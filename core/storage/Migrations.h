#pragma once

#include "core/common/Result.h"

#include <QSqlDatabase>

namespace Postroom::Storage {

/** The newest schema version this binary knows. */
int latestSchemaVersion();

/** The version recorded in @p db (0 for an empty file). */
Result<int> schemaVersionOf(QSqlDatabase db);

/**
 * Applies the numbered migrations above the file's version up to @p target, each in
 * its own transaction. Refuses a file whose version is above latestSchemaVersion().
 */
Result<void> migrate(QSqlDatabase db, int target);

} // namespace Postroom::Storage
