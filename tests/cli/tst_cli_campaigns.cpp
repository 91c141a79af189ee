// postroom-cli campaigns: account weights on --accounts, schedule and send before the
// time, cancel (every recipient final, never resumed), and an account that failed AUTH
// tried again when the campaign is resumed.
#include "tests/support/CliRunner.h"
#include "tests/support/FakeSmtpServer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Postroom::Test;

namespace {

constexpr int kContacts = 40;

QStringList args(const char* line)
{
    return QString::fromUtf8(line).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

int emlFiles(const QString& folder)
{
    return int(QDir(folder).entryList({QStringLiteral("*.eml")}, QDir::Files).size());
}

} // namespace

class TestCliCampaigns : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_cli = std::make_unique<CliRunner>(path("db.sqlite"));
        m_cli->setEnv(QStringLiteral("POSTROOM_SECRET_STORE"), QStringLiteral("file"));
        m_cli->setEnv(QStringLiteral("TST_CLI_CAMPAIGNS_PW"), QStringLiteral("secret"));
        QByteArray csv = "email,first_name\n";
        for (int i = 0; i < kContacts; ++i)
            csv += QByteArray("user") + QByteArray::number(i) + "@example.com,U\n";
        write("contacts.csv", csv);
        write("mail.html", "<p>Hi {{first_name}}</p><a href=\"{{unsubscribe_url}}\">x</a>");
        ok(QStringList{QStringLiteral("lists"), QStringLiteral("create"), QStringLiteral("L")});
        ok(QStringList{QStringLiteral("import"), path("contacts.csv"), QStringLiteral("--list"),
                       QStringLiteral("L")});
        ok(QStringList{QStringLiteral("templates"), QStringLiteral("add"), QStringLiteral("T"),
                       QStringLiteral("--subject"), QStringLiteral("S"), QStringLiteral("--html"),
                       path("mail.html")});
    }

    void accountsTakeAnOptionalWeight()
    {
        outbox("A");
        outbox("B");
        ok(create("W", "A:3,B"));
        ok(create("Plain", "A,B"));
        // Malformed weights are usage errors; nothing is created.
        for (const char* bad : {"A:0,B", "A:1001", "A:3,", "A:-1"})
            QCOMPARE(m_cli->run(create("X", bad)).exitCode, 2);

        const QJsonArray all = m_cli->run(args("campaigns ls --json")).json().array();
        QCOMPARE(all.size(), 2);
        const QJsonObject plain = all.at(0).toObject().value(QStringLiteral("settings")).toObject();
        const QJsonObject weighted =
            all.at(1).toObject().value(QStringLiteral("settings")).toObject();
        QCOMPARE(weighted.value(QStringLiteral("accounts")).toArray(),
                 (QJsonArray{QStringLiteral("A"), QStringLiteral("B")}));
        QCOMPARE(weighted.value(QStringLiteral("account_weights")).toObject(),
                 (QJsonObject{{QStringLiteral("A"), 3}}));
        // The CONTRACT's form: the same accounts, every weight 1.
        QCOMPARE(plain.value(QStringLiteral("accounts")).toArray(),
                 (QJsonArray{QStringLiteral("A"), QStringLiteral("B")}));
        QVERIFY(plain.value(QStringLiteral("account_weights")).toObject().isEmpty());

        // Both unthrottled: 40 split 30 : 10.
        const CliRun sent = m_cli->run(args("campaigns send W --json"));
        QCOMPARE(sent.exitCode, 0);
        QCOMPARE(sent.json().object().value(QStringLiteral("sent")).toInt(), kContacts);
        QCOMPARE(emlFiles(path("A")), 30);
        QCOMPARE(emlFiles(path("B")), 10);
    }

    void aScheduledCampaignWaitsForItsTimeUnlessNow()
    {
        outbox("A");
        ok(create("S", "A"));
        const QString later =
            QDateTime::currentDateTime().addDays(1).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        ok(QStringList{QStringLiteral("campaigns"), QStringLiteral("schedule"), QStringLiteral("S"),
                       QStringLiteral("--at"), later});
        QJsonObject status = m_cli->run(args("campaigns status S --json")).json().object();
        QCOMPARE(status.value(QStringLiteral("state")).toString(), QStringLiteral("scheduled"));
        const QDateTime at = QDateTime::fromString(
            status.value(QStringLiteral("scheduled_at")).toString(), Qt::ISODate);
        QCOMPARE(at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")), later);
        const QJsonObject listed =
            m_cli->run(args("campaigns ls --json")).json().array().at(0).toObject();
        QVERIFY(!listed.value(QStringLiteral("scheduled_at")).isNull());

        // Before its time, send says so and sends nothing.
        const CliRun early = m_cli->run(args("campaigns send S"));
        QCOMPARE(early.exitCode, 1);
        QVERIFY2(early.err.contains("scheduled for") && early.err.contains("--now"),
                 early.err.constData());
        QCOMPARE(emlFiles(path("A")), 0);
        QCOMPARE(m_cli->run(args("campaigns status S --json"))
                     .json()
                     .object()
                     .value(QStringLiteral("total")),
                 0);

        // Bad times: malformed is usage (2), past is a failure (1); one of --at/--clear.
        QCOMPARE(m_cli->run(args("campaigns schedule S --at tomorrow")).exitCode, 2);
        QCOMPARE(m_cli
                     ->run(QStringList{QStringLiteral("campaigns"), QStringLiteral("schedule"),
                                       QStringLiteral("S"), QStringLiteral("--at"),
                                       QStringLiteral("2001-01-01 10:00")})
                     .exitCode,
                 1);
        QCOMPARE(m_cli->run(args("campaigns schedule S")).exitCode, 2);
        QCOMPARE(m_cli->run(args("campaigns schedule S --clear --at 2030-01-01")).exitCode, 2);

        // --now sends it at once and clears the schedule.
        const CliRun now = m_cli->run(args("campaigns send S --now --json"));
        QCOMPARE(now.exitCode, 0);
        status = now.json().object();
        QCOMPARE(status.value(QStringLiteral("sent")).toInt(), kContacts);
        QVERIFY(status.value(QStringLiteral("scheduled_at")).isNull());
        // A campaign that was sent cannot be scheduled.
        QCOMPARE(m_cli
                     ->run(QStringList{QStringLiteral("campaigns"), QStringLiteral("schedule"),
                                       QStringLiteral("S"), QStringLiteral("--at"), later})
                     .exitCode,
                 1);

        // --clear makes a plain draft again.
        ok(create("S2", "A"));
        ok(QStringList{QStringLiteral("campaigns"), QStringLiteral("schedule"),
                       QStringLiteral("S2"), QStringLiteral("--at"), later});
        ok(args("campaigns schedule S2 --clear"));
        status = m_cli->run(args("campaigns status S2 --json")).json().object();
        QCOMPARE(status.value(QStringLiteral("state")).toString(), QStringLiteral("draft"));
        QVERIFY(status.value(QStringLiteral("scheduled_at")).isNull());
    }

    void cancelIsFinalAndCannotBeResumed()
    {
        // A daily cap of 5 stops the first send with 35 queued.
        outbox("A", "--daily 5");
        ok(create("K", "A"));
        const CliRun first = m_cli->run(args("campaigns send K --json"));
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.json().object().value(QStringLiteral("queued")).toInt(), kContacts - 5);

        const CliRun cancel = m_cli->run(args("campaigns cancel K"));
        QCOMPARE(cancel.exitCode, 0);
        QVERIFY2(cancel.err.contains("35"), cancel.err.constData());
        const QJsonObject status = m_cli->run(args("campaigns status K --json")).json().object();
        QCOMPARE(status.value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(status.value(QStringLiteral("sent")).toInt(), 5);
        QCOMPARE(status.value(QStringLiteral("skipped")).toInt(), kContacts - 5);
        QCOMPARE(status.value(QStringLiteral("queued")).toInt(), 0);
        QCOMPARE(status.value(QStringLiteral("sending")).toInt(), 0);

        for (const char* again : {"campaigns resume K", "campaigns send K", "campaigns pause K"}) {
            const CliRun run = m_cli->run(args(again));
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.err.contains("cancelled"), run.err.constData());
        }
        QCOMPARE(emlFiles(path("A")), 5);
    }

    void anAccountThatFailedAuthIsTriedAgainOnResume()
    {
        FakeSmtpScript refusing;
        refusing.authReply = "535 5.7.8 Authentication credentials invalid";
        FakeSmtpServer bad(refusing);
        FakeSmtpServer good;
        ok(QStringList{QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("main"),
                       QStringLiteral("--url"),
                       QStringLiteral("smtp://127.0.0.1:%1").arg(bad.port())}
           << args("--tls none --user u --password-env TST_CLI_CAMPAIGNS_PW"));
        ok(create("R", "main"));
        const CliRun failed = m_cli->run(args("campaigns send R --timeout 5"));
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.err.contains("535"), failed.err.constData());

        // The user fixes the account (written directly: there is no 'accounts edit' yet),
        // then resumes.
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fix"));
            db.setDatabaseName(path("db.sqlite"));
            QVERIFY(db.open());
            QSqlQuery fix(db);
            QVERIFY(fix.exec(QStringLiteral("UPDATE accounts SET url = 'smtp://127.0.0.1:%1'")
                                 .arg(good.port())));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("fix"));
        ok(args("campaigns resume R"));
        const CliRun resumed = m_cli->run(args("campaigns send R --timeout 5 --json"));
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QCOMPARE(resumed.json().object().value(QStringLiteral("sent")).toInt(), kContacts);
        QCOMPARE(good.messages().size(), kContacts);
    }

