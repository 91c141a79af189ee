#include "core/storage/DatabaseLocation.h"

#include <QDir>
#include <QStandardPaths>

namespace Postroom::Storage {

QString resolveDatabasePath(const QString& explicitPath)
{
    if (!explicitPath.isEmpty())
        return explicitPath;
    const QString fromEnvironment = qEnvironmentVariable("POSTROOM_DB");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("postroom.sqlite"));
}

} // namespace Postroom::Storage
