#include "ui/templates/TemplateAnalysis.h"

#include "core/mime/HtmlToText.h"
#include "core/mime/MessageComposer.h"
#include "core/mime/MessageRef.h"
#include "core/storage/ContactRepository.h"
#include "core/template/HtmlChecks.h"
#include "core/template/MessageTemplate.h"
#include "core/template/TemplateParser.h"
#include "core/template/TemplateRenderer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace Postroom::Ui {
namespace {

const Mime::MailAddress kPreviewFrom{QStringLiteral("Postroom"),
                                     QStringLiteral("preview@postroom.invalid")};

using Template::TemplatePart;

TemplateProblem::Source sourceOf(TemplatePart part)
{
    switch (part) {
    case TemplatePart::Subject:
        return TemplateProblem::Source::Subject;
    case TemplatePart::Html:
        return TemplateProblem::Source::Html;
    case TemplatePart::Text:
        break;
    }
    return TemplateProblem::Source::Text;
}

TemplateProblem::Severity severityOf(Template::Severity severity)
{
    switch (severity) {
    case Template::Severity::Error:
        return TemplateProblem::Severity::Error;
    case Template::Severity::Warning:
        return TemplateProblem::Severity::Warning;
    case Template::Severity::Info:
        break;
    }
    return TemplateProblem::Severity::Info;
}

// Parses one part; a syntax error becomes a problem at its place.
std::optional<Template::Template> parsePart(const QString& source, TemplatePart part,
                                            TemplateProblems& problems)
{
    auto parsed = Template::TemplateParser::parse(source);
    if (const auto* error = std::get_if<Template::ParseError>(&parsed)) {
        problems.append({TemplateProblem::Severity::Error, sourceOf(part), error->message,
                         error->line, error->column});
        return std::nullopt;
    }
    return std::get<Template::Template>(std::move(parsed));
}

Template::FieldValues contactValues(const Storage::Contact& contact)
{
    QHash<QString, QString> custom;
    const QJsonObject fields = QJsonDocument::fromJson(contact.fieldsJson.toUtf8()).object();
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
        custom.insert(it.key(), it.value().toString());
    return Template::FieldValues::forContact(contact.email, contact.firstName, contact.lastName,
                                             custom);
}

TemplateProblem messageProblem(TemplateProblem::Severity severity, const QString& message)
{
    TemplateProblem problem;
    problem.severity = severity;
    problem.source = TemplateProblem::Source::Message;
    problem.message = message;
    return problem;
}

} // namespace

AnalysisResult TemplateAnalysis::run(const AnalysisInput& input)
{
    AnalysisResult result;
    result.generation = input.generation;
    result.generatedText = Mime::HtmlToText::convert(input.html);

    // Syntax first: every part is parsed, so each part's first error is listed.
    TemplateProblems& problems = result.problems;
    auto subject = parsePart(input.subject, TemplatePart::Subject, problems);
    auto html = parsePart(input.html, TemplatePart::Html, problems);
    std::optional<Template::Template> text;
    if (input.customText)
        text = parsePart(input.text, TemplatePart::Text, problems);

    // Structure of the HTML: these need no contact and no valid merge tags.
    const Template::HtmlReport report = Template::HtmlChecks::inspect(input.html);
    for (const Template::ImageWithoutAlt& image : report.imagesWithoutAlt) {
        problems.append({TemplateProblem::Severity::Warning, TemplateProblem::Source::Html,
                         image.src.isEmpty()
                             ? tr("An image has no alt text.")
                             : tr("The image \"%1\" has no alt text: readers with images off "
                                  "or with a screen reader see nothing.")
                                   .arg(image.src),
                         image.line, image.column});
    }
    if (report.imagesOnly()) {
        problems.append({TemplateProblem::Severity::Warning, TemplateProblem::Source::Message,
                         tr("The message has no text besides images: spam filters distrust "
                            "it, and with images blocked it looks empty."),
                         0, 0});
    }

    if (!subject || !html || (input.customText && !text))
        return result;

    Template::MessageTemplate message;
    message.subject = *subject;
    message.html = *html;
    message.hasText = input.customText;
    if (text)
        message.text = *text;

    // Without the list's facts yet, a custom field would look unknown: wait for them.
    const bool waitingForList = input.listId > 0 && !input.listFacts;
    const QStringList knownFields = input.listFacts ? input.listFacts->fields : QStringList();
    const QList<Template::TemplateFinding> findings = Template::TemplateCheck::check(
        message, knownFields, input.listFacts ? &input.listFacts->stats : nullptr);
    for (const Template::TemplateFinding& finding : findings) {
        if (waitingForList && finding.code == QLatin1String("template-unknown-field"))
            continue;
        problems.append(
            {severityOf(finding.severity),
             finding.line > 0 ? sourceOf(finding.part) : TemplateProblem::Source::Message,
             finding.message, finding.line, finding.column});
    }
    if (waitingForList) {
        problems.append(messageProblem(TemplateProblem::Severity::Info,
                                       tr("Reading the list's contacts for the field checks…")));
    }

    // The preview: the chosen contact, or a sample one when there is none.
    const Template::FieldValues values = valuesFor(input.db, input.contactId);

    using Template::RenderMode;
    using Template::TemplateRenderer;
    result.subject = TemplateRenderer::render(message.subject, values, RenderMode::Header);
    result.html = TemplateRenderer::render(message.html, values, RenderMode::Html);
    result.text = input.customText
                      ? TemplateRenderer::render(message.text, values, RenderMode::Text)
                      : Mime::HtmlToText::convert(result.html);
    result.rendered = true;

    // Measured on the message the composer that sends would build for this contact.
    auto composed = compose(message, values, input.assets, kPreviewFrom,
                            {QString(), values.value(QStringLiteral("email"))});
    if (!composed) // an address that cannot be sent to still has a size worth knowing
        composed = compose(message, values, input.assets, kPreviewFrom, kPreviewFrom);
    result.messageBytes = composed ? composed->data.size() : -1;
    if (result.messageBytes > kGmailClipBytes) {
        problems.append({TemplateProblem::Severity::Warning, TemplateProblem::Source::Message,
                         tr("The message is %1, over 102 KB: Gmail clips it and hides the rest, "
                            "unsubscribe link included, behind a link.")
                             .arg(QLocale().formattedDataSize(result.messageBytes)),
                         0, 0});
    }
    return result;
}

