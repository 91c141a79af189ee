#include "core/template/FieldValues.h"
#include "core/template/MessageTemplate.h"
#include "core/template/TemplateCheck.h"

#include <QTest>

using namespace Postroom::Template;

namespace {

MessageTemplate message(const QString& subject, const QString& html, const QString& text = {})
{
    auto parsed = MessageTemplate::parse(subject, html, text);
    if (!parsed)
        qFatal("parse failed: %s", qPrintable(parsed.error().message));
    return *parsed;
}

QStringList codes(const QList<TemplateFinding>& findings)
{
    QStringList result;
    for (const TemplateFinding& finding : findings)
        result.append(finding.code);
    return result;
}

} // namespace

class TestTemplateCheck : public QObject
{
    Q_OBJECT

private slots:
    void parseErrorsNameThePart()
    {
        const auto bad = MessageTemplate::parse(QStringLiteral("ok"), QStringLiteral("ok"),
                                                QStringLiteral("line\n{{#if x}}"));
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.startsWith(QLatin1String("text:2:1: ")),
                 qPrintable(bad.error().message));
        const auto badSubject =
            MessageTemplate::parse(QStringLiteral("Hi {{name"), QStringLiteral("ok"));
        QVERIFY(badSubject.error().message.startsWith(QLatin1String("subject:1:4: ")));
        QVERIFY(!message(QStringLiteral("s"), QStringLiteral("h")).hasText);
        QVERIFY(message(QStringLiteral("s"), QStringLiteral("h"), QStringLiteral("t")).hasText);
    }

    void unknownFieldIsAnErrorAtItsFirstUse()
    {
        const MessageTemplate m =
            message(QStringLiteral("Hi {{First_Name}}"),
                    QStringLiteral("<p>{{frist_name}}</p>\n<p>{{ frist_name }} {{Company}}"
                                   " {{城市}} {{unsubscribe_url}} {{campaign_name}}</p>"));
        const QList<TemplateFinding> findings =
            TemplateCheck::unknownFields(m, {QStringLiteral("company")});
        QCOMPARE(findings.size(), 2);
        QCOMPARE(findings[0].severity, Severity::Error);
        QCOMPARE(findings[0].code, QStringLiteral("template-unknown-field"));
        QCOMPARE(findings[0].field, QStringLiteral("frist_name"));
        QCOMPARE(findings[0].part, TemplatePart::Html);
        QCOMPARE(findings[0].line, 1);
        QCOMPARE(findings[0].column, 4);
        QVERIFY(findings[0].message.contains(QLatin1String("frist_name")));
        QVERIFY(!findings[0].fix.isEmpty());
        QCOMPARE(findings[1].field, QStringLiteral("城市"));
        QCOMPARE(findings[1].line, 2);

        // Once the list has the field (any case), it is no longer an error.
        QVERIFY(TemplateCheck::unknownFields(m, {QStringLiteral("FRIST_NAME"),
                                                 QStringLiteral("Company"), QStringLiteral("城市")})
                    .isEmpty());
    }

    void conditionsOnUnknownFieldsAreErrorsToo()
    {
        const MessageTemplate m = message(QString(), QStringLiteral("{{#if vip}}x{{/if}}"));
        QCOMPARE(codes(TemplateCheck::unknownFields(m, {})),
                 QStringList{QStringLiteral("template-unknown-field")});
    }

    void missingUnsubscribeLinkIsAWarningPerBody()
    {
        QCOMPARE(codes(TemplateCheck::check(message(QStringLiteral("s"), QStringLiteral("h")), {})),
                 QStringList{QStringLiteral("template-missing-unsubscribe")});
        QVERIFY(TemplateCheck::check(message(QStringLiteral("s"),
                                             QStringLiteral("<a href=\"{{unsubscribe_url}}\">")),
                                     {})
                    .isEmpty());
        const auto textLacksIt =
            TemplateCheck::check(message(QStringLiteral("s"), QStringLiteral("{{unsubscribe_url}}"),
                                         QStringLiteral("t")),
                                 {});
        QCOMPARE(textLacksIt.size(), 1);
        QCOMPARE(textLacksIt[0].part, TemplatePart::Text);
        QCOMPARE(textLacksIt[0].severity, Severity::Warning);
    }

    void fallbackCountsForAList()
    {
        const MessageTemplate m = message(
            QStringLiteral("{{first_name|Hello}}, news"),
            QStringLiteral("Dear {{first_name|friend}} {{last_name}} {{#if city}}in {{city}}{{/if}}"
                           " {{unsubscribe_url}}"));
        QCOMPARE(TemplateCheck::countedKeys(m),
                 (QStringList{QStringLiteral("first_name"), QStringLiteral("last_name"),
                              QStringLiteral("city")}));
        const QList<FieldValues> contacts = {
            FieldValues::forContact(QStringLiteral("a@x.cn"), QStringLiteral("安"),
                                    QStringLiteral("李"),
                                    {{QStringLiteral("City"), QStringLiteral("北京")}}),
            FieldValues::forContact(QStringLiteral("b@x.cn"), QString(), QStringLiteral("王")),
            FieldValues::forContact(QStringLiteral("c@x.cn"), QStringLiteral("  "), QString()),
        };
        const ListFieldStats stats =
            TemplateCheck::statsFrom(contacts, TemplateCheck::countedKeys(m));
        QCOMPARE(stats.contacts, 3);
        QCOMPARE(stats.emptyCounts.value(QStringLiteral("first_name")), 2);
        QCOMPARE(stats.emptyCounts.value(QStringLiteral("last_name")), 1);
        QCOMPARE(stats.emptyCounts.value(QStringLiteral("city")), 2);

        const QList<FallbackCount> counts = TemplateCheck::fallbackCounts(m, stats);
        QCOMPARE(counts.size(), 3);
        QCOMPARE(counts[0].key, QStringLiteral("first_name"));
        QCOMPARE(counts[0].fallbacks,
                 (QStringList{QStringLiteral("Hello"), QStringLiteral("friend")}));
        QVERIFY(!counts[0].blankSomewhere);
        QCOMPARE(counts[0].empty, 2);
        QCOMPARE(counts[1].key, QStringLiteral("last_name"));
        QVERIFY(counts[1].blankSomewhere);
        QCOMPARE(counts[1].empty, 1);
        QCOMPARE(counts[2].key, QStringLiteral("city"));
        QVERIFY(!counts[2].blankSomewhere); // guarded by {{#if city}}

        const QList<TemplateFinding> findings =
            TemplateCheck::check(m, {QStringLiteral("city")}, &stats);
        QCOMPARE(codes(findings), (QStringList{QStringLiteral("template-fallback-used"),
                                               QStringLiteral("template-blank-field")}));
        QCOMPARE(findings[0].count, 2);
        QCOMPARE(findings[0].severity, Severity::Info);
        QVERIFY(findings[0].message.contains(QLatin1String("friend")));
        QCOMPARE(findings[1].count, 1);
        QCOMPARE(findings[1].severity, Severity::Warning);
        QCOMPARE(findings[1].field, QStringLiteral("last_name"));
    }

    void uncountedFieldCountsAsMissingEverywhere()
    {
        const MessageTemplate m = message(QString(), QStringLiteral("{{vip|no}}"));
        ListFieldStats stats;
        stats.contacts = 7;
        QCOMPARE(TemplateCheck::fallbackCounts(m, stats).value(0).empty, 7);
    }

    void severityNamesMatchTheCheckJson()
    {
        QCOMPARE(severityName(Severity::Error), QStringLiteral("error"));
        QCOMPARE(severityName(Severity::Warning), QStringLiteral("warning"));
        QCOMPARE(severityName(Severity::Info), QStringLiteral("info"));
        QCOMPARE(partName(TemplatePart::Subject), QStringLiteral("subject"));
    }
};

QTEST_GUILESS_MAIN(TestTemplateCheck)
#include "tst_templatecheck.moc"
