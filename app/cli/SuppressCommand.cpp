#include "app/cli/SuppressCommand.h"

#include "app/cli/Command.h"
#include "app/cli/ShowCommand.h"
#include "core/contacts/EmailAddress.h"
#include "core/storage/SuppressionRepository.h"

#include <QDateTime>

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
    const ShowCommand<Storage::Suppression> show{
        QStringLiteral("Show the suppression list by address. Plain output is "
                       "address<TAB>source<TAB>reason a line; --json prints "
                       "[{\"email\",\"reason\",\"source\",\"created_at\"}]."),
        [](const Storage::DatabasePtr& db) { return Storage::SuppressionRepository(db).all(); },
        [](const Storage::Suppression& suppression) {
            return QJsonObject{{QStringLiteral("email"), suppression.emailKey},
                               {QStringLiteral("reason"), suppression.reason},
                               {QStringLiteral("source"), suppression.source},
                               {QStringLiteral("created_at"),
                                QDateTime::fromMSecsSinceEpoch(suppression.createdAtMs, Qt::UTC)
                                    .toString(Qt::ISODateWithMs)}};
        },
        [](const Storage::Suppression& suppression) {
            // Reasons are free text; keep one suppression per line whatever was typed.
            QString reason = suppression.reason;
            reason.replace(QLatin1Char('\n'), QLatin1Char(' '))
                .replace(QLatin1Char('\r'), QLatin1Char(' '))
                .replace(QLatin1Char('\t'), QLatin1Char(' '));
            return QStringList{suppression.emailKey, suppression.source, reason};
        }};
    return show.run(context, args);
}

} // namespace

int runSuppress(CommandContext& context, const QStringList& args)
{
    return dispatchSubcommand(
        context, QStringLiteral("suppress"), args,
        {{QStringLiteral("add"), addSuppressions}, {QStringLiteral("ls"), showSuppressions}});
}

} // namespace Postroom::Cli
