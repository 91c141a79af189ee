#include "app/cli/Command.h"

#include "app/cli/AccountsCommand.h"
#include "app/cli/CampaignsCommand.h"
#include "app/cli/ContactsCommand.h"
#include "app/cli/ImportCommand.h"
#include "app/cli/ListsCommand.h"
#include "app/cli/SuppressCommand.h"
#include "app/cli/TemplatesCommand.h"

namespace Postroom::Cli {

const std::vector<CommandEntry>& allCommands()
{
    static const std::vector<CommandEntry> commands = {
        {QStringLiteral("lists"), QStringLiteral("create and show contact lists"), runLists},
        {QStringLiteral("import"), QStringLiteral("import contacts from a CSV file into a list"),
         runImport},
        {QStringLiteral("contacts"), QStringLiteral("export and count a list's contacts"),
         runContacts},
        {QStringLiteral("suppress"), QStringLiteral("add to and show the suppression list"),
         runSuppress},
        {QStringLiteral("templates"), QStringLiteral("store and show message templates"),
         runTemplates},
        {QStringLiteral("campaigns"), QStringLiteral("create and show campaigns"), runCampaigns},
        {QStringLiteral("accounts"), QStringLiteral("add, show and test sending accounts"),
         runAccounts},
    };
    return commands;
}

int dispatchSubcommand(
    CommandContext& context, const QString& group, const QStringList& args,
    const std::vector<std::pair<QString, std::function<int(CommandContext&, const QStringList&)>>>&
        subcommands)
{
    QStringList names;
    for (const auto& [name, run] : subcommands) {
        names.append(name);
        if (!args.isEmpty() && args.first() == name)
            return run(context, args.mid(1));
    }
    if (args.isEmpty())
        return context.usageError(QStringLiteral("'%1' needs a sub-command: %2")
                                      .arg(group, names.join(QStringLiteral(", "))));
    return context.usageError(QStringLiteral("unknown sub-command '%1 %2' (expected %3)")
                                  .arg(group, args.first(), names.join(QStringLiteral(", "))));
}

} // namespace Postroom::Cli
