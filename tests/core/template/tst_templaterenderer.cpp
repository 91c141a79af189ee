#include "core/template/FieldValues.h"
#include "core/template/Template.h"
#include "core/template/TemplateRenderer.h"

#include <QRegularExpression>
#include <QTest>

using namespace Postroom::Template;

namespace {

Template parsed(const QString& source)
{
    auto result = Template::parse(source);
    if (!result)
        qFatal("parse failed: %s", qPrintable(result.error().message));
    return *result;
}

QString render(const QString& source, const FieldValues& values, RenderMode mode = RenderMode::Text)
{
    return TemplateRenderer::render(parsed(source), values, mode);
}

const QChar kZwsp(0x200B);

} // namespace

class TestTemplateRenderer : public QObject
{
    Q_OBJECT

private slots:
    void fieldsAndFallbacks()
    {
        FieldValues values = FieldValues::forContact(
            QStringLiteral("ann@example.com"), QStringLiteral("Ann"), QString(),
            {{QStringLiteral("Company"), QStringLiteral("ACME")},
             {QStringLiteral("city"), QStringLiteral("   ")}});
        QCOMPARE(render(QStringLiteral("Hi {{ FIRST_NAME }} {{last_name|}}!"), values),
                 QStringLiteral("Hi Ann !"));
        QCOMPARE(
            render(QStringLiteral("{{last_name|Customer}}/{{company|none}}/{{nope|?}}"), values),
            QStringLiteral("Customer/ACME/?"));
        // A value of only spaces counts as empty, for fallbacks and conditions alike.
        QCOMPARE(
            render(QStringLiteral("[{{city|far away}}][{{#if city}}x{{else}}y{{/if}}]"), values),
            QStringLiteral("[far away][y]"));
        // A missing field without a fallback renders nothing (the check reports it first).
        QCOMPARE(render(QStringLiteral("a{{unknown}}b"), values), QStringLiteral("ab"));
        QCOMPARE(render(QStringLiteral("{{email}}"), values), QStringLiteral("ann@example.com"));
    }

    void standardFieldsWinOverCustomOnesOfTheSameName()
    {
        const FieldValues values = FieldValues::forContact(
            QStringLiteral("real@example.com"), {}, {},
            {{QStringLiteral("Email"), QStringLiteral("fake@example.com")}});
        QCOMPARE(render(QStringLiteral("{{email}}"), values), QStringLiteral("real@example.com"));
    }

