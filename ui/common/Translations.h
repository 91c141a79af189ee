#pragma once

#include <QString>

namespace Postroom::Ui {

/**
 * Installs Postroom's and Qt's own translators for @p language ("en", "zh_CN", or
 * empty for the system locale) on the running application. Call before building windows.
 * Returns the language actually used.
 */
QString installTranslations(const QString& language);

} // namespace Postroom::Ui
