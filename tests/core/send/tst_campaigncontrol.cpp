// What the user controls about a campaign's run: account weights in the rotation,
// cancelling for good (every recipient final), and accounts taken out for an auth
// failure coming back when the campaign is resumed.
#include "core/send/SendEngine.h"
#include "core/storage/MessageRepository.h"
#include "tests/support/CampaignFixture.h"
#include "tests/support/FakeSmtpServer.h"
#include "tests/support/VerifyOk.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Storage;
using Send::SendStop;
using Test::emlFiles;
using Fixture = Test::CampaignFixture;

namespace {

constexpr qint64 kFarFuture = 9'000'000'000'000'000LL;

/** A campaign "C" through one unthrottled outbox account "box", queued (not sent). */
struct QueuedCampaign : Fixture
{
    QTemporaryDir outbox;
    qint64 id = 0;
    MessageRepository repo{temp.db()};

    explicit QueuedCampaign(int contacts) : Fixture(contacts)
    {
        outboxAccount(QStringLiteral("box"), outbox.path());
        id = campaign({QStringLiteral("box")});
        if (!repo.createQueue(id, listId))
            qFatal("cannot queue the campaign");
    }
};

/** "heavy" (weight 3, at @p heavyRate) and "light" (weight 1, unthrottled) outboxes. */
qint64 heavyAndLight(Fixture& f, const QTemporaryDir& heavy, const QTemporaryDir& light,
                     const QString& heavyRate)
{
    f.outboxAccount(QStringLiteral("heavy"), heavy.path(), heavyRate);
    f.outboxAccount(QStringLiteral("light"), light.path());
    return f.campaign({QStringLiteral("heavy"), QStringLiteral("light")}, 300,
                      {{QStringLiteral("heavy"), 3}});
}

} // namespace

