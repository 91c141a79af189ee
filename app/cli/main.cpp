// postroom-cli: the headless face of Postroom. Wiring only: global options, then
// the named command from app/cli/Command.cpp.
#include "app/cli/Command.h"
#include "core/storage/DatabaseLocation.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

using namespace Postroom::Cli;

namespace {

QString usageText()
{
    QString text = QStringLiteral(
        "Usage: postroom-cli [--db PATH] COMMAND [ARGS]\n"
        "\n"
        "Postroom's command line: everything the app does with data.\n"
        "\n"
        "Global options:\n"
        "  --db PATH    the database file (default: $POSTROOM_DB, else postroom.sqlite\n"
        "               in the application data folder)\n"
        "  --help       show this help; COMMAND --help shows a command's own\n"
        "  --version    show the version\n"
        "\n"
        "Commands:\n");
    for (const CommandEntry& command : allCommands())
        text += QStringLiteral("  %1%2\n").arg(command.name.leftJustified(13), command.summary);
    return text;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Postroom"));
    QCoreApplication::setApplicationName(QStringLiteral("Postroom"));
    QCoreApplication::setApplicationVersion(QStringLiteral(POSTROOM_VERSION));

    // Informational logs would drown scripted use; warnings still show, and
    // QT_LOGGING_RULES (applied after these rules) turns them back on.
    QLoggingCategory::setFilterRules(QStringLiteral("postroom.*.info=false"));

    QTextStream out(stdout);
    QTextStream err(stderr);

    // Global options come before the command; --db is also taken after it so that
    // `postroom-cli lists ls --db x.sqlite` does what it says.
    QStringList args = QCoreApplication::arguments().mid(1);
    QString databasePath;
    for (qsizetype i = 0; i < args.size();) {
        const QString& arg = args.at(i);
        if (arg == QLatin1String("--")) {
            break;
        } else if (arg == QLatin1String("--db")) {
            if (i + 1 >= args.size()) {
                err << "postroom-cli: error: --db needs a path\n";
                return ExitUsage;
            }
            databasePath = args.at(i + 1);
            args.remove(i, 2);
        } else if (arg.startsWith(QLatin1String("--db="))) {
            databasePath = arg.mid(5);
            args.remove(i);
        } else {
            ++i;
        }
    }

    if (args.isEmpty()) {
        err << usageText();
        return ExitUsage;
    }
    const QString first = args.first();
    if (first == QLatin1String("--help") || first == QLatin1String("-h") ||
        first == QLatin1String("help")) {
        out << usageText();
        return ExitSuccess;
    }
    if (first == QLatin1String("--version")) {
        out << "postroom-cli " << QCoreApplication::applicationVersion() << '\n';
        return ExitSuccess;
    }

    CommandContext context(Postroom::Storage::resolveDatabasePath(databasePath), out, err);
    for (const CommandEntry& command : allCommands()) {
        if (command.name == first)
            return command.run(context, args.mid(1));
    }
    return context.usageError(first.startsWith(QLatin1Char('-'))
                                  ? QStringLiteral("unknown option '%1'").arg(first)
                                  : QStringLiteral("unknown command '%1'").arg(first));
}