Template::FieldValues TemplateAnalysis::valuesFor(const Storage::DatabasePtr& db, qint64 contactId)
{
    Template::FieldValues values;
    if (contactId > 0) {
        auto contact = Storage::ContactRepository(db).byId(contactId);
        if (contact)
            values = contactValues(*contact);
    }
    if (values.keys().isEmpty()) {
        values = Template::FieldValues::forContact(QStringLiteral("jane.doe@example.com"),
                                                   tr("Jane", "sample contact first name"),
                                                   tr("Doe", "sample contact last name"));
    }
    values.setUnsubscribeUrl(QStringLiteral("https://unsubscribe.example/u/preview"));
    values.setCampaignName(tr("Preview"));
    values.setMessageId(QStringLiteral("preview@postroom.invalid"));
    return values;
}

Result<Mime::ComposedMessage> TemplateAnalysis::compose(const Template::MessageTemplate& message,
                                                        const Template::FieldValues& values,
                                                        const QList<Storage::TemplateAsset>& assets,
                                                        const Mime::MailAddress& from,
                                                        const Mime::MailAddress& to,
                                                        const QByteArray& ref)
{
    Mime::ComposerSettings settings;
    settings.from = from;
    for (const Storage::TemplateAsset& asset : assets) {
        settings.assets.append({asset.kind == Storage::AssetKind::Inline, asset.fileName,
                                asset.mimeType, asset.contentId, asset.data});
    }
    auto composer = Mime::MessageComposer::create(settings);
    if (!composer)
        return composer.error();
    using Template::RenderMode;
    using Template::TemplateRenderer;
    Mime::MessageContent content;
    content.to = to;
    content.subject = TemplateRenderer::render(message.subject, values, RenderMode::Header);
    content.html = TemplateRenderer::renderUtf8(message.html, values, RenderMode::Html);
    content.generateText = !message.hasText;
    if (message.hasText)
        content.text = TemplateRenderer::renderUtf8(message.text, values, RenderMode::Text);
    content.ref = ref.isEmpty() ? Mime::MessageRef::generate() : ref;
    content.unsubscribeUrl = values.unsubscribeUrl().toUtf8();
    return composer->compose(content);
}

Result<ListFacts> TemplateAnalysis::readListFacts(const Storage::DatabasePtr& db, qint64 listId)
{
    // Interim, until ContactRepository answers this in SQL (requested): one streaming pass.
    ListFacts facts;
    facts.listId = listId;
    QSet<QString> seen;
    QHash<QString, qint64> filled;
    auto visited =
        Storage::ContactRepository(db).forEachInList(listId, [&](const Storage::Contact& contact) {
            const Template::FieldValues values = contactValues(contact);
            const bool sendable =
                contact.status == Storage::ContactStatus::Subscribed && !contact.suppressed;
            if (sendable)
                ++facts.stats.contacts;
            for (const QString& key : values.keys()) {
                if (!seen.contains(key)) {
                    seen.insert(key);
                    if (!Template::TemplateCheck::standardFields().contains(key))
                        facts.fields.append(key);
                }
                if (sendable && !values.value(key).trimmed().isEmpty())
                    ++filled[key];
            }
            return true;
        });
    if (!visited)
        return visited.error();
    for (const QString& key : std::as_const(seen))
        facts.stats.emptyCounts.insert(key, facts.stats.contacts - filled.value(key));
    return facts;
}

} // namespace Postroom::Ui
