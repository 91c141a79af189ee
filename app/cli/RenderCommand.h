#pragma once

#include "app/cli/CommandContext.h"

#include <QStringList>

namespace Postroom::Cli {

/** `templates render NAME --email ADDR [--campaign C]`: the exact message bytes on stdout. */
int runTemplatesRender(CommandContext& context, const QStringList& args);

} // namespace Postroom::Cli
