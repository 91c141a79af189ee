#pragma once

#include "app/cli/CommandContext.h"

namespace Postroom::Cli {

/** `accounts add|ls|test|rm`: sending accounts, their secrets and the connection test. */
int runAccounts(CommandContext& context, const QStringList& args);

} // namespace Postroom::Cli
