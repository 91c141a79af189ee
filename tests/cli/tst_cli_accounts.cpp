// postroom-cli accounts add|ls|test|rm: exit codes, JSON, and secrets that never
// reach the command line, the database file or the output.
#include "tests/support/CliRunner.h"
#include "tests/support/FakeSmtpServer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Postroom::Test;

namespace {

const QByteArray kSecret = "Sup3r-Secret-Pa55-7f3a";

QStringList args(const char* line)
{
    return QString::fromUtf8(line).split(u' ', Qt::SkipEmptyParts);
}

} // namespace

class TestCliAccounts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_count = 0;

    // A fresh database per test; a bogus D-Bus address so "no keychain" is certain.
    std::unique_ptr<CliRunner> freshCli()
    {
        ++m_count;
        auto cli = std::make_unique<CliRunner>(dbPath());
        cli->setEnv(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                    QStringLiteral("unix:path=/nonexistent/postroom-test-bus"));
        cli->setEnv(QStringLiteral("POSTROOM_SECRET_STORE"), QString());
        return cli;
    }

    QString dbPath() const { return m_dir.filePath(QStringLiteral("db%1.sqlite").arg(m_count)); }

    // Every file SQLite may have written the data to.
    QByteArray databaseBytes() const
    {
        QByteArray bytes;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            QFile file(dbPath() + QLatin1String(suffix));
            if (file.open(QIODevice::ReadOnly))
                bytes += file.readAll();
        }
        return bytes;
    }

    QJsonArray accountsJson(const CliRunner& cli)
    {
        const CliRun ls = cli.run(args("accounts ls --json"));
        [&] { QCOMPARE(ls.exitCode, 0); }();
        return ls.json().array();
    }

