#include "core/mime/HtmlToText.h"
#include "core/mime/MessageFactory.h"
#include "core/mime/TransferEncoding.h"

#include <QTest>

using namespace Postroom;
using namespace Postroom::Mime;

namespace {

MessageFactory factory(const QString& html, const QString& text = {})
{
    const auto tmpl = Template::MessageTemplate::parse(
        QStringLiteral("Hi {{first_name|there}} =?x?= {{company}}"), html, text);
    if (!tmpl)
        qFatal("%s", qPrintable(tmpl.error().describe()));
    ComposerSettings settings;
    settings.from = MailAddress{QStringLiteral("Shop"), QStringLiteral("news@shop.example")};
    auto made = MessageFactory::create(*tmpl, settings, QStringLiteral("Spring"),
                                       QStringLiteral("https://t.example/"),
                                       Track::TokenSealer("factory test secret"));
    if (!made)
        qFatal("%s", qPrintable(made.error().describe()));
    return *made;
}

// The decoded body of the part whose Content-Type starts with @p type.
QString part(const QByteArray& message, const QByteArray& type)
{
    const qsizetype start = message.indexOf("Content-Type: " + type);
    const qsizetype body = message.indexOf("\r\n\r\n", start) + 4;
    const qsizetype end = message.indexOf("\r\n--=_pr", body);
    const QByteArray headers = message.mid(start, body - start);
    const QByteArray encoded = message.mid(body, end - body);
    if (headers.contains("base64"))
        return QString::fromUtf8(QByteArray::fromBase64(encoded));
    return QString::fromUtf8(TransferEncoder::decodeQuotedPrintable(encoded));
}

Template::FieldValues ada()
{
    return Template::FieldValues::forContact(QStringLiteral("ada@example.com"),
                                             QStringLiteral("Ada <b>"), QStringLiteral("L"),
                                             {{QStringLiteral("company"), QStringLiteral("A&B")}});
}

} // namespace

class TestMessageFactory : public QObject
{
    Q_OBJECT

private slots:
    void builtInsAndEscaping()
    {
        const QString html = QStringLiteral(
            "<p>Hello {{first_name}} from {{company}}</p><p><a href=\"{{unsubscribe_url}}\">"
            "Unsubscribe</a> {{campaign_name}} {{message_id}}</p>");
        const MessageFactory made = factory(html);
        const auto message =
            made.build(ada(), MailAddress{QStringLiteral("Ada"), QStringLiteral("ada@example.com")},
                       "abcdefghijklmnop");
        QVERIFY(message.ok());
        const QByteArray url = made.unsubscribeUrl("abcdefghijklmnop");
        QVERIFY(url.startsWith("https://t.example/u/"));
        QVERIFY(message->data.contains("List-Unsubscribe: <" + url + ">"));
        const QString htmlPart = part(message->data, "text/html");
        QVERIFY(htmlPart.contains(QStringLiteral("Hello Ada &lt;b&gt; from A&amp;B")));
        QVERIFY(htmlPart.contains(QString::fromLatin1(url)));
        QVERIFY(htmlPart.contains(QStringLiteral("Spring abcdefghijklmnop@shop.example")));
        // The text part is made once from the template, with plain values.
        const QString textPart = part(message->data, "text/plain");
        QCOMPARE(textPart, QStringLiteral("Hello Ada <b> from A&B\r\n\r\nUnsubscribe (") +
                               QString::fromLatin1(url) +
                               QStringLiteral(") Spring abcdefghijklmnop@shop.example"));
        QVERIFY(message->data.contains("\r\nSubject: =?UTF-8?"));
    }

    // With blocks the text is made from each rendered HTML; both ways give the same text.
    void blocksAndNoBlocksAgree()
    {
        const QString plain =
            QStringLiteral("<h1>Hi {{first_name}}</h1><ul><li>{{company}}</li></ul>");
        const QString withBlock =
            QStringLiteral("<h1>Hi {{first_name}}</h1>{{#if company}}<ul><li>{{company}}</li></ul>"
                           "{{/if}}");
        const MailAddress to{QString(), QStringLiteral("ada@example.com")};
        const auto a = factory(plain).build(ada(), to, "abcdefghijklmnop");
        const auto b = factory(withBlock).build(ada(), to, "abcdefghijklmnop");
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(part(a->data, "text/plain"), part(b->data, "text/plain"));
        QCOMPARE(part(a->data, "text/plain"), QStringLiteral("# Hi Ada <b>\r\n\r\n* A&B"));
    }

    void givenTextPartIsUsed()
    {
        const auto message =
            factory(QStringLiteral("<p>x</p>"), QStringLiteral("Text for {{first_name}}"))
                .build(ada(), MailAddress{QString(), QStringLiteral("ada@example.com")},
                       "abcdefghijklmnop");
        QVERIFY(message.ok());
        QCOMPARE(part(message->data, "text/plain"), QStringLiteral("Text for Ada <b>"));
    }
};

QTEST_GUILESS_MAIN(TestMessageFactory)
#include "tst_messagefactory.moc"
