#include "app/cli/ImportCommand.h"

#include "app/cli/ProgressLine.h"

#include "core/contacts/ContactImporter.h"
#include "core/contacts/CsvReader.h"
#include "core/storage/ListRepository.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>

#include <algorithm>
#include <unistd.h>

namespace Postroom::Cli {
namespace {

using Contacts::ContactImporter;
using Contacts::ImportOptions;
using Contacts::ImportProgress;
using Contacts::ImportSummary;

/** The progress line's text for one update of the importer. */
QString progressText(const ImportProgress& progress)
{
    QString line = QStringLiteral("importing: %L1 rows").arg(progress.rows);
    if (progress.bytesTotal > 0)
        line += QStringLiteral(" (%1%)").arg(
            std::clamp<qint64>(progress.bytesDone * 100 / progress.bytesTotal, 0, 100));
    return line;
}

/** `--delimiter auto|,|;|tab||`: a null QChar for auto, nullopt for anything else. */
std::optional<QChar> parseDelimiter(const QString& value)
{
    if (value.isEmpty() || value == QLatin1String("auto"))
        return QChar();
    if (value == QLatin1String("tab") || value == QLatin1String("\\t") ||
        value == QLatin1String("\t"))
        return QLatin1Char('\t');
    if (value == QLatin1String(",") || value == QLatin1String(";") || value == QLatin1String("|"))
        return value.at(0);
    if (value == QLatin1String("comma"))
        return QLatin1Char(',');
    if (value == QLatin1String("semicolon"))
        return QLatin1Char(';');
    if (value == QLatin1String("pipe"))
        return QLatin1Char('|');
    return std::nullopt;
}

QString delimiterName(QChar delimiter)
{
    if (delimiter == QLatin1Char('\t'))
        return QStringLiteral("tab");
    return QString(delimiter);
}

void printSummary(QTextStream& out, const QString& listName, const ImportSummary& summary,
                  bool dryRun)
{
    out << (dryRun ? "Dry run, nothing written. " : "") << "Read " << summary.rows << " rows ("
        << summary.encoding << ", delimiter " << delimiterName(summary.delimiter) << ") into list '"
        << listName << "':\n"
        << "  imported   " << summary.imported << '\n'
        << "  updated    " << summary.updated << '\n'
        << "  duplicates " << summary.duplicates << '\n'
        << "  invalid    " << summary.invalid << '\n'
        << "  suppressed " << summary.suppressed << '\n';
    for (const auto& error : summary.errors)
        out << "  line " << error.line << ": " << error.reason << '\n';
    if (summary.invalid > summary.errors.size())
        out << "  … and " << summary.invalid - summary.errors.size()
            << " more invalid rows (use --rejected FILE to keep them all)\n";
    out.flush();
}

} // namespace

int runImport(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Import contacts from a CSV file into a list.\n"
        "\n"
        "The encoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030) and the\n"
        "delimiter (comma, semicolon, tab, pipe) are detected; columns are matched by\n"
        "their headers, and unmatched columns become custom fields. A list that does\n"
        "not exist yet is created (except with --dry-run). Bad rows are counted as\n"
        "invalid with their line numbers and never stop the import. Ctrl-C stops it;\n"
        "batches already committed stay."));
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The CSV file, or - for standard input."));
    const QCommandLineOption list(QStringLiteral("list"),
                                  QStringLiteral("The list to import into (created if missing)."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption map(
        QStringLiteral("map"),
        QStringLiteral("Override the column matching: FIELD=COLUMN[,FIELD=COLUMN...]. FIELD is "
                       "email, first_name, last_name, name, status, unsubscribed, cleaned, "
                       "ignore or a custom field name; COLUMN is a header or a 1-based column "
                       "number."),
        QStringLiteral("MAPPING"));
    const QCommandLineOption encoding(
        QStringLiteral("encoding"),
        QStringLiteral("auto (default) or an encoding name such as windows-1252, GBK, "
                       "Shift_JIS."),
        QStringLiteral("NAME"), QStringLiteral("auto"));
    const QCommandLineOption delimiter(QStringLiteral("delimiter"),
                                       QStringLiteral("auto (default), ',', ';', tab or '|'."),
                                       QStringLiteral("D"), QStringLiteral("auto"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"),
                                    QStringLiteral("Count what would happen; write nothing."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the result as "
                                                                         "JSON."));
    const QCommandLineOption progress(
        QStringLiteral("progress"),
        QStringLiteral("Show progress on stderr even when it is not a terminal."));
    const QCommandLineOption rejected(
        QStringLiteral("rejected"),
        QStringLiteral("Write every rejected row (line, reason, fields) to this CSV file."),
        QStringLiteral("FILE"));
    parser.addOptions({list, map, encoding, delimiter, dryRun, json, progress, rejected});
    if (auto exit = context.parse(parser, args, 1, 1))
        return *exit;

    ImportOptions options;
    options.listName = parser.value(list).trimmed();
    if (options.listName.isEmpty())
        return context.usageError(QStringLiteral("import needs --list NAME"));
    options.dryRun = parser.isSet(dryRun);

    const auto parsedDelimiter = parseDelimiter(parser.value(delimiter));
    if (!parsedDelimiter)
        return context.usageError(
            QStringLiteral("--delimiter must be auto, ',', ';', tab or '|', not '%1'")
                .arg(parser.value(delimiter)));
    options.delimiter = *parsedDelimiter;

    const QString encodingName = parser.value(encoding).trimmed();
    if (!encodingName.isEmpty() &&
        encodingName.compare(QLatin1String("auto"), Qt::CaseInsensitive)) {
        if (Contacts::CsvReader::canonicalEncodingName(encodingName).isEmpty())
            return context.usageError(QStringLiteral("unknown encoding '%1'").arg(encodingName));
        options.encoding = encodingName;
    }

    if (parser.isSet(map)) {
        auto overrides = Contacts::ColumnMapping::parseOverrides(parser.value(map));
        if (!overrides)
            return context.usageError(
                QStringLiteral("--map: %1").arg(overrides.error().describe()));
        options.overrides = *overrides;
    }

    const QString path = parser.positionalArguments().first();
    QFile file;
    if (path == QLatin1String("-")) {
        // A pipe: `iconv … | postroom-cli import - --list L`. The reader streams it.
        if (!file.open(stdin, QIODevice::ReadOnly))
            return context.fail(makeError(ErrorCode::Io, QStringLiteral("cannot read stdin")));
    } else {
        file.setFileName(path);
        if (QFileInfo(path).isDir())
            return context.fail(makeError(
                ErrorCode::Io, QStringLiteral("cannot read '%1': it is a folder").arg(path)));
        if (!file.open(QIODevice::ReadOnly))
            return context.fail(
                makeError(ErrorCode::Io,
                          QStringLiteral("cannot read '%1': %2").arg(path, file.errorString())));
    }

    QFile rejectedFile;
    if (parser.isSet(rejected)) {
        rejectedFile.setFileName(parser.value(rejected));
        if (!rejectedFile.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return context.fail(makeError(
                ErrorCode::Io, QStringLiteral("cannot write '%1': %2")
                                   .arg(rejectedFile.fileName(), rejectedFile.errorString())));
        options.rejectedOut = &rejectedFile;
    }

    auto db = context.database();
    if (!db)
        return context.fail(db.error());

    // The CONTRACT names the list; a user importing into a new list expects it to appear,
    // so a missing one is created. A dry run writes nothing, not even the list.
    Storage::ListRepository lists(*db);
    auto existing = lists.byName(options.listName);
    if (!existing && existing.error().code != ErrorCode::NotFound)
        return context.fail(existing.error());
    const bool listIsNew = !existing;
    qint64 createdListId = 0;
    if (listIsNew && !options.dryRun) {
        const auto created = lists.create(options.listName);
        if (!created)
            return context.fail(created.error());
        options.listName = created->name;
        createdListId = created->id;
    }

    const bool stderrIsTerminal = ::isatty(STDERR_FILENO) == 1;
    ProgressLine progressLine(context.err(), stderrIsTerminal || parser.isSet(progress),
                              stderrIsTerminal);
    ContactImporter importer(*db);
    importer.setProgressCallback([&progressLine](const ImportProgress& update) {
        if (progressLine.due())
            progressLine.show(progressText(update));
    });
    // SIGINT/SIGTERM cancel between rows; committed batches stay.
    StopOnSignal stopOnSignal;
    importer.setCancelFlag(StopOnSignal::flag());

    const auto summary = importer.run(&file, options);
    progressLine.finish();
    if (!summary) {
        // A file that could not be imported at all leaves no empty list behind.
        if (createdListId != 0)
            (void)lists.remove(createdListId);
        return context.fail(summary.error());
    }

    if (parser.isSet(json)) {
        QJsonObject result = summary->toJson();
        if (summary->cancelled)
            result.insert(QStringLiteral("cancelled"), true);
        context.printJson(QJsonDocument(result));
    } else {
        if (listIsNew && !options.dryRun)
            context.err() << "postroom-cli: created list '" << options.listName << "'\n";
        printSummary(context.out(), options.listName, *summary, options.dryRun);
    }
    if (summary->cancelled)
        return context.fail(
            makeError(ErrorCode::Cancelled,
                      QStringLiteral(
                          "import cancelled; the %1 rows committed before it stopped stay imported")
                          .arg(summary->rows)));
    return ExitSuccess;
}

} // namespace Postroom::Cli
