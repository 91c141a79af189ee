#pragma once

#include "core/common/Result.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

namespace Postroom::Storage {

/**
 * The Postroom database: one SQLite file in WAL mode, migrated on open.
 * Each thread gets its own connection (Qt SQL connections are thread-bound);
 * repositories ask for it with connection(). Only repositories touch SQL.
 */
class Database
{
public:
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /** Opens (creating if missing) and migrates the file; refuses a newer schema. */
    static Result<std::shared_ptr<Database>> open(const QString& path);

    /** Opens and migrates only up to @p version; for tests of upgrades. */
    static Result<std::shared_ptr<Database>> openAtVersion(const QString& path, int version);

    /** The connection for the calling thread, opened on first use. */
    QSqlDatabase connection() const;

    QString path() const { return m_path; }

    /** The schema version the file is at now. */
    Result<int> schemaVersion() const;

private:
    explicit Database(QString path);
    Result<void> openConnection(const QString& name) const;

    QString m_path;
    QString m_connectionPrefix;
    mutable QMutex m_mutex;
    mutable QStringList m_connectionNames;
};

using DatabasePtr = std::shared_ptr<Database>;

} // namespace Postroom::Storage
