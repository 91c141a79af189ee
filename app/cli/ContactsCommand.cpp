#include "app/cli/ContactsCommand.h"

#include "app/cli/Command.h"
#include "core/contacts/ContactExporter.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"

#include <QFile>

#include <cstdio>
#include <variant>

namespace Postroom::Cli {
namespace {

QCommandLineOption listOption()
{
    return QCommandLineOption(QStringLiteral("list"), QStringLiteral("The list."),
                              QStringLiteral("NAME"));
}

/** The id of the list named by --list; an exit code when there is none. */
std::variant<qint64, int> resolveList(CommandContext& context, const QCommandLineParser& parser,
                                      const QString& command)
{
    const QString name = parser.value(QStringLiteral("list"));
    if (name.isEmpty())
        return context.usageError(QStringLiteral("%1 needs --list NAME").arg(command));
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    const auto list = Storage::ListRepository(*db).byName(name);
    if (!list)
        return context.fail(list.error());
    return list->id;
}

int exportContacts(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write a list's contacts to stdout: email, first_name, last_name, status, then each "
        "custom field. CSV is UTF-8; a cell starting with = + - @, tab or CR gets a leading "
        "' so spreadsheets do not run it as a formula."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("csv (default) or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("csv"));
    parser.addOptions({listOption(), format});
    if (auto exit = context.parse(parser, args, 0, 0))
        return *exit;
    Contacts::ExportFormat exportFormat = Contacts::ExportFormat::Csv;
    if (parser.value(format) == QLatin1String("json"))
        exportFormat = Contacts::ExportFormat::Json;
    else if (parser.value(format) != QLatin1String("csv"))
        return context.usageError(
            QStringLiteral("--format must be csv or json, not '%1'").arg(parser.value(format)));
    const auto listId = resolveList(context, parser, QStringLiteral("contacts export"));
    if (const int* exit = std::get_if<int>(&listId))
        return *exit;

    // The exporter streams straight to stdout; anything queued in the text stream first.
    context.out().flush();
    QFile stdoutFile;
    if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
        return context.fail(makeError(ErrorCode::Io, QStringLiteral("cannot write to stdout")));
    const auto written = Contacts::ContactExporter(*context.database())
                             .exportList(std::get<qint64>(listId), exportFormat, &stdoutFile);
    stdoutFile.flush();
    if (!written)
        return context.fail(written.error());
    return ExitSuccess;
}

int countContacts(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Print how many contacts of a list would receive a campaign: subscribed "
                       "and not on the suppression list."));
    parser.addOption(listOption());
    if (auto exit = context.parse(parser, args, 0, 0))
        return *exit;
    const auto listId = resolveList(context, parser, QStringLiteral("contacts count"));
    if (const int* exit = std::get_if<int>(&listId))
        return *exit;
    const auto count =
        Storage::ContactRepository(*context.database()).countDeliverable(std::get<qint64>(listId));
    if (!count)
        return context.fail(count.error());
    context.out() << *count << '\n';
    context.out().flush();
    return ExitSuccess;
}

} // namespace

int runContacts(CommandContext& context, const QStringList& args)
{
    return dispatchSubcommand(
        context, QStringLiteral("contacts"), args,
        {{QStringLiteral("export"), exportContacts}, {QStringLiteral("count"), countContacts}});
}

} // namespace Postroom::Cli
