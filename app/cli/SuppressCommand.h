#pragma once

#include "app/cli/CommandContext.h"

namespace Postroom::Cli {

/** `suppress add EMAIL... [--reason R]` and `suppress ls [--json]`. */
int runSuppress(CommandContext& context, const QStringList& args);

} // namespace Postroom::Cli
