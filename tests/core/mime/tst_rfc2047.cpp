#include "core/mime/MailAddress.h"
#include "core/mime/Rfc2047.h"

#include <QTest>

using namespace Postroom::Mime;

namespace {

QByteArray subjectField(const QString& text)
{
    HeaderWriter header("Subject");
    Rfc2047::appendUnstructured(header, Rfc2047::singleLine(text));
    return header.finish();
}

// The value of a field: unfolded (CRLF removed), without the name and the final CRLF.
QByteArray unfoldedValue(QByteArray field)
{
    field.chop(2);
    field.replace("\r\n", "");
    return field.mid(field.indexOf(':') + 2);
}

// A phrase as a reader sees it: quoted-strings unescaped, encoded-words decoded, the
// whitespace between two encoded-words dropped (RFC 2047 §6.2).
QString decodePhrase(const QByteArray& phrase)
{
    QString result;
    bool previousEncoded = false;
    qsizetype i = 0;
    while (i < phrase.size()) {
        if (phrase.at(i) == ' ') {
            ++i;
            continue;
        }
        QString text;
        bool encoded = false;
        if (phrase.at(i) == '"') {
            for (++i; i < phrase.size() && phrase.at(i) != '"'; ++i) {
                if (phrase.at(i) == '\\')
                    ++i;
                text.append(QLatin1Char(phrase.at(i)));
            }
            ++i;
        } else {
            qsizetype end = phrase.indexOf(' ', i);
            if (end < 0)
                end = phrase.size();
            text = Rfc2047::decode(phrase.mid(i, end - i));
            encoded = true;
            i = end;
        }
        if (!result.isEmpty() && !(encoded && previousEncoded))
            result.append(QLatin1Char(' '));
        result.append(text);
        previousEncoded = encoded;
    }
    return result;
}

void checkShape(const QByteArray& field)
{
    QVERIFY(field.endsWith("\r\n"));
    const QList<QByteArray> lines = field.first(field.size() - 2).split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (i + 1 < lines.size()) {
            QVERIFY2(line.endsWith('\r'), field.constData());
            line.chop(1);
        }
        QVERIFY2(!line.contains('\r'), field.constData());
        QVERIFY2(line.size() <= 78, line.constData());
        if (i > 0)
            QVERIFY2(line.startsWith(' ') && !line.trimmed().isEmpty(), field.constData());
        for (const char c : line)
            QVERIFY2(c >= 0x20 && c < 0x7F, field.constData());
    }
}

} // namespace

class TestRfc2047 : public QObject
{
    Q_OBJECT

private slots:
    void asciiSubjectStaysReadable()
    {
        const QByteArray field = subjectField(QStringLiteral("Hello Ada, your invoice"));
        QCOMPARE(field, QByteArray("Subject: Hello Ada, your invoice\r\n"));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("chinese") << QStringLiteral(
            "您好，张伟：您的十一月账单已经生成，请在月底之前"
            "完成付款，谢谢您的支持与信任！");
        QTest::newRow("latin") << QStringLiteral("Grüße aus Köln – Straße Ærø");
        QTest::newRow("emoji") << QStringLiteral("Party 🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉 time");
        QTest::newRow("encoded-word lookalike") << QStringLiteral("=?utf-8?q?evil?= and =?x");
        QTest::newRow("long ascii word") << QString(200, QLatin1Char('x'));
        QTest::newRow("long ascii text") << QStringLiteral("word ").repeated(60).trimmed();
        QTest::newRow("mixed") << QStringLiteral("Re: 关于 the meeting 会议 at 3pm");
        QTest::newRow("spaces kept") << QStringLiteral("a  b   c 你  好");
    }

    void roundTrip()
    {
        QFETCH(QString, text);
        const QByteArray field = subjectField(text);
        checkShape(field);
        QCOMPARE(Rfc2047::decode(unfoldedValue(field)), text);
    }

    void encodedWordsNeverSplitACharacter()
    {
        const QString text = QStringLiteral("测试🎉").repeated(40);
        for (const QByteArray& word : Rfc2047::encodeWords(text, 30)) {
            QVERIFY(word.size() <= 75);
            // Each word must decode on its own to valid UTF-8.
            const QString decoded = Rfc2047::decode(word);
            QVERIFY(!decoded.contains(QChar::ReplacementCharacter));
            QVERIFY(!decoded.isEmpty());
        }
    }

