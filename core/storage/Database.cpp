#include "core/storage/Database.h"

#include "core/common/Log.h"
#include "core/storage/Migrations.h"
#include "core/storage/SqlError.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>
#include <QSqlQuery>

#include <sqlite3.h>

#include <mutex>

namespace Postroom::Storage {
namespace {

QAtomicInteger<quint64> g_instanceCounter;
QAtomicInteger<quint64> g_threadCounter;

// The calling thread's connections, named by a number no later thread reuses (a thread's
// address may be: a connection belongs to the thread that opened it) and removed when
// the thread ends, so a sender thread per campaign run leaves nothing open behind it.
struct ThreadConnections
{
    quint64 id = ++g_threadCounter;
    QStringList names;

    ~ThreadConnections()
    {
        // At process exit the Database objects have removed theirs already.
        if (!QCoreApplication::instance())
            return;
        for (const QString& name : std::as_const(names)) {
            if (QSqlDatabase::contains(name))
                QSqlDatabase::removeDatabase(name);
        }
    }
};
thread_local ThreadConnections t_connections;

// Per-connection settings. WAL lets readers run beside the sender; FULL sync makes a
// committed queue state survive power loss; the busy timeout lets a second process
// (another CLI, the GUI) wait for the writer instead of failing.
const char* const kPragmas[] = {
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
};

// SQLite's memory statistics (sqlite3_status, the soft heap limit) take a global mutex
// on every allocation; nothing here reads them, and in a million-row import that mutex
// was 4% of the CPU time. Off once, before the first connection: sqlite3_config() answers
// SQLITE_MISUSE once the library is initialised (another SQLite user in the process
// opened a connection first), and then the statistics simply stay on.
void disableMemoryStatistics()
{
    static std::once_flag once;
    std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

} // namespace

Database::Database(QString path)
    : m_path(std::move(path)),
      m_connectionPrefix(QStringLiteral("postroom-%1-").arg(++g_instanceCounter))
{
}

Database::~Database()
{
    QMutexLocker lock(&m_mutex);
    for (const QString& name : std::as_const(m_connectionNames))
        QSqlDatabase::removeDatabase(name);
}

Result<std::shared_ptr<Database>> Database::open(const QString& path)
{
    return openAtVersion(path, latestSchemaVersion());
}

Result<std::shared_ptr<Database>> Database::openAtVersion(const QString& path, int version)
{
    disableMemoryStatistics();
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return makeError(ErrorCode::Io, QCoreApplication::translate(
                                            "Postroom::Storage", "Cannot create the folder for %1")
                                            .arg(QDir::toNativeSeparators(info.absolutePath())));
    }
    std::shared_ptr<Database> db(new Database(info.absoluteFilePath()));
    QSqlDatabase connection = db->connection();
    if (!connection.isOpen()) {
        return makeError(
            ErrorCode::Storage,
            QCoreApplication::translate("Postroom::Storage", "Cannot open the database %1")
                .arg(QDir::toNativeSeparators(info.absoluteFilePath())),
            connection.lastError().text());
    }
    if (auto migrated = migrate(connection, version); !migrated)
        return migrated.error();
    return db;
}

QSqlDatabase Database::connection() const
{
    const QString name = m_connectionPrefix + QString::number(t_connections.id);
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, false);
    t_connections.names.append(name);
    if (auto opened = openConnection(name); !opened)
        qCWarning(lcStorage) << opened.error().describe();
    return QSqlDatabase::database(name, false);
}

Result<void> Database::openConnection(const QString& name) const
{
    {
        QMutexLocker lock(&m_mutex);
        m_connectionNames.append(name);
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    if (!db.open())
        return sqlError(QStringLiteral("Cannot open %1").arg(m_path), db.lastError());
    QSqlQuery query(db);
    for (const char* pragma : kPragmas) {
        if (!query.exec(QString::fromLatin1(pragma)))
            return sqlError(QStringLiteral("Cannot configure the database"), query);
    }
    return {};
}

Result<int> Database::schemaVersion() const
{
    return schemaVersionOf(connection());
}

} // namespace Postroom::Storage
