#include "core/template/MessageTemplate.h"

#include "core/template/TemplateParser.h"

#include <QSet>

namespace Postroom::Template {

QString partName(TemplatePart part)
{
    switch (part) {
    case TemplatePart::Subject:
        return QStringLiteral("subject");
    case TemplatePart::Html:
        return QStringLiteral("html");
    case TemplatePart::Text:
        break;
    }
    return QStringLiteral("text");
}

Result<MessageTemplate> MessageTemplate::parse(const QString& subject, const QString& html,
                                               const QString& text)
{
    MessageTemplate message;
    message.hasText = !text.isEmpty();
    const std::pair<TemplatePart, const QString*> parts[] = {
        {TemplatePart::Subject, &subject},
        {TemplatePart::Html, &html},
        {TemplatePart::Text, message.hasText ? &text : nullptr}};
    for (const auto& [which, source] : parts) {
        if (!source)
            continue;
        auto parsed = TemplateParser::parse(*source);
        if (auto* error = std::get_if<ParseError>(&parsed))
            return makeError(ErrorCode::InvalidInput,
                             partName(which) + QLatin1Char(':') + error->describe());
        const Template& parsedTemplate = std::get<Template>(parsed);
        if (which == TemplatePart::Subject)
            message.subject = parsedTemplate;
        else if (which == TemplatePart::Html)
            message.html = parsedTemplate;
        else
            message.text = parsedTemplate;
    }
    return message;
}

const Template& MessageTemplate::part(TemplatePart which) const
{
    switch (which) {
    case TemplatePart::Subject:
        return subject;
    case TemplatePart::Html:
        return html;
    case TemplatePart::Text:
        break;
    }
    return text;
}

QStringList MessageTemplate::fields(bool withBuiltIns) const
{
    QStringList names;
    QSet<QString> seen;
    for (const Template* each : {&subject, &html, &text}) {
        for (const QString& name : each->fields(withBuiltIns)) {
            const QString key = Template::keyFor(name);
            if (!seen.contains(key)) {
                seen.insert(key);
                names.append(name);
            }
        }
    }
    return names;
}

} // namespace Postroom::Template
