#include "core/common/Clock.h"
#include "core/send/QueueStore.h"
#include "core/storage/MessageRepository.h"
#include "tests/support/CampaignFixture.h"
#include "tests/support/VerifyOk.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace Postroom;
using namespace Postroom::Storage;

class TestQueueStore : public QObject
{
    Q_OBJECT

    // A campaign of @p recipients, queued and claimed; the results that send them all.
    struct Claimed
    {
        Test::CampaignFixture fixture;
        qint64 campaignId = 0;
        qint64 accountId = 0;
        QList<MessageResult> results;

        explicit Claimed(int recipients) : fixture(recipients)
        {
            QTemporaryDir outbox;
            accountId = fixture.outboxAccount(QStringLiteral("box"), outbox.path(),
                                              QStringLiteral("unlimited"));
            campaignId = fixture.campaign({QStringLiteral("box")});
            MessageRepository repo(fixture.temp.db());
            if (!repo.createQueue(campaignId, fixture.listId))
                qFatal("queue");
            const qint64 now = nowMs();
            const auto claimed =
                repo.claim(campaignId, QStringLiteral("w"), now, now + 60000, recipients);
            for (const ClaimedMessage& message : *claimed) {
                MessageResult result;
                result.messageId = message.id;
                result.campaignId = campaignId;
                result.accountId = accountId;
                result.atMs = now;
                results.append(result);
            }
        }

        int sent()
        {
            return fixture
                .scalar(QStringLiteral("SELECT COUNT(*) FROM messages WHERE state = 'sent'"))
                .toInt();
        }
    };

private slots:
    void writesEveryBatch()
    {
        Claimed c(50);
        Send::QueueStore writer(c.fixture.temp.db(), {});
        for (int i = 0; i < 50; i += 10)
            VERIFY_OK(writer.submit(c.results.mid(i, 10))); // each waits for the one before
        VERIFY_OK(writer.drain());
        QCOMPARE(c.sent(), 50);
        QCOMPARE(writer.pendingSent(c.accountId), 0);
    }

    void pendingUntilCommitted()
    {
        Claimed c(20);
        // Another connection holds the write lock: the writer waits (busy timeout).
        QSqlDatabase db = c.fixture.temp.db()->connection();
        QSqlQuery lock(db);
        QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
        Send::QueueStore writer(c.fixture.temp.db(), {});
        VERIFY_OK(writer.submit(c.results));
        QCOMPARE(writer.pendingSent(c.accountId), 20); // the daily cap still counts them
        QCOMPARE(writer.pendingSent(c.accountId + 1), 0);
        QVERIFY(lock.exec(QStringLiteral("COMMIT")));
        VERIFY_OK(writer.drain());
        QCOMPARE(writer.pendingSent(c.accountId), 0);
        QCOMPARE(c.sent(), 20);
    }

    void claimsAfterTheBatchesBeforeIt()
    {
        Claimed c(30);
        // Ten rows go back to the queue; a claim asked for after them finds them.
        QList<MessageResult> requeued = c.results.mid(0, 10);
        for (MessageResult& result : requeued) {
            result.state = MessageState::Queued;
            result.countsAsAttempt = false;
            result.accountId = 0;
        }
        std::atomic<int> told{0};
        Send::QueueStore store(c.fixture.temp.db(), [&] { ++told; });
        VERIFY_OK(store.submit(requeued));
        QVERIFY(!store.takeClaimed());
        const qint64 now = nowMs();
        store.claimAhead({c.campaignId, QStringLiteral("w2"), now, now + 60000, 25});
        QVERIFY(store.claiming());
        store.claimAhead({c.campaignId, QStringLiteral("w3"), now, now + 60000, 25}); // ignored
        VERIFY_OK(store.drain());
        QCOMPARE(told.load(), 1);
        QVERIFY(store.claiming()); // until taken
        auto claimed = store.takeClaimed();
        QVERIFY(claimed);
        VERIFY_OK(*claimed);
        QCOMPARE((*claimed)->size(), 10);
        QVERIFY(!store.claiming());
        QVERIFY(!store.takeClaimed());
        QCOMPARE(
            c.fixture
                .scalar(QStringLiteral("SELECT COUNT(*) FROM messages WHERE lease_owner = 'w2'"))
                .toInt(),
            10);
    }

    void writeErrorIsReported()
    {
        Claimed c(10);
        QVERIFY(QSqlQuery(c.fixture.temp.db()->connection())
                    .exec(QStringLiteral("CREATE TRIGGER no_updates BEFORE UPDATE ON messages"
                                         " BEGIN SELECT RAISE(ABORT, 'disk says no'); END")));
        Send::QueueStore writer(c.fixture.temp.db(), {});
        VERIFY_OK(writer.submit(c.results));
        const auto drained = writer.drain();
        QVERIFY(!drained);
        QVERIFY(drained.error().describe().contains(QLatin1String("disk says no")));
        QVERIFY(!writer.submit(c.results)); // and every later batch is refused
        QCOMPARE(c.sent(), 0);
    }

    void endedThreadsLeaveNoConnectionBehind()
    {
        // A writer (and a sender) thread per run: each opens its own connection, which
        // must close when the thread ends, or a long GUI session piles them up.
        Test::TempDatabase temp;
        const qsizetype before = QSqlDatabase::connectionNames().size();
        for (int i = 0; i < 5; ++i) {
            bool ok = false;
            std::thread([&] {
                QSqlQuery query(temp.db()->connection());
                ok = query.exec(QStringLiteral("SELECT COUNT(*) FROM contacts")) && query.next();
            }).join();
            QVERIFY2(ok, qPrintable(QStringLiteral("thread %1").arg(i)));
            QCOMPARE(QSqlDatabase::connectionNames().size(), before);
        }
    }
};

QTEST_GUILESS_MAIN(TestQueueStore)
#include "tst_queuestore.moc"
