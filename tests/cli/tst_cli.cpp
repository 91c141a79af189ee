#include "tests/support/CliRunner.h"
#include <QSqlDatabase>
#include <QSqlQuery>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Postroom::Test;

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void helpAndVersion()
    {
        CliRunner cli(m_dir.filePath(QStringLiteral("h.sqlite")));
        const CliRun help = cli.runRaw({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("Usage: postroom-cli"));
        QVERIFY(help.out.contains("lists"));
        const CliRun version = cli.runRaw({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("postroom-cli " POSTROOM_VERSION));
        const CliRun subHelp =
            cli.run({QStringLiteral("lists"), QStringLiteral("ls"), QStringLiteral("--help")});
        QCOMPARE(subHelp.exitCode, 0);
        QVERIFY(subHelp.out.contains("--json"));
    }

    void listsCreateAndShowAsJson()
    {
        CliRunner cli(m_dir.filePath(QStringLiteral("x.sqlite")));
        QCOMPARE(cli.run({QStringLiteral("lists"), QStringLiteral("create"), QStringLiteral("A")})
                     .exitCode,
                 0);
        QCOMPARE(
            cli.run({QStringLiteral("lists"), QStringLiteral("create"), QStringLiteral("中文名单")})
                .exitCode,
            0);
        const CliRun ls =
            cli.run({QStringLiteral("lists"), QStringLiteral("ls"), QStringLiteral("--json")});
        QCOMPARE(ls.exitCode, 0);
        QVERIFY(ls.err.isEmpty());
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(ls.out, &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        const QJsonArray lists = doc.array();
        QCOMPARE(lists.size(), 2);
        QCOMPARE(lists.at(0).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("A"));
        QCOMPARE(lists.at(0).toObject().value(QStringLiteral("contacts")).toInt(-1), 0);
        QCOMPARE(lists.at(1).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("中文名单"));
        QCOMPARE(lists.at(0).toObject().keys(),
                 (QStringList{QStringLiteral("contacts"), QStringLiteral("name")}));
    }

    void duplicateListFailsWithOneLineError()
    {
        CliRunner cli(m_dir.filePath(QStringLiteral("dup.sqlite")));
        QCOMPARE(cli.run({QStringLiteral("lists"), QStringLiteral("create"), QStringLiteral("A")})
                     .exitCode,
                 0);
        const CliRun again =
            cli.run({QStringLiteral("lists"), QStringLiteral("create"), QStringLiteral("A")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.startsWith("postroom-cli: error: "));
        QCOMPARE(again.err.count('\n'), 1);
        QVERIFY(again.out.isEmpty());
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("unknown flag")
            << QStringList{QStringLiteral("lists"), QStringLiteral("ls"), QStringLiteral("--nope")};
        QTest::newRow("missing argument")
            << QStringList{QStringLiteral("lists"), QStringLiteral("create")};
        QTest::newRow("extra argument")
            << QStringList{QStringLiteral("lists"), QStringLiteral("create"), QStringLiteral("a"),
                           QStringLiteral("b")};
        QTest::newRow("unknown sub-command")
            << QStringList{QStringLiteral("lists"), QStringLiteral("drop")};
        QTest::newRow("--db without path") << QStringList{QStringLiteral("--db")};
    }

    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        CliRunner cli(m_dir.filePath(QStringLiteral("usage.sqlite")));
        const CliRun run = cli.runRaw(args);
        QCOMPARE(run.exitCode, 2);
        if (!args.isEmpty()) {
            QVERIFY2(run.err.startsWith("postroom-cli: error: "), run.err);
            QCOMPARE(run.err.count('\n'), 1);
        }
        QVERIFY(run.out.isEmpty());
    }

    void databaseFromEnvironmentAndFlag()
    {
        const QString fromEnv = m_dir.filePath(QStringLiteral("env.sqlite"));
        const QString fromFlag = m_dir.filePath(QStringLiteral("flag.sqlite"));
        CliRunner cli(fromFlag);
        cli.setEnv(QStringLiteral("POSTROOM_DB"), fromEnv);
        QCOMPARE(cli.runRaw({QStringLiteral("lists"), QStringLiteral("create"),
                             QStringLiteral("FromEnv")})
                     .exitCode,
                 0);
        QVERIFY(QFile::exists(fromEnv));
        QVERIFY(!QFile::exists(fromFlag));
        // --db wins over POSTROOM_DB, before or after the command.
        QCOMPARE(cli.runRaw({QStringLiteral("lists"), QStringLiteral("create"),
                             QStringLiteral("FromFlag"), QStringLiteral("--db"), fromFlag})
                     .exitCode,
                 0);
        const CliRun ls =
            cli.run({QStringLiteral("lists"), QStringLiteral("ls"), QStringLiteral("--json")});
        QCOMPARE(ls.json().array().size(), 1);
        QCOMPARE(ls.json().array().at(0).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("FromFlag"));
    }

    void defaultDatabaseInAppData()
    {
        QTemporaryDir home;
        CliRunner cli(QString{});
        cli.setEnv(QStringLiteral("POSTROOM_DB"), QString{});
        cli.setEnv(QStringLiteral("HOME"), home.path());
        cli.setEnv(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        QCOMPARE(cli.runRaw({QStringLiteral("lists"), QStringLiteral("create"),
                             QStringLiteral("Default")})
                     .exitCode,
                 0);
        QVERIFY(
            QFile::exists(home.filePath(QStringLiteral("data/Postroom/Postroom/postroom.sqlite"))));
    }

    void newerDatabaseIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("newer.sqlite"));
        CliRunner cli(path);
        QCOMPARE(cli.run({QStringLiteral("lists"), QStringLiteral("ls")}).exitCode, 0);
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        const CliRun refused = cli.run({QStringLiteral("lists"), QStringLiteral("ls")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("newer Postroom"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
