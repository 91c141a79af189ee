#pragma once

#include "app/cli/CommandContext.h"

namespace Postroom::Cli {

/** `campaigns create|ls|send|schedule|status|check|pause|resume|cancel`. */
int runCampaigns(CommandContext& context, const QStringList& args);

} // namespace Postroom::Cli