private slots:
    void addAndList()
    {
        auto cli = freshCli();
        const QString outbox = m_dir.filePath(QStringLiteral("outbox"));
        QCOMPARE(
            cli->run(args("accounts add sandbox --url") << QStringLiteral("outbox://") + outbox)
                .exitCode,
            0);
        CliRun add =
            cli->run(args("accounts add relay --url smtp://mail.example.org:587 --user "
                          "me@example.org --password-env SMTP_PASS --rate 600/min "
                          "--daily 10000 --connections 8 --warmup 50,100,200 --json")
                     << QStringLiteral("--from") << QStringLiteral("Shop <news@example.org>"));
        QVERIFY2(add.exitCode == 0, add.err.constData());
        QCOMPARE(add.json().object().value(QStringLiteral("name")).toString(),
                 QStringLiteral("relay"));
        QVERIFY(add.err.contains("SMTP_PASS is not set now"));
        QCOMPARE(cli->run(args("accounts add tls465 --url smtps://mail.example.org")).exitCode, 0);
        QCOMPARE(cli->run(args("accounts add plain --url smtp://relay.lan:25 --tls none")).exitCode,
                 0);

        const QJsonArray accounts = accountsJson(*cli);
        QCOMPARE(accounts.size(), 4);
        QJsonObject byName[4];
        for (const auto& value : accounts) {
            const QJsonObject a = value.toObject();
            const QString name = a.value(QStringLiteral("name")).toString();
            const int i = name == QLatin1String("plain")     ? 0
                          : name == QLatin1String("relay")   ? 1
                          : name == QLatin1String("sandbox") ? 2
                                                             : 3;
            byName[i] = a;
        }
        const QJsonObject relay = byName[1];
        QCOMPARE(relay.value(QStringLiteral("tls")).toString(), QStringLiteral("starttls"));
        QCOMPARE(relay.value(QStringLiteral("verify_peer")).toBool(), true);
        QCOMPARE(relay.value(QStringLiteral("secret_ref")).toString(),
                 QStringLiteral("env:SMTP_PASS"));
        QCOMPARE(relay.value(QStringLiteral("rate")).toString(), QStringLiteral("600/min"));
        QCOMPARE(relay.value(QStringLiteral("daily")).toInt(), 10000);
        QCOMPARE(relay.value(QStringLiteral("connections")).toInt(), 8);
        QCOMPARE(relay.value(QStringLiteral("warmup")).toArray(), QJsonArray({50, 100, 200}));
        QCOMPARE(relay.value(QStringLiteral("from")).toString(),
                 QStringLiteral("Shop <news@example.org>"));
        QCOMPARE(byName[0].value(QStringLiteral("tls")).toString(), QStringLiteral("none"));
        QCOMPARE(byName[2].value(QStringLiteral("kind")).toString(), QStringLiteral("outbox"));
        QCOMPARE(byName[3].value(QStringLiteral("tls")).toString(), QStringLiteral("implicit"));

        const CliRun plain = cli->run(args("accounts ls"));
        QCOMPARE(plain.exitCode, 0);
        QVERIFY(plain.out.contains("relay\tsmtp://mail.example.org:587\tstarttls\t600/min\n"));

        const CliRun test = cli->run(args("accounts test sandbox --json"));
        QCOMPARE(test.exitCode, 0);
        QCOMPARE(test.json().object().value(QStringLiteral("ok")).toBool(), true);
        QVERIFY(QFileInfo(outbox).isDir());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QString>("line");
        QTest::newRow("no url") << "accounts add a";
        QTest::newRow("no name") << "accounts add --url smtp://x";
        QTest::newRow("password on the command line")
            << "accounts add a --url smtp://x --password p";
        QTest::newRow("both password sources")
            << "accounts add a --url smtp://x --user u --password-env P --password-stdin";
        QTest::newRow("bad rate") << "accounts add a --url smtp://x --rate 5/day";
        QTest::newRow("bad tls") << "accounts add a --url smtp://x --tls maybe";
        QTest::newRow("bad daily") << "accounts add a --url smtp://x --daily many";
        QTest::newRow("bad warmup") << "accounts add a --url smtp://x --warmup 1,x";
        QTest::newRow("unknown sub-command") << "accounts frobnicate";
        QTest::newRow("test without name") << "accounts test";
    }

    void usageErrors()
    {
        QFETCH(QString, line);
        auto cli = freshCli();
        const CliRun run = cli->run(line.split(u' '));
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.startsWith("postroom-cli: error: "));
        QVERIFY(run.out.isEmpty());
    }

    void failures_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("complaint");
        QTest::newRow("scheme") << "accounts add a --url http://x"
                                << "scheme";
        QTest::newRow("password in url") << "accounts add a --url smtp://u:p@x"
                                         << "not in the URL";
        QTest::newRow("smtps with starttls") << "accounts add a --url smtps://x --tls starttls"
                                             << "implicit TLS";
        QTest::newRow("smtp with implicit") << "accounts add a --url smtp://x --tls implicit"
                                            << "smtps://";
        QTest::newRow("password without user") << "accounts add a --url smtp://x --password-env P"
                                               << "--user";
        QTest::newRow("missing CA file")
            << "accounts add a --url smtp://x --ca-file /nonexistent/ca.pem"
            << "CA file";
        QTest::newRow("bad env name") << "accounts add a --url smtp://x --user u --password-env 1X"
                                      << "environment variable";
        QTest::newRow("test unknown") << "accounts test nobody"
                                      << "no account";
    }

    void failures()
    {
        QFETCH(QString, line);
        QFETCH(QString, complaint);
        auto cli = freshCli();
        const CliRun run = cli->run(line.split(u' '));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(complaint.toUtf8()), run.err.constData());
        QCOMPARE(run.err.count('\n'), 1); // one line
        QVERIFY(accountsJson(*cli).isEmpty());
    }

    void duplicateNameFails()
    {
        auto cli = freshCli();
        QCOMPARE(cli->run(args("accounts add a --url smtp://x")).exitCode, 0);
        const CliRun again = cli->run(args("accounts add a --url smtp://y"));
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains("already exists"));
    }

    void passwordStdinWithoutKeychainIsRefused()
    {
        auto cli = freshCli();
        const CliRun run =
            cli->run(args("accounts add a --url smtp://x --user u --password-stdin"), kSecret);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("No keychain service"), run.err.constData());
        QVERIFY(run.err.contains("POSTROOM_SECRET_STORE=file"));
        QVERIFY(!run.err.contains(kSecret));
        QVERIFY(accountsJson(*cli).isEmpty());
        QVERIFY(!QFile::exists(dbPath() + QStringLiteral(".secrets")));
    }

    void secretsNeverInDatabaseOrOutput()
    {
        auto cli = freshCli();
        cli->setEnv(QStringLiteral("POSTROOM_SECRET_STORE"), QStringLiteral("file"));
        FakeSmtpServer server;
        const QString url = QStringLiteral("smtp://127.0.0.1:%1").arg(server.port());
        const CliRun add =
            cli->run(QStringList{QStringLiteral("accounts"), QStringLiteral("add"),
                                 QStringLiteral("stored"), QStringLiteral("--url"), url}
                         << args("--tls none --user u@example.org "
                                 "--auth plain --password-stdin --json"),
                     kSecret + "\n");
        QVERIFY2(add.exitCode == 0, add.err.constData());
        QVERIFY(add.err.contains("UNENCRYPTED"));
        QCOMPARE(add.err.count("UNENCRYPTED"), 1); // warned once
        const CliRun ls = cli->run(args("accounts ls --json"));
        const CliRun test = cli->run(args("accounts test stored --json --timeout 5"));
        QVERIFY2(test.exitCode == 0, test.err.constData());
        QCOMPARE(test.json().object().value(QStringLiteral("authenticated")).toBool(), true);
        // The stored secret really is the one given, trailing newline dropped ...
        QCOMPARE(server.plainCredentials(), "u@example.org:" + kSecret);
        // ... and it is nowhere but the 0600 secret file.
        const QByteArray db = databaseBytes();
        QVERIFY(db.size() > 0);
        for (const QByteArray& form : {kSecret, kSecret.toBase64(), kSecret.toHex()}) {
            QVERIFY2(!db.contains(form), form.constData());
            for (const CliRun* run : {&add, &ls, &test})
                QVERIFY(!run->out.contains(form) && !run->err.contains(form));
        }
        const QString secrets = dbPath() + QStringLiteral(".secrets");
        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(secrets).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600));
        QFile file(secrets);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains(kSecret.toBase64()));
        file.close();

        QCOMPARE(cli->run(args("accounts rm stored")).exitCode, 0);
        QVERIFY(accountsJson(*cli).isEmpty());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(kSecret.toBase64())); // forgotten with the account
    }

    void testReportsEachFailure_data()
    {
        QTest::addColumn<QString>("tls");
        QTest::addColumn<QByteArray>("authReply");
        QTest::addColumn<QString>("kind");
        QTest::newRow("ok") << "none" << QByteArray("235 2.7.0 OK") << QString();
        QTest::newRow("starttls required, not offered")
            << "starttls" << QByteArray("235 2.7.0 OK") << "tls";
        QTest::newRow("auth refused")
            << "none" << QByteArray("535 5.7.8 Authentication credentials invalid") << "auth";
    }

    void testReportsEachFailure()
    {
        QFETCH(QString, tls);
        QFETCH(QByteArray, authReply);
        QFETCH(QString, kind);
        auto cli = freshCli();
        cli->setEnv(QStringLiteral("PR_PASS"), QString::fromLatin1(kSecret));
        FakeSmtpScript script;
        script.authReply = authReply;
        FakeSmtpServer server(script);
        const QString url = QStringLiteral("smtp://127.0.0.1:%1").arg(server.port());
        QCOMPARE(cli->run(QStringList{QStringLiteral("accounts"), QStringLiteral("add"),
                                      QStringLiteral("a"), QStringLiteral("--url"), url,
                                      QStringLiteral("--tls"), tls}
                          << args("--user u --password-env PR_PASS"))
                     .exitCode,
                 0);
        const CliRun test = cli->run(args("accounts test a --json --timeout 5"));
        const QJsonObject report = test.json().object();
        QVERIFY2(!report.isEmpty(), test.out.constData());
        if (kind.isEmpty()) {
            QCOMPARE(test.exitCode, 0);
            QCOMPARE(report.value(QStringLiteral("ok")).toBool(), true);
            QVERIFY(report.value(QStringLiteral("capabilities"))
                        .toArray()
                        .contains(QStringLiteral("AUTH PLAIN LOGIN")));
            const CliRun plain = cli->run(args("accounts test a --timeout 5"));
            QCOMPARE(plain.exitCode, 0);
            QVERIFY(plain.out.startsWith("ok: smtp://127.0.0.1"));
            QVERIFY(plain.out.contains("  PIPELINING\n"));
            return;
        }
        QCOMPARE(test.exitCode, 1);
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(report.value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("kind"))
                     .toString(),
                 kind);
        QVERIFY(test.err.startsWith("postroom-cli: error: "));
        if (kind == QLatin1String("tls"))
            QVERIFY(!server.commands().contains(QStringLiteral("AUTH")));
    }

    void testWithoutItsPasswordVariable()
    {
        auto cli = freshCli();
        QCOMPARE(cli->run(args("accounts add a --url smtp://127.0.0.1:1 --user u --password-env "
                               "PR_SURELY_UNSET_VAR"))
                     .exitCode,
                 0);
        const CliRun test = cli->run(args("accounts test a --json"));
        QCOMPARE(test.exitCode, 1);
        QVERIFY(test.err.contains("PR_SURELY_UNSET_VAR"));
        QCOMPARE(test.json()
                     .object()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("kind")),
                 QJsonValue(QStringLiteral("local")));
    }

    void testRefusedConnection()
    {
        auto cli = freshCli();
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        QCOMPARE(cli->run(args("accounts add a --tls none --url")
                          << QStringLiteral("smtp://127.0.0.1:%1").arg(port))
                     .exitCode,
                 0);
        const CliRun test = cli->run(args("accounts test a --json"));
        QCOMPARE(test.exitCode, 1);
        QCOMPARE(test.json()
                     .object()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("kind")),
                 QJsonValue(QStringLiteral("refused")));
    }
};

QTEST_GUILESS_MAIN(TestCliAccounts)
#include "tst_cli_accounts.moc"
