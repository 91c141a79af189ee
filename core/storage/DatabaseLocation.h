#pragma once

#include <QString>

namespace Postroom::Storage {

/**
 * Where the database lives: the explicit path if given (--db), else $POSTROOM_DB,
 * else postroom.sqlite in QStandardPaths::AppDataLocation. The CLI and GUI share this.
 */
QString resolveDatabasePath(const QString& explicitPath);

} // namespace Postroom::Storage
