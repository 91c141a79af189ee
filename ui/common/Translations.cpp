#include "ui/common/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace Postroom::Ui {

QString installTranslations(const QString& language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    const QString chosen =
        locale.language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    QLocale::setDefault(QLocale(chosen));

    // Translators are owned by the application and live as long as it does.
    auto* ours = new QTranslator(QCoreApplication::instance());
    if (ours->load(QStringLiteral(":/i18n/postroom_") + chosen))
        QCoreApplication::installTranslator(ours);
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QStringLiteral("qtbase_") + chosen,
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    return chosen;
}

} // namespace Postroom::Ui
