#include "core/template/FieldValues.h"

#include "core/template/Template.h"

namespace Postroom::Template {

FieldValues FieldValues::forContact(const QString& email, const QString& firstName,
                                    const QString& lastName,
                                    const QHash<QString, QString>& customFields)
{
    FieldValues values;
    for (auto it = customFields.cbegin(); it != customFields.cend(); ++it)
        values.set(it.key(), it.value());
    // The standard fields come last so that a custom column called "Email" cannot hide them.
    values.set(QStringLiteral("email"), email);
    values.set(QStringLiteral("first_name"), firstName);
    values.set(QStringLiteral("last_name"), lastName);
    return values;
}

void FieldValues::set(const QString& name, const QString& value)
{
    m_fields.insert(Template::keyFor(name), value);
}

void FieldValues::clearFields()
{
    // QHash::clear() frees the buckets; erasing keeps them for the next recipient.
    for (auto it = m_fields.begin(); it != m_fields.end();)
        it = m_fields.erase(it);
}

} // namespace Postroom::Template
