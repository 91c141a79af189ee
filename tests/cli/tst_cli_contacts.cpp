// Drives the real postroom-cli through `import`, `contacts` and `suppress` with the sample
// exports in tests/data/csv (see make_samples.py there for what each file imitates).
#include "core/contacts/CsvReader.h"
#include "tests/support/CliRunner.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using namespace Postroom::Test;

namespace {

QString sample(const char* name)
{
    return QStringLiteral(POSTROOM_CSV_DATA_DIR "/") + QString::fromUtf8(name);
}

QString str(const char* utf8)
{
    return QString::fromUtf8(utf8);
}

/** True when @p out is exactly one JSON document and a newline. */
bool isSingleJsonDocument(const QByteArray& out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    return error.error == QJsonParseError::NoError && !doc.isNull() && out.endsWith('\n') &&
           out.count('\n') == 1;
}

// A --json run that worked: exit 0, one JSON document on stdout and nothing else there
// (stderr may carry log lines; the CONTRACT sends logs there).
#define VERIFY_JSON_RUN(run)                                                                       \
    do {                                                                                           \
        QVERIFY2((run).exitCode == 0, (run).err.constData());                                      \
        QVERIFY2(!(run).err.contains("error"), (run).err.constData());                             \
        QVERIFY2(isSingleJsonDocument((run).out), (run).out.constData());                          \
    } while (false)

/** The CONTRACT's counters in its order: rows, imported, updated, duplicates, invalid,
 *  suppressed. */
QList<qint64> counts(const CliRun& run)
{
    const QJsonObject result = run.json().object();
    QList<qint64> values;
    for (const char* key : {"rows", "imported", "updated", "duplicates", "invalid", "suppressed"})
        values.append(result.value(QLatin1String(key)).toInteger(-1));
    return values;
}

/** The line numbers of the reported errors, in order. */
QList<qint64> errorLines(const CliRun& run)
{
    QList<qint64> lines;
    for (const QJsonValue& error : run.json().object().value(QStringLiteral("errors")).toArray())
        lines.append(error.toObject().value(QStringLiteral("line")).toInteger(-1));
    return lines;
}

/** A list's contacts from `contacts export --format json`, keyed by e-mail. */
QMap<QString, QJsonObject> byEmail(const CliRun& run)
{
    QMap<QString, QJsonObject> contacts;
    for (const QJsonValue& value : run.json().array()) {
        const QJsonObject contact = value.toObject();
        contacts.insert(contact.value(QStringLiteral("email")).toString(), contact);
    }
    return contacts;
}

/** Parses CSV with the core reader (the export must read back as it was written). */
QList<QStringList> parseCsv(const QByteArray& bytes)
{
    QByteArray copy = bytes;
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    Postroom::Contacts::CsvReader reader(&buffer, {QStringLiteral("UTF-8"), QLatin1Char(',')});
    QList<QStringList> rows;
    if (!reader.start())
        return rows;
    Postroom::Contacts::CsvRecord record;
    while (reader.next(record))
        rows.append(record.fields);
    return rows;
}

/** The row count of the last complete "importing: 12,345 rows (40%)" line, or -1. */
qint64 progressRows(const QByteArray& err)
{
    const QList<QByteArray> lines = err.split('\n');
    for (qsizetype i = lines.size() - 2; i >= 0; --i) { // the last element is unfinished
        if (!lines.at(i).startsWith("importing: "))
            continue;
        QByteArray digits;
        for (const char c : lines.at(i).mid(11, lines.at(i).indexOf(" rows") - 11))
            if (c >= '0' && c <= '9')
                digits += c;
        return digits.toLongLong();
    }
    return -1;
}

} // namespace

