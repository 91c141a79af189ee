#pragma once

#include "app/cli/CommandContext.h"

namespace Postroom::Cli {

/** `import FILE --list NAME [--map …] [--encoding …] [--delimiter …] [--dry-run] [--json]`. */
int runImport(CommandContext& context, const QStringList& args);

} // namespace Postroom::Cli
