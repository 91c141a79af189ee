#include "core/template/HtmlChecks.h"

#include <QTest>

using namespace Postroom::Template;

class TestHtmlChecks : public QObject
{
    Q_OBJECT

private slots:
    void findsImagesWithoutAlt()
    {
        const HtmlReport report =
            HtmlChecks::inspect(u"<html><body>\n<p>Hello {{first_name}}</p>\n"
                                u"  <img src=\"cid:logo\">\n<img src=\"a.png\" alt=\"\">"
                                u"<img alt=\"Sale\" src=\"b.png\"></body></html>");
        QCOMPARE(report.images, 3);
        // An empty alt marks a decorative image: that is fine; a missing one is not.
        QCOMPARE(report.imagesWithoutAlt.size(), 1);
        QCOMPARE(report.imagesWithoutAlt.at(0).src, QStringLiteral("cid:logo"));
        QCOMPARE(report.imagesWithoutAlt.at(0).line, 3);
        QCOMPARE(report.imagesWithoutAlt.at(0).column, 3);
        QVERIFY(!report.imagesOnly());
    }

    void columnsCountCharactersNotBytes()
    {
        const HtmlReport report = HtmlChecks::inspect(u"<p>你好\t<img src=x></p>");
        QCOMPARE(report.imagesWithoutAlt.size(), 1);
        QCOMPARE(report.imagesWithoutAlt.at(0).line, 1);
        QCOMPARE(report.imagesWithoutAlt.at(0).column, 7);
    }

    void imagesOnlyIgnoresHeadStyleAndSpaces()
    {
        const HtmlReport report = HtmlChecks::inspect(
            u"<html><head><title>News</title><style>p{color:red}</style></head>"
            u"<body>\n  &nbsp; <a href=\"https://example.com\"><img src=\"x.png\" alt=\"x\"></a>"
            u"<script>var a = 1;</script>\n</body></html>");
        QCOMPARE(report.images, 1);
        QCOMPARE(report.visibleTextChars, 0);
        QVERIFY(report.imagesOnly());
    }

    void textWithoutImagesIsNotImagesOnly()
    {
        QVERIFY(!HtmlChecks::inspect(u"").imagesOnly());
        const HtmlReport report = HtmlChecks::inspect(u"<p>Hi {{first_name}}</p>");
        QCOMPARE(report.images, 0);
        QCOMPARE(report.visibleTextChars, 16);
        QVERIFY(!report.imagesOnly());
    }
};

QTEST_GUILESS_MAIN(TestHtmlChecks)
#include "tst_htmlchecks.moc"
