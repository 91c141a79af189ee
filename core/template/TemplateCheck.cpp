#include "core/template/TemplateCheck.h"

namespace Postroom::Template {
namespace {

constexpr TemplatePart kParts[] = {TemplatePart::Subject, TemplatePart::Html, TemplatePart::Text};

QString partLabel(TemplatePart part)
{
    switch (part) {
    case TemplatePart::Subject:
        return QCoreApplication::translate("Postroom::Template", "subject");
    case TemplatePart::Html:
        return QCoreApplication::translate("Postroom::Template", "HTML part");
    case TemplatePart::Text:
        break;
    }
    return QCoreApplication::translate("Postroom::Template", "text part");
}

bool isBlank(const QString& value)
{
    return std::all_of(value.cbegin(), value.cend(), [](QChar c) { return c.isSpace(); });
}

} // namespace

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        break;
    }
    return QStringLiteral("info");
}

const QStringList& TemplateCheck::standardFields()
{
    static const QStringList names = {QStringLiteral("email"), QStringLiteral("first_name"),
                                      QStringLiteral("last_name")};
    return names;
}

QList<TemplateFinding> TemplateCheck::unknownFields(const Template& tmpl, TemplatePart part,
                                                    const QStringList& knownFields)
{
    QSet<QString> known;
    for (const QString& name : standardFields() + knownFields)
        known.insert(Template::keyFor(name));
    QList<TemplateFinding> findings;
    for (const FieldUse& use : tmpl.fieldUses()) {
        if (use.isBuiltIn || known.contains(use.key))
            continue;
        known.insert(use.key); // one finding per field, at its first use
        TemplateFinding finding;
        finding.severity = Severity::Error;
        finding.code = QStringLiteral("template-unknown-field");
        finding.message = tr("Unknown field \"%1\" in the %2 at line %3, column %4.")
                              .arg(use.name, partLabel(part), QString::number(use.line),
                                   QString::number(use.column));
        finding.fix =
            tr("Correct the name, or import contacts that have a \"%1\" column.").arg(use.name);
        finding.part = part;
        finding.field = use.name;
        finding.line = use.line;
        finding.column = use.column;
        findings.append(finding);
    }
    return findings;
}

QList<TemplateFinding> TemplateCheck::unknownFields(const MessageTemplate& message,
                                                    const QStringList& knownFields)
{
    QList<TemplateFinding> findings;
    for (const TemplatePart part : kParts)
        findings += unknownFields(message.part(part), part, knownFields);
    return findings;
}

QStringList TemplateCheck::countedKeys(const MessageTemplate& message)
{
    QStringList keys;
    for (const QString& name : message.fields(false)) {
        const QString key = Template::keyFor(name);
        if (!keys.contains(key))
            keys.append(key);
    }
    return keys;
}

QList<FallbackCount> TemplateCheck::fallbackCounts(const MessageTemplate& message,
                                                   const ListFieldStats& stats)
{
    QList<FallbackCount> counts;
    QHash<QString, qsizetype> indexByKey;
    for (const TemplatePart part : kParts) {
        for (const FieldUse& use : message.part(part).fieldUses()) {
            if (use.isBuiltIn || use.isCondition)
                continue;
            auto found = indexByKey.constFind(use.key);
            if (found == indexByKey.cend()) {
                FallbackCount count;
                count.field = use.name;
                count.key = use.key;
                // A field nobody was counted for is missing everywhere.
                count.empty = stats.emptyCounts.value(use.key, stats.contacts);
                count.contacts = stats.contacts;
                found = indexByKey.insert(use.key, counts.size());
                counts.append(count);
            }
            FallbackCount& count = counts[*found];
            if (use.hasFallback && !use.fallback.isEmpty()) {
                if (!count.fallbacks.contains(use.fallback))
                    count.fallbacks.append(use.fallback);
            } else if (!use.isGuarded) {
                count.blankSomewhere = true;
            }
        }
    }
    return counts;
}

ListFieldStats TemplateCheck::statsFrom(const QList<FieldValues>& contacts, const QStringList& keys)
{
    ListFieldStats stats;
    stats.contacts = contacts.size();
    for (const QString& name : keys) {
        const QString key = Template::keyFor(name);
        stats.emptyCounts.insert(
            key, std::count_if(contacts.cbegin(), contacts.cend(),
                               [&](const FieldValues& c) { return isBlank(c.value(key)); }));
    }
    return stats;
}

QList<TemplateFinding> TemplateCheck::check(const MessageTemplate& message,
                                            const QStringList& knownFields,
                                            const ListFieldStats* stats)
{
    QList<TemplateFinding> findings = unknownFields(message, knownFields);

    for (const TemplatePart part : {TemplatePart::Html, TemplatePart::Text}) {
        if (part == TemplatePart::Text && !message.hasText)
            continue; // generated from the HTML, so it carries the HTML's link
        if (message.part(part).usesField(QStringLiteral("unsubscribe_url")))
            continue;
        TemplateFinding finding;
        finding.severity = Severity::Warning;
        finding.code = QStringLiteral("template-missing-unsubscribe");
        finding.message = tr("The %1 has no {{unsubscribe_url}} link.").arg(partLabel(part));
        finding.fix = tr("Add a visible unsubscribe link: <a href=\"{{unsubscribe_url}}\">"
                         "Unsubscribe</a>.");
        finding.part = part;
        findings.append(finding);
    }

    if (!stats)
        return findings;
    for (const FallbackCount& count : fallbackCounts(message, *stats)) {
        if (count.empty == 0)
            continue;
        TemplateFinding finding;
        finding.field = count.field;
        finding.count = count.empty;
        if (count.blankSomewhere) {
            finding.severity = Severity::Warning;
            finding.code = QStringLiteral("template-blank-field");
            finding.message = tr("%1 of %2 contacts have no \"%3\" and would see a blank.")
                                  .arg(count.empty)
                                  .arg(count.contacts)
                                  .arg(count.field);
            finding.fix = tr("Give it a fallback, {{%1|…}}, or wrap it in {{#if %1}}…{{/if}}.")
                              .arg(count.field);
            findings.append(finding);
        }
        if (!count.fallbacks.isEmpty()) {
            finding.severity = Severity::Info;
            finding.code = QStringLiteral("template-fallback-used");
            finding.message =
                tr("%1 of %2 contacts have no \"%3\" and get the fallback \"%4\".")
                    .arg(count.empty)
                    .arg(count.contacts)
                    .arg(count.field, count.fallbacks.join(QStringLiteral("\" / \"")));
            finding.fix = tr("Nothing to do if the fallback reads well.");
            findings.append(finding);
        }
    }
    return findings;
}

} // namespace Postroom::Template
