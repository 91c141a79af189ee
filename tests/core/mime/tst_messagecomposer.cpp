#include "core/mime/MessageComposer.h"
#include "core/mime/MessageRef.h"
#include "core/mime/Rfc2047.h"
#include "core/mime/TransferEncoding.h"

#include <QTest>

using namespace Postroom::Mime;

namespace {

MessageComposer composer(QList<MessageAsset> assets = {}, QString returnPath = {})
{
    ComposerSettings settings;
    settings.from = MailAddress{QStringLiteral("商店 Shop"), QStringLiteral("news@shop.example")};
    settings.replyTo = MailAddress{QString(), QStringLiteral("help@shop.example")};
    settings.returnPath = returnPath;
    settings.assets = std::move(assets);
    settings.unsubscribeMailto = QStringLiteral("unsub@shop.example");
    auto made = MessageComposer::create(settings);
    if (!made)
        qFatal("%s", qPrintable(made.error().describe()));
    return *made;
}

MessageContent content()
{
    MessageContent c;
    c.to = MailAddress{QStringLiteral("Ada Lovelace"), QStringLiteral("ada@example.com")};
    c.subject = QStringLiteral("Hello Ada");
    c.html = "<html><body><h1>Hi</h1><p>Read <a href=\"https://shop.example/x\">this</a>.</p>"
             "</body></html>";
    c.generateText = true;
    c.ref = "abcdefghijklmnop";
    c.unsubscribeUrl = "https://t.example/u/TOKEN";
    c.date = QDateTime(QDate(2026, 11, 26), QTime(10, 40, 0), Qt::UTC);
    return c;
}

QByteArray headerBlock(const QByteArray& message)
{
    return message.left(message.indexOf("\r\n\r\n") + 2);
}

void checkWire(const QByteArray& message)
{
    qsizetype start = 0;
    while (start < message.size()) {
        const qsizetype lf = message.indexOf('\n', start);
        QVERIFY(lf > start && message.at(lf - 1) == '\r');
        QVERIFY2(lf - 1 - start <= 998, "line over 998 octets");
        const QByteArray line = message.mid(start, lf - 1 - start);
        QVERIFY(!line.contains('\r'));
        for (const char c : line)
            QVERIFY2(c != 0 && (static_cast<unsigned char>(c) < 0x80), line.constData());
        start = lf + 1;
    }
}

} // namespace

