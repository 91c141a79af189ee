#include "core/contacts/CsvReader.h"

#include <QBuffer>
#include <QStringEncoder>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Contacts;

namespace {

// A pipe-like device that hands out a few bytes per read, so every chunk boundary of the
// reader falls inside a UTF-8 sequence, a CRLF pair or a doubled quote somewhere.
class TrickleDevice : public QIODevice
{
public:
    TrickleDevice(QByteArray data, qint64 step) : m_data(std::move(data)), m_step(step)
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override
    {
        return m_data.size() - m_pos + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        const qint64 n = std::min({maxSize, m_step, qint64(m_data.size()) - m_pos});
        memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_step;
    qint64 m_pos = 0;
};

struct Parsed
{
    QList<QStringList> rows;
    QList<qint64> lines;
    QList<CsvProblem> problems;
    QString encoding;
    QChar delimiter;
    qint64 bytes = 0;
};

Parsed parse(QIODevice* device, CsvReader::Options options = {})
{
    Parsed parsed;
    CsvReader reader(device, options);
    const auto started = reader.start();
    if (!started)
        qFatal("start failed: %s", qPrintable(started.error().describe()));
    parsed.encoding = reader.encodingName();
    parsed.delimiter = reader.delimiter();
    CsvRecord record;
    while (reader.next(record)) {
        parsed.rows.append(record.fields);
        parsed.lines.append(record.line);
        parsed.problems.append(record.problem);
    }
    parsed.bytes = reader.bytesConsumed();
    return parsed;
}

Parsed parseBytes(const QByteArray& bytes, CsvReader::Options options = {})
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return parse(&buffer, options);
}

QStringList fields(std::initializer_list<const char*> values)
{
    QStringList list;
    for (const char* value : values)
        list.append(QString::fromUtf8(value));
    return list;
}

QByteArray encode(const QString& text, QStringConverter::Encoding encoding, bool bom)
{
    QStringEncoder encoder(encoding, bom ? QStringConverter::Flag::WriteBom
                                         : QStringConverter::Flag::Default);
    return encoder.encode(text);
}

} // namespace

Q_DECLARE_METATYPE(QList<QStringList>)
Q_DECLARE_METATYPE(QList<qint64>)

class TestCsvReader : public QObject
{
    Q_OBJECT

private slots:
    void rfc4180_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QList<QStringList>>("rows");
        QTest::addColumn<QList<qint64>>("lines");

