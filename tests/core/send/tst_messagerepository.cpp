// The send queue's SQL: idempotent queue creation from the snapshot, leases that do
// not overlap between senders and come back when they expire, release, batches of
// results, and the derived state.
#include "core/common/Clock.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/MessageRepository.h"
#include "core/storage/SuppressionRepository.h"
#include "core/storage/TemplateRepository.h"
#include "tests/support/TempDatabase.h"
#include "tests/support/VerifyOk.h"

#include <QSet>
#include <QSqlQuery>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Storage;

namespace {

struct Fixture
{
    Test::TempDatabase temp;
    qint64 listId = 0;
    qint64 campaignId = 0;
    QList<qint64> contactIds;

    explicit Fixture(int contacts)
    {
        listId = ListRepository(temp.db()).create(QStringLiteral("L"))->id;
        StoredTemplate tmpl;
        tmpl.name = QStringLiteral("T");
        tmpl.subject = QStringLiteral("S");
        tmpl.html = QStringLiteral("<p>x</p>");
        const qint64 templateId = TemplateRepository(temp.db()).add(tmpl)->id;
        ContactRepository repo(temp.db());
        for (int i = 0; i < contacts; ++i) {
            const QString email = QStringLiteral("c%1@example.com").arg(i);
            contactIds.append(
                repo.add(ContactUpsert{email, email, QString(), QString(), QString()}, listId)->id);
        }
        CampaignSettings settings;
        settings.fromAddress = QStringLiteral("a@example.org");
        settings.accounts = {QStringLiteral("x")};
        campaignId = CampaignRepository(temp.db())
                         .create(QStringLiteral("C"), listId, templateId, settings)
                         ->id;
    }
};

} // namespace

class TestMessageRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void queueIsTheSnapshotAndNeverDoubles()
    {
        Fixture f(12);
        VERIFY_OK(SuppressionRepository(f.temp.db())
                      .add(QStringLiteral("c3@example.com"), QStringLiteral("test")));
        VERIFY_OK(ContactRepository(f.temp.db())
                      .setStatus({f.contactIds.at(4)}, ContactStatus::Unsubscribed));
        MessageRepository repo(f.temp.db());
        QCOMPARE(*repo.isQueued(f.campaignId), false);
        const auto added = repo.createQueue(f.campaignId, f.listId);
        VERIFY_OK(added);
        QCOMPARE(*added, 10);
        QCOMPARE(*repo.isQueued(f.campaignId), true);
        // A repeat (say after a crash half-way) adds nothing.
        QCOMPARE(*repo.createQueue(f.campaignId, f.listId), 0);
        const auto status = repo.status(f.campaignId);
        VERIFY_OK(status);
        QCOMPARE(status->total, 10);
        QCOMPARE(status->queued, 10);
        QCOMPARE(status->state, Send::CampaignState::Paused); // queued, control still draft
        QSqlQuery refs(f.temp.db()->connection());
        QVERIFY(refs.exec(QStringLiteral("SELECT COUNT(DISTINCT ref) FROM messages")) &&
                refs.next());
        QCOMPARE(refs.value(0).toInt(), 10);
    }

    void queueResumedHalfWayAddsOnlyTheRest()
    {
        // Enough rows for several multi-row statements, and a repeat that meets rows
        // already queued inside one statement.
        Fixture f(150);
        MessageRepository repo(f.temp.db());
        QCOMPARE(*repo.createQueue(f.campaignId, f.listId), 150);
        QSqlQuery query(f.temp.db()->connection());
        QVERIFY(query.exec(QStringLiteral("DELETE FROM messages WHERE contact_id % 3 = 0")));
        const int removed = query.numRowsAffected();
        QVERIFY(removed > 40);
        QCOMPARE(*repo.createQueue(f.campaignId, f.listId), removed);
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT contact_id),"
                                          " COUNT(DISTINCT ref) FROM messages")) &&
                query.next());
        QCOMPARE(query.value(0).toInt(), 150);
        QCOMPARE(query.value(1).toInt(), 150);
        QCOMPARE(query.value(2).toInt(), 150);
    }

    void leasesDoNotOverlapAndComeBackWhenExpired()
    {
        Fixture f(10);
        MessageRepository repo(f.temp.db());
        VERIFY_OK(repo.createQueue(f.campaignId, f.listId));
        const qint64 now = nowMs();
        const auto first = repo.claim(f.campaignId, QStringLiteral("A"), now, now + 1000, 6);
        VERIFY_OK(first);
        QCOMPARE(first->size(), 6);
        const auto second = repo.claim(f.campaignId, QStringLiteral("B"), now, now + 1001, 6);
        VERIFY_OK(second);
        QCOMPARE(second->size(), 4);
        QSet<qint64> ids;
        for (const auto& m : *first)
            ids.insert(m.id);
        for (const auto& m : *second)
            QVERIFY(!ids.contains(m.id));
        QCOMPARE(first->first().contact.email.endsWith(QLatin1String("@example.com")), true);
        // Nothing is due while the leases run.
        QCOMPARE(repo.claim(f.campaignId, QStringLiteral("C"), now + 10, now + 2000, 10)->size(),
                 0);
        // A renewed lease survives the original expiry; an unrenewed one does not.
        VERIFY_OK(repo.renewLeases(f.campaignId, QStringLiteral("B"), now + 60000));
        const auto taken =
            repo.claim(f.campaignId, QStringLiteral("C"), now + 1500, now + 90000, 10);
        VERIFY_OK(taken);
        QCOMPARE(taken->size(), 6); // A's rows: A "crashed"
        QCOMPARE(*repo.nextDueAt(f.campaignId), now + 60000);
    }

    void releaseResultsAndDerivedState()
    {
        Fixture f(5);
        MessageRepository repo(f.temp.db());
        VERIFY_OK(repo.createQueue(f.campaignId, f.listId));
        VERIFY_OK(repo.setControl(f.campaignId, QStringLiteral("running")));
        const qint64 now = nowMs();
        const auto claimed = repo.claim(f.campaignId, QStringLiteral("A"), now, now + 1000, 5);
        VERIFY_OK(claimed);
        QCOMPARE(repo.status(f.campaignId)->sending, 5);
        QCOMPARE(repo.status(f.campaignId)->state, Send::CampaignState::Sending);
        QList<MessageResult> results;
        const auto result = [&](int i, MessageState state) {
            MessageResult r;
            r.messageId = claimed->at(i).id;
            r.campaignId = f.campaignId;
            r.state = state;
            r.accountId = 0;
            r.atMs = now;
            r.nextAttemptAtMs = now + 5000;
            return r;
        };
        results << result(0, MessageState::Sent) << result(1, MessageState::Deferred);
        MessageResult bounce = result(2, MessageState::Bounced);
        bounce.bounceKind = QStringLiteral("hard");
        bounce.emailKey = claimed->at(2).contact.emailKey;
        bounce.smtpCode = 550;
        bounce.enhancedStatus = QStringLiteral("5.1.1");
        results << bounce;
        VERIFY_OK(repo.recordResults(results));
        VERIFY_OK(repo.release(QStringLiteral("A"), {claimed->at(3).id, claimed->at(4).id}));
        auto status = repo.status(f.campaignId);
        QCOMPARE(status->sent, 1);
        QCOMPARE(status->deferred, 1);
        QCOMPARE(status->bounced, 1);
        QCOMPARE(status->queued, 2);
        QCOMPARE(status->sending, 0);
        QCOMPARE(status->state, Send::CampaignState::Sending);
        QCOMPARE(*SuppressionRepository(f.temp.db()).contains(bounce.emailKey), true);
        // Only the deferred row left: waiting; then cancelled wins.
        const auto rest = repo.claim(f.campaignId, QStringLiteral("A"), now, now + 1000, 5);
        QCOMPARE(rest->size(), 2);
        VERIFY_OK(repo.recordResults({[&] {
                                          MessageResult r;
                                          r.messageId = rest->at(0).id;
                                          r.state = MessageState::Skipped;
                                          r.atMs = now;
                                          return r;
                                      }(),
                                      [&] {
                                          MessageResult r;
                                          r.messageId = rest->at(1).id;
                                          r.state = MessageState::Sent;
                                          r.atMs = now;
                                          return r;
                                      }()}));
        status = repo.status(f.campaignId);
        QCOMPARE(status->state, Send::CampaignState::Waiting);
        VERIFY_OK(repo.setControl(f.campaignId, QStringLiteral("paused")));
        QCOMPARE(repo.status(f.campaignId)->state, Send::CampaignState::Paused);
        VERIFY_OK(repo.setControl(f.campaignId, QStringLiteral("cancelled")));
        QCOMPARE(repo.status(f.campaignId)->state, Send::CampaignState::Cancelled);
        QCOMPARE(repo.status(f.campaignId)->toJson().value(QStringLiteral("state")).toString(),
                 QStringLiteral("cancelled"));
    }

    void claimSkipsContactsUnsubscribedAfterQueueing()
    {
        Fixture f(3);
        MessageRepository repo(f.temp.db());
        VERIFY_OK(repo.createQueue(f.campaignId, f.listId));
        VERIFY_OK(ContactRepository(f.temp.db())
                      .setStatus({f.contactIds.at(1)}, ContactStatus::Unsubscribed));
        const qint64 now = nowMs();
        const auto claimed = repo.claim(f.campaignId, QStringLiteral("A"), now, now + 1000, 10);
        VERIFY_OK(claimed);
        QCOMPARE(claimed->size(), 2);
        QCOMPARE(repo.status(f.campaignId)->skipped, 1);
    }
};

QTEST_GUILESS_MAIN(TestMessageRepository)
#include "tst_messagerepository.moc"
