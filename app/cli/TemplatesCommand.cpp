#include "app/cli/TemplatesCommand.h"

#include "app/cli/Command.h"
#include "app/cli/RenderCommand.h"
#include "app/cli/ShowCommand.h"
#include "core/storage/TemplateRepository.h"
#include "core/template/MessageTemplate.h"
#include "core/template/TemplateCheck.h"
#include "core/template/TemplateParser.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QMimeDatabase>
#include <QStringDecoder>

namespace Postroom::Cli {
namespace {

/** Parses one part, naming it like a compiler would: `FILE:LINE:COLUMN: what`. */
Result<void> parsePart(const QString& where, const QString& source)
{
    const auto parsed = Template::TemplateParser::parse(source);
    if (const auto* error = std::get_if<Template::ParseError>(&parsed))
        return makeError(ErrorCode::InvalidInput, where + QLatin1Char(':') + error->describe());
    return {};
}

Result<Storage::TemplateAsset> readAsset(Storage::AssetKind kind, const QString& spec)
{
    Storage::TemplateAsset asset;
    asset.kind = kind;
    QString path = spec;
    if (kind == Storage::AssetKind::Inline) {
        const qsizetype equals = spec.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("--inline wants CID=FILE, got '%1'").arg(spec));
        asset.contentId = spec.left(equals);
        path = spec.mid(equals + 1);
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(path),
                         file.errorString());
    asset.data = file.readAll();
    asset.fileName = QFileInfo(path).fileName();
    asset.mimeType = QMimeDatabase().mimeTypeForFileNameAndData(path, asset.data).name();
    return asset;
}

int addTemplate(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Store a template. Files are UTF-8; the subject and bodies use the merge "
                       "language ({{field}}, {{field|fallback}}, {{#if field}}...{{/if}})."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The template's name."));
    const QCommandLineOption subject(QStringLiteral("subject"),
                                     QStringLiteral("The subject line (may use merge fields)."),
                                     QStringLiteral("S"));
    const QCommandLineOption html(QStringLiteral("html"), QStringLiteral("The HTML body file."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption text(
        QStringLiteral("text"),
        QStringLiteral("The plain-text body file (default: generated from the HTML)."),
        QStringLiteral("FILE"));
    const QCommandLineOption attach(QStringLiteral("attach"),
                                    QStringLiteral("Attach a file to every message (repeatable)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption inlineImage(
        QStringLiteral("inline"),
        QStringLiteral("An inline image the HTML shows as cid:CID (repeatable)."),
        QStringLiteral("CID=FILE"));
    const QCommandLineOption replace(
        QStringLiteral("replace"),
        QStringLiteral("Replace the template of that name if it exists (its files too)."));
    parser.addOptions({subject, html, text, attach, inlineImage, replace});
    if (auto exit = context.parse(parser, args, 1, 1))
        return *exit;
    if (!parser.isSet(subject))
        return context.usageError(QStringLiteral("'templates add' needs --subject"));
    if (!parser.isSet(html))
        return context.usageError(QStringLiteral("'templates add' needs --html FILE"));

    Storage::StoredTemplate tmpl;
    tmpl.name = parser.positionalArguments().first();
    tmpl.subject = parser.value(subject);
    auto htmlSource = readUtf8File(parser.value(html));
    if (!htmlSource)
        return context.fail(htmlSource.error());
    tmpl.html = *htmlSource;
    if (parser.isSet(text)) {
        auto textSource = readUtf8File(parser.value(text));
        if (!textSource)
            return context.fail(textSource.error());
        tmpl.text = *textSource;
    }
    const std::pair<QString, const QString*> parts[] = {
        {QStringLiteral("--subject"), &tmpl.subject},
        {parser.value(html), &tmpl.html},
        {parser.value(text), parser.isSet(text) ? &tmpl.text : nullptr}};
    for (const auto& [where, source] : parts) {
        if (!source)
            continue;
        if (auto parsed = parsePart(where, *source); !parsed)
            return context.fail(parsed.error());
    }
    for (const QString& spec : parser.values(attach)) {
        auto asset = readAsset(Storage::AssetKind::Attachment, spec);
        if (!asset)
            return context.fail(asset.error());
        tmpl.assets.append(*asset);
    }
    for (const QString& spec : parser.values(inlineImage)) {
        auto asset = readAsset(Storage::AssetKind::Inline, spec);
        if (!asset)
            return context.fail(asset.error());
        tmpl.assets.append(*asset);
    }

    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    Storage::TemplateRepository templates(*db);
    auto existing = templates.byName(tmpl.name);
    if (parser.isSet(replace) && existing.ok()) {
        // Update in place: campaigns keep pointing at the same template.
        tmpl.id = existing->id;
        if (auto updated = templates.update(tmpl); !updated)
            return context.fail(updated.error());
        for (const auto& old : existing->assets) {
            if (auto removed = templates.removeAsset(old.id); !removed)
                return context.fail(removed.error());
        }
        for (const auto& asset : tmpl.assets) {
            if (auto added = templates.addAsset(tmpl.id, asset); !added)
                return context.fail(added.error());
        }
    } else if (auto added = templates.add(tmpl); !added) {
        return context.fail(added.error());
    }

    // Worth knowing now rather than at send time; not an error (a List-Unsubscribe
    // header is sent anyway).
    const auto message = Template::MessageTemplate::parse(tmpl.subject, tmpl.html, tmpl.text);
    if (message.ok()) {
        for (const auto& finding : Template::TemplateCheck::check(*message, {}))
            if (finding.code == QLatin1String("template-missing-unsubscribe"))
                context.err() << "postroom-cli: warning: " << finding.message << '\n';
        context.err().flush();
    }
    return ExitSuccess;
}

QJsonObject templateJson(const Storage::StoredTemplate& tmpl)
{
    QJsonObject object{{QStringLiteral("name"), tmpl.name},
                       {QStringLiteral("subject"), tmpl.subject},
                       {QStringLiteral("has_text"), !tmpl.text.isEmpty()},
                       {QStringLiteral("assets"), tmpl.assetCount},
                       {QStringLiteral("asset_bytes"), tmpl.assetBytes},
                       {QStringLiteral("updated_at"), tmpl.updatedAtMs}};
    // A template saved as a draft by the app may not parse; say so instead of failing.
    const auto message = Template::MessageTemplate::parse(tmpl.subject, tmpl.html, tmpl.text);
    object.insert(QStringLiteral("fields"),
                  QJsonArray::fromStringList(message ? message->fields(true) : QStringList()));
    if (!message)
        object.insert(QStringLiteral("error"), message.error().message);
    return object;
}

int showTemplates(CommandContext& context, const QStringList& args)
{
    return ShowCommand<Storage::StoredTemplate>{
        QStringLiteral("Show the templates."),
        [](const Storage::DatabasePtr& db) { return Storage::TemplateRepository(db).all(); },
        templateJson,
        [](const Storage::StoredTemplate& tmpl) {
            return QStringList{tmpl.name, tmpl.subject};
        }}
        .run(context, args);
}

} // namespace

Result<QString> readUtf8File(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1").arg(path),
                         file.errorString());
    const QByteArray bytes = file.readAll();
    QStringDecoder decoder(QStringConverter::Utf8); // drops a leading BOM
    QString text = decoder(bytes);
    if (decoder.hasError())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("%1 is not UTF-8 text; convert it first (e.g. iconv -f "
                                        "GB18030 -t UTF-8)")
                             .arg(path));
    if (text.contains(QChar(0)))
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("%1 contains NUL bytes; it is not a text file").arg(path));
    return text;
}

int runTemplates(CommandContext& context, const QStringList& args)
{
    // One row per sub-command; add new ones here.
    return dispatchSubcommand(context, QStringLiteral("templates"), args,
                              {
                                  {QStringLiteral("add"), addTemplate},
                                  {QStringLiteral("ls"), showTemplates},
                                  {QStringLiteral("render"), runTemplatesRender},
                              });
}

} // namespace Postroom::Cli
