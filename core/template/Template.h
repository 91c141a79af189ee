#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace Postroom::Template {

/**
 * One place a template names a field: `{{first_name}}`, `{{first_name|friend}}` or
 * `{{#if first_name}}`. Line and column are 1-based and count characters (UTF-16 code
 * units) of the source, pointing at the opening `{{`.
 */
struct FieldUse
{
    QString name;     ///< the name as written, trimmed (`First_Name`)
    QString key;      ///< the name the lookup uses: case-folded (`first_name`)
    QString fallback; ///< the text after `|`, trimmed; empty when there is none
    bool hasFallback = false;
    bool isCondition = false; ///< true for `{{#if name}}`
    bool isBuiltIn = false;   ///< `unsubscribe_url`, `campaign_name` or `message_id`
    bool isGuarded = false;   ///< a value use inside `{{#if name}}` of the same field: never blank
    int line = 0;
    int column = 0;
};

/** A syntax error in a template: where (1-based line and column, as FieldUse) and what. */
struct ParseError
{
    Q_DECLARE_TR_FUNCTIONS(ParseError)

public:
    int line = 0;
    int column = 0;
    QString message; ///< translated, without the position (`Unclosed {{#if first_name}}.`)

    /** `LINE:COLUMN: message`, the form compilers use; what the CLI prints. */
    QString describe() const;
    /** An InvalidInput Error whose message is describe(). */
    Error toError() const;
};

/**
 * A parsed merge template: parse once, render many times (TemplateRenderer), share
 * freely between threads (immutable, implicitly shared).
 *
 * The language (CONTRACT.md, "Template language"):
 * - `{{field}}` — a contact field; `{{field|fallback text}}` — the fallback when the
 *   value is empty or missing ("empty" everywhere means empty after trimming white
 *   space). Whitespace around the name and the fallback is ignored; the fallback is
 *   everything after the first `|`.
 *   Names match case-insensitively (`{{First_Name}}` is `first_name`); a name may hold
 *   any characters but `{`, `}`, `|` and control characters (CSV headers such as
 *   `公司` or `Company Name` are fine), and must not start with `#` or `/`.
 * - `{{#if field}}…{{else}}…{{/if}}` — the first branch when the value is non-empty;
 *   `{{else}}` is optional; blocks nest. `{{/if field}}` may repeat the name.
 * - Built-ins: `{{unsubscribe_url}}`, `{{campaign_name}}`, `{{message_id}}`; they are
 *   fields too (usable with fallbacks and in `#if`) and win over a contact field of the
 *   same name.
 * - A `{` that does not start `{{` is plain text. There is no escape for a literal `{{`.
 *
 * Fallback text is template text: like the text around it it is written out as is,
 * never escaped (an author may put markup in an HTML fallback).
 */
class Template
{
    Q_DECLARE_TR_FUNCTIONS(Template)

public:
    /** The empty template: renders nothing, uses no fields. */
    Template();

    /**
     * Parses @p source. A syntax error fails with InvalidInput whose message is
     * `LINE:COLUMN: what` (ParseError::describe); TemplateParser::parse gives the
     * position as numbers.
     */
    [[nodiscard]] static Result<Template> parse(const QString& source);

    /** The text this template was parsed from. */
    QString source() const;

    /** True when the source was empty. */
    bool isEmpty() const;

    /** Every use of a field, in source order (built-ins included). */
    const QList<FieldUse>& fieldUses() const;

    /**
     * The distinct fields used, as first written, in order of first use; built-ins are
     * left out unless @p withBuiltIns. For merge-field menus and the checks.
     */
    QStringList fields(bool withBuiltIns = false) const;

    /** True when the template uses the field @p name anywhere (case-insensitive). */
    bool usesField(const QString& name) const;

    /** The built-in field names: `unsubscribe_url`, `campaign_name`, `message_id`. */
    static const QStringList& builtIns();

    /** True when @p name (any case, surrounding spaces ignored) is a built-in. */
    static bool isBuiltIn(const QString& name);

    /** The lookup key for a field name: trimmed and case-folded. */
    static QString keyFor(const QString& name);

    struct Data; ///< the compiled form, defined in TemplateData.h (internal)
    /** The compiled form, for the renderer. */
    const Data& data() const { return *m_data; }

private:
    friend class TemplateParser;
    explicit Template(std::shared_ptr<const Data> data);

    std::shared_ptr<const Data> m_data;
};

} // namespace Postroom::Template
