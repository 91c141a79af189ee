#pragma once

#include "app/cli/CommandContext.h"

namespace Postroom::Cli {

/** `campaigns create NAME --list L --template T --from ... --accounts ...` and `campaigns ls`. */
int runCampaigns(CommandContext& context, const QStringList& args);

} // namespace Postroom::Cli