class TestMessageComposer : public QObject
{
    Q_OBJECT

private slots:
    void headers()
    {
        const auto message = composer().compose(content());
        QVERIFY(message.ok());
        checkWire(message->data);
        const QByteArray headers = headerBlock(message->data);
        QVERIFY(headers.startsWith("Date: Thu, 26 Nov 2026 10:40:00 +0000\r\n"));
        QVERIFY(headers.contains("\r\nTo: \"Ada Lovelace\" <ada@example.com>\r\n"));
        QVERIFY(headers.contains("\r\nReply-To: <help@shop.example>\r\n"));
        QVERIFY(headers.contains("\r\nSubject: Hello Ada\r\n"));
        QVERIFY(headers.contains("\r\nMessage-ID: <abcdefghijklmnop@shop.example>\r\n"));
        QVERIFY(headers.contains("\r\nMIME-Version: 1.0\r\n"));
        QVERIFY(headers.contains("\r\nList-Unsubscribe: <https://t.example/u/TOKEN>,"));
        QVERIFY(
            headers.contains("<mailto:unsub@shop.example?subject=unsubscribe%20abcdefghijklmnop>"));
        QVERIFY(headers.contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
        QVERIFY(headers.contains("\r\nX-Postroom-Ref: abcdefghijklmnop\r\n"));
        QVERIFY(headers.contains("Content-Type: multipart/alternative;"));
        QCOMPARE(message->messageId, QByteArray("abcdefghijklmnop@shop.example"));
        QCOMPARE(message->envelopeFrom, QByteArray("news+abcdefghijklmnop@shop.example"));
        QCOMPARE(message->envelopeTo, QByteArray("ada@example.com"));
        // The text part comes first and is generated from the HTML.
        const qsizetype plain = message->data.indexOf("text/plain");
        const qsizetype html = message->data.indexOf("text/html");
        QVERIFY(plain > 0 && html > plain);
        QVERIFY(message->data.contains("Read this (https://shop.example/x)."));
    }

    void hostileContactCannotAddHeaders()
    {
        MessageContent c = content();
        c.to.name = QStringLiteral("Eve\r\nBcc: victim@example.org\r\n\0X-Evil: 1");
        c.subject = QStringLiteral("Hi\nBcc: victim@example.org\r\nX-Evil: =?utf-8?q?x?=");
        const auto message = composer().compose(c);
        QVERIFY(message.ok());
        checkWire(message->data);
        const QByteArray headers = headerBlock(message->data);
        QVERIFY(!headers.contains("\nBcc:"));
        QVERIFY(!headers.contains("\nX-Evil"));
        QVERIFY(!headers.contains("=?utf-8?q?x?="));
        c.to.address = QStringLiteral("ada@example.com\r\nBcc: victim@example.org");
        QVERIFY(!composer().compose(c).ok());
        c = content();
        c.unsubscribeUrl = "https://t.example/u/x>\r\nBcc: a@b";
        const auto url = composer().compose(c);
        QVERIFY(!url.ok() || !headerBlock(url->data).contains("\nBcc:"));
    }

    void chineseBodyIsBase64AndDecodes()
    {
        MessageContent c = content();
        c.html = QStringLiteral("<p>您好，这是一封很长的中文邮件。").repeated(200).toUtf8();
        c.generateText = false;
        c.text = QStringLiteral("您好").repeated(600).toUtf8();
        const auto message = composer().compose(c);
        QVERIFY(message.ok());
        checkWire(message->data);
        QVERIFY(message->data.contains("Content-Transfer-Encoding: base64"));
    }

    void assets()
    {
        MessageAsset logo{true, QStringLiteral("logo.png"), QStringLiteral("image/png"),
                          QStringLiteral("logo@shop"), QByteArray(3000, '\x89')};
        MessageAsset pdf{false, QStringLiteral("价目表 2026.pdf"),
                         QStringLiteral("application/pdf"), QString(), QByteArray(5000, 'P')};
        const auto message = composer({logo, pdf}).compose(content());
        QVERIFY(message.ok());
        checkWire(message->data);
        const QByteArray& data = message->data;
        const qsizetype mixed = data.indexOf("multipart/mixed");
        const qsizetype alternative = data.indexOf("multipart/alternative");
        const qsizetype related = data.indexOf("multipart/related");
        QVERIFY(mixed > 0 && alternative > mixed && related > alternative);
        QVERIFY(data.contains("Content-ID: <logo@shop>\r\n"));
        QVERIFY(data.contains("filename*0*=utf-8''%E4%BB%B7"));
        QCOMPARE(data.count("--=_prm_abcdefghijklmnop--\r\n"), 1);
        QCOMPARE(data.count("--=_pra_abcdefghijklmnop--\r\n"), 1);
        QCOMPARE(data.count("--=_prr_abcdefghijklmnop--\r\n"), 1);
        QVERIFY(!MessageComposer::create(
                     ComposerSettings{
                         MailAddress{QString(), QStringLiteral("a@b.example")},
                         {},
                         {},
                         {MessageAsset{true, QStringLiteral("x.png"), QStringLiteral("image/png"),
                                       QStringLiteral("bad id>"), "x"}},
                         {},
                         {}})
                     .ok());
    }

    void verp()
    {
        QCOMPARE(MessageRef::verpAddress("bounces@d.example", "ref"),
                 QByteArray("bounces+ref@d.example"));
        QCOMPARE(MessageRef::verpAddress("bounces+@d.example", "ref"),
                 QByteArray("bounces+ref@d.example"));
        QCOMPARE(MessageRef::verpAddress("b+tag@d.example", "ref"), QByteArray("b+tag@d.example"));
        const QByteArray ref = MessageRef::generate();
        QVERIFY(MessageRef::isValid(ref));
        QVERIFY(ref != MessageRef::generate());
        QCOMPARE(MessageRef::refFromVerp("bounces+" + ref + "@d.example"), ref);
        QCOMPARE(MessageRef::refFromVerp("bounces@d.example"), QByteArray());
        const auto message =
            composer({}, QStringLiteral("bounce@mail.shop.example")).compose(content());
        QCOMPARE(message->envelopeFrom, QByteArray("bounce+abcdefghijklmnop@mail.shop.example"));
    }

    void emptyBodies()
    {
        MessageContent c = content();
        c.html.clear();
        c.subject.clear();
        c.to.name.clear();
        const auto message = composer().compose(c);
        QVERIFY(message.ok());
        checkWire(message->data);
        QVERIFY(headerBlock(message->data).contains("\r\nSubject: \r\n"));
    }
};

QTEST_GUILESS_MAIN(TestMessageComposer)
#include "tst_messagecomposer.moc"
