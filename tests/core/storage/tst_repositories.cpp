#include "core/storage/ListRepository.h"
#include "core/storage/SettingsRepository.h"
#include "tests/support/TempDatabase.h"

#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

using namespace Postroom;
using namespace Postroom::Storage;

class TestRepositories : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void listsAreCreatedAndListedByName()
    {
        Test::TempDatabase temp;
        ListRepository lists(temp.db());
        QVERIFY(lists.create(QStringLiteral("  Newsletter ")).ok());
        QVERIFY(lists.create(QStringLiteral("客户")).ok());
        QVERIFY(lists.create(QStringLiteral("Archive")).ok());

        const auto all = lists.all();
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 3);
        QCOMPARE(all->at(0).name, QStringLiteral("Archive"));
        QCOMPARE(all->at(1).name, QStringLiteral("Newsletter"));
        QCOMPARE(all->at(2).name, QStringLiteral("客户"));
        QCOMPARE(all->at(1).contacts, 0);
    }

    void duplicateAndEmptyNamesAreRefused()
    {
        Test::TempDatabase temp;
        ListRepository lists(temp.db());
        QVERIFY(lists.create(QStringLiteral("A")).ok());
        const auto duplicate = lists.create(QStringLiteral("A"));
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().code, ErrorCode::AlreadyExists);
        const auto empty = lists.create(QStringLiteral("   "));
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code, ErrorCode::InvalidInput);
        const auto twoLines = lists.create(QStringLiteral("a\nb"));
        QVERIFY(!twoLines.ok());
        QCOMPARE(twoLines.error().code, ErrorCode::InvalidInput);
    }

    void countsFollowMemberships()
    {
        Test::TempDatabase temp;
        ListRepository lists(temp.db());
        const auto list = lists.create(QStringLiteral("L"));
        QVERIFY(list.ok());
        QSqlQuery query(temp.db()->connection());
        QVERIFY(query.exec(
            QStringLiteral("INSERT INTO contacts (email, email_key, created_at, updated_at) VALUES "
                           "('a@x.org','a@x.org',0,0), ('b@x.org','b@x.org',0,0)")));
        query.prepare(QStringLiteral("INSERT INTO list_members (list_id, contact_id, added_at) "
                                     "SELECT ?, id, 0 FROM contacts"));
        query.addBindValue(list->id);
        QVERIFY(query.exec());
        QCOMPARE(lists.byName(QStringLiteral("L"))->contacts, 2);

        // Removing the list drops memberships (foreign keys on) but keeps contacts.
        QVERIFY(lists.remove(list->id).ok());
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM list_members")) && query.next());
        QCOMPARE(query.value(0).toInt(), 0);
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM contacts")) && query.next());
        QCOMPARE(query.value(0).toInt(), 2);
    }

    void renameAndMissingLists()
    {
        Test::TempDatabase temp;
        ListRepository lists(temp.db());
        const auto a = lists.create(QStringLiteral("A"));
        QVERIFY(lists.create(QStringLiteral("B")).ok());
        QCOMPARE(lists.rename(a->id, QStringLiteral("B")).error().code, ErrorCode::AlreadyExists);
        QVERIFY(lists.rename(a->id, QStringLiteral("C")).ok());
        QCOMPARE(lists.byName(QStringLiteral("A")).error().code, ErrorCode::NotFound);
        QCOMPARE(lists.byName(QStringLiteral("C"))->id, a->id);
        QCOMPARE(lists.remove(9999).error().code, ErrorCode::NotFound);
    }

    void settingsRoundTrip()
    {
        Test::TempDatabase temp;
        SettingsRepository settings(temp.db());
        QVERIFY(!settings.value(QStringLiteral("track.url"))->has_value());
        QVERIFY(settings.setValue(QStringLiteral("track.url"), QStringLiteral("https://a")).ok());
        QVERIFY(settings.setValue(QStringLiteral("track.url"), QStringLiteral("https://b")).ok());
        QCOMPARE(settings.value(QStringLiteral("track.url"))->value(), QStringLiteral("https://b"));
    }

    void eachThreadGetsItsOwnConnection()
    {
        Test::TempDatabase temp;
        QVERIFY(ListRepository(temp.db()).create(QStringLiteral("Main")).ok());
        bool ok = false;
        QString otherName;
        QThread* thread = QThread::create([&] {
            ListRepository lists(temp.db());
            ok = lists.create(QStringLiteral("Worker")).ok();
            otherName = temp.db()->connection().connectionName();
        });
        thread->start();
        QVERIFY(thread->wait(10000));
        delete thread;
        QVERIFY(ok);
        QVERIFY(otherName != temp.db()->connection().connectionName());
        QCOMPARE(ListRepository(temp.db()).all()->size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestRepositories)
#include "tst_repositories.moc"
