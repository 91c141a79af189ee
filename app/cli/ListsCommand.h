#pragma once

#include "app/cli/CommandContext.h"

namespace Postroom::Cli {

/** `lists create NAME` and `lists ls [--json]`. */
int runLists(CommandContext& context, const QStringList& args);

} // namespace Postroom::Cli
