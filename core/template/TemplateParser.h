#pragma once

#include "core/template/Template.h"

#include <QCoreApplication>
#include <QString>

#include <variant>

namespace Postroom::Template {

/**
 * Turns template source into a Template, or the first syntax error with its line and
 * column: unclosed `{{`, unclosed `{{#if}}` (reported where it opened), a stray
 * `{{else}}` or `{{/if}}`, a second `{{else}}`, an unknown block (`{{#each}}`), an
 * empty field name, a name with `{`, `}` or a control character.
 */
class TemplateParser
{
    Q_DECLARE_TR_FUNCTIONS(TemplateParser)

public:
    /** Parses @p source; editors use the ParseError's line and column to mark the spot. */
    [[nodiscard]] static std::variant<Template, ParseError> parse(const QString& source);
};

} // namespace Postroom::Template
