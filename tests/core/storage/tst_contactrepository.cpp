#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/SuppressionRepository.h"
#include "tests/support/TempDatabase.h"

#include <QFileInfo>
#include <QMap>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>
#include <thread>
#include <tuple>

using namespace Postroom;
using namespace Postroom::Storage;

namespace {

ContactUpsert row(const QString& email, const QString& first = {}, const QString& last = {},
                  const QString& fields = {})
{
    return ContactUpsert{email, email.toLower(), first, last, fields};
}

QString emailOf(int i)
{
    return QStringLiteral("c%1@example.com").arg(i, 5, 10, QLatin1Char('0'));
}

// Fills list @p listId with @p count contacts through the import writer.
void fill(const DatabasePtr& db, qint64 listId, int count)
{
    auto writer = ContactRepository(db).importWriter(listId);
    QVERIFY(writer.ok());
    QVERIFY((*writer)->begin().ok());
    for (int i = 0; i < count; ++i) {
        const auto done =
            (*writer)->upsert(row(emailOf(i), QStringLiteral("F%1").arg(i % 10),
                                  QStringLiteral("L%1").arg(count - i, 5, 10, QLatin1Char('0'))));
        QVERIFY(done.ok());
        QCOMPARE(*done, UpsertOutcome::Inserted);
    }
    QVERIFY((*writer)->commit().ok());
}

QStringList emails(const QList<Contact>& contacts)
{
    QStringList out;
    for (const Contact& contact : contacts)
        out << contact.email;
    return out;
}

qint64 scalar(const DatabasePtr& db, const QString& sql)
{
    QSqlQuery query(db->connection());
    if (!query.exec(sql) || !query.next())
        qFatal("query failed: %s", qPrintable(sql));
    return query.value(0).toLongLong();
}

} // namespace

class TestContactRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void addMergesAndReads()
    {
        Test::TempDatabase temp;
        ContactRepository contacts(temp.db());
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        const auto added =
            contacts.add(row(QStringLiteral("Ann@example.com"), QStringLiteral("Ann"), {},
                             QStringLiteral(R"({"a":"1"})")),
                         list->id);
        QVERIFY(added.ok());
        QCOMPARE(added->email, QStringLiteral("Ann@example.com"));
        QCOMPARE(added->emailKey, QStringLiteral("ann@example.com"));
        QCOMPARE(added->status, ContactStatus::Subscribed);
        QVERIFY(added->createdAtMs > 0);

        const auto merged = contacts.add(row(QStringLiteral("ann@example.com"), {},
                                             QStringLiteral("Lee"), QStringLiteral(R"({"b":"2"})")),
                                         0);
        QVERIFY(merged.ok());
        QCOMPARE(merged->id, added->id);
        QCOMPARE(merged->firstName, QStringLiteral("Ann"));
        QCOMPARE(merged->lastName, QStringLiteral("Lee"));
        QVERIFY(merged->fieldsJson.contains(QLatin1String("\"a\"")));
        QVERIFY(merged->fieldsJson.contains(QLatin1String("\"b\"")));
        QCOMPARE(contacts.byKey(QStringLiteral("ann@example.com"))->id, added->id);
        QCOMPARE(contacts.byId(added->id + 100).error().code, ErrorCode::NotFound);
        QCOMPARE(contacts.byKey(QStringLiteral("x@y.z")).error().code, ErrorCode::NotFound);
    }

    void windowsCountsAndFilters()
    {
        Test::TempDatabase temp;
        ContactRepository contacts(temp.db());
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        const auto other = ListRepository(temp.db()).create(QStringLiteral("O"));
        fill(temp.db(), list->id, 40);
        QVERIFY(
            contacts
                .add(row(QStringLiteral("outsider@example.org"), QStringLiteral("Zed")), other->id)
                .ok());

        ContactFilter inList;
        inList.listId = list->id;
        QCOMPARE(*contacts.count(inList), 40);
        QCOMPARE(*contacts.count({}), 41);

        auto first = contacts.window(inList, ContactSort::Email, Qt::AscendingOrder, 0, 3);
        QVERIFY(first.ok());
        QCOMPARE(emails(*first), (QStringList{emailOf(0), emailOf(1), emailOf(2)}));
        auto last = contacts.window(inList, ContactSort::Email, Qt::DescendingOrder, 0, 2);
        QCOMPARE(emails(*last), (QStringList{emailOf(39), emailOf(38)}));
        // Last names run backwards, so the name order is the reverse of the e-mail order.
        auto byName = contacts.window(inList, ContactSort::LastName, Qt::AscendingOrder, 0, 2);
        QCOMPARE(emails(*byName), (QStringList{emailOf(39), emailOf(38)}));
        auto byId = contacts.window(inList, ContactSort::Id, Qt::AscendingOrder, 10, 2);
        QCOMPARE(emails(*byId), (QStringList{emailOf(10), emailOf(11)}));
        QVERIFY(contacts.window(inList, ContactSort::Email, Qt::AscendingOrder, 100, 5)->isEmpty());

        ContactFilter search = inList;
        search.search = QStringLiteral("C0001"); // case-insensitive substring of the e-mail
        QCOMPARE(*contacts.count(search), 10);
        search.search = QStringLiteral("f3");
        QCOMPARE(*contacts.count(search), 4); // first names F3
        search.search = QStringLiteral("100%_");
        QCOMPARE(*contacts.count(search), 0); // wildcards are literal
        ContactFilter everyone;
        everyone.search = QStringLiteral("zed");
        QCOMPARE(*contacts.count(everyone), 1);

        QVERIFY(
            contacts.setStatus({first->at(0).id, first->at(1).id}, ContactStatus::Bounced).ok());
        QVERIFY(SuppressionRepository(temp.db()).add(emailOf(5), QStringLiteral("x")).ok());
        ContactFilter bounced = inList;
        bounced.status = ContactStatus::Bounced;
        QCOMPARE(*contacts.count(bounced), 2);
        QCOMPARE(*contacts.countDeliverable(list->id), 37);
        const auto suppressed = contacts.byKey(emailOf(5));
        QVERIFY(suppressed->suppressed);
        QVERIFY(!contacts.byKey(emailOf(6))->suppressed);
    }

    void windowsFarDownMatchAReadFromTheTop()
    {
        Test::TempDatabase temp;
        ContactRepository contacts(temp.db());
        const auto list = ListRepository(temp.db()).create(QStringLiteral("Big"));
        fill(temp.db(), list->id, 12000);
        ContactFilter filter;
        filter.listId = list->id;
        for (ContactSort sort : {ContactSort::Email, ContactSort::LastName, ContactSort::Id}) {
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                const auto all = contacts.window(filter, sort, order, 0, 12000);
                QVERIFY(all.ok());
                QCOMPARE(all->size(), 12000);
                for (qint64 offset : {4990, 6500, 11990, 11999}) {
                    const auto window = contacts.window(filter, sort, order, offset, 20);
                    QVERIFY(window.ok());
                    const qsizetype expected = std::min<qint64>(20, 12000 - offset);
                    QCOMPARE(window->size(), expected);
                    QCOMPARE(emails(*window), emails(all->mid(offset, expected)));
                }
            }
        }
        // The first page of a search is read another way than the others. "f3": one in
        // ten, near the top of every order; "l1": L10000 and up, 2001 contacts at the far
        // end of the name order.
        for (const QString& text : {QStringLiteral("f3"), QStringLiteral("l1")}) {
            filter.search = text;
            QCOMPARE(*contacts.count(filter), text == QLatin1String("f3") ? 1200 : 2001);
            for (ContactSort sort : {ContactSort::Email, ContactSort::LastName, ContactSort::Id}) {
                for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                    const auto first = contacts.window(filter, sort, order, 0, 200);
                    const auto shifted = contacts.window(filter, sort, order, 1, 200);
                    QVERIFY(first.ok() && shifted.ok());
                    QCOMPARE(first->size(), 200);
                    QCOMPARE(emails(*first).mid(1), emails(*shifted).mid(0, 199));
                }
            }
        }
    }

    void searchMatchesStartsFirstThenAnywhere()
    {
        Test::TempDatabase temp;
        ContactRepository contacts(temp.db());
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        const auto other = ListRepository(temp.db()).create(QStringLiteral("O"));
        for (const auto& [email, first, last] :
             {std::tuple{"anna.kowalski@example.com", "Anna", "Kowalski"},
              std::tuple{"joanne@example.org", "Joanne", "Smith"},
              std::tuple{"bob@annapolis.net", "Bob", "Annable"},
              std::tuple{"mary@example.net", "Mary Ann", "Smith-Jones"},
              std::tuple{"zoe@example.com", "Zoë", "Ångström"}})
            QVERIFY(contacts
                        .add(row(QString::fromUtf8(email), QString::fromUtf8(first),
                                 QString::fromUtf8(last)),
                             list->id)
                        .ok());
        QVERIFY(contacts.add(row(QStringLiteral("annette@example.com")), other->id).ok());

        ContactFilter filter;
        filter.listId = list->id;
        const auto found = [&](const QString& text) {
            filter.search = text;
            const auto rows =
                contacts.window(filter, ContactSort::Email, Qt::AscendingOrder, 0, 10);
            const auto counted = contacts.count(filter);
            if (!rows || !counted || *counted != rows->size())
                return QStringList{QStringLiteral("count and window disagree")};
            return emails(*rows);
        };
        // Starts of the e-mail, first or last name, any case; "joanne" only contains it.
        QCOMPARE(found(QStringLiteral("ANN")),
                 (QStringList{QStringLiteral("anna.kowalski@example.com"),
                              QStringLiteral("bob@annapolis.net")}));
        QCOMPARE(found(QStringLiteral("smith")), (QStringList{QStringLiteral("joanne@example.org"),
                                                              QStringLiteral("mary@example.net")}));
        // "first last", also when the first name has a space of its own.
        QCOMPARE(found(QStringLiteral("anna kow")),
                 QStringList{QStringLiteral("anna.kowalski@example.com")});
        QCOMPARE(found(QStringLiteral("Mary Ann Smith-")),
                 QStringList{QStringLiteral("mary@example.net")});
        QCOMPARE(found(QStringLiteral("Zoë Å")), QStringList{QStringLiteral("zoe@example.com")});
        // Starting nothing: found anywhere instead.
        QCOMPARE(found(QStringLiteral("oann")), QStringList{QStringLiteral("joanne@example.org")});
        QCOMPARE(found(QStringLiteral("@example.net")),
                 QStringList{QStringLiteral("mary@example.net")});
        QCOMPARE(found(QStringLiteral("nobody")), QStringList{});
        // Wildcards are literal in both ways of matching.
        QCOMPARE(found(QStringLiteral("ann%")), QStringList{});
        QCOMPARE(found(QStringLiteral("_nn")), QStringList{});

        // A window past the last prefix match stays empty: it does not switch to
        // matching anywhere (which would find more rows than the count says).
        filter.search = QStringLiteral("ann");
        QVERIFY(contacts.window(filter, ContactSort::Email, Qt::AscendingOrder, 2, 10)->isEmpty());
        QCOMPARE(emails(*contacts.window(filter, ContactSort::Id, Qt::DescendingOrder, 1, 10)),
                 QStringList{QStringLiteral("anna.kowalski@example.com")});
        // The list filter applies before choosing: "annette" is on another list.
        filter.search = QStringLiteral("annet");
        QCOMPARE(*contacts.count(filter), 0);
        filter.listId = 0;
        QCOMPARE(*contacts.count(filter), 1);
    }

    void searchRangesUseTheNameIndexes()
    {
        Test::TempDatabase temp;
        const auto plan = [&](const QString& where) {
            QSqlQuery query(temp.db()->connection());
            if (!query.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM contacts WHERE ") +
                            where))
                return QString();
            QStringList steps;
            while (query.next())
                steps << query.value(3).toString();
            return steps.join(QLatin1Char('\n'));
        };
        // Without these indexes every keystroke scans all contacts (0.5 s at a million).
        QVERIFY(plan(QStringLiteral("lower(last_name || char(1) || first_name) >= lower('k') AND "
                                    "lower(last_name || char(1) || first_name) < lower('l')"))
                    .contains(QLatin1String("contacts_by_last_first")));
        QVERIFY(plan(QStringLiteral("lower(first_name || char(1) || last_name) >= lower('k') AND "
                                    "lower(first_name || char(1) || last_name) < lower('l')"))
                    .contains(QLatin1String("contacts_by_first_last")));
        // The name sort reads the same index instead of sorting every contact.
        QSqlQuery query(temp.db()->connection());
        QVERIFY(query.exec(QStringLiteral(
            "EXPLAIN QUERY PLAN SELECT c.id FROM contacts c ORDER BY lower(last_name || char(1) "
            "|| first_name) DESC, c.id DESC LIMIT 10")));
        QStringList steps;
        while (query.next())
            steps << query.value(3).toString();
        QVERIFY2(steps.join(QLatin1Char(' ')).contains(QLatin1String("contacts_by_last_first")) &&
                     !steps.join(QLatin1Char(' ')).contains(QLatin1String("TEMP B-TREE")),
                 qPrintable(steps.join(QLatin1Char(' '))));
    }

    void nameSortIgnoresCaseAndSearchFindsEachWay()
    {
        Test::TempDatabase temp;
        ContactRepository contacts(temp.db());
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        // (e-mail, first, last): a byte-wise sort would put "Baker" before "adams", and
        // "Smith" before "smithe" only because of the separator between the names.
        const std::tuple<const char*, const char*, const char*> people[] = {
            {"b@example.com", "Bob", "Baker"},     {"a@example.com", "amy", "adams"},
            {"z@example.com", "Zoe", "smith"},     {"y@example.com", "anna", "Smith"},
            {"x@example.com", "Al", "smithe"},     {"c@example.com", "Cy", "carter"},
            {"n@example.com", "Anna", "Kowalski"},
        };
        for (const auto& [email, first, last] : people)
            QVERIFY(contacts
                        .add(row(QLatin1String(email), QLatin1String(first), QLatin1String(last)),
                             list->id)
                        .ok());
        ContactFilter inList;
        inList.listId = list->id;
        for (const ContactFilter& filter : {inList, ContactFilter{}}) {
            const QStringList ascending =
                emails(*contacts.window(filter, ContactSort::LastName, Qt::AscendingOrder, 0, 10));
            QCOMPARE(ascending,
                     (QStringList{QStringLiteral("a@example.com"), QStringLiteral("b@example.com"),
                                  QStringLiteral("c@example.com"), QStringLiteral("n@example.com"),
                                  QStringLiteral("y@example.com"), QStringLiteral("z@example.com"),
                                  QStringLiteral("x@example.com")}));
            QStringList descending =
                emails(*contacts.window(filter, ContactSort::LastName, Qt::DescendingOrder, 0, 10));
            std::reverse(descending.begin(), descending.end());
            QCOMPARE(descending, ascending);
        }

        ContactFilter search;
        const auto found = [&](const QString& text) {
            search.search = text;
            return emails(
                *contacts.window(search, ContactSort::LastName, Qt::AscendingOrder, 0, 10));
        };
        QCOMPARE(found(QStringLiteral("SMITH")),
                 (QStringList{QStringLiteral("y@example.com"), QStringLiteral("z@example.com"),
                              QStringLiteral("x@example.com")}));
        QCOMPARE(found(QStringLiteral("ann")),
                 (QStringList{QStringLiteral("n@example.com"), QStringLiteral("y@example.com")}));
        QCOMPARE(found(QStringLiteral("anna k")), QStringList{QStringLiteral("n@example.com")});
        QCOMPARE(found(QStringLiteral("Anna Smi")), QStringList{QStringLiteral("y@example.com")});
        // The whole first name is needed before the space: "ann smith" is no "first last".
        search.search = QStringLiteral("ann smith");
        QCOMPARE(*contacts.count(search), 0);
        // The separator itself typed (pasted) matches nothing extra.
        search.search = QStringLiteral("anna") + QChar(1);
        QCOMPARE(*contacts.count(search), 2);
    }

    void editDeleteAndMemberships()
    {
        Test::TempDatabase temp;
        ContactRepository contacts(temp.db());
        ListRepository lists(temp.db());
        const auto a = lists.create(QStringLiteral("A"));
        const auto b = lists.create(QStringLiteral("B"));
        auto one = contacts.add(row(QStringLiteral("one@example.com")), a->id);
        auto two = contacts.add(row(QStringLiteral("two@example.com")), a->id);
        QVERIFY(one.ok() && two.ok());

        Contact edited = *one;
        edited.firstName = QStringLiteral("Uno");
        edited.status = ContactStatus::Unsubscribed;
        QVERIFY(contacts.update(edited).ok());
        QCOMPARE(contacts.byId(one->id)->firstName, QStringLiteral("Uno"));
        QCOMPARE(contacts.byId(one->id)->status, ContactStatus::Unsubscribed);
        edited.email = two->email;
        edited.emailKey = two->emailKey;
        QCOMPARE(contacts.update(edited).error().code, ErrorCode::AlreadyExists);
        Contact gone = *one;
        gone.id = 9999;
        QCOMPARE(contacts.update(gone).error().code, ErrorCode::NotFound);

        QVERIFY(contacts.moveToList({one->id}, a->id, b->id).ok());
        QCOMPARE(lists.byName(QStringLiteral("A"))->contacts, 1);
        QCOMPARE(lists.byName(QStringLiteral("B"))->contacts, 1);
        QVERIFY(contacts.addToList({one->id, two->id}, b->id).ok()); // copy; no doubles
        QCOMPARE(lists.byName(QStringLiteral("B"))->contacts, 2);
        QVERIFY(contacts.removeFromList({two->id}, a->id).ok());
        QCOMPARE(lists.byName(QStringLiteral("A"))->contacts, 0);
        QCOMPARE(*contacts.count({}), 2);

        QVERIFY(contacts.remove({one->id}).ok());
        QCOMPARE(*contacts.count({}), 1);
        QCOMPARE(lists.byName(QStringLiteral("B"))->contacts, 1); // membership went too
    }

    void forEachStreamsInIdOrder()
    {
        Test::TempDatabase temp;
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        fill(temp.db(), list->id, 30);
        QStringList seen;
        QVERIFY(ContactRepository(temp.db())
                    .forEachInList(list->id,
                                   [&seen](const Contact& c) {
                                       seen << c.email;
                                       return seen.size() < 5;
                                   })
                    .ok());
        QCOMPARE(seen, (QStringList{emailOf(0), emailOf(1), emailOf(2), emailOf(3), emailOf(4)}));
    }

    void importWriterOutcomes()
    {
        Test::TempDatabase temp;
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        ContactRepository contacts(temp.db());
        QVERIFY(contacts.add(row(QStringLiteral("old@example.com")), 0).ok());
        const auto left = contacts.add(row(QStringLiteral("left@example.com")), 0);
        QVERIFY(contacts.setStatus({left->id}, ContactStatus::Complained).ok());
        QVERIFY(SuppressionRepository(temp.db()).add(QStringLiteral("s@example.com"), {}).ok());

        auto writer = contacts.importWriter(list->id);
        QVERIFY(writer.ok());
        ContactImportWriter& w = **writer;
        QCOMPARE(*w.classify("new@example.com"), UpsertOutcome::Inserted);
        QCOMPARE(*w.classify("old@example.com"), UpsertOutcome::Updated);
        QCOMPARE(*w.classify("left@example.com"), UpsertOutcome::Suppressed);
        QCOMPARE(*w.classify("s@example.com"), UpsertOutcome::Suppressed);
        QVERIFY(w.begin().ok());
        QCOMPARE(*w.upsert(row(QStringLiteral("new@example.com"))), UpsertOutcome::Inserted);
        QCOMPARE(*w.upsert(row(QStringLiteral("NEW@example.com"))), UpsertOutcome::Repeated);
        QCOMPARE(*w.upsert(row(QStringLiteral("old@example.com"))), UpsertOutcome::Updated);
        QCOMPARE(*w.upsert(row(QStringLiteral("old@example.com"))), UpsertOutcome::Repeated);
        QCOMPARE(*w.upsert(row(QStringLiteral("left@example.com"))), UpsertOutcome::Suppressed);
        QCOMPARE(*w.upsert(row(QStringLiteral("s@example.com"))), UpsertOutcome::Suppressed);
        QVERIFY(w.suppress(QStringLiteral("late@example.com"), QStringLiteral("unsubscribed"),
                           QStringLiteral("import"))
                    .ok());
        QCOMPARE(*w.upsert(row(QStringLiteral("late@example.com"))), UpsertOutcome::Suppressed);
        QVERIFY(w.commit().ok());
        QCOMPARE(ListRepository(temp.db()).byName(QStringLiteral("L"))->contacts, 2);

        // A rolled-back batch leaves nothing behind.
        QVERIFY(w.begin().ok());
        QCOMPARE(*w.upsert(row(QStringLiteral("ghost@example.com"))), UpsertOutcome::Inserted);
        w.rollback();
        QVERIFY(!contacts.byKey(QStringLiteral("ghost@example.com")).ok());
        QCOMPARE(ListRepository(temp.db()).byName(QStringLiteral("L"))->contacts, 2);
    }

    void importWriterGroupsMatchSingleUpserts()
    {
        Test::TempDatabase temp;
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        ContactRepository contacts(temp.db());
        QVERIFY(
            contacts.add(row(QStringLiteral("old@example.com"), QStringLiteral("Old")), 0).ok());
        const auto left = contacts.add(row(QStringLiteral("left@example.com")), 0);
        QVERIFY(contacts.setStatus({left->id}, ContactStatus::Complained).ok());
        QVERIFY(SuppressionRepository(temp.db()).add(QStringLiteral("s@example.com"), {}).ok());

        // One full group: new addresses, with an existing, a suppressed and an
        // unsubscribed one among them, and an address twice (which the caller should not
        // do, but which must still merge).
        const qsizetype size = ContactImportWriter::kGroupRows;
        QMap<qsizetype, ContactUpsert> special = {
            {3, row(QStringLiteral("old@example.com"), QStringLiteral("Renamed"))},
            {5, row(QStringLiteral("s@example.com"))},
            {7, row(QStringLiteral("left@example.com"))},
            {9, row(QStringLiteral("dup@example.com"), QStringLiteral("A"))},
            {11, row(QStringLiteral("DUP@example.com"), QStringLiteral("B"))},
        };
        EncodedUpserts encoded;
        for (qsizetype i = 0; i < size; ++i)
            encoded.append(special.value(i, row(emailOf(int(i)))));
        std::vector<EncodedUpsert> rows;
        for (qsizetype i = 0; i < size; ++i)
            rows.push_back(encoded[i]);
        std::vector<UpsertOutcome> outcomes(size_t(size), UpsertOutcome::Updated);

        auto writer = contacts.importWriter(list->id);
        QVERIFY(writer.ok());
        ContactImportWriter& w = **writer;
        QVERIFY(w.begin().ok());
        QVERIFY(w.upsertGroup(rows, outcomes).ok());
        for (qsizetype i = 0; i < size; ++i) {
            const UpsertOutcome expected = i == 3             ? UpsertOutcome::Updated
                                           : i == 5 || i == 7 ? UpsertOutcome::Suppressed
                                           : i == 11          ? UpsertOutcome::Repeated
                                                              : UpsertOutcome::Inserted;
            QCOMPARE(outcomes[size_t(i)], expected);
        }
        // A short group (the end of a batch) gives the same answers.
        EncodedUpserts tail;
        tail.append(row(QStringLiteral("tail@example.com")));
        tail.append(row(QStringLiteral("old@example.com")));
        const std::vector<EncodedUpsert> tailRows = {tail[0], tail[1]};
        QVERIFY(w.upsertGroup(tailRows, outcomes).ok());
        QCOMPARE(outcomes[0], UpsertOutcome::Inserted);
        QCOMPARE(outcomes[1], UpsertOutcome::Repeated);
        QVERIFY(w.commit().ok());

        // 27 new addresses, "dup" (twice), the existing one and the tail's new one.
        QCOMPARE(ListRepository(temp.db()).byName(QStringLiteral("L"))->contacts, size - 2);
        QCOMPARE(contacts.byKey(QStringLiteral("old@example.com"))->firstName,
                 QStringLiteral("Renamed"));
        QCOMPARE(contacts.byKey(QStringLiteral("dup@example.com"))->firstName, QStringLiteral("B"));
        QVERIFY(!contacts.byKey(QStringLiteral("s@example.com")).ok());
        // The same and the unsubscribed contact.
        QCOMPARE(scalar(temp.db(), QStringLiteral("SELECT COUNT(*) FROM contacts")), size - 1);
    }

    void writerPutsSettingsAndIndexesBack()
    {
        Test::TempDatabase temp;
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        const QString nameIndex =
            QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = "
                           "'contacts_by_last_first'");
        const QString sync = QStringLiteral("PRAGMA synchronous");
        const qint64 syncBefore = scalar(temp.db(), sync);
        const QString cache = QStringLiteral("PRAGMA cache_size");
        const qint64 cacheBefore = scalar(temp.db(), cache);
        {
            auto writer = ContactRepository(temp.db()).importWriter(list->id);
            QVERIFY(writer.ok());
            QVERIFY((*writer)->deferIndexes().ok());
            QCOMPARE(scalar(temp.db(), nameIndex), 0);
            QVERIFY((*writer)->begin().ok());
            QVERIFY((*writer)->upsert(row(QStringLiteral("a@example.com"))).ok());
            QVERIFY((*writer)->commit().ok());
            QVERIFY((*writer)->finish().ok());
            QCOMPARE(scalar(temp.db(), nameIndex), 1);
        }
        QCOMPARE(scalar(temp.db(), sync), syncBefore);
        QCOMPARE(scalar(temp.db(), cache), cacheBefore); // finish() shrank it for the sort
        {
            // Destroyed without finish() (an error or a cancel): the index comes back.
            auto writer = ContactRepository(temp.db()).importWriter(list->id);
            QVERIFY((*writer)->deferIndexes().ok());
            QVERIFY((*writer)->begin().ok());
        }
        QCOMPARE(scalar(temp.db(), nameIndex), 1);
        // A crash between drop and rebuild is healed by the next import.
        QSqlQuery(temp.db()->connection())
            .exec(QStringLiteral("DROP INDEX contacts_by_last_first"));
        QSqlQuery(temp.db()->connection())
            .exec(QStringLiteral("DROP INDEX contacts_by_first_last"));
        QCOMPARE(scalar(temp.db(), nameIndex), 0);
        QVERIFY(ContactRepository(temp.db()).importWriter(list->id).ok());
        QCOMPARE(scalar(temp.db(), nameIndex), 1);
        QCOMPARE(scalar(temp.db(), QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = "
                                                  "'index' AND name LIKE 'contacts_by_%'")),
                 2);
        QCOMPARE(ContactRepository(temp.db()).importWriter(9999).error().code, ErrorCode::NotFound);
    }

    void backgroundCheckpointsKeepTheLogShort()
    {
        Test::TempDatabase temp;
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        const QString autocheckpoint = QStringLiteral("PRAGMA wal_autocheckpoint");
        const qint64 autocheckpointBefore = scalar(temp.db(), autocheckpoint);
        QVERIFY(autocheckpointBefore > 0);
        const QString wal = temp.path() + QStringLiteral("-wal");
        constexpr qint64 kMB = 1024 * 1024;
        // 100 MB in batches of 6 MB: rows with a 12 kB custom field.
        const QString fields = QStringLiteral("{\"note\":\"") + QString(12000, QLatin1Char('x')) +
                               QStringLiteral("\"}");
        qint64 largestLog = 0;
        {
            auto writer = ContactRepository(temp.db()).importWriter(list->id);
            QVERIFY(writer.ok());
            (*writer)->checkpointInBackground();
            // The writer's connection no longer checkpoints itself.
            QCOMPARE(scalar(temp.db(), autocheckpoint), 0);
            for (int batch = 0; batch < 17; ++batch) {
                QVERIFY((*writer)->begin().ok());
                for (int i = 0; i < 500; ++i) {
                    const auto done =
                        (*writer)->upsert(row(emailOf(batch * 500 + i), {}, {}, fields));
                    QVERIFY(done.ok());
                }
                QVERIFY((*writer)->commit().ok());
                largestLog = std::max(largestLog, QFileInfo(wal).size());
            }
            // Copied into the database file while the writer was writing, and the log
            // started over instead of holding the whole import (64 MB, then a batch).
            QVERIFY2(QFileInfo(temp.path()).size() > 64 * kMB,
                     qPrintable(QString::number(QFileInfo(temp.path()).size())));
            QVERIFY2(largestLog < 80 * kMB, qPrintable(QString::number(largestLog)));
        }
        QCOMPARE(scalar(temp.db(), autocheckpoint), autocheckpointBefore);
        QCOMPARE(scalar(temp.db(), QStringLiteral("SELECT COUNT(*) FROM list_members")), 17 * 500);
        QSqlQuery check(temp.db()->connection());
        QVERIFY(check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next());
        QCOMPARE(check.value(0).toString(), QStringLiteral("ok"));
    }

    void writerStopsWhenTheListIsDeleted()
    {
        Test::TempDatabase temp;
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        const QString foreignKeys = QStringLiteral("PRAGMA foreign_keys");
        QCOMPARE(scalar(temp.db(), foreignKeys), 1);
        {
            auto writer = ContactRepository(temp.db()).importWriter(list->id);
            QVERIFY(writer.ok());
            QVERIFY((*writer)->begin().ok());
            QCOMPARE(*(*writer)->upsert(row(QStringLiteral("a@example.com"))),
                     UpsertOutcome::Inserted);
            QVERIFY((*writer)->commit().ok());
            // Deleted by someone else (the GUI thread has its own connection) between
            // batches: the writer checks the list itself, as it runs without foreign keys.
            std::thread([&] { QVERIFY(ListRepository(temp.db()).remove(list->id).ok()); }).join();
            const auto begun = (*writer)->begin();
            QVERIFY(!begun.ok());
            QCOMPARE(begun.error().code, ErrorCode::NotFound);
        }
        QCOMPARE(scalar(temp.db(), foreignKeys), 1);
        QCOMPARE(scalar(temp.db(), QStringLiteral("SELECT COUNT(*) FROM list_members")), 0);
        QCOMPARE(scalar(temp.db(), QStringLiteral("SELECT COUNT(*) FROM contacts")), 1);
    }

    void statusNames()
    {
        for (ContactStatus status : {ContactStatus::Subscribed, ContactStatus::Unsubscribed,
                                     ContactStatus::Bounced, ContactStatus::Complained})
            QCOMPARE(contactStatusFromName(contactStatusName(status)), status);
        QVERIFY(!contactStatusFromName(QStringLiteral("pending")).has_value());
    }
};

QTEST_GUILESS_MAIN(TestContactRepository)
#include "tst_contactrepository.moc"
