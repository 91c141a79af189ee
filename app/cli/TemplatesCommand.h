#pragma once

#include "app/cli/CommandContext.h"

namespace Postroom::Cli {

/** `templates add NAME --subject S --html FILE [--text FILE] ...` and `templates ls [--json]`. */
int runTemplates(CommandContext& context, const QStringList& args);

/** Reads a UTF-8 text file (a BOM is dropped); fails on other encodings and NUL bytes. */
Result<QString> readUtf8File(const QString& path);

} // namespace Postroom::Cli
