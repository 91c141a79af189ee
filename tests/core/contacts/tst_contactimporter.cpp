#include "core/contacts/ContactImporter.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/SuppressionRepository.h"
#include "tests/support/TempDatabase.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Contacts;
using Storage::ContactStatus;

namespace {

struct Fixture
{
    Test::TempDatabase temp;
    qint64 listId = 0;

    Fixture()
    {
        auto list = Storage::ListRepository(temp.db()).create(QStringLiteral("News"));
        if (!list)
            qFatal("no list");
        listId = list->id;
    }

    Result<ImportSummary> import(const QByteArray& csv, ImportOptions options = {},
                                 ContactImporter* importer = nullptr)
    {
        QBuffer buffer;
        buffer.setData(csv);
        buffer.open(QIODevice::ReadOnly);
        if (options.listName.isEmpty())
            options.listName = QStringLiteral("News");
        ContactImporter own(temp.db());
        return (importer ? importer : &own)->run(&buffer, options);
    }

    qint64 scalar(const QString& sql) const
    {
        QSqlQuery query(temp.db()->connection());
        if (!query.exec(sql) || !query.next())
            qFatal("query failed: %s", qPrintable(sql));
        return query.value(0).toLongLong();
    }

    qint64 contacts() const { return scalar(QStringLiteral("SELECT COUNT(*) FROM contacts")); }
    qint64 members() const { return scalar(QStringLiteral("SELECT COUNT(*) FROM list_members")); }
    qint64 suppressions() const
    {
        return scalar(QStringLiteral("SELECT COUNT(*) FROM suppressions"));
    }

    Storage::Contact contact(const QString& key) const
    {
        auto found = Storage::ContactRepository(temp.db()).byKey(key);
        if (!found)
            qFatal("no contact %s", qPrintable(key));
        return *found;
    }
};

#define CHECK_COUNTS(summary, r, i, u, d, inv, s)                                                  \
    do {                                                                                           \
        QCOMPARE((summary).rows, qint64(r));                                                       \
        QCOMPARE((summary).imported, qint64(i));                                                   \
        QCOMPARE((summary).updated, qint64(u));                                                    \
        QCOMPARE((summary).duplicates, qint64(d));                                                 \
        QCOMPARE((summary).invalid, qint64(inv));                                                  \
        QCOMPARE((summary).suppressed, qint64(s));                                                 \
    } while (false)

#define VERIFY_OK(result)                                                                          \
    QVERIFY2((result).ok(), qPrintable((result).ok() ? QString() : (result).error().describe()))

QByteArray numberedRows(int from, int to)
{
    QByteArray csv;
    for (int i = from; i <= to; ++i)
        csv += "user" + QByteArray::number(i) + "@example.com,Name" + QByteArray::number(i) + "\n";
    return csv;
}

} // namespace

