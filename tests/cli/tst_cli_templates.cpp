#include "tests/support/CliRunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Postroom::Test;

namespace {

QStringList args(std::initializer_list<const char*> list)
{
    QStringList result;
    for (const char* arg : list)
        result.append(QString::fromUtf8(arg));
    return result;
}

} // namespace

class TestCliTemplates : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        write("welcome.html", "<p>你好 {{first_name|朋友}}</p>\n"
                              "{{#if city}}<p>{{city}}</p>{{/if}}\n"
                              "<a href=\"{{unsubscribe_url}}\">退订</a>\n");
        write("welcome.txt", "Hi {{first_name|friend}}\n{{unsubscribe_url}}\n");
        write("bom.html", "\xEF\xBB\xBF<p>{{email}} {{unsubscribe_url}}</p>");
        write("unclosed.html", "<p>line one</p>\n<p>  {{#if city}}in town</p>\n");
        write("stray.html", "<p>{{unsubscribe_url}}</p>\r\n\r\n   {{/if}}");
        write("gbk.html", "<p>\xC4\xE3\xBA\xC3</p>"); // 你好 in GB18030: not UTF-8
        write("logo.png", "\x89PNG\r\n\x1A\n");
        write("public.pem",
              "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n");
        // A real key when openssl is around; the CLI only checks its PEM shape anyway.
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("genpkey"), QStringLiteral("-algorithm"),
                       QStringLiteral("ed25519"), QStringLiteral("-out"), path("dkim.pem")});
        if (!openssl.waitForFinished() || openssl.exitCode() != 0)
            write("dkim.pem", "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n"
                              "-----END PRIVATE KEY-----\n");
        QFile::setPermissions(path("dkim.pem"), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    void addAndListTemplates()
    {
        CliRunner cli(path("t.sqlite"));
        const CliRun added = cli.run(
            args({"templates", "add", "Welcome", "--subject", "{{first_name|朋友}}，春季优惠",
                  "--html"}) +
            QStringList{path("welcome.html"), QStringLiteral("--text"), path("welcome.txt")});
        QCOMPARE(added.exitCode, 0);
        QVERIFY2(added.err.isEmpty(), added.err.constData());
        QCOMPARE(cli.run(args({"templates", "add", "Bom", "--subject", "S", "--html"}) +
                         QStringList{path("bom.html")})
                     .exitCode,
                 0);

        const CliRun ls = cli.run(args({"templates", "ls", "--json"}));
        QCOMPARE(ls.exitCode, 0);
        QVERIFY(ls.err.isEmpty());
        const QJsonArray all = ls.json().array();
        QCOMPARE(all.size(), 2);
        const QJsonObject bom = all.at(0).toObject();
        QCOMPARE(bom.value(QStringLiteral("name")).toString(), QStringLiteral("Bom"));
        QCOMPARE(bom.value(QStringLiteral("has_text")).toBool(true), false);
        const QJsonObject welcome = all.at(1).toObject();
        QCOMPARE(welcome.value(QStringLiteral("subject")).toString(),
                 QStringLiteral("{{first_name|朋友}}，春季优惠"));
        QCOMPARE(welcome.value(QStringLiteral("has_text")).toBool(), true);
        QCOMPARE(welcome.value(QStringLiteral("fields")).toArray().toVariantList(),
                 (QVariantList{QStringLiteral("first_name"), QStringLiteral("city"),
                               QStringLiteral("unsubscribe_url")}));

        const CliRun plain = cli.run(args({"templates", "ls"}));
        QVERIFY(plain.out.contains("Welcome\t{{first_name|朋友}}，春季优惠\n"));
    }

    void duplicateNameFailsUnlessReplaced()
    {
        CliRunner cli(path("dup.sqlite"));
        const QStringList add = args({"templates", "add", "T", "--subject", "one", "--html"}) +
                                QStringList{path("welcome.html")};
        QCOMPARE(cli.run(add).exitCode, 0);
        const CliRun again = cli.run(add);
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.startsWith("postroom-cli: error: "));
        QCOMPARE(again.err.count('\n'), 1);

        const CliRun replaced =
            cli.run(args({"templates", "add", "T", "--replace", "--subject", "two", "--html"}) +
                    QStringList{path("welcome.html"), QStringLiteral("--inline"),
                                QStringLiteral("logo=") + path("logo.png"),
                                QStringLiteral("--attach"), path("welcome.txt")});
        QCOMPARE(replaced.exitCode, 0);
        const QJsonObject t =
            cli.run(args({"templates", "ls", "--json"})).json().array().at(0).toObject();
        QCOMPARE(t.value(QStringLiteral("subject")).toString(), QStringLiteral("two"));
        QCOMPARE(t.value(QStringLiteral("assets")).toInt(), 2);
    }

    void syntaxErrorsNameFileLineAndColumn_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("unclosed if") << QStringLiteral("unclosed.html") << QStringLiteral("S")
                                     << QByteArray("unclosed.html:2:6: Unclosed {{#if city}}");
        QTest::newRow("stray end, CRLF lines")
            << QStringLiteral("stray.html") << QStringLiteral("S")
            << QByteArray("stray.html:3:4: {{/if}} without");
        QTest::newRow("subject") << QStringLiteral("welcome.html") << QStringLiteral("Hi {{name")
                                 << QByteArray("--subject:1:4: Unclosed tag");
    }

    void syntaxErrorsNameFileLineAndColumn()
    {
        QFETCH(QString, file);
        QFETCH(QString, subject);
        QFETCH(QByteArray, expected);
        CliRunner cli(path("syntax.sqlite"));
        const CliRun run = cli.run(args({"templates", "add", "Bad", "--subject"}) +
                                   QStringList{subject, QStringLiteral("--html"), path(file)});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith("postroom-cli: error: "), run.err.constData());
        QVERIFY2(run.err.contains(expected), run.err.constData());
        QCOMPARE(run.err.count('\n'), 1);
        QVERIFY(cli.run(args({"templates", "ls", "--json"})).json().array().isEmpty());
    }

    void nonUtf8AndMissingFilesFail()
    {
        CliRunner cli(path("enc.sqlite"));
        const CliRun gbk = cli.run(args({"templates", "add", "G", "--subject", "S", "--html"}) +
                                   QStringList{path("gbk.html")});
        QCOMPARE(gbk.exitCode, 1);
        QVERIFY(gbk.err.contains("not UTF-8"));
        const CliRun missing = cli.run(args({"templates", "add", "M", "--subject", "S", "--html"}) +
                                       QStringList{path("missing.html")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("missing.html"));
    }

    void missingFlagsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no subject") << args({"templates", "add", "X", "--html", "a.html"});
        QTest::newRow("no html") << args({"templates", "add", "X", "--subject", "S"});
        QTest::newRow("no name") << args({"templates", "add", "--subject", "S", "--html", "a"});
        QTest::newRow("unknown sub-command") << args({"templates", "frobnicate"});
        QTest::newRow("campaign without list")
            << args({"campaigns", "create", "C", "--template", "T", "--from", "a@example.com",
                     "--accounts", "main"});
        QTest::newRow("campaign without accounts")
            << args({"campaigns", "create", "C", "--list", "L", "--template", "T", "--from",
                     "a@example.com"});
        QTest::newRow("dkim without key")
            << args({"campaigns", "create", "C", "--list", "L", "--template", "T", "--from",
                     "a@example.com", "--accounts", "main", "--dkim-domain", "example.com",
                     "--dkim-selector", "s1"});
    }

    void missingFlagsAreUsageErrors()
    {
        QFETCH(QStringList, arguments);
        CliRunner cli(path("usage.sqlite"));
        const CliRun run = cli.run(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.startsWith("postroom-cli: error: "));
        QVERIFY(run.out.isEmpty());
    }

    void createCampaignWithEveryFlag()
    {
        CliRunner cli(path("c.sqlite"));
        prepare(cli);
        const CliRun run = cli.run(args({"campaigns",
                                         "create",
                                         "Spring 春季",
                                         "--list",
                                         "Customers",
                                         "--template",
                                         "Welcome",
                                         "--from",
                                         "市场部 Marketing <news@example.com>",
                                         "--accounts",
                                         "main,backup",
                                         "--reply-to",
                                         "reply@example.com",
                                         "--return-path",
                                         "bounces@example.com",
                                         "--track-opens",
                                         "--track-clicks",
                                         "--tracking-url",
                                         "https://t.example.com/base",
                                         "--unsubscribe-url",
                                         "https://u.example.com",
                                         "--dkim-domain",
                                         "Example.COM",
                                         "--dkim-selector",
                                         "s2024",
                                         "--dkim-key"}) +
                                   QStringList{path("dkim.pem")} +
                                   args({"--retry-base", "2s", "--retry-expiry", "24h", "--json"}));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        // The accounts do not exist yet: a warning, not an error.
        QVERIFY(run.err.contains("warning: no account called main, backup"));
        const QJsonObject campaign = run.json().object();
        QCOMPARE(campaign.value(QStringLiteral("name")).toString(), QStringLiteral("Spring 春季"));
        QCOMPARE(campaign.value(QStringLiteral("control")).toString(), QStringLiteral("draft"));
        const QJsonObject s = campaign.value(QStringLiteral("settings")).toObject();
        QCOMPARE(s.value(QStringLiteral("from_name")).toString(),
                 QStringLiteral("市场部 Marketing"));
        QCOMPARE(s.value(QStringLiteral("from_address")).toString(),
                 QStringLiteral("news@example.com"));
        QCOMPARE(s.value(QStringLiteral("accounts")).toArray().size(), 2);
        QCOMPARE(s.value(QStringLiteral("reply_to")).toString(),
                 QStringLiteral("reply@example.com"));
        QCOMPARE(s.value(QStringLiteral("return_path")).toString(),
                 QStringLiteral("bounces@example.com"));
        QVERIFY(s.value(QStringLiteral("track_opens")).toBool());
        QVERIFY(s.value(QStringLiteral("track_clicks")).toBool());
        QCOMPARE(s.value(QStringLiteral("tracking_url")).toString(),
                 QStringLiteral("https://t.example.com/base"));
        QCOMPARE(s.value(QStringLiteral("dkim_domain")).toString(), QStringLiteral("example.com"));
        QCOMPARE(s.value(QStringLiteral("dkim_selector")).toString(), QStringLiteral("s2024"));
        QCOMPARE(s.value(QStringLiteral("dkim_key_path")).toString(),
                 QFileInfo(path("dkim.pem")).canonicalFilePath());
        QCOMPARE(s.value(QStringLiteral("retry_base_s")).toInt(), 2);
        QCOMPARE(s.value(QStringLiteral("retry_expiry_s")).toInt(), 86400);
        // The key is a secret: its bytes are never printed or stored.
        QVERIFY(!run.out.contains("PRIVATE KEY"));
        QVERIFY(!run.err.contains("PRIVATE KEY"));
        QFile db(path("c.sqlite"));
        QVERIFY(db.open(QIODevice::ReadOnly));
        QVERIFY(!db.readAll().contains("BEGIN PRIVATE KEY"));

        const QJsonArray all = cli.run(args({"campaigns", "ls", "--json"})).json().array();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.at(0).toObject().value(QStringLiteral("template")).toString(),
                 QStringLiteral("Welcome"));

        const CliRun again =
            cli.run(args({"campaigns", "create", "Spring 春季", "--list", "Customers", "--template",
                          "Welcome", "--from", "news@example.com", "--accounts", "main"}));
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains("already exists"));
    }

    void defaultsAreFiveMinutesAndADay()
    {
        CliRunner cli(path("d.sqlite"));
        prepare(cli);
        const CliRun run = cli.run(
            args({"campaigns", "create", "D", "--list", "Customers", "--template", "Welcome",
                  "--from", "news@example.com", "--accounts", "main", "--json"}));
        QCOMPARE(run.exitCode, 0);
        const QJsonObject s = run.json().object().value(QStringLiteral("settings")).toObject();
        QCOMPARE(s.value(QStringLiteral("retry_base_s")).toInt(), 300);
        QCOMPARE(s.value(QStringLiteral("retry_expiry_s")).toInt(), 86400);
        QCOMPARE(s.value(QStringLiteral("track_opens")).toBool(true), false);
        QVERIFY(s.value(QStringLiteral("dkim_domain")).toString().isEmpty());
    }

    void existingAccountsGiveNoWarning()
    {
        CliRunner cli(path("acc.sqlite"));
        prepare(cli);
        {
            // Written directly: this test is about campaigns, not about `accounts add`.
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("acc"));
            db.setDatabaseName(path("acc.sqlite"));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(
                QStringLiteral("INSERT INTO accounts (name, url, tls_mode, created_at, updated_at)"
                               " VALUES ('main', 'outbox:///tmp/postroom-outbox', 'none', 0, 0)")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("acc"));
        const CliRun known =
            cli.run(args({"campaigns", "create", "K", "--list", "Customers", "--template",
                          "Welcome", "--from", "a@example.com", "--accounts", "main"}));
        QCOMPARE(known.exitCode, 0);
        QVERIFY2(known.err.isEmpty(), known.err.constData());
        const CliRun partly =
            cli.run(args({"campaigns", "create", "P", "--list", "Customers", "--template",
                          "Welcome", "--from", "a@example.com", "--accounts", "main,spare"}));
        QCOMPARE(partly.exitCode, 0);
        QVERIFY(partly.err.contains("warning: no account called spare yet"));
    }

    void badValuesAreRefusedWithAClearError_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("says");
        QTest::newRow("from") << args({"--from", "news@", "--accounts", "main"}) << 2
                              << QByteArray("--from");
        QTest::newRow("from header injection")
            << args({"--from", "A <a@example.com>\r\nBcc: x@example.com", "--accounts", "main"})
            << 2 << QByteArray("--from");
        QTest::newRow("reply-to") << args({"--from", "a@example.com", "--accounts", "main",
                                           "--reply-to", "nobody"})
                                  << 2 << QByteArray("--reply-to");
        QTest::newRow("duration unit")
            << args({"--from", "a@example.com", "--accounts", "main", "--retry-base", "5x"}) << 2
            << QByteArray("not a duration");
        QTest::newRow("duration order") << args({"--from", "a@example.com", "--accounts", "main",
                                                 "--retry-base", "2h", "--retry-expiry", "1h"})
                                        << 2 << QByteArray("longer than");
        QTest::newRow("tracking url") << args({"--from", "a@example.com", "--accounts", "main",
                                               "--tracking-url", "javascript:alert(1)"})
                                      << 2 << QByteArray("tracking URL");
        QTest::newRow("empty account") << args({"--from", "a@example.com", "--accounts", "main,,b"})
                                       << 2 << QByteArray("empty account");
        QTest::newRow("unknown list")
            << args({"--from", "a@example.com", "--accounts", "main", "--list", "Nope"}) << 1
            << QByteArray("Nope");
        QTest::newRow("unknown template")
            << args({"--from", "a@example.com", "--accounts", "main", "--template", "Nope"}) << 1
            << QByteArray("Nope");
    }

    void badValuesAreRefusedWithAClearError()
    {
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, says);
        CliRunner cli(path("bad.sqlite"));
        prepare(cli);
        // Later flags win, so --list/--template in extra override these.
        const CliRun run = cli.run(
            args({"campaigns", "create", "X", "--list", "Customers", "--template", "Welcome"}) +
            extra);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.startsWith("postroom-cli: error: "), run.err.constData());
        QVERIFY2(run.err.contains(says), run.err.constData());
        QVERIFY(cli.run(args({"campaigns", "ls", "--json"})).json().array().isEmpty());
    }

    void dkimKeyMustBeAReadablePrivateKey_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QByteArray>("says");
        QTest::newRow("missing") << QStringLiteral("nope.pem") << QByteArray("no such file");
        QTest::newRow("public key") << QStringLiteral("public.pem") << QByteArray("public key");
        QTest::newRow("not a key")
            << QStringLiteral("welcome.txt") << QByteArray("not a private key");
    }

    void dkimKeyMustBeAReadablePrivateKey()
    {
        QFETCH(QString, key);
        QFETCH(QByteArray, says);
        CliRunner cli(path("k.sqlite"));
        prepare(cli);
        const CliRun run =
            cli.run(args({"campaigns", "create", "K", "--list", "Customers", "--template",
                          "Welcome", "--from", "a@example.com", "--accounts", "main",
                          "--dkim-domain", "example.com", "--dkim-selector", "s1", "--dkim-key"}) +
                    QStringList{path(key)});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(says), run.err.constData());
        QCOMPARE(run.err.count('\n'), 1);
    }

private:
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }
    QString path(const QString& name) const { return m_dir.filePath(name); }

    void write(const char* name, const QByteArray& bytes)
    {
        QFile file(path(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

    void prepare(const CliRunner& cli)
    {
        cli.run(args({"lists", "create", "Customers"}));
        cli.run(args({"templates", "add", "Welcome", "--subject", "Hi", "--html"}) +
                QStringList{path("welcome.html")});
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestCliTemplates)
#include "tst_cli_templates.moc"
