#include "app/cli/ListsCommand.h"

#include "app/cli/Command.h"
#include "core/storage/ListRepository.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Postroom::Cli {
namespace {

int createList(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Create a contact list."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The list's name."));
    if (auto exit = context.parse(parser, args, 1, 1))
        return *exit;
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    const auto created = Storage::ListRepository(*db).create(parser.positionalArguments().first());
    if (!created)
        return context.fail(created.error());
    return ExitSuccess;
}

int showLists(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show the contact lists."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOption(json);
    if (auto exit = context.parse(parser, args, 0, 0))
        return *exit;
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    const auto lists = Storage::ListRepository(*db).all();
    if (!lists)
        return context.fail(lists.error());
    if (parser.isSet(json)) {
        QJsonArray array;
        for (const auto& list : *lists)
            array.append(QJsonObject{{QStringLiteral("name"), list.name},
                                     {QStringLiteral("contacts"), list.contacts}});
        context.printJson(QJsonDocument(array));
    } else {
        for (const auto& list : *lists)
            context.out() << list.name << '\t' << list.contacts << '\n';
    }
    return ExitSuccess;
}

} // namespace

int runLists(CommandContext& context, const QStringList& args)
{
    return dispatchSubcommand(
        context, QStringLiteral("lists"), args,
        {{QStringLiteral("create"), createList}, {QStringLiteral("ls"), showLists}});
}

} // namespace Postroom::Cli