    void nestedConditions_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<QString>("expected");
        QTest::newRow("both") << QStringLiteral("1") << QStringLiteral("1")
                              << QStringLiteral("<A<B>>!");
        QTest::newRow("a only") << QStringLiteral("1") << QString() << QStringLiteral("<A<b>>!");
        QTest::newRow("b only") << QString() << QStringLiteral("1") << QStringLiteral("<a[B]>!");
        QTest::newRow("neither") << QString() << QString() << QStringLiteral("<a>!");
    }

    void nestedConditions()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(QString, expected);
        FieldValues values;
        values.set(QStringLiteral("a"), a);
        values.set(QStringLiteral("b"), b);
        const QString source = QStringLiteral(
            "<{{#if a}}A<{{#if b}}B{{else}}b{{/if}}>{{else}}a{{#if b}}[B]{{/if}}{{/if}}>!");
        QCOMPARE(render(source, values), expected);
        QCOMPARE(QString::fromUtf8(
                     TemplateRenderer::renderUtf8(parsed(source), values, RenderMode::Html)),
                 expected); // template text is never escaped, only values
    }

    void builtInsComeFromTheRenderNotTheContact()
    {
        FieldValues values;
        values.set(QStringLiteral("campaign_name"), QStringLiteral("spoofed"));
        values.setCampaignName(QStringLiteral("Spring 春季"));
        values.setUnsubscribeUrl(QStringLiteral("https://t.example/u/abc?x=1&y=2"));
        values.setMessageId(QStringLiteral("r1.abc@example.com"));
        QCOMPARE(
            render(QStringLiteral("{{campaign_name}}|{{message_id}}|{{unsubscribe_url}}"), values),
            QStringLiteral("Spring 春季|r1.abc@example.com|https://t.example/u/abc?x=1&y=2"));
        QCOMPARE(
            render(QStringLiteral("<a href=\"{{unsubscribe_url}}\">"), values, RenderMode::Html),
            QStringLiteral("<a href=\"https://t.example/u/abc?x=1&amp;y=2\">"));
        FieldValues none;
        QCOMPARE(render(QStringLiteral("{{#if unsubscribe_url}}u{{else}}none{{/if}}"), none),
                 QStringLiteral("none"));
    }

    void htmlModeEscapesValuesButNotTemplateText()
    {
        FieldValues values;
        values.set(QStringLiteral("name"), QStringLiteral("<script>alert('x')</script> & \"Tom\""));
        const QString source = QStringLiteral("<p title=\"{{name}}\">{{name}}</p>{{x|<b>hi</b>}}");
        const QString escaped =
            QStringLiteral("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Tom&quot;");
        const QString expected = QStringLiteral("<p title=\"") + escaped + QStringLiteral("\">") +
                                 escaped + QStringLiteral("</p><b>hi</b>");
        QCOMPARE(render(source, values, RenderMode::Html), expected);
        QCOMPARE(TemplateRenderer::renderUtf8(parsed(source), values, RenderMode::Html),
                 expected.toUtf8());
        QCOMPARE(render(QStringLiteral("{{name}}"), values, RenderMode::Text),
                 values.value(QStringLiteral("name")));
    }

    void utf8OutputMatchesTheStringOutput_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("ascii") << QStringLiteral("plain");
        QTest::newRow("chinese") << QStringLiteral("张伟 <先生> & 公司");
        QTest::newRow("two-byte") << QStringLiteral("Ærøskøbing café");
        QTest::newRow("emoji surrogate pair") << QStringLiteral("party 🎉 time");
        QTest::newRow("empty") << QString();
    }

    void utf8OutputMatchesTheStringOutput()
    {
        QFETCH(QString, value);
        FieldValues values;
        values.set(QStringLiteral("v"), value);
        const Template tmpl = parsed(QStringLiteral("你好 {{v|朋友}}，欢迎！{{v}}"));
        for (const RenderMode mode : {RenderMode::Html, RenderMode::Text, RenderMode::Header}) {
            const QString asString = TemplateRenderer::render(tmpl, values, mode);
            QCOMPARE(TemplateRenderer::renderUtf8(tmpl, values, mode), asString.toUtf8());
        }
        QVERIFY(TemplateRenderer::render(tmpl, values, RenderMode::Text)
                    .startsWith(value.isEmpty() ? QStringLiteral("你好 朋友，欢迎！")
                                                : QStringLiteral("你好 ")));
    }

    void loneSurrogateBecomesReplacementCharacter()
    {
        FieldValues values;
        values.set(QStringLiteral("v"), QString(QChar(0xD800)) + QStringLiteral("x"));
        QCOMPARE(
            TemplateRenderer::renderUtf8(parsed(QStringLiteral("{{v}}")), values, RenderMode::Text),
            QByteArray("\xEF\xBF\xBDx"));
    }

    void repeatedFieldsAndSuccessiveRecipients()
    {
        const Template tmpl = parsed(QStringLiteral("{{n}}-{{N}}-{{ n |x}}"));
        for (const char* name : {"A&B", "张<三>", ""}) {
            FieldValues values;
            values.set(QStringLiteral("n"), QString::fromUtf8(name));
            const QString one = QString::fromUtf8(name).toHtmlEscaped().replace(
                QLatin1String("'"), QLatin1String("&#39;"));
            const QString expected = *name ? one + QLatin1Char('-') + one + QLatin1Char('-') + one
                                           : QStringLiteral("--x");
            QCOMPARE(TemplateRenderer::render(tmpl, values, RenderMode::Html), expected);
            QCOMPARE(TemplateRenderer::renderUtf8(tmpl, values, RenderMode::Html),
                     expected.toUtf8());
        }
    }

    void renderingAppendsToTheBuffer()
    {
        FieldValues values;
        values.set(QStringLiteral("n"), QStringLiteral("B"));
        const Template tmpl = parsed(QStringLiteral("[{{n}}]"));
        QString out = QStringLiteral("A");
        TemplateRenderer::render(tmpl, values, RenderMode::Text, out);
        QByteArray bytes("A");
        TemplateRenderer::renderUtf8(tmpl, values, RenderMode::Text, bytes);
        QCOMPARE(out, QStringLiteral("A[B]"));
        QCOMPARE(bytes, QByteArray("A[B]"));
        // A reused buffer keeps its storage: no reallocation for the next recipient.
        out.resize(0);
        const qsizetype capacity = out.capacity();
        TemplateRenderer::render(tmpl, values, RenderMode::Text, out);
        QCOMPARE(out.capacity(), capacity);
    }

    void headerModeRemovesLineBreaksAndControls_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("CRLF header injection") << QStringLiteral("Ann\r\nBcc: victim@example.com")
                                               << QStringLiteral("AnnBcc: victim@example.com");
        QTest::newRow("bare LF") << QStringLiteral("a\nb") << QStringLiteral("ab");
        QTest::newRow("bare CR") << QStringLiteral("a\rb") << QStringLiteral("ab");
        QTest::newRow("NUL") << QStringLiteral("a") + QChar(0) + QStringLiteral("b")
                             << QStringLiteral("ab");
        QTest::newRow("tab, DEL, C1 NEL")
            << QStringLiteral("a\tb\x7F") + QChar(0x85) + QStringLiteral("c")
            << QStringLiteral("abc");
        QTest::newRow("unicode line separators")
            << QStringLiteral("a") + QChar(0x2028) + QStringLiteral("b") + QChar(0x2029)
            << QStringLiteral("ab");
        QTest::newRow("chinese stays") << QStringLiteral("张伟\r\n") << QStringLiteral("张伟");
    }

    void headerModeRemovesLineBreaksAndControls()
    {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        FieldValues values;
        values.set(QStringLiteral("name"), value);
        const QString out = render(QStringLiteral("Hi {{name}}!"), values, RenderMode::Header);
        QCOMPARE(out, QStringLiteral("Hi ") + expected + QStringLiteral("!"));
        for (const QChar c : out)
            QVERIFY(c.category() != QChar::Other_Control);
        const QByteArray bytes = TemplateRenderer::renderUtf8(
            parsed(QStringLiteral("Hi {{name}}!")), values, RenderMode::Header);
        QVERIFY(!bytes.contains('\r') && !bytes.contains('\n') && !bytes.contains('\0'));
    }

    void headerModeDefusesEncodedWords_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("prefix"); // what the buffer held before rendering

        QTest::newRow("whole encoded-word")
            << QStringLiteral("Hello {{v}}") << QStringLiteral("=?utf-8?B?QmNjOiB4?=") << QString();
        QTest::newRow("Q encoded CRLF")
            << QStringLiteral("{{v}}") << QStringLiteral("=?UTF-8?Q?a=0D=0ABcc:_x?=") << QString();
        QTest::newRow("value ends with =, template text goes on with ?")
            << QStringLiteral("{{v}}?utf-8?B?eA==?=") << QStringLiteral("x=") << QString();
        QTest::newRow("value starts with ?, buffer ends with =")
            << QStringLiteral("{{v}}") << QStringLiteral("?utf-8?B?eA==?=") << QStringLiteral("=");
        QTest::newRow("control hidden inside the delimiter")
            << QStringLiteral("{{v}}") << QStringLiteral("=\r\n?utf-8?B?eA==?\x00=") << QString();
    }

    void headerModeDefusesEncodedWords()
    {
        QFETCH(QString, source);
        QFETCH(QString, value);
        QFETCH(QString, prefix);
        FieldValues values;
        values.set(QStringLiteral("v"), value);
        QString out = prefix;
        TemplateRenderer::render(parsed(source), values, RenderMode::Header, out);
        QVERIFY2(!out.contains(QLatin1String("=?")), qPrintable(out));
        QVERIFY2(!out.contains(QLatin1String("?=")), qPrintable(out));
        // Nothing but the zero-width spaces was added: the text reads the same.
        QString visible = out;
        visible.remove(kZwsp);
        QString expected = prefix + source;
        expected.replace(QLatin1String("{{v}}"), value);
        expected.remove(QRegularExpression(QStringLiteral("[\\x00-\\x1F]")));
        QCOMPARE(visible, expected);
        QVERIFY(out.contains(kZwsp));
    }

    void headerModeLeavesPlainSubjectsAlone()
    {
        FieldValues values;
        values.set(QStringLiteral("name"), QStringLiteral("Zoë = 1? yes"));
        QCOMPARE(render(QStringLiteral("{{name}}: 50% off"), values, RenderMode::Header),
                 QStringLiteral("Zoë = 1? yes: 50% off"));
    }

    void makeHeaderSafeLooksOnlyFromTheStart()
    {
        QString out = QStringLiteral("a\r\nb=");
        out += QStringLiteral("?x\n");
        TemplateRenderer::makeHeaderSafe(out, 5);
        QCOMPARE(out, QStringLiteral("a\r\nb=") + kZwsp + QStringLiteral("?x"));
    }
};

QTEST_GUILESS_MAIN(TestTemplateRenderer)
#include "tst_templaterenderer.moc"
