#pragma once

#include "app/cli/CommandContext.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace Postroom::Cli {

/** A top-level CLI command such as `lists` or `import`. */
struct CommandEntry
{
    QString name;
    QString summary; ///< one line for `postroom-cli --help`
    std::function<int(CommandContext&, const QStringList&)> run;
};

/** Every command, in the order `--help` lists them. */
const std::vector<CommandEntry>& allCommands();

/**
 * Runs the sub-command named by args[0] of a command group like `lists create`.
 * Unknown or missing sub-commands are usage errors.
 */
int dispatchSubcommand(
    CommandContext& context, const QString& group, const QStringList& args,
    const std::vector<std::pair<QString, std::function<int(CommandContext&, const QStringList&)>>>&
        subcommands);

} // namespace Postroom::Cli
