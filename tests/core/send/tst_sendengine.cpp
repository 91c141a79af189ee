// The send worker end to end against the scriptable fake SMTP server: rotation,
// bounces, retries, back-pressure, account failover, pause from the control column.
#include "core/common/Clock.h"
#include "core/send/SendEngine.h"
#include "core/storage/MessageRepository.h"
#include "tests/support/CampaignFixture.h"
#include "tests/support/FakeSmtpServer.h"
#include "tests/support/VerifyOk.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Storage;
using Send::SendOptions;
using Send::SendStop;
using Test::emlFiles;
using Fixture = Test::CampaignFixture;

class TestSendEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { Fixture::prepareEnvironment(); }

    void deliversEveryoneThroughBothAccountsOnce()
    {
        Fixture f(30);
        Test::FakeSmtpServer a, b;
        f.smtpAccount(QStringLiteral("a"), a.port());
        f.smtpAccount(QStringLiteral("b"), b.port());
        const qint64 id = f.campaign({QStringLiteral("a"), QStringLiteral("b")});
        const auto outcome = f.send(id);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->stop, SendStop::Completed);
        QCOMPARE(outcome->status.sent, 30);
        QCOMPARE(outcome->status.state, Send::CampaignState::Completed);
        QCOMPARE(a.messages().size() + b.messages().size(), 30);
        // Both carry the campaign; the split follows their speed (work-conserving), which
        // on a loaded machine is not even: rotationFollowsTheWeights checks the shares.
        QVERIFY(a.messages().size() >= 1);
        QVERIFY(b.messages().size() >= 1);
        // Connections are reused: far fewer sessions than messages.
        QVERIFY2(a.connections() + b.connections() <= 8,
                 qPrintable(QString::number(a.connections() + b.connections())));
        QVERIFY(a.messages().first().contains("Hello U"));
        // Sending again is a no-op: the queue is not doubled, nobody gets a second copy.
        const auto again = f.send(id);
        VERIFY_OK(again);
        QCOMPARE(again->status.total, 30);
        QCOMPARE(a.messages().size() + b.messages().size(), 30);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM messages")).toInt(), 30);
    }

    void neverMoreConnectionsThanTheAccountAllows()
    {
        // Each connection runs on a lane of its own, each lane with its own curl multi
        // handle and connection cache: together they never open more connections than
        // the account allows, and they do use more than one.
        Fixture f(120);
        Test::FakeSmtpServer server;
        f.smtpAccount(QStringLiteral("a"), server.port(), 3);
        const auto outcome = f.send(f.campaign({QStringLiteral("a")}));
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.sent, 120);
        QCOMPARE(server.messages().size(), 120);
        QVERIFY2(server.peakOpenConnections() <= 3,
                 qPrintable(QString::number(server.peakOpenConnections())));
        QVERIFY2(server.peakOpenConnections() >= 2,
                 qPrintable(QString::number(server.peakOpenConnections())));
        QVERIFY2(server.connections() <= 3, qPrintable(QString::number(server.connections())));
    }

    void aServerSlowToTakeOneMessageHoldsUpNoOther_data()
    {
        QTest::addColumn<int>("connections");
        QTest::newRow("3 connections") << 3;
        QTest::newRow("8 connections") << 8;
    }

    void aServerSlowToTakeOneMessageHoldsUpNoOther()
    {
        // The first message is never answered after DATA; the other connections go on
        // meanwhile instead of waiting for its timeout.
        QFETCH(int, connections);
        Fixture f(30);
        Test::FakeSmtpScript script;
        script.stallAfterDataFirst = 1;
        Test::FakeSmtpServer server(script);
        f.smtpAccount(QStringLiteral("a"), server.port(), connections);
        SendOptions options;
        options.responseTimeoutSeconds = 3;
        const auto outcome = f.send(f.campaign({QStringLiteral("a")}), options);
        VERIFY_OK(outcome);
        qWarning() << outcome->status.sent << outcome->status.deferred << outcome->status.failed
                   << outcome->status.queued
                   << f.scalar(QStringLiteral("SELECT group_concat(smtp_reply, ' | ') FROM "
                                              "messages WHERE state <> 'sent'"))
                          .toString();
        QCOMPARE(outcome->status.sent, 29);
        QCOMPARE(outcome->status.deferred, 1);
        const QList<qint64> arrivals = server.arrivalsMs();
        QCOMPARE(arrivals.size(), 30);
        const qint64 spread = arrivals.constLast() - arrivals.constFirst();
        QVERIFY2(spread < 2500, qPrintable(QStringLiteral("%1 ms").arg(spread)));
    }

    void permanentRcptFailureIsAHardBounce()
    {
        Fixture f(3);
        Test::FakeSmtpScript script;
        script.rcptReply = "550 5.1.1 No such user here";
        Test::FakeSmtpServer server(script);
        f.smtpAccount(QStringLiteral("a"), server.port());
        const qint64 id = f.campaign({QStringLiteral("a")});
        const auto outcome = f.send(id);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.bounced, 3);
        QCOMPARE(f.scalar(QStringLiteral("SELECT smtp_code FROM messages LIMIT 1")).toInt(), 550);
        QCOMPARE(
            f.scalar(QStringLiteral("SELECT enhanced_status FROM messages LIMIT 1")).toString(),
            QStringLiteral("5.1.1"));
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM events WHERE kind = 'bounce'"
                                         " AND detail LIKE '%\"kind\":\"hard\"%'"))
                     .toInt(),
                 3);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM suppressions")).toInt(), 3);
    }

    void mailboxFullIsASoftBounce()
    {
        Fixture f(2);
        Test::FakeSmtpScript script;
        script.finalReply = "552 5.2.2 Mailbox full";
        Test::FakeSmtpServer server(script);
        f.smtpAccount(QStringLiteral("a"), server.port());
        const auto outcome = f.send(f.campaign({QStringLiteral("a")}));
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.bounced, 2);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM events WHERE detail LIKE "
                                         "'%\"kind\":\"soft\"%'"))
                     .toInt(),
                 2);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM suppressions")).toInt(), 0);
    }

    void transientRcptFailureIsDeferredWithBackoff()
    {
        Fixture f(4);
        Test::FakeSmtpScript script;
        script.rcptReply = "451 4.3.0 Try again later please";
        Test::FakeSmtpServer server(script);
        f.smtpAccount(QStringLiteral("a"), server.port());
        const qint64 before = nowMs();
        const auto outcome = f.send(f.campaign({QStringLiteral("a")}, 60));
        VERIFY_OK(outcome);
        QCOMPARE(outcome->stop, SendStop::NothingDue);
        QCOMPARE(outcome->status.deferred, 4);
        QCOMPARE(outcome->status.state, Send::CampaignState::Waiting);
        QCOMPARE(f.scalar(QStringLiteral("SELECT MIN(attempts) FROM messages")).toInt(), 1);
        // 60 s base with ±25 % jitter.
        const qint64 next =
            f.scalar(QStringLiteral("SELECT MIN(next_attempt_at) FROM messages")).toLongLong();
        QVERIFY(next >= before + 45000);
        QVERIFY(next <= nowMs() + 75000);
    }

    void droppedMidDataIsRetried()
    {
        Fixture f(2);
        Test::FakeSmtpScript script;
        script.dropMidData = true;
        Test::FakeSmtpServer server(script);
        f.smtpAccount(QStringLiteral("a"), server.port());
        const auto outcome = f.send(f.campaign({QStringLiteral("a")}));
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.deferred, 2);
        QCOMPARE(outcome->status.sent, 0);
    }

    void stallPastTheTimeoutIsRetried()
    {
        Fixture f(1);
        Test::FakeSmtpScript script;
        script.stallAfterData = true;
        Test::FakeSmtpServer server(script);
        f.smtpAccount(QStringLiteral("a"), server.port());
        SendOptions options;
        options.responseTimeoutSeconds = 1;
        QElapsedTimer timer;
        timer.start();
        const auto outcome = f.send(f.campaign({QStringLiteral("a")}), options);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.deferred, 1);
        QVERIFY(timer.elapsed() < 10000);
    }

    void greeting421IsBackPressureNotAFailure()
    {
        Fixture f(3);
        Test::FakeSmtpScript script;
        script.greeting = "421 4.7.0 Too many connections, slow down";
        Test::FakeSmtpServer server(script);
        f.smtpAccount(QStringLiteral("a"), server.port());
        const auto outcome = f.send(f.campaign({QStringLiteral("a")}));
        VERIFY_OK(outcome);
        QCOMPARE(outcome->stop, SendStop::NothingDue);
        // Nobody is blamed: no attempt counted, rows wait for the account.
        QCOMPARE(outcome->status.queued, 3);
        QCOMPARE(f.scalar(QStringLiteral("SELECT MAX(attempts) FROM messages")).toInt(), 0);
        QVERIFY(f.scalar(QStringLiteral("SELECT MIN(next_attempt_at) FROM messages")).toLongLong() >
                nowMs());
    }

    void authFailureTakesTheAccountOutAndOthersCarryOn()
    {
        Fixture f(12);
        Test::FakeSmtpServer refusing(Test::FakeSmtpScript::refusingAuth());
        Test::FakeSmtpServer good;
        const qint64 badId = f.smtpAccount(QStringLiteral("bad"), refusing.port());
        f.smtpAccount(QStringLiteral("good"), good.port());
        const qint64 id = f.campaign({QStringLiteral("bad"), QStringLiteral("good")});
        const auto outcome = f.send(id);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.sent, 12);
        QCOMPARE(good.messages().size(), 12);
        const auto accounts = MessageRepository(f.temp.db()).campaignAccounts(id);
        VERIFY_OK(accounts);
        for (const CampaignAccount& account : *accounts) {
            if (account.accountId == badId)
                QVERIFY2(account.disabledReason.contains(QLatin1String("535")),
                         qPrintable(account.disabledReason));
            else
                QVERIFY(account.disabledReason.isEmpty());
        }
    }

    void onlyAccountFailingAuthStopsWithTheReason()
    {
        Fixture f(2);
        Test::FakeSmtpServer refusing(Test::FakeSmtpScript::refusingAuth());
        f.smtpAccount(QStringLiteral("bad"), refusing.port());
        const auto outcome = f.send(f.campaign({QStringLiteral("bad")}));
        VERIFY_OK(outcome);
        QCOMPARE(outcome->stop, SendStop::NoAccounts);
        QVERIFY(outcome->detail.contains(QLatin1String("bad")));
        QCOMPARE(outcome->status.queued, 2); // nobody blamed, nobody lost
        QCOMPARE(outcome->status.sending, 0);
    }

    void pauseThroughTheControlColumnThenResume()
    {
        Fixture f(60);
        QTemporaryDir outbox;
        f.outboxAccount(QStringLiteral("box"), outbox.path(), QStringLiteral("40/s"));
        const qint64 id = f.campaign({QStringLiteral("box")});
        // Another "process": its own connection, writing only the control column.
        Result<void> paused = makeError(ErrorCode::Internal, QString());
        const auto outcome = f.sendWhile(id, 500, [&] {
            paused = MessageRepository(f.temp.db()).setControl(id, QStringLiteral("paused"));
        });
        VERIFY_OK(paused);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->stop, SendStop::Paused);
        QCOMPARE(outcome->status.state, Send::CampaignState::Paused);
        QVERIFY(outcome->status.sent > 0);
        QVERIFY(outcome->status.sent < 60);
        QCOMPARE(outcome->status.sending, 0); // leases given back
        const auto resumed = f.send(id);
        VERIFY_OK(resumed);
        QCOMPARE(resumed->status.sent, 60);
        QCOMPARE(emlFiles(outbox), 60);
    }

    void accountRateIsKept()
    {
        Fixture f(30);
        QTemporaryDir outbox;
        f.outboxAccount(QStringLiteral("box"), outbox.path(), QStringLiteral("50/s"));
        QElapsedTimer timer;
        timer.start();
        const auto outcome = f.send(f.campaign({QStringLiteral("box")}));
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.sent, 30);
        // 30 messages at 50/s, starting with one token and a burst of 5: at least 25/50 s.
        QVERIFY2(timer.elapsed() >= 480, qPrintable(QString::number(timer.elapsed())));
    }

    void engineRunsInTheBackgroundAndReports()
    {
        Fixture f(40);
        QTemporaryDir outbox;
        f.outboxAccount(QStringLiteral("box"), outbox.path(), QStringLiteral("100/s"));
        const qint64 id = f.campaign({QStringLiteral("box")});
        Send::SendEngine engine(f.temp.db(), f.temp.path());
        QSignalSpy progress(&engine, &Send::SendEngine::progress);
        QSignalSpy finished(&engine, &Send::SendEngine::finished);
        SendOptions options;
        options.progressIntervalMs = 100;
        VERIFY_OK(engine.start(id, options));
        QVERIFY(engine.isRunning(id));
        QVERIFY(!engine.start(id).ok()); // once at a time
        QVERIFY(finished.wait(15000));
        QVERIFY(!engine.isRunning(id));
        const auto status = finished.first().at(1).value<Send::CampaignStatus>();
        QCOMPARE(status.sent, 40);
        QVERIFY(finished.first().at(2).toString().isEmpty());
        QVERIFY(progress.size() >= 2);
        const auto last = progress.last().at(1).value<Send::SendProgress>();
        QCOMPARE(last.accounts.size(), 1);
        QCOMPARE(last.accounts.first().name, QStringLiteral("box"));
        QCOMPARE(last.accounts.first().sent, 40);
        QCOMPARE(engine.status(id)->state, Send::CampaignState::Completed);
    }

    void dailyCapIsARolling24Hours()
    {
        Fixture f(10);
        QTemporaryDir outbox;
        // The warm-up plan's first day allows 4 (below the daily cap of 100).
        f.outboxAccount(QStringLiteral("box"), outbox.path(), QStringLiteral("unlimited"), 100,
                        {4, 8});
        const qint64 id = f.campaign({QStringLiteral("box")});
        const auto outcome = f.send(id);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->stop, SendStop::NothingDue);
        QCOMPARE(outcome->status.sent, 4);
        QCOMPARE(outcome->status.queued, 6);
        QVERIFY(outcome->detail.contains(QLatin1String("daily cap")));
        // Those 4 sends were 25 hours ago: out of the window, and day 2 of the plan (8).
        QSqlQuery age(f.temp.db()->connection());
        QVERIFY(age.exec(QStringLiteral("UPDATE messages SET sent_at = sent_at - 90000000"
                                        " WHERE state = 'sent'")));
        const auto next = f.send(id);
        VERIFY_OK(next);
        QCOMPARE(next->status.sent, 10);
    }

    void rotationFollowsTheWeights()
    {
        // Two accounts that are always free (outbox, unlimited): equal weights alternate.
        Fixture f(30);
        QTemporaryDir one, two;
        const qint64 a = f.outboxAccount(QStringLiteral("one"), one.path());
        f.outboxAccount(QStringLiteral("two"), two.path());
        const auto outcome = f.send(f.campaign({QStringLiteral("one"), QStringLiteral("two")}));
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.sent, 30);
        QCOMPARE(emlFiles(one), 15);
        QCOMPARE(emlFiles(two), 15);
        QCOMPARE(
            f.scalar(QStringLiteral("SELECT COUNT(*) FROM messages WHERE account_id = %1").arg(a))
                .toInt(),
            15);
    }

    void queuedCampaignSendsTheFrozenTemplateAndSettings()
    {
        Fixture f(3);
        QTemporaryDir outbox;
        const qint64 accountId = f.outboxAccount(QStringLiteral("box"), outbox.path());
        TemplateRepository templates(f.temp.db());
        TemplateAsset before;
        before.kind = AssetKind::Attachment;
        before.fileName = QStringLiteral("before.txt");
        before.mimeType = QStringLiteral("text/plain");
        before.data = QByteArray("frozen attachment");
        VERIFY_OK(templates.addAsset(f.templateId, before));
        const qint64 id = f.campaign({QStringLiteral("box")});
        MessageRepository repo(f.temp.db());
        VERIFY_OK(repo.attachAccounts(
            id, {CampaignAccount{accountId, QStringLiteral("box"), 1, QString()}}));
        const auto queued = repo.createQueue(id, f.listId);
        VERIFY_OK(queued);
        QCOMPARE(*queued, 3);

        // Everything edited after queueing: template parts, assets, settings.
        auto edited = *templates.byId(f.templateId);
        edited.subject = QStringLiteral("Edited {{first_name}}");
        edited.html = QStringLiteral("<p>Edited body {{first_name}}</p>");
        edited.text = QStringLiteral("Edited text");
        VERIFY_OK(templates.update(edited));
        TemplateAsset after = before;
        after.fileName = QStringLiteral("after.txt");
        after.data = QByteArray("late attachment");
        VERIFY_OK(templates.addAsset(f.templateId, after));
        VERIFY_OK(templates.removeAsset(templates.byId(f.templateId)->assets.first().id));
        auto settings = CampaignRepository(f.temp.db()).byId(id)->settings;
        settings.fromAddress = QStringLiteral("edited@example.org");
        VERIFY_OK(CampaignRepository(f.temp.db()).updateSettings(id, settings));

        const auto outcome = f.send(id);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.sent, 3);
        const QStringList files = QDir(outbox.path()).entryList({QStringLiteral("*.eml")});
        QCOMPARE(files.size(), 3);
        for (const QString& name : files) {
            QFile file(QDir(outbox.path()).filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray message = file.readAll();
            QVERIFY2(message.contains("Subject: Hi U"), message.constData());
            QVERIFY(message.contains("Hello U"));
            QVERIFY(message.contains("news@example.org"));
            QVERIFY(message.contains("before.txt"));
            QVERIFY(message.contains(QByteArray("frozen attachment").toBase64()));
            QVERIFY(!message.contains("Edited"));
            QVERIFY(!message.contains("edited@example.org"));
            QVERIFY(!message.contains("after.txt"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSendEngine)
#include "tst_sendengine.moc"
