#pragma once

#include "app/cli/CommandContext.h"

namespace Postroom::Cli {

/** `contacts export --list NAME [--format csv|json]` and `contacts count --list NAME`. */
int runContacts(CommandContext& context, const QStringList& args);

} // namespace Postroom::Cli
