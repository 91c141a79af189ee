#include "core/template/Template.h"

#include "core/template/TemplateData.h"
#include "core/template/TemplateParser.h"

#include <QSet>

namespace Postroom::Template {
namespace {

std::shared_ptr<const Template::Data> emptyData()
{
    static const auto empty = std::make_shared<const Template::Data>();
    return empty;
}

} // namespace

QString ParseError::describe() const
{
    return QStringLiteral("%1:%2: %3").arg(line).arg(column).arg(message);
}

Error ParseError::toError() const
{
    return makeError(ErrorCode::InvalidInput, describe());
}

Template::Template() : m_data(emptyData()) {}

Template::Template(std::shared_ptr<const Data> data) : m_data(std::move(data)) {}

Result<Template> Template::parse(const QString& source)
{
    auto parsed = TemplateParser::parse(source);
    if (auto* error = std::get_if<ParseError>(&parsed))
        return error->toError();
    return std::get<Template>(std::move(parsed));
}

QString Template::source() const
{
    return m_data->source;
}

bool Template::isEmpty() const
{
    return m_data->source.isEmpty();
}

const QList<FieldUse>& Template::fieldUses() const
{
    return m_data->uses;
}

QStringList Template::fields(bool withBuiltIns) const
{
    QStringList names;
    QSet<QString> seen;
    for (const FieldUse& use : m_data->uses) {
        if ((use.isBuiltIn && !withBuiltIns) || seen.contains(use.key))
            continue;
        seen.insert(use.key);
        names.append(use.name);
    }
    return names;
}

bool Template::usesField(const QString& name) const
{
    return m_data->slotKeys.contains(keyFor(name));
}

const QStringList& Template::builtIns()
{
    static const QStringList names = {QStringLiteral("unsubscribe_url"),
                                      QStringLiteral("campaign_name"),
                                      QStringLiteral("message_id")};
    return names;
}

bool Template::isBuiltIn(const QString& name)
{
    return builtIns().contains(keyFor(name));
}

QString Template::keyFor(const QString& name)
{
    return name.trimmed().toCaseFolded();
}

} // namespace Postroom::Template
