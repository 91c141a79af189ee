#include "app/cli/SuppressCommand.h"

#include "app/cli/Command.h"
#include "core/contacts/EmailAddress.h"
#include "core/storage/SuppressionRepository.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace Postroom::Cli {
namespace {

int addSuppressions(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Put addresses on the global suppression list: no campaign sends to them and no "
        "import subscribes them again. Addresses are matched case-insensitively; one that is "
        "already suppressed is left as it is. Nothing is added when any address is invalid."));
    parser.addPositionalArgument(QStringLiteral("EMAIL..."),
                                 QStringLiteral("One or more addresses."));
    const QCommandLineOption reason(QStringLiteral("reason"),
                                    QStringLiteral("Why (free text, kept with the address)."),
                                    QStringLiteral("R"));
    parser.addOption(reason);
    if (auto exit = context.parse(parser, args, 1, -1))
        return *exit;

    // Check every address before writing any, so a typo does not leave half the batch in.
    QStringList keys;
    for (const QString& input : parser.positionalArguments()) {
        const auto address = Contacts::EmailAddress::parse(input);
        if (!address)
            return context.fail(
                makeError(ErrorCode::InvalidInput, QStringLiteral("'%1' is not a valid address: %2")
                                                       .arg(input, address.error().message)));
        keys.append(address->key());
    }
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    Storage::SuppressionRepository suppressions(*db);
    for (const QString& key : std::as_const(keys)) {
        const auto added = suppressions.add(key, parser.value(reason), QStringLiteral("manual"));
        if (!added)
            return context.fail(added.error());
    }
    return ExitSuccess;
}

int showSuppressions(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show the suppression list by address. Plain output is "
                       "address<TAB>source<TAB>reason a line; --json prints "
                       "[{\"email\",\"reason\",\"source\",\"created_at\"}]."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    parser.addOption(json);
    if (auto exit = context.parse(parser, args, 0, 0))
        return *exit;
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    const auto all = Storage::SuppressionRepository(*db).all();
    if (!all)
        return context.fail(all.error());
    if (parser.isSet(json)) {
        QJsonArray array;
        for (const auto& suppression : *all)
            array.append(
                QJsonObject{{QStringLiteral("email"), suppression.emailKey},
                            {QStringLiteral("reason"), suppression.reason},
                            {QStringLiteral("source"), suppression.source},
                            {QStringLiteral("created_at"),
                             QDateTime::fromMSecsSinceEpoch(suppression.createdAtMs, Qt::UTC)
                                 .toString(Qt::ISODateWithMs)}});
        context.printJson(QJsonDocument(array));
    } else {
        for (const auto& suppression : *all) {
            // Reasons are free text; keep one suppression per line whatever was typed.
            QString reasonText = suppression.reason;
            reasonText.replace(QLatin1Char('\n'), QLatin1Char(' '))
                .replace(QLatin1Char('\r'), QLatin1Char(' '))
                .replace(QLatin1Char('\t'), QLatin1Char(' '));
            context.out() << suppression.emailKey << '\t' << suppression.source << '\t'
                          << reasonText << '\n';
        }
        context.out().flush();
    }
    return ExitSuccess;
}

} // namespace

int runSuppress(CommandContext& context, const QStringList& args)
{
    return dispatchSubcommand(
        context, QStringLiteral("suppress"), args,
        {{QStringLiteral("add"), addSuppressions}, {QStringLiteral("ls"), showSuppressions}});
}

} // namespace Postroom::Cli