class TestCliContacts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_databases = 0;

    /** A runner on a fresh database. */
    CliRunner freshCli()
    {
        return CliRunner(m_dir.filePath(QStringLiteral("db%1.sqlite").arg(++m_databases)));
    }

    static CliRun importCsv(const CliRunner& cli, const char* file, const QString& list,
                            const QStringList& extra = {})
    {
        return cli.run(QStringList{QStringLiteral("import"), sample(file), QStringLiteral("--list"),
                                   list, QStringLiteral("--json")} +
                       extra);
    }

    static CliRun exportJson(const CliRunner& cli, const QString& list)
    {
        return cli.run({QStringLiteral("contacts"), QStringLiteral("export"),
                        QStringLiteral("--list"), list, QStringLiteral("--format"),
                        QStringLiteral("json")});
    }

    static CliRun count(const CliRunner& cli, const QString& list)
    {
        return cli.run(
            {QStringLiteral("contacts"), QStringLiteral("count"), QStringLiteral("--list"), list});
    }

    static QStringList suppressedKeys(const CliRunner& cli)
    {
        const CliRun ls =
            cli.run({QStringLiteral("suppress"), QStringLiteral("ls"), QStringLiteral("--json")});
        QStringList keys;
        for (const QJsonValue& value : ls.json().array())
            keys.append(value.toObject().value(QStringLiteral("email")).toString());
        return keys;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void importResultIsTheContractObject()
    {
        const CliRunner cli = freshCli();
        const CliRun run = importCsv(cli, "crm-export.csv", QStringLiteral("CRM"));
        VERIFY_JSON_RUN(run);
        const QJsonObject result = run.json().object();
        QCOMPARE(result.keys(), (QStringList{QStringLiteral("duplicates"), QStringLiteral("errors"),
                                             QStringLiteral("imported"), QStringLiteral("invalid"),
                                             QStringLiteral("rows"), QStringLiteral("suppressed"),
                                             QStringLiteral("updated")}));
        for (const QJsonValue& error : result.value(QStringLiteral("errors")).toArray()) {
            QCOMPARE(error.toObject().keys(),
                     (QStringList{QStringLiteral("line"), QStringLiteral("reason")}));
            QVERIFY(!error.toObject().value(QStringLiteral("reason")).toString().isEmpty());
        }
    }

    // Every sample into a fresh database: the exact counters and the physical lines of
    // the invalid rows (records spanning several lines shift them).
    void sampleExports_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::addColumn<QList<qint64>>("invalidLines");
        using L = QList<qint64>;
        QTest::newRow("Excel GB18030") << QStringLiteral("excel-gb18030-export.csv")
                                       << QStringList{} << L{8, 6, 0, 1, 1, 0} << L{6};
        QTest::newRow("European Excel ;") << QStringLiteral("excel-semicolon-export.csv")
                                          << QStringList{} << L{6, 5, 0, 0, 1, 0} << L{7};
        QTest::newRow("Excel windows-1252")
            << QStringLiteral("excel-cp1252-export.csv")
            << QStringList{QStringLiteral("--encoding"), QStringLiteral("windows-1252")}
            << L{3, 3, 0, 0, 0, 0} << L{};
        QTest::newRow("Excel Unicode text") << QStringLiteral("excel-unicode-text-export.csv")
                                            << QStringList{} << L{7, 6, 0, 0, 1, 0} << L{6};
        QTest::newRow("Mailchimp subscribed") << QStringLiteral("mailchimp-subscribed-export.csv")
                                              << QStringList{} << L{5, 5, 0, 0, 0, 0} << L{};
        QTest::newRow("Mailchimp unsubscribed")
            << QStringLiteral("mailchimp-unsubscribed-export.csv") << QStringList{}
            << L{3, 0, 0, 0, 0, 3} << L{};
        QTest::newRow("Mailchimp cleaned") << QStringLiteral("mailchimp-cleaned-export.csv")
                                           << QStringList{} << L{2, 0, 0, 0, 0, 2} << L{};
        QTest::newRow("Google Contacts") << QStringLiteral("google-contacts-export.csv")
                                         << QStringList{} << L{4, 3, 0, 0, 1, 0} << L{9};
        QTest::newRow("Outlook") << QStringLiteral("outlook-export.csv") << QStringList{}
                                 << L{4, 3, 0, 0, 1, 0} << L{4};
        QTest::newRow("CRM") << QStringLiteral("crm-export.csv") << QStringList{}
                             << L{10, 6, 0, 2, 2, 0} << L{10, 11};
        QTest::newRow("warehouse |") << QStringLiteral("warehouse-pipe-export.csv") << QStringList{}
                                     << L{4, 4, 0, 0, 0, 0} << L{};
    }

    void sampleExports()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, extra);
        QFETCH(QList<qint64>, expected);
        QFETCH(QList<qint64>, invalidLines);
        const CliRunner cli = freshCli();
        const CliRun run = cli.run(QStringList{QStringLiteral("import"), sample(file.toUtf8()),
                                               QStringLiteral("--list"), QStringLiteral("L"),
                                               QStringLiteral("--json")} +
                                   extra);
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), expected);
        QCOMPARE(errorLines(run), invalidLines);
        // What was imported is what the list holds; the suppressed rows are not in it.
        const CliRun counted = count(cli, QStringLiteral("L"));
        QCOMPARE(counted.exitCode, 0);
        QCOMPARE(counted.out.trimmed().toLongLong(), expected.at(1));
    }

    void decodedValuesAndCustomFields()
    {
        const CliRunner cli = freshCli();
        VERIFY_JSON_RUN(importCsv(cli, "excel-gb18030-export.csv", QStringLiteral("CN")));
        CliRun exported = exportJson(cli, QStringLiteral("CN"));
        QCOMPARE(exported.exitCode, 0);
        auto contacts = byEmail(exported);
        QCOMPARE(contacts.size(), 6);
        // Trimmed; a 4-byte GB18030 character decoded; unmatched columns kept by header.
        QVERIFY(contacts.contains(QStringLiteral("liu.yan@example.cn")));
        const QJsonObject liu = contacts.value(QStringLiteral("liu.yan@example.cn"));
        QVERIFY2((liu.value(QStringLiteral("first_name")).toString() +
                  liu.value(QStringLiteral("last_name")).toString())
                     .contains(str("䶮")),
                 QJsonDocument(liu).toJson().constData());
        const QJsonObject li = contacts.value(QStringLiteral("LiNa@example.cn"));
        QCOMPARE(li.value(str("城市")).toString(), str("广州"));
        QCOMPARE(li.value(str("公司")).toString(), str("广州市,天河区分公司"));
        QCOMPARE(li.value(str("手机")).toString(), QStringLiteral("13700001111"));
        // IDN domains stay Unicode for display.
        QVERIFY(contacts.contains(str("zhao.min@例子.中国")));

        VERIFY_JSON_RUN(importCsv(cli, "excel-unicode-text-export.csv", QStringLiteral("U16")));
        contacts = byEmail(exportJson(cli, QStringLiteral("U16")));
        QCOMPARE(contacts.size(), 6);
        const QJsonObject eleni = contacts.value(QStringLiteral("eleni.papadopoulou@example.gr"));
        QCOMPARE(eleni.value(QStringLiteral("first_name")).toString(), str("Ελένη"));
        QCOMPARE(eleni.value(QStringLiteral("last_name")).toString(), str("Παπαδοπούλου"));
        QCOMPARE(eleni.value(QStringLiteral("Segment")).toString(), str("🎉 VIP"));
        QCOMPARE(contacts.value(QStringLiteral("hanako.sato@example.jp"))
                     .value(QStringLiteral("Segment"))
                     .toString(),
                 QStringLiteral("said \"hi\"\tat booth"));
        QCOMPARE(contacts.value(QStringLiteral("ahmed.mansour@example.eg"))
                     .value(QStringLiteral("first_name"))
                     .toString(),
                 str("أحمد"));

        VERIFY_JSON_RUN(importCsv(cli, "excel-semicolon-export.csv", QStringLiteral("DE")));
        contacts = byEmail(exportJson(cli, QStringLiteral("DE")));
        QCOMPARE(contacts.value(QStringLiteral("juergen.weiss@example.de"))
                     .value(QStringLiteral("Firma"))
                     .toString(),
                 QStringLiteral("Müller; Partner KG"));
        QCOMPARE(contacts.value(QStringLiteral("francois.dupont@example.fr"))
                     .value(QStringLiteral("Firma"))
                     .toString(),
                 QStringLiteral("Dupont \"&\" Fils"));
        QCOMPARE(contacts.value(QStringLiteral("anna.schmidt@example.de"))
                     .value(QStringLiteral("Umsatz"))
                     .toString(),
                 QStringLiteral("1.234,56"));

        VERIFY_JSON_RUN(importCsv(cli, "google-contacts-export.csv", QStringLiteral("G")));
        contacts = byEmail(exportJson(cli, QStringLiteral("G")));
        const QJsonObject maria = contacts.value(QStringLiteral("maria.garcia@example.es"));
        QCOMPARE(maria.value(QStringLiteral("first_name")).toString(), str("María"));
        QCOMPARE(maria.value(QStringLiteral("last_name")).toString(), str("García"));
        QCOMPARE(maria.value(QStringLiteral("Notes")).toString(),
                 QStringLiteral("Met at Web Summit Lisbon.\nPrefers Spanish.\n\nFollow up in Q3"));
        QCOMPARE(maria.value(QStringLiteral("Address 1 - Formatted")).toString(),
                 QStringLiteral("Calle Mayor 1\nMadrid 28013\nES"));
        // Local part as typed, domain lower-cased.
        QVERIFY(contacts.contains(QStringLiteral("Olivia.Bennett@example.org")));

        VERIFY_JSON_RUN(importCsv(cli, "outlook-export.csv", QStringLiteral("O")));
        contacts = byEmail(exportJson(cli, QStringLiteral("O")));
        QCOMPARE(contacts.size(), 3);
        QCOMPARE(contacts.value(QStringLiteral("Priya.Sharma@example.in"))
                     .value(QStringLiteral("Company"))
                     .toString(),
                 QStringLiteral("Fabrikam, Inc."));
        QCOMPARE(contacts.value(QStringLiteral("zoe.vdberg@example.nl"))
                     .value(QStringLiteral("first_name"))
                     .toString(),
                 str("Zoë"));
    }

    void encodingOverride()
    {
        const CliRunner cli = freshCli();
        VERIFY_JSON_RUN(importCsv(cli, "excel-cp1252-export.csv", QStringLiteral("W"),
                                  {QStringLiteral("--encoding"), QStringLiteral("windows-1252")}));
        auto contacts = byEmail(exportJson(cli, QStringLiteral("W")));
        QCOMPARE(contacts.value(QStringLiteral("gruesse@example.de"))
                     .value(QStringLiteral("first_name"))
                     .toString(),
                 str("Björn"));
        QCOMPARE(contacts.value(QStringLiteral("inaki@example.es"))
                     .value(QStringLiteral("Stadt"))
                     .toString(),
                 str("A Coruña"));
        // Auto-detection gets this file right too (it is not valid UTF-8 and not Chinese).
        CliRun run = importCsv(cli, "excel-cp1252-export.csv", QStringLiteral("Auto"));
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{3, 0, 3, 0, 0, 0}));
        // The named encoding is the one used, even when it is the wrong one: as GB18030 the
        // names turn into Chinese characters, and Chloé's row holds bytes GB18030 rejects.
        const CliRunner wrong = freshCli();
        run = importCsv(wrong, "excel-cp1252-export.csv", QStringLiteral("Wrong"),
                        {QStringLiteral("--encoding"), QStringLiteral("GB18030")});
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{3, 2, 0, 0, 1, 0}));
        QCOMPARE(errorLines(run), QList<qint64>{3});
        contacts = byEmail(exportJson(wrong, QStringLiteral("Wrong")));
        QCOMPARE(contacts.value(QStringLiteral("gruesse@example.de"))
                     .value(QStringLiteral("first_name"))
                     .toString(),
                 str("Bj鰎n"));
    }

    void delimiterOverride()
    {
        const CliRunner cli = freshCli();
        CliRun run = importCsv(cli, "excel-semicolon-export.csv", QStringLiteral("A"),
                               {QStringLiteral("--delimiter"), QStringLiteral(";")});
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{6, 5, 0, 0, 1, 0}));
        run = importCsv(cli, "warehouse-pipe-export.csv", QStringLiteral("B"),
                        {QStringLiteral("--delimiter"), QStringLiteral("|")});
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{4, 4, 0, 0, 0, 0}));
        QCOMPARE(byEmail(exportJson(cli, QStringLiteral("B")))
                     .value(QStringLiteral("omar.haddad@example.jo"))
                     .value(QStringLiteral("last_name"))
                     .toString(),
                 QStringLiteral("Haddad, Jr."));
        run = importCsv(cli, "excel-unicode-text-export.csv", QStringLiteral("C"),
                        {QStringLiteral("--delimiter"), QStringLiteral("tab")});
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{7, 6, 0, 0, 1, 0}));
        // Read with commas, the semicolon file has one column and no e-mail: nothing to do.
        run = importCsv(cli, "excel-semicolon-export.csv", QStringLiteral("D"),
                        {QStringLiteral("--delimiter"), QStringLiteral(",")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY(run.err.startsWith("postroom-cli: error: "));
        QCOMPARE(run.err.count('\n'), 1);
        QCOMPARE(count(cli, QStringLiteral("D")).exitCode, 1); // no list left behind
    }

    void mapOverride()
    {
        const CliRunner cli = freshCli();
        // Automatically, Vorname/Nachname are the names and Stadt/Firma custom fields.
        VERIFY_JSON_RUN(importCsv(cli, "excel-semicolon-export.csv", QStringLiteral("Auto")));
        auto anna = byEmail(exportJson(cli, QStringLiteral("Auto")))
                        .value(QStringLiteral("anna.schmidt@example.de"));
        QCOMPARE(anna.value(QStringLiteral("first_name")).toString(), QStringLiteral("Anna"));
        QCOMPARE(anna.value(QStringLiteral("Stadt")).toString(), QStringLiteral("München"));

        // Custom fields renamed for English templates (header matched case-insensitively).
        CliRun run =
            importCsv(cli, "excel-semicolon-export.csv", QStringLiteral("Mapped"),
                      {QStringLiteral("--map"), QStringLiteral("city=stadt,company=Firma")});
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{6, 0, 5, 0, 1, 0}));
        anna = byEmail(exportJson(cli, QStringLiteral("Mapped")))
                   .value(QStringLiteral("anna.schmidt@example.de"));
        QCOMPARE(anna.value(QStringLiteral("city")).toString(), QStringLiteral("München"));
        QCOMPARE(anna.value(QStringLiteral("company")).toString(),
                 QStringLiteral("Schmidt & Söhne GmbH"));

        // A standard field moved to another column: Google's second address instead of the
        // first. Rows without one become invalid; the first address is kept as a field.
        const CliRunner second = freshCli();
        run = importCsv(second, "google-contacts-export.csv", QStringLiteral("G"),
                        {QStringLiteral("--map"), QStringLiteral("email=E-mail 2 - Value")});
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{4, 1, 0, 0, 3, 0}));
        QCOMPARE(errorLines(run), (QList<qint64>{2, 8, 9}));
        const auto contacts = byEmail(exportJson(second, QStringLiteral("G")));
        QCOMPARE(contacts.keys(), QStringList{QStringLiteral("t.yamada@example.co.jp")});
        QCOMPARE(contacts.first().value(QStringLiteral("E-mail 1 - Value")).toString(),
                 QStringLiteral("taro.yamada@example.jp"));

        // Columns by number, and one dropped.
        const CliRunner byNumber = freshCli();
        CliRun numbered =
            importCsv(byNumber, "crm-export.csv", QStringLiteral("N"),
                      {QStringLiteral("--map"), QStringLiteral("email=2,ignore=customer_id")});
        VERIFY_JSON_RUN(numbered);
        QCOMPARE(counts(numbered), (QList<qint64>{10, 6, 0, 2, 2, 0}));
        const auto crm = byEmail(exportJson(byNumber, QStringLiteral("N")));
        QCOMPARE(crm.size(), 6);
        QVERIFY(!crm.first().contains(QStringLiteral("customer_id")));
        QCOMPARE(crm.value(QStringLiteral("dave@example.com")).value(QStringLiteral("plan")),
                 QJsonValue(QStringLiteral("team")));
        // A --map naming a column the file does not have fails before anything is written.
        numbered = importCsv(byNumber, "crm-export.csv", QStringLiteral("N"),
                             {QStringLiteral("--map"), QStringLiteral("email=E-Mail-Adresse")});
        QCOMPARE(numbered.exitCode, 1);
        QVERIFY(numbered.out.isEmpty());
        QVERIFY(numbered.err.startsWith("postroom-cli: error: "));
        QCOMPARE(count(byNumber, QStringLiteral("N")).out.trimmed(), QByteArray("6"));
    }

    void duplicatesMergedAcrossFilesAndCase()
    {
        const CliRunner cli = freshCli();
        const QString list = QStringLiteral("Everyone");
        CliRun run = importCsv(cli, "mailchimp-subscribed-export.csv", list);
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{5, 5, 0, 0, 0, 0}));
        // Olivia.Bennett@EXAMPLE.org in Google is olivia.bennett@example.org from Mailchimp.
        run = importCsv(cli, "google-contacts-export.csv", list);
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{4, 2, 1, 0, 1, 0}));
        QCOMPARE(count(cli, list).out.trimmed(), QByteArray("7"));
        // The same file again doubles nothing.
        run = importCsv(cli, "google-contacts-export.csv", list);
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{4, 0, 3, 0, 1, 0}));
        QCOMPARE(count(cli, list).out.trimmed(), QByteArray("7"));
        const auto contacts = byEmail(exportJson(cli, list));
        QCOMPARE(contacts.size(), 7);
        int olivias = 0;
        for (const QString& email : contacts.keys())
            olivias += email.compare(QLatin1String("olivia.bennett@example.org"),
                                     Qt::CaseInsensitive) == 0;
        QCOMPARE(olivias, 1);

        // Another list shares the contacts: they are updated there, not created again.
        run = importCsv(cli, "mailchimp-subscribed-export.csv", QStringLiteral("Second"));
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{5, 0, 5, 0, 0, 0}));
        QCOMPARE(count(cli, QStringLiteral("Second")).out.trimmed(), QByteArray("5"));
        const CliRun all = exportJson(cli, QStringLiteral("Everyone"));
        QCOMPARE(all.json().array().size(), 7);

        // Inside one file: case and surrounding whitespace (CRM lines 8 and 9 repeat line 3).
        const CliRunner crm = freshCli();
        run = importCsv(crm, "crm-export.csv", QStringLiteral("CRM"));
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run).at(3), 2);
        int bobs = 0;
        for (const QString& email : byEmail(exportJson(crm, QStringLiteral("CRM"))).keys())
            bobs +=
                email.compare(QLatin1String("bob.martinez@example.com"), Qt::CaseInsensitive) == 0;
        QCOMPARE(bobs, 1);
    }

    void suppressedAddressesAreNotResubscribed()
    {
        const CliRunner cli = freshCli();
        const CliRun added =
            cli.run({QStringLiteral("suppress"), QStringLiteral("add"),
                     QStringLiteral(" Noah.Fischer@EXAMPLE.com"), QStringLiteral("--reason"),
                     QStringLiteral("asked by phone")});
        QCOMPARE(added.exitCode, 0);
        const CliRun run = importCsv(cli, "mailchimp-subscribed-export.csv", QStringLiteral("M"));
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{5, 4, 0, 0, 0, 1}));
        QCOMPARE(count(cli, QStringLiteral("M")).out.trimmed(), QByteArray("4"));
        const auto contacts = byEmail(exportJson(cli, QStringLiteral("M")));
        QVERIFY(!contacts.contains(QStringLiteral("noah.fischer@example.com")));
        QCOMPARE(contacts.size(), 4);
    }

    void mailchimpUnsubscribedAndCleanedGoToSuppressions()
    {
        const CliRunner cli = freshCli();
        const QString list = QStringLiteral("Newsletter");
        CliRun run = importCsv(cli, "mailchimp-subscribed-export.csv", list);
        VERIFY_JSON_RUN(run);
        QCOMPARE(count(cli, list).out.trimmed(), QByteArray("5"));
        run = importCsv(cli, "mailchimp-unsubscribed-export.csv", list);
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{3, 0, 0, 0, 0, 3}));
        run = importCsv(cli, "mailchimp-cleaned-export.csv", list);
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{2, 0, 0, 0, 0, 2}));
        QCOMPARE(suppressedKeys(cli), (QStringList{QStringLiteral("ava.martin@example.com"),
                                                   QStringLiteral("gone.away@example.com"),
                                                   QStringLiteral("noah.fischer@example.com"),
                                                   QStringLiteral("sam.unsub@example.net"),
                                                   QStringLiteral("typo@gmial.com")}));
        // Noah unsubscribed in Mailchimp: still a member, but no longer deliverable.
        QCOMPARE(count(cli, list).out.trimmed(), QByteArray("4"));
        // Importing the subscribed export again does not bring him back.
        run = importCsv(cli, "mailchimp-subscribed-export.csv", list);
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{5, 0, 4, 0, 0, 1}));
        QCOMPARE(count(cli, list).out.trimmed(), QByteArray("4"));
        // Nor does a CRM export that has Sam in it.
        run = importCsv(cli, "crm-export.csv", QStringLiteral("CRM"));
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{10, 5, 0, 2, 2, 1}));
        QCOMPARE(count(cli, QStringLiteral("CRM")).out.trimmed(), QByteArray("5"));
    }

    void dryRunWritesNothing()
    {
        const CliRunner cli = freshCli();
        // Into a list that does not exist: the counts of a real import, and no list.
        CliRun run =
            importCsv(cli, "crm-export.csv", QStringLiteral("New"), {QStringLiteral("--dry-run")});
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{10, 6, 0, 2, 2, 0}));
        QCOMPARE(errorLines(run), (QList<qint64>{10, 11}));
        const CliRun lists =
            cli.run({QStringLiteral("lists"), QStringLiteral("ls"), QStringLiteral("--json")});
        QCOMPARE(lists.json().array().size(), 0);

        // Into an existing list: updates and suppressions are predicted, not made.
        VERIFY_JSON_RUN(importCsv(cli, "mailchimp-subscribed-export.csv", QStringLiteral("M")));
        run = importCsv(cli, "mailchimp-unsubscribed-export.csv", QStringLiteral("M"),
                        {QStringLiteral("--dry-run")});
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{3, 0, 0, 0, 0, 3}));
        QCOMPARE(suppressedKeys(cli), QStringList{});
        run = importCsv(cli, "google-contacts-export.csv", QStringLiteral("M"),
                        {QStringLiteral("--dry-run")});
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{4, 2, 1, 0, 1, 0}));
        QCOMPARE(count(cli, QStringLiteral("M")).out.trimmed(), QByteArray("5"));
        QCOMPARE(exportJson(cli, QStringLiteral("M")).json().array().size(), 5);
    }

    void exportProtectsAgainstFormulas()
    {
        const CliRunner cli = freshCli();
        VERIFY_JSON_RUN(importCsv(cli, "crm-export.csv", QStringLiteral("CRM")));
        const CliRun csv = cli.run({QStringLiteral("contacts"), QStringLiteral("export"),
                                    QStringLiteral("--list"), QStringLiteral("CRM")});
        QCOMPARE(csv.exitCode, 0);
        QVERIFY(csv.err.isEmpty());
        const QList<QStringList> rows = parseCsv(csv.out);
        QCOMPARE(rows.size(), 7); // header + 6 contacts
        const QStringList header = rows.first();
        QCOMPARE(header.mid(0, 4),
                 (QStringList{QStringLiteral("email"), QStringLiteral("first_name"),
                              QStringLiteral("last_name"), QStringLiteral("status")}));
        QMap<QString, QMap<QString, QString>> cells; // email -> column -> cell
        for (const QStringList& row : rows.mid(1)) {
            QCOMPARE(row.size(), header.size());
            for (qsizetype i = 0; i < row.size(); ++i) {
                const QString& cell = row.at(i);
                // No cell a spreadsheet would evaluate.
                QVERIFY2(cell.isEmpty() || !QStringLiteral("=+-@\t\r").contains(cell.at(0)),
                         qPrintable(cell));
                cells[row.at(0)][header.at(i)] = cell;
            }
        }
        QCOMPARE(cells[QStringLiteral("alice.wong@example.com")][QStringLiteral("company")],
                 QStringLiteral("'=HYPERLINK(\"http://evil.example/\",\"Invoice\")"));
        QCOMPARE(cells[QStringLiteral("bob.martinez@example.com")][QStringLiteral("notes")],
                 QStringLiteral("'+1 415 555 0100"));
        QCOMPARE(cells[QStringLiteral("carol@example.co.uk")][QStringLiteral("company")],
                 QStringLiteral("'@Evans Design"));
        QCOMPARE(cells[QStringLiteral("carol@example.co.uk")][QStringLiteral("notes")],
                 QStringLiteral("'-10% loyalty discount"));
        QCOMPARE(cells[QStringLiteral("dave@example.com")][QStringLiteral("notes")],
                 QStringLiteral("'\tindented note"));
        QCOMPARE(cells[QStringLiteral("erin@example.com")][QStringLiteral("notes")],
                 QStringLiteral("Call before renewal\nprefers e-mail"));
        QCOMPARE(cells[QStringLiteral("erin@example.com")][QStringLiteral("status")],
                 QStringLiteral("subscribed"));
        // Duplicates merge: later rows fill in and overwrite, empty cells keep what was there.
        QCOMPARE(cells[QStringLiteral("bob.martinez@example.com")][QStringLiteral("tags")],
                 QStringLiteral("plumbing, local"));

        // JSON is data, not a spreadsheet: values exactly as imported.
        const auto contacts = byEmail(exportJson(cli, QStringLiteral("CRM")));
        QCOMPARE(contacts.value(QStringLiteral("alice.wong@example.com"))
                     .value(QStringLiteral("company"))
                     .toString(),
                 QStringLiteral("=HYPERLINK(\"http://evil.example/\",\"Invoice\")"));

        const CliRun badFormat =
            cli.run({QStringLiteral("contacts"), QStringLiteral("export"), QStringLiteral("--list"),
                     QStringLiteral("CRM"), QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(badFormat.exitCode, 2);
        QVERIFY(badFormat.out.isEmpty());
    }

    void contactsCountAndExportNeedAList()
    {
        const CliRunner cli = freshCli();
        QCOMPARE(
            cli.run({QStringLiteral("lists"), QStringLiteral("create"), QStringLiteral("Empty")})
                .exitCode,
            0);
        CliRun run = count(cli, QStringLiteral("Empty"));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QByteArray("0\n"));
        run = count(cli, QStringLiteral("Nope"));
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.startsWith("postroom-cli: error: "));
        QVERIFY(run.out.isEmpty());
        run = cli.run({QStringLiteral("contacts"), QStringLiteral("count")});
        QCOMPARE(run.exitCode, 2);
        run = cli.run({QStringLiteral("contacts"), QStringLiteral("export"),
                       QStringLiteral("--list"), QStringLiteral("Nope")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        run = exportJson(cli, QStringLiteral("Empty"));
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json().array().size(), 0);
    }

    void suppressAddAndList()
    {
        const CliRunner cli = freshCli();
        CliRun run =
            cli.run({QStringLiteral("suppress"), QStringLiteral("add"),
                     QStringLiteral("Someone@Example.COM"), QStringLiteral("other@example.org"),
                     QStringLiteral("--reason"), QStringLiteral("complained by phone")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.isEmpty());
        // Already there (by case): no second entry, still success.
        run = cli.run({QStringLiteral("suppress"), QStringLiteral("add"),
                       QStringLiteral("SOMEONE@example.com")});
        QCOMPARE(run.exitCode, 0);
        // One invalid address: nothing of this batch is added.
        run = cli.run({QStringLiteral("suppress"), QStringLiteral("add"),
                       QStringLiteral("third@example.net"), QStringLiteral("not-an-address")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.startsWith("postroom-cli: error: "));
        QVERIFY(run.err.contains("not-an-address"));

        const CliRun ls =
            cli.run({QStringLiteral("suppress"), QStringLiteral("ls"), QStringLiteral("--json")});
        VERIFY_JSON_RUN(ls);
        const QJsonArray all = ls.json().array();
        QCOMPARE(all.size(), 2);
        const QJsonObject first = all.at(1).toObject();
        QCOMPARE(first.value(QStringLiteral("email")).toString(),
                 QStringLiteral("someone@example.com"));
        QCOMPARE(first.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("complained by phone"));
        QCOMPARE(first.value(QStringLiteral("source")).toString(), QStringLiteral("manual"));
        QVERIFY(QDateTime::fromString(first.value(QStringLiteral("created_at")).toString(),
                                      Qt::ISODateWithMs)
                    .isValid());

        const CliRun plain = cli.run({QStringLiteral("suppress"), QStringLiteral("ls")});
        QCOMPARE(plain.exitCode, 0);
        QCOMPARE(plain.out.count('\n'), 2);
        QVERIFY(plain.out.startsWith("other@example.org\tmanual\tcomplained by phone\n"));

        QCOMPARE(cli.run({QStringLiteral("suppress"), QStringLiteral("add")}).exitCode, 2);
        QCOMPARE(cli.run({QStringLiteral("suppress")}).exitCode, 2);
    }

    void importExitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        const QString crm = sample("crm-export.csv");
        const QString list = QStringLiteral("--list");
        QTest::newRow("missing file")
            << QStringList{sample("no-such-export.csv"), list, QStringLiteral("L")} << 1;
        QTest::newRow("a folder") << QStringList{QStringLiteral(POSTROOM_CSV_DATA_DIR), list,
                                                 QStringLiteral("L")}
                                  << 1;
        QTest::newRow("no --list") << QStringList{crm} << 2;
        QTest::newRow("no file") << QStringList{list, QStringLiteral("L")} << 2;
        QTest::newRow("two files") << QStringList{crm, crm, list, QStringLiteral("L")} << 2;
        QTest::newRow("unknown flag")
            << QStringList{crm, list, QStringLiteral("L"), QStringLiteral("--fast")} << 2;
        QTest::newRow("bad delimiter")
            << QStringList{crm, list, QStringLiteral("L"), QStringLiteral("--delimiter"),
                           QStringLiteral("x")}
            << 2;
        QTest::newRow("unknown encoding")
            << QStringList{crm, list, QStringLiteral("L"), QStringLiteral("--encoding"),
                           QStringLiteral("klingon-8")}
            << 2;
        QTest::newRow("bad --map") << QStringList{crm, list, QStringLiteral("L"),
                                                  QStringLiteral("--map"), QStringLiteral("email")}
                                   << 2;
    }

    void importExitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const CliRunner cli = freshCli();
        const CliRun run = cli.run(QStringList{QStringLiteral("import")} + args +
                                   QStringList{QStringLiteral("--json")});
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.startsWith("postroom-cli: error: "), run.err.constData());
        // Nothing was imported, and no list was left behind.
        const CliRun lists =
            cli.run({QStringLiteral("lists"), QStringLiteral("ls"), QStringLiteral("--json")});
        QCOMPARE(lists.json().array().size(), 0);
    }

    void humanSummaryAndProgress()
    {
        const CliRunner cli = freshCli();
        CliRun run = cli.run({QStringLiteral("import"), sample("crm-export.csv"),
                              QStringLiteral("--list"), QStringLiteral("Human")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("imported   6\n"), run.out.constData());
        QVERIFY(run.out.contains("duplicates 2\n"));
        QVERIFY(run.out.contains("line 10: "));
        QVERIFY(run.out.contains("line 11: "));
        // stderr is a pipe here: no progress, only the note about the new list.
        QVERIFY(!run.err.contains("importing"));
        QVERIFY(run.err.contains("created list 'Human'"));

        run = cli.run({QStringLiteral("import"), sample("crm-export.csv"), QStringLiteral("--list"),
                       QStringLiteral("Human"), QStringLiteral("--json"),
                       QStringLiteral("--progress")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(isSingleJsonDocument(run.out));
        QVERIFY2(run.err.contains("importing: 10 rows"), run.err.constData());
        QCOMPARE(counts(run), (QList<qint64>{10, 0, 6, 2, 2, 0}));
    }

    void rejectedRowsAndStandardInput()
    {
        const CliRunner cli = freshCli();
        const QString rejectedPath = m_dir.filePath(QStringLiteral("rejected.csv"));
        CliRun run = importCsv(cli, "crm-export.csv", QStringLiteral("R"),
                               {QStringLiteral("--rejected"), rejectedPath});
        VERIFY_JSON_RUN(run);
        QFile rejected(rejectedPath);
        QVERIFY(rejected.open(QIODevice::ReadOnly));
        const QList<QStringList> rows = parseCsv(rejected.readAll());
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(0).mid(0, 4),
                 (QStringList{QStringLiteral("line"), QStringLiteral("reason"),
                              QStringLiteral("customer_id"), QStringLiteral("email")}));
        QCOMPARE(rows.at(1).at(0), QStringLiteral("10"));
        QCOMPARE(rows.at(1).at(3), QStringLiteral("frank@"));
        QCOMPARE(rows.at(2).at(0), QStringLiteral("11"));
        QCOMPARE(rows.at(2).at(4), QStringLiteral("Grace"));

        // "-" reads the file from stdin, detection included (UTF-16 with tabs here).
        QFile utf16(sample("excel-unicode-text-export.csv"));
        QVERIFY(utf16.open(QIODevice::ReadOnly));
        run = cli.run({QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("--list"),
                       QStringLiteral("Piped"), QStringLiteral("--json")},
                      utf16.readAll());
        VERIFY_JSON_RUN(run);
        QCOMPARE(counts(run), (QList<qint64>{7, 6, 0, 0, 1, 0}));
        QCOMPARE(errorLines(run), QList<qint64>{6});
    }

    void helpMentionsListCreation()
    {
        const CliRunner cli = freshCli();
        const CliRun help = cli.run({QStringLiteral("import"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--dry-run"));
        QVERIFY(help.out.contains("created"));
        const CliRun top = cli.runRaw({QStringLiteral("--help")});
        for (const char* command : {"import", "contacts", "suppress"})
            QVERIFY2(top.out.contains(command), command);
    }

    // SIGINT stops a long import cleanly: exit 1, committed batches stay and are
    // consistent, and running the import again completes it.
    void interruptKeepsCommittedBatches()
    {
        const QString csvPath = m_dir.filePath(QStringLiteral("big.csv"));
        // Large enough that the import is still running when the signal lands, even on
        // a fast machine with the two-thread importer.
        const int total = 400000;
        {
            QFile csv(csvPath);
            QVERIFY(csv.open(QIODevice::WriteOnly));
            QByteArray bytes = "email,first_name,last_name,city\n";
            for (int i = 0; i < total; ++i)
                bytes +=
                    QByteArray("user") + QByteArray::number(i) + "@example.com,First,Last,City\n";
            csv.write(bytes);
        }
        const QString dbPath = m_dir.filePath(QStringLiteral("interrupted.sqlite"));
        QProcess process;
        process.start(QStringLiteral(POSTROOM_CLI_PATH),
                      {QStringLiteral("--db"), dbPath, QStringLiteral("import"), csvPath,
                       QStringLiteral("--list"), QStringLiteral("Big"), QStringLiteral("--json"),
                       QStringLiteral("--progress")});
        QVERIFY(process.waitForStarted());
        // Interrupt once the first batch is committed (a progress line past 10,000 rows).
        QElapsedTimer timer;
        timer.start();
        QByteArray err;
        bool interrupted = false;
        while (process.state() == QProcess::Running && timer.elapsed() < 60000) {
            process.waitForReadyRead(50);
            err += process.readAllStandardError();
            if (!interrupted && progressRows(err) >= 10000) {
                ::kill(static_cast<pid_t>(process.processId()), SIGINT);
                interrupted = true;
            }
        }
        process.waitForFinished(60000);
        const QByteArray out = process.readAllStandardOutput();
        CliRunner cli(dbPath);
        const qint64 kept = count(cli, QStringLiteral("Big")).out.trimmed().toLongLong();
        QVERIFY2(interrupted, "the import ended before any progress line past 10,000 rows");
        QCOMPARE(process.exitCode(), 1);
        QVERIFY2(isSingleJsonDocument(out), out.constData());
        QCOMPARE(QJsonDocument::fromJson(out).object().value(QStringLiteral("cancelled")),
                 QJsonValue(true));
        QVERIFY(kept < total);
        QVERIFY(err.contains("cancelled"));
        const CliRun again = cli.run({QStringLiteral("import"), csvPath, QStringLiteral("--list"),
                                      QStringLiteral("Big"), QStringLiteral("--json")});
        VERIFY_JSON_RUN(again);
        const QList<qint64> c = counts(again);
        QCOMPARE(c.at(0), total);
        QCOMPARE(c.at(1) + c.at(2), total);
        QCOMPARE(c.at(1), total - kept);
        QCOMPARE(count(cli, QStringLiteral("Big")).out.trimmed().toLongLong(), total);
    }
};

QTEST_GUILESS_MAIN(TestCliContacts)
#include "tst_cli_contacts.moc"