        QTest::newRow("simple LF")
            << QByteArray("a,b\n1,2\n")
            << QList<QStringList>{fields({"a", "b"}), fields({"1", "2"})} << QList<qint64>{1, 2};
        QTest::newRow("CRLF, no final line end")
            << QByteArray("a,b\r\n1,2")
            << QList<QStringList>{fields({"a", "b"}), fields({"1", "2"})} << QList<qint64>{1, 2};
        QTest::newRow("lone CR (old Mac Excel)")
            << QByteArray("a,b\r1,2\r3,4\r")
            << QList<QStringList>{fields({"a", "b"}), fields({"1", "2"}), fields({"3", "4"})}
            << QList<qint64>{1, 2, 3};
        QTest::newRow("mixed line ends")
            << QByteArray("a,b\r\n1,2\n3,4\r5,6")
            << QList<QStringList>{fields({"a", "b"}), fields({"1", "2"}), fields({"3", "4"}),
                                  fields({"5", "6"})}
            << QList<qint64>{1, 2, 3, 4};
        QTest::newRow("quoted delimiter")
            << QByteArray("a,b\n\"Smith, John\",x\n")
            << QList<QStringList>{fields({"a", "b"}), fields({"Smith, John", "x"})}
            << QList<qint64>{1, 2};
        QTest::newRow("doubled quotes")
            << QByteArray("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n")
            << QList<QStringList>{fields({"a", "b"}), fields({"say \"hi\"", "\""})}
            << QList<qint64>{1, 2};
        QTest::newRow("embedded CRLF, LF and CR keep physical lines")
            << QByteArray("h1,h2\n\"line1\r\nline2\",x\n\"a\nb\nc\",y\n\"p\rq\",z\nlast,row\n")
            << QList<QStringList>{fields({"h1", "h2"}), fields({"line1\r\nline2", "x"}),
                                  fields({"a\nb\nc", "y"}), fields({"p\rq", "z"}),
                                  fields({"last", "row"})}
            << QList<qint64>{1, 2, 4, 7, 9};
        QTest::newRow("empty fields and trailing delimiter")
            << QByteArray("a,,c,\n,,,\n\"\",\"\",x,\n")
            << QList<QStringList>{fields({"a", "", "c", ""}), fields({"", "", "", ""}),
                                  fields({"", "", "x", ""})}
            << QList<qint64>{1, 2, 3};
        QTest::newRow("spaces are data")
            << QByteArray(" a , b \n") << QList<QStringList>{fields({" a ", " b "})}
            << QList<qint64>{1};
        QTest::newRow("blank lines skipped, numbering kept")
            << QByteArray("a,b\n\n\r\n1,2\n\n")
            << QList<QStringList>{fields({"a", "b"}), fields({"1", "2"})} << QList<qint64>{1, 4};
        QTest::newRow("lenient: quote inside unquoted, text after closing quote")
            << QByteArray("a,b\n5\" disk,\"x\"y\n")
            << QList<QStringList>{fields({"a", "b"}), fields({"5\" disk", "xy"})}
            << QList<qint64>{1, 2};
        QTest::newRow("quoted field at end of input without line end")
            << QByteArray("a,b\n1,\"two\"")
            << QList<QStringList>{fields({"a", "b"}), fields({"1", "two"})} << QList<qint64>{1, 2};
        QTest::newRow("single column")
            << QByteArray("email\na@x.org\n")
            << QList<QStringList>{fields({"email"}), fields({"a@x.org"})} << QList<qint64>{1, 2};
        QTest::newRow("empty input") << QByteArray() << QList<QStringList>{} << QList<qint64>{};
    }

    void rfc4180()
    {
        QFETCH(QByteArray, input);
        QFETCH(QList<QStringList>, rows);
        QFETCH(QList<qint64>, lines);
        CsvReader::Options options;
        options.delimiter = QLatin1Char(',');
        const Parsed whole = parseBytes(input, options);
        QCOMPARE(whole.rows, rows);
        QCOMPARE(whole.lines, lines);
        for (CsvProblem problem : whole.problems)
            QCOMPARE(problem, CsvProblem::None);
        QCOMPARE(whole.bytes, qint64(input.size()));

        // The same bytes trickling in a few at a time give the same records.
        for (qint64 step : {1, 2, 3, 7}) {
            TrickleDevice trickle(input, step);
            const Parsed pieces = parse(&trickle, options);
            QCOMPARE(pieces.rows, rows);
            QCOMPARE(pieces.lines, lines);
        }
    }

    void encodings_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("encoding");

        const QString text =
            QString::fromUtf8("邮箱,姓名\nzhang@example.cn,张伟\nmüller@x.de,Jürgen Müller\n");
        QTest::newRow("UTF-8 without BOM")
            << encode(text, QStringConverter::Utf8, false) << "UTF-8";
        QTest::newRow("UTF-8 with BOM") << encode(text, QStringConverter::Utf8, true) << "UTF-8";
        QTest::newRow("UTF-16LE with BOM")
            << encode(text, QStringConverter::Utf16LE, true) << "UTF-16LE";
        QTest::newRow("UTF-16BE with BOM")
            << encode(text, QStringConverter::Utf16BE, true) << "UTF-16BE";
        QTest::newRow("UTF-32LE with BOM")
            << encode(text, QStringConverter::Utf32LE, true) << "UTF-32LE";
        QTest::newRow("UTF-16LE without BOM")
            << encode(text, QStringConverter::Utf16LE, false) << "UTF-16LE";
    }

    void encodings()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, encoding);
        const Parsed parsed = parseBytes(input);
        QCOMPARE(parsed.encoding, encoding);
        QCOMPARE(parsed.delimiter, QLatin1Char(','));
        QCOMPARE(parsed.rows.size(), 3);
        QCOMPARE(parsed.rows[0], fields({"邮箱", "姓名"})); // no BOM left on the first header
        QCOMPARE(parsed.rows[1], fields({"zhang@example.cn", "张伟"}));
        QCOMPARE(parsed.rows[2], fields({"müller@x.de", "Jürgen Müller"}));
        for (qint64 step : {1, 3}) {
            TrickleDevice trickle(input, step);
            QCOMPARE(parse(&trickle).rows, parsed.rows);
        }
    }

    void gb18030Bytes()
    {
        // What Excel on Chinese Windows writes: GBK bytes, CRLF, no BOM. 邮箱 = D3CA CFE4,
        // 姓名 = D0D5 C3FB, 张伟 = D5C5 CEB0, 李娜 = C0EE C4C8.
        const QByteArray bytes("\xD3\xCA\xCF\xE4,\xD0\xD5\xC3\xFB\r\n"
                               "zhang@example.cn,\xD5\xC5\xCE\xB0\r\n"
                               "li@example.cn,\xC0\xEE\xC4\xC8\r\n");
        const Parsed parsed = parseBytes(bytes);
        QCOMPARE(parsed.encoding, QStringLiteral("GB18030"));
        QCOMPARE(parsed.rows.size(), 3);
        QCOMPARE(parsed.rows[0], fields({"邮箱", "姓名"}));
        QCOMPARE(parsed.rows[1], fields({"zhang@example.cn", "张伟"}));
        QCOMPARE(parsed.rows[2], fields({"li@example.cn", "李娜"}));
        // A four-byte GB18030 sequence (U+20087 𠂇 = 95 32 90 31) decodes too.
        const Parsed four = parseBytes(QByteArray("n\r\n\xD5\xC5\x95\x32\x90\x31\r\n"),
                                       {QStringLiteral("gbk"), {}});
        QCOMPARE(four.encoding, QStringLiteral("GB18030"));
        QCOMPARE(four.rows[1], QStringList{QString::fromUtf8("张𠂇")});
    }

    void latin1FallsBackToWindows1252()
    {
        // "Müller;Köln" in windows-1252: valid GB18030 byte-wise, but not Chinese text.
        const QByteArray bytes("name;city\r\nM\xFCller;K\xF6ln\r\nCaf\xE9 \x80;Stra\xDF"
                               "e\r\n");
        const Parsed parsed = parseBytes(bytes);
        QCOMPARE(parsed.encoding, QStringLiteral("windows-1252"));
        QCOMPARE(parsed.delimiter, QLatin1Char(';'));
        QCOMPARE(parsed.rows[1], fields({"Müller", "Köln"}));
        QCOMPARE(parsed.rows[2], fields({"Café €", "Straße"}));
    }

    void namedEncodings()
    {
        // Shift_JIS through Qt's ICU-backed converters: メール = 83 81 81 5B 83 8B
        const Parsed sjis = parseBytes(QByteArray("\x83\x81\x81\x5B\x83\x8B\nx@y.jp\n"),
                                       {QStringLiteral("Shift_JIS"), {}});
        QCOMPARE(sjis.rows[0], fields({"メール"}));
        QCOMPARE(CsvReader::canonicalEncodingName(QStringLiteral("GBK")),
                 QStringLiteral("GB18030"));
        QCOMPARE(CsvReader::canonicalEncodingName(QStringLiteral("utf8")), QStringLiteral("UTF-8"));
        QCOMPARE(CsvReader::canonicalEncodingName(QStringLiteral("cp1252")),
                 QStringLiteral("windows-1252"));
        QVERIFY(CsvReader::canonicalEncodingName(QStringLiteral("no-such-encoding")).isEmpty());

        QBuffer buffer;
        buffer.setData("a\n");
        buffer.open(QIODevice::ReadOnly);
        CsvReader reader(&buffer, {QStringLiteral("no-such-encoding"), {}});
        const auto started = reader.start();
        QVERIFY(!started.ok());
        QCOMPARE(started.error().code, ErrorCode::InvalidInput);
    }

    void delimiters_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QChar>("delimiter");
        QTest::addColumn<int>("columns");

        QTest::newRow("comma") << QByteArray("email,first,last\na@x.org,A,B\n") << QChar(u',') << 3;
        QTest::newRow("semicolon with commas in data")
            << QByteArray("email;name;note\na@x.org;A;1,5 kg, red\nb@x.org;B;x, y\n") << QChar(u';')
            << 3;
        QTest::newRow("tab with commas and semicolons in data")
            << QByteArray("email\tname\na@x.org\tSmith, John; Jr\nb@x.org\tB\n") << QChar(u'\t')
            << 2;
        QTest::newRow("pipe") << QByteArray("email|name\na@x.org|A\n") << QChar(u'|') << 2;
        QTest::newRow("quoted semicolons do not count")
            << QByteArray("\"a;b;c\",d\n\"x;y;z\",w\n") << QChar(u',') << 2;
        QTest::newRow("single column defaults to comma")
            << QByteArray("email\na@x.org\n") << QChar(u',') << 1;
    }

    void delimiters()
    {
        QFETCH(QByteArray, input);
        QFETCH(QChar, delimiter);
        QFETCH(int, columns);
        const Parsed parsed = parseBytes(input);
        QCOMPARE(parsed.delimiter, delimiter);
        for (const QStringList& row : parsed.rows)
            QCOMPARE(row.size(), columns);
    }

    void explicitDelimiterWins()
    {
        const Parsed parsed = parseBytes("a,b;c\n1,2;3\n", {{}, QLatin1Char(';')});
        QCOMPARE(parsed.delimiter, QLatin1Char(';'));
        QCOMPARE(parsed.rows[0], fields({"a,b", "c"}));
    }

    void hugeFieldIsTruncatedAndFlagged()
    {
        QByteArray bytes("email,note\n");
        bytes += "a@x.org,\"";
        bytes += QByteArray(10 * 1024 * 1024, 'x');
        bytes += "\"\nb@x.org,fine\n";
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadOnly);
        CsvReader reader(&buffer);
        QVERIFY(reader.start().ok());
        CsvRecord record;
        QVERIFY(reader.next(record));
        QVERIFY(reader.next(record));
        QCOMPARE(record.problem, CsvProblem::RecordTooLong);
        QCOMPARE(record.line, 2);
        qsizetype kept = 0;
        for (const QString& field : record.fields)
            kept += field.size();
        QVERIFY(kept <= CsvReader::Options{}.maxRecordChars);
        QVERIFY(reader.next(record));
        QCOMPARE(record.fields, fields({"b@x.org", "fine"}));
        QCOMPARE(record.problem, CsvProblem::None);
        QCOMPARE(record.line, 3);
        QVERIFY(!reader.next(record));
        QCOMPARE(reader.bytesConsumed(), qint64(bytes.size()));
        QCOMPARE(reader.bytesTotal(), qint64(bytes.size()));
    }

    void tooManyFields()
    {
        CsvReader::Options options;
        options.maxFields = 3;
        options.delimiter = QLatin1Char(',');
        const Parsed parsed = parseBytes("a,b,c,d,e\n1,2\n", options);
        QCOMPARE(parsed.rows[0], fields({"a", "b", "c"}));
        QCOMPARE(parsed.problems[0], CsvProblem::TooManyFields);
        QCOMPARE(parsed.problems[1], CsvProblem::None);
    }

    void nulByte()
    {
        static const char bytes[] = "email,name\na@x.org,Jo\0hn\nb@x.org,\"B\0\"\nc@x.org,C\n";
        const Parsed parsed = parseBytes(QByteArray(bytes, sizeof bytes - 1));
        QCOMPARE(parsed.rows.size(), 4);
        QCOMPARE(parsed.problems[1], CsvProblem::NulCharacter);
        QVERIFY(!parsed.rows[1].join(QString()).contains(QChar(0)));
        QCOMPARE(parsed.problems[2], CsvProblem::NulCharacter);
        QCOMPARE(parsed.problems[3], CsvProblem::None);
        QCOMPARE(parsed.rows[3], fields({"c@x.org", "C"}));
    }

    void invalidUtf8IsFlaggedPerRow()
    {
        // Enough good UTF-8 for the detector to stay with UTF-8; one row has a Latin-1 byte.
        QByteArray bytes("email,name\n");
        for (int i = 0; i < 30; ++i)
            bytes += "u" + QByteArray::number(i) + "@x.org,J\xC3\xBCrgen\n";
        bytes += "bad@x.org,J\xFCrgen\n";
        bytes += "after@x.org,\xE5\xBC\xA0\n";
        const Parsed parsed = parseBytes(bytes);
        QCOMPARE(parsed.encoding, QStringLiteral("UTF-8"));
        QCOMPARE(parsed.rows.size(), 33);
        QCOMPARE(parsed.problems[1], CsvProblem::None);
        QCOMPARE(parsed.problems[31], CsvProblem::InvalidEncoding);
        QCOMPARE(parsed.lines[31], 32);
        QCOMPARE(parsed.problems[32], CsvProblem::None);
        QCOMPARE(parsed.rows[32], fields({"after@x.org", "张"}));
    }

    void aBadByteAtTheEndOfAReadLosesNothingAfterIt_data()
    {
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<QByteArray>("bytes");
        // A sequence that turns out malformed, then a line break (in GB18030, the start
        // of a four-byte sequence).
        QTest::newRow("UTF-8") << QStringLiteral("UTF-8")
                               << QByteArray("email,name\na@x.org,A\xCC\r\nb@x.org,B\xE5\xBC\n"
                                             "c@x.org,C\n");
        QTest::newRow("GB18030") << QStringLiteral("GB18030")
                                 << QByteArray("email,name\na@x.org,\xD5\xC5\x81\x30\r\n"
                                               "b@x.org,B\x81\x30\nc@x.org,C\n");
    }

    void aBadByteAtTheEndOfAReadLosesNothingAfterIt()
    {
        // Wherever a read ends, the line break and the rows after it are the same as in
        // one read.
        QFETCH(QString, encoding);
        QFETCH(QByteArray, bytes);
        CsvReader::Options options;
        options.encoding = encoding;
        const Parsed whole = parseBytes(bytes, options);
        QCOMPARE(whole.rows.size(), 4);
        QCOMPARE(whole.rows[3], fields({"c@x.org", "C"}));
        for (qint64 chunk = 1; chunk <= 24; ++chunk) {
            options.readChunkBytes = chunk;
            const Parsed pieces = parseBytes(bytes, options);
            QCOMPARE(pieces.rows, whole.rows);
            QCOMPARE(pieces.lines, whole.lines);
            QCOMPARE(pieces.problems, whole.problems);
            QCOMPARE(pieces.bytes, qint64(bytes.size()));
        }
    }

    void aUtf8SequenceCutShortByTheEndIsFlagged()
    {
        CsvReader::Options options;
        options.encoding = QStringLiteral("UTF-8");
        const Parsed cut = parseBytes("email,name\na@x.org,A\xE5\xBC", options);
        QCOMPARE(cut.rows.size(), 2);
        QCOMPARE(cut.rows[1], QStringList({QStringLiteral("a@x.org"), QStringLiteral("A\uFFFD")}));
        QCOMPARE(cut.problems[1], CsvProblem::InvalidEncoding);
    }

    void unterminatedQuoteStopsCleanly()
    {
        const Parsed parsed =
            parseBytes("email,name\na@x.org,ok\nb@x.org,\"never closed\nc@x.org,C\n");
        QCOMPARE(parsed.rows.size(), 3);
        QCOMPARE(parsed.problems[1], CsvProblem::None);
        QCOMPARE(parsed.problems[2], CsvProblem::UnterminatedQuote);
        QCOMPARE(parsed.lines[2], 3);
        QVERIFY(parsed.rows[2][1].startsWith(QLatin1String("never closed")));
    }

    void crLfInsideANameIsData()
    {
        const Parsed parsed = parseBytes(
            "email,first\r\na@x.org,\"Eve\r\nBcc: victim@example.org\"\r\nb@x.org,B\r\n");
        QCOMPARE(parsed.rows.size(), 3);
        QCOMPARE(parsed.rows[1][1], QStringLiteral("Eve\r\nBcc: victim@example.org"));
        QCOMPARE(parsed.lines[2], 4);
    }

    void realExportsAreDetected_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<QChar>("delimiter");
        QTest::newRow("Excel GB18030") << "excel-gb18030-export.csv"
                                       << "GB18030" << QChar(u',');
        QTest::newRow("Excel semicolon") << "excel-semicolon-export.csv"
                                         << "UTF-8" << QChar(u';');
        QTest::newRow("Excel cp1252") << "excel-cp1252-export.csv"
                                      << "windows-1252" << QChar(u';');
        QTest::newRow("Excel Unicode text") << "excel-unicode-text-export.csv"
                                            << "UTF-16LE" << QChar(u'\t');
        QTest::newRow("Google") << "google-contacts-export.csv"
                                << "UTF-8" << QChar(u',');
        QTest::newRow("Outlook") << "outlook-export.csv"
                                 << "UTF-8" << QChar(u',');
        QTest::newRow("Mailchimp") << "mailchimp-subscribed-export.csv"
                                   << "UTF-8" << QChar(u',');
        QTest::newRow("pipe") << "warehouse-pipe-export.csv"
                              << "UTF-8" << QChar(u'|');
    }

    void realExportsAreDetected()
    {
        QFETCH(QString, file);
        QFETCH(QString, encoding);
        QFETCH(QChar, delimiter);
        const QString path = QFINDTESTDATA(QStringLiteral("../../data/csv/") + file);
        if (path.isEmpty())
            QSKIP("sample file not present");
        QFile device(path);
        QVERIFY(device.open(QIODevice::ReadOnly));
        const Parsed parsed = parse(&device);
        QCOMPARE(parsed.encoding, encoding);
        QCOMPARE(parsed.delimiter, delimiter);
        QVERIFY(parsed.rows.size() >= 2);
        for (qsizetype i = 1; i < parsed.rows.size(); ++i)
            QCOMPARE(parsed.rows[i].size(), parsed.rows[0].size());
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