class TestCampaignControl : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { Fixture::prepareEnvironment(); }

    void weightsAreAttachedWhenQueued()
    {
        Fixture f(2);
        QTemporaryDir one, two;
        const qint64 a = f.outboxAccount(QStringLiteral("one"), one.path());
        f.outboxAccount(QStringLiteral("two"), two.path());
        const qint64 id = f.campaign({QStringLiteral("one"), QStringLiteral("two")}, 300,
                                     {{QStringLiteral("one"), 5}});
        VERIFY_OK(f.send(id));
        const auto attached = MessageRepository(f.temp.db()).campaignAccounts(id);
        VERIFY_OK(attached);
        QCOMPARE(attached->size(), 2);
        for (const CampaignAccount& account : *attached)
            QCOMPARE(account.weight, account.accountId == a ? 5 : 1);
    }

    void splitFollowsTheWeights()
    {
        // Two unthrottled accounts of weight 3 and 1: 400 messages split about 3:1.
        Fixture f(400);
        QTemporaryDir heavy, light;
        const qint64 id = heavyAndLight(f, heavy, light, QStringLiteral("unlimited"));
        const auto outcome = f.send(id);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.sent, 400);
        const int heavyCount = emlFiles(heavy);
        const int lightCount = emlFiles(light);
        QCOMPARE(heavyCount + lightCount, 400);
        QVERIFY2(qAbs(heavyCount - 300) <= 12,
                 qPrintable(QStringLiteral("%1 : %2").arg(heavyCount).arg(lightCount)));
    }

    void aRateLimitedHeavyAccountLetsTheOtherCarryOn()
    {
        // The heavy account may send 5/s only: the light one, unthrottled, takes the rest
        // instead of waiting for the heavy one's share.
        Fixture f(150);
        QTemporaryDir heavy, light;
        const qint64 id = heavyAndLight(f, heavy, light, QStringLiteral("5/s"));
        QElapsedTimer timer;
        timer.start();
        const auto outcome = f.send(id);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->status.sent, 150);
        // At 5/s the heavy account alone (its 3/4 share) would need over 20 s.
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(emlFiles(light) > emlFiles(heavy),
                 qPrintable(QStringLiteral("%1 : %2").arg(emlFiles(heavy)).arg(emlFiles(light))));
        QVERIFY(emlFiles(heavy) >= 1);
    }

    void cancelSkipsEveryRowThatIsNotFinal()
    {
        QueuedCampaign c(20);
        VERIFY_OK(c.repo.setControl(c.id, QStringLiteral("running")));
        // Five sent, three deferred, two leased by a sender that is gone, two in flight now.
        QSqlQuery query(c.temp.db()->connection());
        QVERIFY(query.exec(QStringLiteral("UPDATE messages SET state = 'sent' WHERE id IN"
                                          " (SELECT id FROM messages ORDER BY id LIMIT 5)")));
        QVERIFY(query.exec(QStringLiteral(
            "UPDATE messages SET state = 'deferred', attempts = 1, next_attempt_at = 9e15"
            " WHERE id IN (SELECT id FROM messages WHERE state = 'queued' ORDER BY id LIMIT 3)")));
        QVERIFY(query.exec(QStringLiteral(
            "UPDATE messages SET state = 'sending', lease_owner = 'gone', lease_until = 1"
            " WHERE id IN (SELECT id FROM messages WHERE state = 'queued' ORDER BY id LIMIT 2)")));
        const auto claimed = c.repo.claim(c.id, QStringLiteral("me"), 0, kFarFuture, 2);
        VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 2);

        const auto skipped = c.repo.cancel(c.id);
        VERIFY_OK(skipped);
        QCOMPARE(*skipped, qint64(20 - 5 - 2)); // all but the sent and the two in flight
        auto status = c.repo.status(c.id);
        VERIFY_OK(status);
        QCOMPARE(status->sending, 2);
        QCOMPARE(status->state, Send::CampaignState::Cancelled);

        // The two in flight come back: one was sent, the other would wait for a retry.
        MessageResult sent;
        sent.messageId = claimed->at(0).id;
        sent.campaignId = c.id;
        sent.accountId = c.scalar(QStringLiteral("SELECT id FROM accounts")).toLongLong();
        sent.state = MessageState::Sent;
        sent.atMs = 2000;
        MessageResult retry = sent;
        retry.messageId = claimed->at(1).id;
        retry.state = MessageState::Deferred;
        retry.nextAttemptAtMs = 5000;
        VERIFY_OK(c.repo.recordResults({sent, retry}));
        status = c.repo.status(c.id);
        VERIFY_OK(status);
        QCOMPARE(status->sent, 6);
        QCOMPARE(status->skipped, 14);
        QVERIFY(!status->hasWork());
        QCOMPARE(status->total, 20);
    }

    void releasedRowsOfACancelledCampaignAreSkipped()
    {
        QueuedCampaign c(4);
        const auto claimed = c.repo.claim(c.id, QStringLiteral("me"), 0, kFarFuture, 4);
        VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 4);
        VERIFY_OK(c.repo.cancel(c.id));
        VERIFY_OK(c.repo.release(QStringLiteral("me"), {claimed->at(0).id, claimed->at(1).id}));
        const auto status = c.repo.status(c.id);
        VERIFY_OK(status);
        QCOMPARE(status->skipped, 2);
        QCOMPARE(status->sending, 2);
    }

    void aCancelledCampaignCannotBeResumed()
    {
        QueuedCampaign c(3);
        Send::SendEngine engine(c.temp.db(), c.temp.path());
        VERIFY_OK(engine.cancel(c.id));
        const auto resumed = engine.resume(c.id);
        QVERIFY(!resumed.ok());
        QVERIFY2(resumed.error().message.contains(QLatin1String("cancelled")),
                 qPrintable(resumed.error().message));
        QVERIFY(!engine.isRunning(c.id));
        QVERIFY(!c.repo.setControl(c.id, QStringLiteral("running")).ok());
        VERIFY_OK(c.repo.setControl(c.id, QStringLiteral("paused"))); // nothing to pause
        QCOMPARE(*c.repo.control(c.id), QStringLiteral("cancelled"));
        QVERIFY(!c.send(c.id).ok());
        const auto status = c.repo.status(c.id);
        VERIFY_OK(status);
        QCOMPARE(status->skipped, 3);
        QCOMPARE(status->sent, 0);
        QCOMPARE(emlFiles(c.outbox), 0);
    }

    void cancelWhileSendingEndsWithEveryRecipientFinal()
    {
        Fixture f(60);
        QTemporaryDir outbox;
        f.outboxAccount(QStringLiteral("box"), outbox.path(), QStringLiteral("40/s"));
        const qint64 id = f.campaign({QStringLiteral("box")});
        // Another "process" cancels through its own connection.
        Result<qint64> cancelled = qint64(0);
        const auto outcome =
            f.sendWhile(id, 500, [&] { cancelled = MessageRepository(f.temp.db()).cancel(id); });
        VERIFY_OK(cancelled);
        VERIFY_OK(outcome);
        QCOMPARE(outcome->stop, SendStop::Cancelled);
        const Send::CampaignStatus& status = outcome->status;
        QCOMPARE(status.state, Send::CampaignState::Cancelled);
        QVERIFY(!status.hasWork());
        QVERIFY(status.sent > 0);
        QVERIFY(status.skipped > 0);
        QCOMPARE(status.sent + status.skipped, 60);
        QCOMPARE(qint64(emlFiles(outbox)), status.sent);
    }

    void anAccountOutForAuthIsRetriedOnResume()
    {
        Fixture f(5);
        Test::FakeSmtpServer bad(Test::FakeSmtpScript::refusingAuth());
        Test::FakeSmtpServer good;
        const qint64 accountId = f.smtpAccount(QStringLiteral("main"), bad.port(), 1);
        const qint64 id = f.campaign({QStringLiteral("main")});
        const auto first = f.send(id);
        VERIFY_OK(first);
        QCOMPARE(first->stop, SendStop::NoAccounts);
        QCOMPARE(first->status.queued, 5);
        auto attached = MessageRepository(f.temp.db()).campaignAccounts(id);
        VERIFY_OK(attached);
        QVERIFY(attached->first().disabledReason.contains(QLatin1String("535")));

        // The user fixes the account (here: the server that accepts it), then resumes.
        auto account = *AccountRepository(f.temp.db()).byId(accountId);
        account.url = QStringLiteral("smtp://127.0.0.1:%1").arg(good.port());
        VERIFY_OK(AccountRepository(f.temp.db()).update(account));
        Send::SendEngine engine(f.temp.db(), f.temp.path());
        QSignalSpy finished(&engine, &Send::SendEngine::finished);
        VERIFY_OK(engine.resume(id));
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.first().at(2).toString(), QString());
        const auto status = engine.status(id);
        VERIFY_OK(status);
        QCOMPARE(status->sent, 5);
        QCOMPARE(good.messages().size(), 5);
        attached = MessageRepository(f.temp.db()).campaignAccounts(id);
        VERIFY_OK(attached);
        QVERIFY(attached->first().disabledReason.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCampaignControl)
#include "tst_campaigncontrol.moc"
