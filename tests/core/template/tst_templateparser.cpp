#include "core/template/Template.h"
#include "core/template/TemplateParser.h"

#include <QTest>

using namespace Postroom::Template;

class TestTemplateParser : public QObject
{
    Q_OBJECT

private slots:
    void plainTextAndLoneBracesParse()
    {
        const auto parsed = Template::parse(QStringLiteral("body { color: red } a{b} {x} }} done"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QVERIFY(parsed->fieldUses().isEmpty());
        QVERIFY(!parsed->isEmpty());
        QVERIFY(Template().isEmpty());
    }

    void fieldsAreListedInOrderOnceWithTheirFallbacks()
    {
        const auto parsed = Template::parse(QStringLiteral(
            "Hi {{ First_Name | friend }}, {{公司}} {{Company Name}}\n{{first_name}}"
            "{{#if last_name}}{{last_name}}{{else}}{{last_name|x}}{{/if}}{{unsubscribe_url}}"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->fields(),
                 (QStringList{QStringLiteral("First_Name"), QStringLiteral("公司"),
                              QStringLiteral("Company Name"), QStringLiteral("last_name")}));
        QCOMPARE(parsed->fields(true).last(), QStringLiteral("unsubscribe_url"));
        const QList<FieldUse>& uses = parsed->fieldUses();
        QCOMPARE(uses.size(), 8);
        QCOMPARE(uses[0].key, QStringLiteral("first_name"));
        QVERIFY(uses[0].hasFallback);
        QCOMPARE(uses[0].fallback, QStringLiteral("friend"));
        QCOMPARE(uses[0].line, 1);
        QCOMPARE(uses[0].column, 4);
        QCOMPARE(uses[3].line, 2);
        QCOMPARE(uses[3].column, 1);
        QVERIFY(!uses[3].hasFallback);
        QVERIFY(uses[4].isCondition);
        QVERIFY(uses[5].isGuarded);  // {{last_name}} in the then-branch of #if last_name
        QVERIFY(!uses[6].isGuarded); // the else branch is where it is empty
        QVERIFY(uses[7].isBuiltIn);
        QVERIFY(parsed->usesField(QStringLiteral("FIRST_NAME ")));
        QVERIFY(!parsed->usesField(QStringLiteral("email")));
    }

    void fallbackKeepsEverythingAfterTheFirstBar()
    {
        const auto parsed = Template::parse(QStringLiteral("{{name|a | b}}{{x|}}"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->fieldUses()[0].fallback, QStringLiteral("a | b"));
        QVERIFY(parsed->fieldUses()[1].hasFallback);
        QVERIFY(parsed->fieldUses()[1].fallback.isEmpty());
    }

    void builtInsAreRecognisedInAnyCase()
    {
        QVERIFY(Template::isBuiltIn(QStringLiteral(" Campaign_Name ")));
        QVERIFY(Template::isBuiltIn(QStringLiteral("message_id")));
        QVERIFY(!Template::isBuiltIn(QStringLiteral("email")));
        QCOMPARE(Template::builtIns().size(), 3);
    }

    void errorsCarryLineAndColumn_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("says");

        QTest::newRow("unclosed tag")
            << QStringLiteral("Hello {{name") << 1 << 7 << QStringLiteral("Unclosed tag");
        QTest::newRow("tag opened inside a tag")
            << QStringLiteral("x\n{{a {{b}}") << 2 << 1 << QStringLiteral("new {{");
        QTest::newRow("unclosed if, where it opened")
            << QStringLiteral("a\n  {{#if x}}b") << 2 << 3 << QStringLiteral("Unclosed {{#if x}}");
        QTest::newRow("innermost unclosed if")
            << QStringLiteral("{{#if a}}\n{{#if b}}{{/if}}\n {{#if c}}") << 3 << 2
            << QStringLiteral("{{#if c}}");
        QTest::newRow("stray end")
            << QStringLiteral("ok {{/if}}") << 1 << 4 << QStringLiteral("without an {{#if}}");
        QTest::newRow("stray else")
            << QStringLiteral("{{ else }}") << 1 << 1 << QStringLiteral("{{else}} outside");
        QTest::newRow("second else") << QStringLiteral("{{#if a}}1{{else}}2{{else}}3{{/if}}") << 1
                                     << 20 << QStringLiteral("second {{else}}");
        QTest::newRow("unknown block") << QStringLiteral("{{#each items}}") << 1 << 1
                                       << QStringLiteral("Unknown block {{#each}}");
        QTest::newRow("unknown block end")
            << QStringLiteral("{{#if a}}{{/each}}") << 1 << 10 << QStringLiteral("{{/each}}");
        QTest::newRow("mismatched end") << QStringLiteral("{{#if a}}{{/if b}}") << 1 << 10
                                        << QStringLiteral("closes {{#if a}}");
        QTest::newRow("empty name")
            << QStringLiteral("{{}}") << 1 << 1 << QStringLiteral("Empty field name");
        QTest::newRow("blank name")
            << QStringLiteral("a {{  }}") << 1 << 3 << QStringLiteral("Empty field name");
        QTest::newRow("fallback without name")
            << QStringLiteral("{{|friend}}") << 1 << 1 << QStringLiteral("Empty field name");
        QTest::newRow("if without name")
            << QStringLiteral("{{#if }}{{/if}}") << 1 << 1 << QStringLiteral("needs a field name");
        QTest::newRow("if with fallback")
            << QStringLiteral("{{#if a|b}}{{/if}}") << 1 << 1 << QStringLiteral("no fallback");
        QTest::newRow("triple braces")
            << QStringLiteral("{{{name}}}") << 1 << 1 << QStringLiteral("brace");
        QTest::newRow("line break in name")
            << QStringLiteral("{{first\nname}}") << 1 << 1 << QStringLiteral("line break");
        QTest::newRow("else with fallback")
            << QStringLiteral("{{else|x}}") << 1 << 1 << QStringLiteral("\"else\"");
        QTest::newRow("CRLF lines")
            << QStringLiteral("a\r\nb\r\n  {{/if}}") << 3 << 3 << QStringLiteral("without");
        QTest::newRow("lone CR lines")
            << QStringLiteral("a\rb\r{{/if}}") << 3 << 1 << QStringLiteral("without");
        QTest::newRow("Chinese text counts characters")
            << QStringLiteral("你好\n世界{{名字") << 2 << 3 << QStringLiteral("Unclosed tag");
    }

    void errorsCarryLineAndColumn()
    {
        QFETCH(QString, source);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, says);

        const auto parsed = TemplateParser::parse(source);
        QVERIFY(std::holds_alternative<ParseError>(parsed));
        const ParseError& error = std::get<ParseError>(parsed);
        QCOMPARE(error.line, line);
        QCOMPARE(error.column, column);
        QVERIFY2(error.message.contains(says), qPrintable(error.message));

        const auto viaResult = Template::parse(source);
        QVERIFY(!viaResult.ok());
        QCOMPARE(viaResult.error().code, Postroom::ErrorCode::InvalidInput);
        QCOMPARE(viaResult.error().message,
                 QStringLiteral("%1:%2: %3").arg(line).arg(column).arg(error.message));
    }

    void nestedBlocksParse()
    {
        const auto parsed = Template::parse(QStringLiteral(
            "{{#if a}}{{#if b}}ab{{else}}a{{/if}}{{else}}{{#IF c}}c{{/if c}}{{/if}}"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed->fields(),
                 (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        // Spaces, tabs and line breaks around block keywords are fine.
        const auto spaced = Template::parse(
            QStringLiteral("{{ # if\ta }}x{{ else }}y{{ / if a }}{{#if\nb}}{{/if}}"));
        QVERIFY2(spaced.ok(), qPrintable(spaced.ok() ? QString() : spaced.error().message));
        QCOMPARE(spaced->fields(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    }

    void keysAreTrimmedAndCaseFolded()
    {
        QCOMPARE(Template::keyFor(QStringLiteral("  First_NAME ")), QStringLiteral("first_name"));
        QCOMPARE(Template::keyFor(QStringLiteral("ÄB 公司")), QStringLiteral("äb 公司"));
    }
};

QTEST_GUILESS_MAIN(TestTemplateParser)
#include "tst_templateparser.moc"
