#pragma once

#include "app/cli/CommandContext.h"

namespace Postroom::Cli {

/** `campaigns create|ls|send|status|pause|resume|cancel`. */
int runCampaigns(CommandContext& context, const QStringList& args);

} // namespace Postroom::Cli