class TestContactImporter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void importsThenUpdates()
    {
        Fixture f;
        const QByteArray csv = "Email,First Name,Last Name,City\n"
                               "ann@example.com,Ann,Lee,Paris\n"
                               "bo@example.org,Bo,,\n"
                               "chen@example.cn,伟,陈,北京\n";
        auto first = f.import(csv);
        VERIFY_OK(first);
        CHECK_COUNTS(*first, 3, 3, 0, 0, 0, 0);
        QCOMPARE(first->encoding, QStringLiteral("UTF-8"));
        QCOMPARE(first->delimiter, QLatin1Char(','));
        QCOMPARE(f.contacts(), 3);
        QCOMPARE(f.members(), 3);
        const auto chen = f.contact(QStringLiteral("chen@example.cn"));
        QCOMPARE(chen.firstName, QStringLiteral("伟"));
        QCOMPARE(chen.lastName, QStringLiteral("陈"));
        QCOMPARE(QJsonDocument::fromJson(chen.fieldsJson.toUtf8()).object(),
                 (QJsonObject{{QStringLiteral("City"), QStringLiteral("北京")}}));
        // Empty custom values are not stored.
        QCOMPARE(f.contact(QStringLiteral("bo@example.org")).fieldsJson, QStringLiteral("{}"));

        // The same file again: everyone exists, nobody is doubled.
        auto second = f.import(csv);
        VERIFY_OK(second);
        CHECK_COUNTS(*second, 3, 0, 3, 0, 0, 0);
        QCOMPARE(f.contacts(), 3);
        QCOMPARE(f.members(), 3);
    }

    void aLargeFileIsImportedInBulk()
    {
        // Over 16 MB: the bulk path (name indexes rebuilt at the end, checkpoints on a
        // thread of their own). The file is large through a long custom field, so that
        // it is also more log than one checkpoint's worth.
        Fixture f;
        const qint64 autocheckpointBefore = f.scalar(QStringLiteral("PRAGMA wal_autocheckpoint"));
        const QByteArray note(4400, 'n');
        QByteArray csv = "Email,First Name,Last Name,Note\n";
        constexpr int kRows = 4000;
        for (int i = 0; i < kRows; ++i)
            csv += "c" + QByteArray::number(i) + "@example.com,Ann,Lee" +
                   QByteArray::number(i % 7) + ',' + note + '\n';
        QVERIFY(csv.size() > 16 * 1024 * 1024);
        auto summary = f.import(csv);
        VERIFY_OK(summary);
        CHECK_COUNTS(*summary, kRows, kRows, 0, 0, 0, 0);
        QCOMPARE(f.contacts(), kRows);
        QCOMPARE(f.members(), kRows);
        // Usable when run() returns: both name indexes are back, the connection's
        // settings too (a background checkpointer's hook reads as 0 here).
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'"
                                         " AND name IN ('contacts_by_last_first',"
                                         " 'contacts_by_first_last')")),
                 2);
        QCOMPARE(f.scalar(QStringLiteral("PRAGMA wal_autocheckpoint")), autocheckpointBefore);
        QCOMPARE(f.scalar(QStringLiteral("SELECT COUNT(*) FROM contacts WHERE lower(last_name || "
                                         "char(1) || first_name) >= 'lee3' AND lower(last_name ||"
                                         " char(1) || first_name) < 'lee4'")),
                 kRows / 7 + (kRows % 7 > 3));
    }

    void duplicatesByCaseAndWhitespaceAreMerged()
    {
        Fixture f;
        const QByteArray csv = "email,first_name,last_name,tier\n"
                               "Mary@Example.org,Mary,,gold\n"
                               "  mary@EXAMPLE.ORG ,,Major,\n"
                               "MARY@example.org\t,Maria,,\n"
                               "other@example.org,O,,\n";
        auto summary = f.import(csv);
        VERIFY_OK(summary);
        CHECK_COUNTS(*summary, 4, 2, 0, 2, 0, 0);
        QCOMPARE(f.contacts(), 2);
        QCOMPARE(f.members(), 2);
        const auto mary = f.contact(QStringLiteral("mary@example.org"));
        QCOMPARE(mary.email, QStringLiteral("Mary@example.org")); // first spelling kept
        QCOMPARE(mary.firstName, QStringLiteral("Maria"));        // later non-empty wins
        QCOMPARE(mary.lastName, QStringLiteral("Major"));         // empty never erases
        QVERIFY(mary.fieldsJson.contains(QLatin1String("gold")));
    }

    void existingContactsAreUpdatedAndAddedToTheList()
    {
        Fixture f;
        Storage::ContactRepository contacts(f.temp.db());
        QVERIFY(contacts
                    .add({QStringLiteral("Old@example.com"), QStringLiteral("old@example.com"),
                          QStringLiteral("Olga"), QStringLiteral("Old"),
                          QStringLiteral(R"({"city":"Kyiv","vip":"yes"})")},
                         0)
                    .ok());
        QCOMPARE(f.members(), 0);
        auto summary = f.import("email,last name,city\nOLD@example.com,Newman,Lviv\n"
                                "new@example.com,New,\n");
        VERIFY_OK(summary);
        CHECK_COUNTS(*summary, 2, 1, 1, 0, 0, 0);
        QCOMPARE(f.members(), 2);
        const auto old = f.contact(QStringLiteral("old@example.com"));
        QCOMPARE(old.firstName, QStringLiteral("Olga"));
        QCOMPARE(old.lastName, QStringLiteral("Newman"));
        const QJsonObject fields = QJsonDocument::fromJson(old.fieldsJson.toUtf8()).object();
        QCOMPARE(fields.value(QStringLiteral("city")).toString(), QStringLiteral("Lviv"));
        QCOMPARE(fields.value(QStringLiteral("vip")).toString(), QStringLiteral("yes"));
    }

    void repeatsOfAnExistingContactAcrossBatches()
    {
        Fixture f;
        QVERIFY(Storage::ContactRepository(f.temp.db())
                    .add({QStringLiteral("Old@example.com"),
                          QStringLiteral("old@example.com"),
                          {},
                          {},
                          {}},
                         0)
                    .ok());
        ImportOptions options;
        options.batchSize = 1; // each repeat lands in its own transaction
        auto summary = f.import("email,first name\nold@example.com,A\nnew@example.com,N\n"
                                "OLD@example.com,B\nnew@EXAMPLE.com,\nold@example.com,C\n",
                                options);
        VERIFY_OK(summary);
        CHECK_COUNTS(*summary, 5, 1, 1, 3, 0, 0);
        QCOMPARE(f.contact(QStringLiteral("old@example.com")).firstName, QStringLiteral("C"));
        QCOMPARE(f.members(), 2);
    }

    void groupedWritesMatchRowByRowWrites()
    {
        // Rows new to the file are written kGroupRows to a statement; repeats wait for
        // their group. Whatever the order of repeats, suppressions and existing contacts,
        // the result must be the one of writing row by row (one row per batch).
        QByteArray csv = "email,first name,last name,tier,状态\n";
        for (int i = 0; i < 600; ++i) {
            const int person = (i * 7919) % 230;
            QByteArray email = "p" + QByteArray::number(person) + "@example.com";
            if (i % 3 == 1)
                email = ' ' + email.toUpper() + ' ';
            csv += email + ',' + (i % 4 == 0 ? QByteArray() : "F" + QByteArray::number(i)) + ",L" +
                   QByteArray::number(i % 5) + ',' +
                   (i % 6 == 0 ? "t" + QByteArray::number(i) : QByteArray()) + ',' +
                   (i % 37 == 5 ? "退订" : "") + '\n';
        }
        const auto run = [&](int batchSize, QStringList& state) {
            Fixture f;
            Storage::ContactRepository contacts(f.temp.db());
            for (int person : {3, 50, 51}) {
                const QString email = QStringLiteral("p%1@example.com").arg(person);
                QVERIFY(contacts
                            .add({email,
                                  email,
                                  QStringLiteral("Was"),
                                  {},
                                  QStringLiteral(R"({"old":"1"})")},
                                 0)
                            .ok());
            }
            QVERIFY(Storage::SuppressionRepository(f.temp.db())
                        .add(QStringLiteral("p60@example.com"), {})
                        .ok());
            ImportOptions options;
            options.batchSize = batchSize;
            auto summary = f.import(csv, options);
            VERIFY_OK(summary);
            state << QString::fromUtf8(QJsonDocument(summary->toJson()).toJson());
            QSqlQuery query(f.temp.db()->connection());
            QVERIFY(query.exec(QStringLiteral(
                "SELECT c.email || '|' || c.first_name || '|' || c.last_name || '|' || c.fields"
                " || '|' || c.status || '|' || (m.contact_id IS NOT NULL) FROM contacts c"
                " LEFT JOIN list_members m ON m.contact_id = c.id ORDER BY c.email_key")));
            while (query.next())
                state << query.value(0).toString();
            QVERIFY(query.exec(
                QStringLiteral("SELECT email_key || reason FROM suppressions ORDER BY email_key")));
            while (query.next())
                state << query.value(0).toString();
        };
        QStringList rowByRow;
        QStringList grouped;
        run(1, rowByRow);
        run(10000, grouped);
        QCOMPARE(grouped, rowByRow);
        QVERIFY(rowByRow.size() > 200);
    }

    void suppressedAddressesAreNeverResubscribed()
    {
        Fixture f;
        Storage::SuppressionRepository suppressions(f.temp.db());
        QVERIFY(
            suppressions.add(QStringLiteral("gone@example.com"), QStringLiteral("complaint")).ok());
        Storage::ContactRepository contacts(f.temp.db());
        const auto unsubscribed = contacts.add({QStringLiteral("left@example.com"),
                                                QStringLiteral("left@example.com"),
                                                QStringLiteral("Left"),
                                                {},
                                                {}},
                                               0);
        VERIFY_OK(unsubscribed);
        QVERIFY(contacts.setStatus({unsubscribed->id}, ContactStatus::Unsubscribed).ok());

        auto summary = f.import("email,first name\nGONE@Example.com,G\nleft@example.com,Back\n"
                                "stay@example.com,S\n");
        VERIFY_OK(summary);
        CHECK_COUNTS(*summary, 3, 1, 0, 0, 0, 2);
        QCOMPARE(f.members(), 1);
        QVERIFY(!Storage::ContactRepository(f.temp.db())
                     .byKey(QStringLiteral("gone@example.com"))
                     .ok());
        const auto left = f.contact(QStringLiteral("left@example.com"));
        QCOMPARE(left.status, ContactStatus::Unsubscribed);
        QCOMPARE(left.firstName, QStringLiteral("Left")); // untouched
    }

    void mailchimpUnsubscribedAndCleanedGoToSuppression()
    {
        Fixture f;
        auto unsub = f.import(
            "\"Email Address\",\"First Name\",\"Last Name\",UNSUB_TIME,UNSUB_CAMPAIGN_TITLE\n"
            "\"quit@example.com\",\"Q\",\"\",\"2024-03-01 10:00:00\",\"Spring sale\"\n"
            "\"also.quit@example.com\",\"A\",\"\",\"2024-03-02 10:00:00\",\"\"\n");
        VERIFY_OK(unsub);
        CHECK_COUNTS(*unsub, 2, 0, 0, 0, 0, 2);
        auto cleaned = f.import("\"Email Address\",CLEAN_TIME,CLEAN_CAMPAIGN_TITLE\n"
                                "\"bounced@example.com\",\"2024-01-01 00:00:00\",\"x\"\n");
        VERIFY_OK(cleaned);
        CHECK_COUNTS(*cleaned, 1, 0, 0, 0, 0, 1);
        QCOMPARE(f.contacts(), 0);
        QCOMPARE(f.suppressions(), 3);
        const auto all = Storage::SuppressionRepository(f.temp.db()).all();
        VERIFY_OK(all);
        QCOMPARE(all->at(1).emailKey, QStringLiteral("bounced@example.com"));
        QCOMPARE(all->at(1).reason, QStringLiteral("cleaned"));
        QCOMPARE(all->at(1).source, QStringLiteral("import"));
        QCOMPARE(all->at(2).reason, QStringLiteral("unsubscribed"));

        // A later "subscribed" export naming them does not bring them back.
        auto subscribed = f.import("Email Address,First Name\nQuit@Example.com,Q\n"
                                   "fresh@example.com,F\n");
        VERIFY_OK(subscribed);
        CHECK_COUNTS(*subscribed, 2, 1, 0, 0, 0, 1);

        // A status column works the same (CRM and Chinese exports).
        auto status = f.import("邮箱,状态\nx1@example.com,退订\nx2@example.com,cleaned\n"
                               "x3@example.com,subscribed\n");
        VERIFY_OK(status);
        CHECK_COUNTS(*status, 3, 1, 0, 0, 0, 2);
    }

    void realMailchimpExports()
    {
        for (const char* name :
             {"mailchimp-unsubscribed-export.csv", "mailchimp-cleaned-export.csv"}) {
            const QString path =
                QFINDTESTDATA(QStringLiteral("../../data/csv/") + QLatin1String(name));
            if (path.isEmpty())
                QSKIP("sample file not present");
            Fixture f;
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            ImportOptions options;
            options.listName = QStringLiteral("News");
            auto summary = ContactImporter(f.temp.db()).run(&file, options);
            VERIFY_OK(summary);
            QVERIFY(summary->rows > 0);
            QCOMPARE(summary->imported + summary->updated, 0);
            QCOMPARE(summary->suppressed + summary->invalid + summary->duplicates, summary->rows);
            QCOMPARE(f.members(), 0);
            QVERIFY(f.suppressions() > 0);
        }
    }

    void badRowsAreCountedWithLineAndReason()
    {
        Fixture f;
        QBuffer rejected;
        rejected.open(QIODevice::WriteOnly);
        ImportOptions options;
        options.rejectedOut = &rejected;
        QList<RejectedRow> seen;
        ContactImporter importer(f.temp.db());
        importer.setRejectedCallback([&seen](const RejectedRow& row) { seen.append(row); });
        auto summary = f.import("email,name,note\n"          // line 1
                                "good@example.com,G,\"two\n" // line 2
                                "lines\"\n"                  // line 3
                                "not-an-address,X,\n"        // line 4
                                ",Nobody,\n"                 // line 5
                                ",,\n"                       // line 6: blank, skipped
                                "=cmd@example.com,Y,\n"      // line 7: valid atext!
                                "a@b,Z,\n",                  // line 8
                                options, &importer);
        VERIFY_OK(summary);
        CHECK_COUNTS(*summary, 5, 2, 0, 0, 3, 0);
        QCOMPARE(summary->errors.size(), 3);
        QCOMPARE(summary->errors[0].line, 4);
        QVERIFY(summary->errors[0].reason.contains(QLatin1String("not-an-address")));
        QVERIFY(summary->errors[0].reason.contains(QLatin1String("no @")));
        QCOMPARE(summary->errors[1].line, 5);
        QCOMPARE(summary->errors[2].line, 8);
        QCOMPARE(seen.size(), 3);
        QCOMPARE(seen[1].fields, (QStringList{QString(), QStringLiteral("Nobody"), QString()}));

        const QByteArray csv = rejected.data();
        QVERIFY(csv.startsWith("line,reason,email,name,note\r\n"));
        QVERIFY(csv.contains("\r\n4,"));
        QCOMPARE(csv.count("\r\n"), 4);

        const QJsonObject json = summary->toJson();
        QCOMPARE(json.value(QStringLiteral("rows")).toInt(), 5);
        QCOMPARE(json.value(QStringLiteral("invalid")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("errors")).toArray().size(), 3);
        QCOMPARE(json.value(QStringLiteral("errors"))[0][QStringLiteral("line")].toInt(), 4);
        for (const char* key :
             {"rows", "imported", "updated", "duplicates", "invalid", "suppressed", "errors"})
            QVERIFY(json.contains(QLatin1String(key)));
    }

    void hostileRowsNeverStopTheImport()
    {
        Fixture f;
        QByteArray csv("email,first_name,last_name\n");
        csv += "nul@example.com,A";
        csv += '\0';
        csv += "B,C\n";                                                              // line 2: NUL
        csv += "huge@example.com,\"" + QByteArray(10 * 1024 * 1024, 'x') + "\",L\n"; // line 3
        csv += "eve@example.com,\"Eve\r\nBcc: victim@example.org\",Evil\n";          // line 4-5
        csv += "ok@example.com,Ok,Fine\n";                                           // line 6
        csv += "u@example.com,\"unterminated\nlast@example.com,L,L\n";               // line 7
        auto summary = f.import(csv);
        VERIFY_OK(summary);
        CHECK_COUNTS(*summary, 5, 2, 0, 0, 3, 0);
        QCOMPARE(summary->errors[0].line, 2);
        QCOMPARE(summary->errors[1].line, 3);
        QCOMPARE(summary->errors[2].line, 7);
        QVERIFY(summary->errors[2].reason.contains(QLatin1String("quoted")));
        // CR/LF in a name is stored as a space: it can never reach a header later.
        const auto eve = f.contact(QStringLiteral("eve@example.com"));
        QCOMPARE(eve.firstName, QStringLiteral("Eve Bcc: victim@example.org"));
        QVERIFY(!f.contact(QStringLiteral("ok@example.com")).email.isEmpty());
    }

    void errorsAreCappedButCounted()
    {
        Fixture f;
        QByteArray csv("email\n");
        for (int i = 0; i < 150; ++i)
            csv += "bad" + QByteArray::number(i) + "\n";
        auto summary = f.import(csv);
        VERIFY_OK(summary);
        QCOMPARE(summary->invalid, 150);
        QCOMPARE(summary->errors.size(), ImportSummary::kMaxErrors);
        QCOMPARE(summary->errors.last().line, 101);
    }

    void fullNamesAndGoogleMultiAddressCells()
    {
        Fixture f;
        auto summary = f.import("Name,E-mail 1 - Value\n"
                                "Ada King Lovelace,ada@example.com ::: ada@work.example\n"
                                "张伟,zw@example.cn\n");
        VERIFY_OK(summary);
        CHECK_COUNTS(*summary, 2, 2, 0, 0, 0, 0);
        const auto ada = f.contact(QStringLiteral("ada@example.com"));
        QCOMPARE(ada.firstName, QStringLiteral("Ada King"));
        QCOMPARE(ada.lastName, QStringLiteral("Lovelace"));
        QCOMPARE(f.contact(QStringLiteral("zw@example.cn")).firstName, QStringLiteral("张伟"));
    }

    void overridesAndWizardMapping()
    {
        Fixture f;
        ImportOptions options;
        options.overrides = {{QStringLiteral("email"), QStringLiteral("Kontakt")},
                             {QStringLiteral("ignore"), QStringLiteral("Secret")}};
        auto summary = f.import("Kontakt,Secret,Vorname\nk@example.de,s3cr3t,Karl\n", options);
        VERIFY_OK(summary);
        CHECK_COUNTS(*summary, 1, 1, 0, 0, 0, 0);
        const auto karl = f.contact(QStringLiteral("k@example.de"));
        QCOMPARE(karl.firstName, QStringLiteral("Karl"));
        QCOMPARE(karl.fieldsJson, QStringLiteral("{}"));

        ImportOptions wrong;
        wrong.mapping = ColumnMapping::guess({QStringLiteral("email")});
        auto mismatch = f.import("email,name\na@example.com,A\n", wrong);
        QVERIFY(!mismatch.ok());

        auto noEmail = f.import("name,phone\nA,1\n");
        QVERIFY(!noEmail.ok());
        QCOMPARE(noEmail.error().code, ErrorCode::InvalidInput);
        ImportOptions noList;
        noList.listName = QStringLiteral("Nope");
        auto missing = f.import("email\na@example.com\n", noList);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        // A dry run predicts an import into a list the real run would create.
        noList.dryRun = true;
        auto predicted = f.import("email\nk@example.de\nnew@example.com\n", noList);
        VERIFY_OK(predicted);
        CHECK_COUNTS(*predicted, 2, 1, 1, 0, 0, 0);
        QVERIFY(!Storage::ListRepository(f.temp.db()).byName(QStringLiteral("Nope")).ok());
        QCOMPARE(f.contacts(), 1);
    }

    void dryRunWritesNothingAndPredictsTheRealRun()
    {
        const QByteArray csv = "email,first name,status\n"
                               "known@example.com,K,\n"
                               "new@example.com,N,\n"
                               "NEW@example.com,N2,\n"
                               "blocked@example.com,B,\n"
                               "quit@example.com,Q,unsubscribed\n"
                               "quit@example.com,Q,\n"
                               "broken,X,\n";
        for (int batch : {1, 2, 10000}) {
            Fixture g;
            QVERIFY(Storage::SuppressionRepository(g.temp.db())
                        .add(QStringLiteral("blocked@example.com"), QStringLiteral("manual"))
                        .ok());
            QVERIFY(Storage::ContactRepository(g.temp.db())
                        .add({QStringLiteral("known@example.com"),
                              QStringLiteral("known@example.com"),
                              {},
                              {},
                              {}},
                             0)
                        .ok());
            ImportOptions dry;
            dry.dryRun = true;
            dry.batchSize = batch;
            auto predicted = g.import(csv, dry);
            VERIFY_OK(predicted);
            CHECK_COUNTS(*predicted, 7, 1, 1, 1, 1, 3);
            QCOMPARE(g.contacts(), 1);
            QCOMPARE(g.members(), 0);
            QCOMPARE(g.suppressions(), 1);

            ImportOptions real;
            real.batchSize = batch;
            auto done = g.import(csv, real);
            VERIFY_OK(done);
            CHECK_COUNTS(*done, 7, 1, 1, 1, 1, 3);
            QCOMPARE(g.contacts(), 2);
            QCOMPARE(g.members(), 2);
            QCOMPARE(g.suppressions(), 2);
        }
    }

    void dryRunNeverTakesDistinctAddressesForRepeats()
    {
        // The dry run remembers addresses as 64-bit hashes in an open-addressing table;
        // a weak hash or a probing bug would count distinct rows as repeats.
        Fixture f;
        QByteArray csv("email\n");
        csv.reserve(200000 * 26);
        for (int i = 0; i < 200000; ++i)
            csv += "u" + QByteArray::number(i * 7919) + "@example.com\n";
        ImportOptions dry;
        dry.dryRun = true;
        auto summary = f.import(csv, dry);
        VERIFY_OK(summary);
        CHECK_COUNTS(*summary, 200000, 200000, 0, 0, 0, 0);
    }

    void cancelKeepsCommittedBatchesOnly()
    {
        Fixture f;
        QByteArray csv = "email,name\n" + numberedRows(1, 24) + "broken,X\n" + numberedRows(26, 50);
        std::atomic_bool cancel = false;
        ContactImporter importer(f.temp.db());
        importer.setCancelFlag(&cancel);
        importer.setRejectedCallback([&cancel](const RejectedRow&) { cancel = true; });
        ImportOptions options;
        options.batchSize = 10;
        auto summary = f.import(csv, options, &importer);
        VERIFY_OK(summary);
        QVERIFY(summary->cancelled);
        CHECK_COUNTS(*summary, 20, 20, 0, 0, 0, 0);
        QCOMPARE(f.contacts(), 20);
        QCOMPARE(f.members(), 20);
        QCOMPARE(f.scalar(QStringLiteral("PRAGMA integrity_check")), 0); // "ok" → 0

        // Running it again finishes the job without doubling anyone.
        auto again = f.import(csv, options);
        VERIFY_OK(again);
        QVERIFY(!again->cancelled);
        CHECK_COUNTS(*again, 50, 29, 20, 0, 1, 0);
        QCOMPARE(f.contacts(), 49);
        QCOMPARE(f.members(), 49);
    }

    void cancelWhileTheParserIsAheadStopsPromptly()
    {
        // Far more rows than the parser thread may hold in flight: when the cancel comes
        // it is waiting on the full queue, and must be released, not leave run() hanging.
        Fixture f;
        QByteArray csv =
            "email,name\n" + numberedRows(1, 1500) + "broken,X\n" + numberedRows(1502, 40000);
        std::atomic_bool cancel = false;
        ContactImporter importer(f.temp.db());
        importer.setCancelFlag(&cancel);
        importer.setRejectedCallback([&cancel](const RejectedRow& row) {
            QCOMPARE(row.line, 1502); // header is line 1
            cancel = true;
        });
        ImportOptions options;
        options.batchSize = 1000;
        auto summary = f.import(csv, options, &importer);
        VERIFY_OK(summary);
        QVERIFY(summary->cancelled);
        CHECK_COUNTS(*summary, 1000, 1000, 0, 0, 0, 0);
        QCOMPARE(f.contacts(), 1000);
        QCOMPARE(f.members(), 1000);
    }

    void progressIsReported()
    {
        Fixture f;
        const QByteArray csv = "email,name\n" + numberedRows(1, 3000);
        QList<ImportProgress> reports;
        ContactImporter importer(f.temp.db());
        importer.setProgressCallback([&reports](const ImportProgress& p) { reports.append(p); });
        auto summary = f.import(csv, {}, &importer);
        VERIFY_OK(summary);
        QCOMPARE(summary->imported, 3000);
        QVERIFY(!reports.isEmpty());
        QVERIFY(reports.size() < 50); // throttled
        QCOMPARE(reports.last().bytesDone, qint64(csv.size()));
        QCOMPARE(reports.last().bytesTotal, qint64(csv.size()));
        QCOMPARE(reports.last().rows, 3000);
    }

    void previewShowsTheFirstRowsAsDecoded()
    {
        QBuffer buffer;
        buffer.setData("\xD3\xCA\xCF\xE4;\xD0\xD5\xC3\xFB\r\na@example.cn;\xD5\xC5\xCE\xB0\r\n"
                       "b@example.cn;\xC0\xEE\xC4\xC8\r\nc@example.cn;x\r\n");
        buffer.open(QIODevice::ReadOnly);
        auto preview = ContactImporter::preview(&buffer, {}, 2);
        VERIFY_OK(preview);
        QCOMPARE(preview->encoding, QStringLiteral("GB18030"));
        QVERIFY(preview->encodingDetected);
        QCOMPARE(preview->delimiter, QLatin1Char(';'));
        QCOMPARE(preview->headers, (QStringList{QStringLiteral("邮箱"), QStringLiteral("姓名")}));
        QCOMPARE(preview->rows.size(), 2);
        QCOMPARE(preview->rows[1][1], QStringLiteral("李娜"));
        QCOMPARE(preview->mapping.columnOf(ContactField::Email), 0);
        QCOMPARE(preview->mapping.columnOf(ContactField::FullName), 1);

        // Re-decoding with another encoding, as the wizard's picker does.
        buffer.seek(0);
        ImportOptions latin;
        latin.encoding = QStringLiteral("windows-1252");
        auto other = ContactImporter::preview(&buffer, latin, 2);
        VERIFY_OK(other);
        QCOMPARE(other->encoding, QStringLiteral("windows-1252"));
        QVERIFY(!other->encodingDetected);
        QVERIFY(other->headers[0] != QStringLiteral("邮箱"));
    }
};

QTEST_GUILESS_MAIN(TestContactImporter)
#include "tst_contactimporter.moc"