private:
    QString path(const char* name) const { return m_dir->filePath(QString::fromUtf8(name)); }

    void write(const char* name, const QByteArray& data)
    {
        QFile file(path(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(data);
    }

    void ok(const QStringList& arguments)
    {
        const CliRun run = m_cli->run(arguments);
        QVERIFY2(run.exitCode == 0, qPrintable(arguments.join(QLatin1Char(' ')) +
                                               QStringLiteral(": ") + QString::fromUtf8(run.err)));
    }

    /** An outbox account NAME writing to a folder of the same name. */
    void outbox(const char* name, const char* extra = "")
    {
        QVERIFY(QDir().mkpath(path(name)));
        ok(QStringList{QStringLiteral("accounts"), QStringLiteral("add"), QString::fromUtf8(name),
                       QStringLiteral("--url"), QStringLiteral("outbox://") + path(name)}
           << args(extra));
    }

    QStringList create(const char* name, const char* accounts) const
    {
        return QStringList{QStringLiteral("campaigns"),
                           QStringLiteral("create"),
                           QString::fromUtf8(name),
                           QStringLiteral("--list"),
                           QStringLiteral("L"),
                           QStringLiteral("--template"),
                           QStringLiteral("T"),
                           QStringLiteral("--from"),
                           QStringLiteral("news@example.com"),
                           QStringLiteral("--accounts"),
                           QString::fromUtf8(accounts)};
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CliRunner> m_cli;
};

QTEST_GUILESS_MAIN(TestCliCampaigns)
#include "tst_cli_campaigns.moc"