    void singleLineRemovesControls()
    {
        QCOMPARE(Rfc2047::singleLine(QStringLiteral(" a\r\nBcc: x@y\tz\0w\u2028v ")),
                 QStringLiteral("aBcc: x@y zwv"));
        QCOMPARE(Rfc2047::singleLine(QString(QChar(0x85)) + QStringLiteral("ok")),
                 QStringLiteral("ok"));
    }

    void hostileSubjectCannotAddHeader()
    {
        const QByteArray field =
            subjectField(QStringLiteral("Hi\r\nBcc: victim@example.com\r\n\r\nbody"));
        checkShape(field);
        QCOMPARE(field.count("\r\n"), 1);
        QCOMPARE(Rfc2047::decode(unfoldedValue(field)),
                 QStringLiteral("HiBcc: victim@example.combody"));
    }

    void addressQuoting_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << QStringLiteral("Ada Lovelace")
                               << QByteArray("To: \"Ada Lovelace\" <ada@example.com>\r\n");
        QTest::newRow("specials")
            << QStringLiteral("Doe, \"JD\" \\ Jr <x>")
            << QByteArray("To: \"Doe, \\\"JD\\\" \\\\ Jr <x>\" <ada@example.com>\r\n");
        QTest::newRow("empty") << QString() << QByteArray("To: <ada@example.com>\r\n");
    }

    void addressQuoting()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, expected);
        const auto field =
            AddressHeader::format("To", {MailAddress{name, QStringLiteral("ada@example.com")}});
        QVERIFY(field.ok());
        QCOMPARE(*field, expected);
    }

    void nonAsciiNameIsEncoded()
    {
        const QStringList names = {
            QStringLiteral("张伟 =?utf-8?b?ZXZpbA==?= \"O'Brien\" Jr."),
            QStringLiteral("Eve Bcc: x@y =?utf-8?q?a?= \\ end"),
            QStringLiteral("北京示例科技有限公司北京示例科技有限公司北京示例科技有限公司 Ltd"),
            QStringLiteral("José María García-López de la Cruz y Fernández-Villaverde Ortega")};
        for (const QString& name : names) {
            const auto field =
                AddressHeader::format("From", {MailAddress{name, QStringLiteral("zw@例子.测试")}});
            QVERIFY(field.ok());
            checkShape(*field);
            QVERIFY(field->contains("<zw@xn--fsqu00a.xn--0zwm56d>"));
            const QByteArray value = unfoldedValue(*field);
            const QByteArray words = value.left(value.lastIndexOf('<')).trimmed();
            QCOMPARE(decodePhrase(words), name);
            QVERIFY(!words.contains("=?utf-8?"));
        }
    }

    void badAddressesAreRefused_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("crlf") << QStringLiteral("a@b.com\r\nBcc: c@d.com");
        QTest::newRow("angle") << QStringLiteral("a>b@c.com");
        QTest::newRow("space") << QStringLiteral("a b@c.com");
        QTest::newRow("no at") << QStringLiteral("abc.com");
        QTest::newRow("utf8 local") << QStringLiteral("张@c.com");
        QTest::newRow("nul") << QStringLiteral("a\0@c.com");
    }

    void badAddressesAreRefused()
    {
        QFETCH(QString, address);
        const MailAddress mailbox{QString(), address};
        QVERIFY(!mailbox.wireAddress().ok());
    }

    void parseMailbox()
    {
        const auto parsed =
            MailAddress::parse(QStringLiteral("\"Shop \\\"X\\\"\" <news@Shop.Example>"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->name, QStringLiteral("Shop \"X\""));
        QCOMPARE(*parsed->wireAddress(), QByteArray("news@shop.example"));
        QVERIFY(!MailAddress::parse(QStringLiteral("Name <not an address>")).ok());
    }
};

QTEST_GUILESS_MAIN(TestRfc2047)
#include "tst_rfc2047.moc"
