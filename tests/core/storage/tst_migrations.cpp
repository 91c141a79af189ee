#include "core/storage/Database.h"
#include "core/storage/Migrations.h"

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Storage;

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void freshFileGetsLatestSchema()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("sub/dir/fresh.sqlite")));
        QVERIFY2(db.ok(), db ? "" : qPrintable(db.error().describe()));
        auto version = (*db)->schemaVersion();
        QVERIFY(version.ok());
        QCOMPARE(*version, latestSchemaVersion());
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("sub/dir/fresh.sqlite"))));

        const QStringList tables = (*db)->connection().tables();
        for (const char* table : {"contacts", "lists", "list_members", "suppressions", "templates",
                                  "accounts", "campaigns", "messages", "events", "settings"})
            QVERIFY2(tables.contains(QLatin1String(table)), table);
    }

    void connectionIsConfigured()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("p.sqlite")));
        QVERIFY(db.ok());
        QSqlQuery query((*db)->connection());
        QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(query.exec(QStringLiteral("PRAGMA foreign_keys")) && query.next());
        QCOMPARE(query.value(0).toInt(), 1);
        QVERIFY(query.exec(QStringLiteral("PRAGMA busy_timeout")) && query.next());
        QVERIFY(query.value(0).toInt() >= 5000);
        QVERIFY(query.exec(QStringLiteral("PRAGMA synchronous")) && query.next());
        QCOMPARE(query.value(0).toInt(), 2); // FULL
    }

    void olderFileIsUpgradedKeepingData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.sqlite"));
        {
            auto old = Database::openAtVersion(path, 1);
            QVERIFY(old.ok());
            QCOMPARE(*(*old)->schemaVersion(), 1);
            QVERIFY(!(*old)->connection().tables().contains(QStringLiteral("campaigns")));
            QSqlQuery query((*old)->connection());
            QVERIFY(query.exec(
                QStringLiteral("INSERT INTO lists (name, created_at) VALUES ('Kept', 1)")));
        }
        auto upgraded = Database::open(path);
        QVERIFY(upgraded.ok());
        QCOMPARE(*(*upgraded)->schemaVersion(), latestSchemaVersion());
        QVERIFY((*upgraded)->connection().tables().contains(QStringLiteral("campaigns")));
        QSqlQuery query((*upgraded)->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT name FROM lists")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("Kept"));
    }

    void nameIndexesAreReplaced()
    {
        QTemporaryDir dir;
        const auto indexes = [](const DatabasePtr& db) {
            QSqlQuery query(db->connection());
            query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                      "tbl_name = 'contacts' AND name LIKE 'contacts_by_%' "
                                      "ORDER BY name"));
            QStringList names;
            while (query.next())
                names << query.value(0).toString();
            return names;
        };
        for (const bool crashedImport : {false, true}) {
            const QString path = dir.filePath(QStringLiteral("v2-%1.sqlite").arg(crashedImport));
            {
                auto old = Database::openAtVersion(path, 2);
                QVERIFY(old.ok());
                QCOMPARE(indexes(*old), (QStringList{QStringLiteral("contacts_by_first_lower"),
                                                     QStringLiteral("contacts_by_last_lower"),
                                                     QStringLiteral("contacts_by_name")}));
                QSqlQuery query((*old)->connection());
                QVERIFY(query.exec(QStringLiteral(
                    "INSERT INTO contacts (email, email_key, first_name, last_name, created_at,"
                    " updated_at) VALUES ('a@example.com', 'a@example.com', 'Ann', 'Lee', 1, 1)")));
                // An import under schema 2 that crashed had dropped them.
                if (crashedImport)
                    QVERIFY(query.exec(QStringLiteral("DROP INDEX contacts_by_name")) &&
                            query.exec(QStringLiteral("DROP INDEX contacts_by_first_lower")));
            }
            auto upgraded = Database::open(path);
            QVERIFY(upgraded.ok());
            QCOMPARE(indexes(*upgraded), (QStringList{QStringLiteral("contacts_by_first_last"),
                                                      QStringLiteral("contacts_by_last_first")}));
            QSqlQuery query((*upgraded)->connection());
            QVERIFY(query.exec(QStringLiteral("SELECT first_name FROM contacts")) && query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("Ann"));
        }
    }

    void reopeningIsIdempotent()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("twice.sqlite"));
        QVERIFY(Database::open(path).ok());
        auto again = Database::open(path);
        QVERIFY(again.ok());
        QSqlQuery query((*again)->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")) &&
                query.next());
        QCOMPARE(query.value(0).toInt(), latestSchemaVersion());
    }

    void newerSchemaIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("newer.sqlite"));
        {
            auto db = Database::open(path);
            QVERIFY(db.ok());
            QSqlQuery query((*db)->connection());
            query.prepare(QStringLiteral(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)"));
            query.addBindValue(latestSchemaVersion() + 1);
            QVERIFY(query.exec());
        }
        auto refused = Database::open(path);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::SchemaTooNew);
        QVERIFY(refused.error().message.contains(QStringLiteral("newer")));
    }

    void unreadableFileIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("garbage.sqlite"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        auto db = Database::open(path);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().code, ErrorCode::Storage);
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
