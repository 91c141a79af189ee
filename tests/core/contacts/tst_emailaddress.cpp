#include "core/contacts/EmailAddress.h"

#include <QTest>

using namespace Postroom;
using namespace Postroom::Contacts;

class TestEmailAddress : public QObject
{
    Q_OBJECT

private slots:
    void normalises_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("ascii");
        QTest::addColumn<QString>("key");

        QTest::newRow("plain") << "a@example.com"
                               << "a@example.com"
                               << "a@example.com"
                               << "a@example.com";
        QTest::newRow("trimmed and domain lower-cased") << "  John.Smith@Example.COM \t"
                                                        << "John.Smith@example.com"
                                                        << "John.Smith@example.com"
                                                        << "john.smith@example.com";
        QTest::newRow("nbsp and BOM around")
            << QString::fromUtf8("\xC2\xA0\xEF\xBB\xBFx@y.org ") << "x@y.org"
            << "x@y.org"
            << "x@y.org";
        QTest::newRow("atext specials") << "o'brien+tag/x=y{z}~#$%&*?^_`|!@sub.example.co.uk"
                                        << "o'brien+tag/x=y{z}~#$%&*?^_`|!@sub.example.co.uk"
                                        << "o'brien+tag/x=y{z}~#$%&*?^_`|!@sub.example.co.uk"
                                        << "o'brien+tag/x=y{z}~#$%&*?^_`|!@sub.example.co.uk";
        QTest::newRow("IDN kept in Unicode, A-label for SMTP")
            << QString::fromUtf8("Hans@BÜCHER.de") << QString::fromUtf8("Hans@bücher.de")
            << "Hans@xn--bcher-kva.de" << QString::fromUtf8("hans@bücher.de");
        QTest::newRow("A-label typed by hand gets the Unicode display")
            << "hans@XN--BCHER-KVA.DE" << QString::fromUtf8("hans@bücher.de")
            << "hans@xn--bcher-kva.de" << QString::fromUtf8("hans@bücher.de");
        QTest::newRow("Chinese IDN")
            << QString::fromUtf8("li@例子.中国") << QString::fromUtf8("li@例子.中国")
            << "li@xn--fsqu00a.xn--fiqs8s" << QString::fromUtf8("li@例子.中国");
        QTest::newRow("full-width at sign")
            << QString::fromUtf8("wang＠example.cn") << "wang@example.cn"
            << "wang@example.cn"
            << "wang@example.cn";
        QTest::newRow("hyphen and digits in labels") << "a@my-host2.example-1.io"
                                                     << "a@my-host2.example-1.io"
                                                     << "a@my-host2.example-1.io"
                                                     << "a@my-host2.example-1.io";
        const QString local64 = QString(64, QLatin1Char('l'));
        QTest::newRow("64-octet local part")
            << local64 + QLatin1String("@x.org") << local64 + QLatin1String("@x.org")
            << local64 + QLatin1String("@x.org") << local64 + QLatin1String("@x.org");
    }

    void normalises()
    {
        QFETCH(QString, input);
        QFETCH(QString, display);
        QFETCH(QString, ascii);
        QFETCH(QString, key);
        const auto address = EmailAddress::parse(input);
        QVERIFY2(address.ok(), qPrintable(address.ok() ? QString() : address.error().message));
        QCOMPARE(address->display(), display);
        QCOMPARE(address->ascii(), ascii);
        QCOMPARE(address->key(), key);
        for (QChar c : address->ascii())
            QVERIFY(c.unicode() < 0x80);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("reasonPart");

        QTest::newRow("empty") << "   "
                               << "empty";
        QTest::newRow("no at") << "john.example.com"
                               << "no @";
        QTest::newRow("two ats") << "a@b@example.com"
                                 << "more than one @";
        QTest::newRow("nothing before at") << "@example.com"
                                           << "nothing before";
        QTest::newRow("no domain") << "john@"
                                   << "no domain";
        QTest::newRow("dotless domain") << "john@localhost"
                                        << "no dot";
        QTest::newRow("leading dot") << ".john@example.com"
                                     << "starts or ends with a dot";
        QTest::newRow("trailing dot") << "john.@example.com"
                                      << "starts or ends with a dot";
        QTest::newRow("double dot") << "jo..hn@example.com"
                                    << "two dots";
        QTest::newRow("quoted local part") << "\"john smith\"@example.com"
                                           << "space";
        QTest::newRow("quote") << "jo\"hn@example.com"
                               << "not allowed";
        QTest::newRow("comma") << "a,b@example.com"
                               << "not allowed";
        QTest::newRow("angle brackets") << "<a@example.com>"
                                        << "not allowed";
        QTest::newRow("inner space") << "john smith@example.com"
                                     << "space";
        QTest::newRow("CR LF injection") << "a@example.com\r\nBcc: victim@example.org"
                                         << "space or control";
        QTest::newRow("LF inside") << "a@exa\nmple.com"
                                   << "control";
        QTest::newRow("NUL") << QString::fromUtf8("a\0b@example.com", 15) << "control";
        QTest::newRow("DEL") << QStringLiteral("a\x7F@example.com") << "control";
        QTest::newRow("non-ASCII local part")
            << QString::fromUtf8("jürgen@example.de") << "non-ASCII";
        QTest::newRow("IP literal") << "a@[192.0.2.1]"
                                    << "IP literal";
        QTest::newRow("numeric TLD") << "a@192.0.2.1"
                                     << "number";
        QTest::newRow("underscore in domain") << "a@my_host.example.com"
                                              << "not allowed";
        QTest::newRow("hyphen edge") << "a@-host.example.com"
                                     << "hyphen";
        QTest::newRow("empty label") << "a@example..com"
                                     << "empty part";
        QTest::newRow("domain trailing dot") << "a@example.com."
                                             << "ends with a dot";
        QTest::newRow("65-octet local part")
            << QString(65, QLatin1Char('l')) + QLatin1String("@x.org") << "64";
        QTest::newRow("64-octet label")
            << QLatin1String("a@") + QString(64, QLatin1Char('d')) + QLatin1String(".org") << "63";
        QTest::newRow("address over 254")
            << QString(64, QLatin1Char('l')) + QLatin1String("@") + QString(62, QLatin1Char('a')) +
                   QLatin1String(".") + QString(62, QLatin1Char('b')) + QLatin1String(".") +
                   QString(62, QLatin1Char('c')) + QLatin1String(".org")
            << "254";
        QTest::newRow("huge input") << QString(5'000'000, QLatin1Char('x')) << "254";
        QTest::newRow("IDN label ending in hyphen")
            << QString::fromUtf8("a@\xE2\x80\x8B\xE2\x98\x83-.com") << "internationalised";
        QTest::newRow("replacement char domain")
            << QString::fromUtf8("a@ex\xEF\xBF\xBDmple.com") << "domain";
    }

    void rejects()
    {
        QFETCH(QString, input);
        QFETCH(QString, reasonPart);
        const auto address = EmailAddress::parse(input);
        QVERIFY2(!address.ok(), qPrintable(address.ok() ? address->display() : QString()));
        QCOMPARE(address.error().code, ErrorCode::InvalidInput);
        QVERIFY2(address.error().message.contains(reasonPart, Qt::CaseInsensitive),
                 qPrintable(address.error().message));
    }

    void sameAddressSameKey()
    {
        const QStringList spellings = {
            QStringLiteral("Mary.Major@Example.org"),
            QStringLiteral("  mary.major@EXAMPLE.ORG"),
            QStringLiteral("MARY.MAJOR@example.org\t"),
        };
        QString key;
        for (const QString& spelling : spellings) {
            const auto address = EmailAddress::parse(spelling);
            QVERIFY(address.ok());
            if (key.isEmpty())
                key = address->key();
            QCOMPARE(address->key(), key);
        }
        // Different local parts stay different.
        QVERIFY(EmailAddress::parse(QStringLiteral("mary.major2@example.org"))->key() != key);
    }

    void partsAreSplit()
    {
        const auto address = EmailAddress::parse(QString::fromUtf8("Hans@Bücher.de"));
        QVERIFY(address.ok());
        QCOMPARE(address->localPart(), QStringLiteral("Hans"));
        QCOMPARE(address->domain(), QString::fromUtf8("bücher.de"));
        QCOMPARE(address->asciiDomain(), QStringLiteral("xn--bcher-kva.de"));
        QVERIFY(EmailAddress().isEmpty());
        QVERIFY(!address->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEmailAddress)
#include "tst_emailaddress.moc"
