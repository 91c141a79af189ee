#include "core/mime/HtmlToText.h"

#include <QTest>

using namespace Postroom::Mime;

class TestHtmlToText : public QObject
{
    Q_OBJECT

private slots:
    void conversions_data()
    {
        QTest::addColumn<QString>("html");
        QTest::addColumn<QString>("text");
        QTest::newRow("paragraphs") << QStringLiteral("<p>One\n   two</p><p>Three<br>four</p>")
                                    << QStringLiteral("One two\n\nThree\nfour\n");
        QTest::newRow("link") << QStringLiteral(
                                     "<p>Read <a href=\"https://x.example/a?b=1&amp;c=2\">the "
                                     "news</a> now.</p>")
                              << QStringLiteral(
                                     "Read the news (https://x.example/a?b=1&c=2) now.\n");
        QTest::newRow("link same as text")
            << QStringLiteral("<a href=\"https://x.example/\">https://x.example/</a>")
            << QStringLiteral("https://x.example/\n");
        QTest::newRow("mailto") << QStringLiteral("<a href=\"mailto:a@b.example\">a@b.example</a>")
                                << QStringLiteral("a@b.example\n");
        QTest::newRow("anchor and js")
            << QStringLiteral("<a href=\"#top\">Top</a> <a href=\"javascript:x()\">Go</a>")
            << QStringLiteral("Top Go\n");
        QTest::newRow("bullets") << QStringLiteral("<ul><li>Apples</li><li>Pears\n</li></ul>")
                                 << QStringLiteral("* Apples\n* Pears\n");
        QTest::newRow("numbers")
            << QStringLiteral(
                   "<p>Steps:</p><ol><li>One</li><li>Two<ul><li>Sub</li></ul></li></ol><p>End</p>")
            << QStringLiteral("Steps:\n\n1. One\n2. Two\n  * Sub\n\nEnd\n");
        QTest::newRow("headings") << QStringLiteral(
                                         "<h1>Big news</h1><h2>Details</h2><h3>Small</h3><p>x</p>")
                                  << QStringLiteral("# Big news\n\n## Details\n\nSmall\n\nx\n");
        QTest::newRow("scripts and styles dropped")
            << QStringLiteral("<html><head><title>T</title><style>p{color:red}</style></head>"
                              "<body><script>alert(1)</script><p>Visible</p><noscript></noscript></"
                              "body></html>")
            << QStringLiteral("Visible\n");
        QTest::newRow("entities")
            << QStringLiteral("<p>&lt;tag&gt; &amp; &eacute; &#x4E2D;&nbsp;x &quot;q&quot;</p>")
            << QStringLiteral("<tag> & é 中 x \"q\"\n");
        QTest::newRow("image alt")
            << QStringLiteral("<p><img src=\"cid:logo\" alt=\"Logo\"> Shop</p>")
            << QStringLiteral("[Logo] Shop\n");
        QTest::newRow("table")
            << QStringLiteral("<table><tr><td>A</td><td>B</td></tr><tr><td>C</td></tr></table>")
            << QStringLiteral("A B\nC\n");
        QTest::newRow("blockquote")
            << QStringLiteral("<blockquote><p>Quoted</p></blockquote><p>After</p>")
            << QStringLiteral("> Quoted\n\nAfter\n");
        QTest::newRow("pre") << QStringLiteral("<pre>a  b\n  c</pre>")
                             << QStringLiteral("a  b\n  c\n");
        QTest::newRow("merge tags survive")
            << QStringLiteral(
                   "<p>Hi {{first_name|friend}}</p><a href=\"{{unsubscribe_url}}\">Unsubscribe</a>")
            << QStringLiteral("Hi {{first_name|friend}}\n\nUnsubscribe ({{unsubscribe_url}})\n");
        QTest::newRow("broken html") << QStringLiteral("<p>Open <b>bold <i>both</p> after")
                                     << QStringLiteral("Open bold both\n\nafter\n");
        QTest::newRow("empty") << QString() << QString();
    }

    void deepNestingIsSafe()
    {
        const QString html = QStringLiteral("<div>").repeated(5000) + QStringLiteral("deep") +
                             QStringLiteral("</div>").repeated(5000) +
                             QStringLiteral("<p>after</p>");
        const QString text = HtmlToText::convert(html);
        // Content below the depth limit is dropped; what follows is kept.
        QVERIFY(!text.contains(QStringLiteral("deep")));
        QVERIFY(text.endsWith(QStringLiteral("after\n")));
    }

    void conversions()
    {
        QFETCH(QString, html);
        QFETCH(QString, text);
        QCOMPARE(HtmlToText::convert(html), text);
    }
};

QTEST_GUILESS_MAIN(TestHtmlToText)
#include "tst_htmltotext.moc"
