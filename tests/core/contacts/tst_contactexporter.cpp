#include "core/contacts/ContactExporter.h"
#include "core/contacts/CsvReader.h"
#include "core/contacts/CsvWriter.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "tests/support/TempDatabase.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Contacts;

class TestContactExporter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void formulaCellsArePrefixed_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("written");
        QTest::newRow("equals") << "=HYPERLINK(\"http://evil\",\"x\")"
                                << "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"";
        QTest::newRow("plus") << "+1+1"
                              << "'+1+1";
        QTest::newRow("minus") << "-2+3"
                               << "'-2+3";
        QTest::newRow("at") << "@SUM(A1)"
                            << "'@SUM(A1)";
        QTest::newRow("tab") << "\t=1"
                             << "'\t=1";
        QTest::newRow("CR") << "\r=1"
                            << "\"'\r=1\"";
        QTest::newRow("plain") << "Smith"
                               << "Smith";
        QTest::newRow("inner equals") << "a=b"
                                      << "a=b";
        QTest::newRow("comma") << "Smith, John"
                               << "\"Smith, John\"";
        QTest::newRow("LF") << "two\nlines"
                            << "\"two\nlines\"";
        QTest::newRow("empty") << ""
                               << "";
    }

    void formulaCellsArePrefixed()
    {
        QFETCH(QString, cell);
        QFETCH(QString, written);
        QCOMPARE(CsvWriter::encodeField(cell, QLatin1Char(','), true), written);
    }

    void exportsAListAsCsvAndJson()
    {
        Test::TempDatabase temp;
        const auto list = Storage::ListRepository(temp.db()).create(QStringLiteral("L"));
        QVERIFY(list.ok());
        const auto other = Storage::ListRepository(temp.db()).create(QStringLiteral("Other"));
        QVERIFY(other.ok());
        Storage::ContactRepository contacts(temp.db());
        QVERIFY(contacts
                    .add({QStringLiteral("evil@example.com"), QStringLiteral("evil@example.com"),
                          QStringLiteral("=cmd|' /C calc'!A0"), QStringLiteral("@Home"),
                          QStringLiteral(R"({"company":"+Corp","note":"line1\nline2"})")},
                         list->id)
                    .ok());
        QVERIFY(contacts
                    .add({QStringLiteral("li@example.cn"), QStringLiteral("li@example.cn"),
                          QStringLiteral("娜"), QStringLiteral("李"),
                          QStringLiteral(R"({"city":"北京"})")},
                         list->id)
                    .ok());
        QVERIFY(contacts
                    .add({QStringLiteral("elsewhere@example.com"),
                          QStringLiteral("elsewhere@example.com"),
                          {},
                          {},
                          {}},
                         other->id)
                    .ok());

        QBuffer csv;
        csv.open(QIODevice::WriteOnly);
        const auto written =
            ContactExporter(temp.db()).exportList(list->id, ExportFormat::Csv, &csv);
        QVERIFY(written.ok());
        QCOMPARE(*written, 2);
        const QByteArray bytes = csv.data();
        QVERIFY(bytes.startsWith("email,first_name,last_name,status,city,company,note\r\n"));
        QVERIFY(
            bytes.contains("'=cmd|' /C calc'!A0,'@Home,subscribed,,'+Corp,\"line1\nline2\"\r\n"));
        QVERIFY(!bytes.contains("elsewhere"));

        // What we write, our reader reads back (UTF-8, RFC 4180).
        QBuffer back;
        back.setData(bytes);
        back.open(QIODevice::ReadOnly);
        CsvReader reader(&back);
        QVERIFY(reader.start().ok());
        CsvRecord record;
        QVERIFY(reader.next(record));
        QVERIFY(reader.next(record));
        QVERIFY(reader.next(record));
        QCOMPARE(record.fields, (QStringList{QStringLiteral("li@example.cn"), QStringLiteral("娜"),
                                             QStringLiteral("李"), QStringLiteral("subscribed"),
                                             QStringLiteral("北京"), QString(), QString()}));

        QBuffer json;
        json.open(QIODevice::WriteOnly);
        QVERIFY(ContactExporter(temp.db()).exportList(list->id, ExportFormat::Json, &json).ok());
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json.data(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.array().size(), 2);
        const QJsonObject evil = doc.array()[0].toObject();
        // JSON is data, not a spreadsheet: values are exact.
        QCOMPARE(evil.value(QStringLiteral("first_name")).toString(),
                 QStringLiteral("=cmd|' /C calc'!A0"));
        QCOMPARE(evil.value(QStringLiteral("note")).toString(), QStringLiteral("line1\nline2"));
        QCOMPARE(evil.value(QStringLiteral("status")).toString(), QStringLiteral("subscribed"));

        QBuffer empty;
        empty.open(QIODevice::WriteOnly);
        const auto none = Storage::ListRepository(temp.db()).create(QStringLiteral("Empty"));
        QVERIFY(ContactExporter(temp.db()).exportList(none->id, ExportFormat::Json, &empty).ok());
        QCOMPARE(QJsonDocument::fromJson(empty.data()).array().size(), 0);
    }

    void cancelAndIoErrors()
    {
        Test::TempDatabase temp;
        const auto list = Storage::ListRepository(temp.db()).create(QStringLiteral("L"));
        QVERIFY(
            Storage::ContactRepository(temp.db())
                .add({QStringLiteral("a@example.com"), QStringLiteral("a@example.com"), {}, {}, {}},
                     list->id)
                .ok());
        std::atomic_bool cancel = true;
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        const auto cancelled =
            ContactExporter(temp.db()).exportList(list->id, ExportFormat::Csv, &out, &cancel);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);

        QBuffer readOnly;
        readOnly.open(QIODevice::ReadOnly);
        const auto failed =
            ContactExporter(temp.db()).exportList(list->id, ExportFormat::Csv, &readOnly);
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, ErrorCode::Io);
    }
};

QTEST_GUILESS_MAIN(TestContactExporter)
#include "tst_contactexporter.moc"
