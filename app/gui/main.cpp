// postroom: the desktop app. Wiring only: settings, translations, database, window.
#include "core/storage/Database.h"
#include "core/storage/DatabaseLocation.h"
#include "ui/common/Translations.h"
#include "ui/common/UiSettings.h"
#include "ui/main/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Postroom"));
    QApplication::setApplicationName(QStringLiteral("Postroom"));
    QApplication::setApplicationVersion(QStringLiteral(POSTROOM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.postroom.Postroom"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/postroom.svg")));

    Postroom::Ui::installTranslations(Postroom::Ui::UiSettings().language());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Postroom e-mail campaigns"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"),
                                      QApplication::translate("main", "The database file to open."),
                                      QStringLiteral("PATH"));
    parser.addOption(dbOption);
    parser.process(app);

    const QString path = Postroom::Storage::resolveDatabasePath(parser.value(dbOption));
    auto db = Postroom::Storage::Database::open(path);
    if (!db) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Postroom"),
                              db.error().describe());
        return 1;
    }

    Postroom::Ui::MainWindow window(*db);
    window.show();
    return QApplication::exec();
}
