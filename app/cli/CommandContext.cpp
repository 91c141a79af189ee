#include "app/cli/CommandContext.h"

namespace Postroom::Cli {

CommandContext::CommandContext(QString databasePath, QTextStream& out, QTextStream& err)
    : m_databasePath(std::move(databasePath)), m_out(out), m_err(err)
{
}

Result<Storage::DatabasePtr> CommandContext::database()
{
    if (!m_database) {
        auto opened = Storage::Database::open(m_databasePath);
        if (!opened)
            return opened.error();
        m_database = *opened;
    }
    return *m_database;
}

void CommandContext::printJson(const QJsonDocument& document)
{
    m_out << document.toJson(QJsonDocument::Compact) << '\n';
    m_out.flush();
}

int CommandContext::fail(const Error& error)
{
    QString line = error.describe();
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    m_err << "postroom-cli: error: " << line << '\n';
    m_err.flush();
    return ExitFailure;
}

int CommandContext::usageError(const QString& message)
{
    // The CONTRACT wants one line on stderr, so the hint shares it.
    m_err << "postroom-cli: error: " << message << " (see 'postroom-cli --help')\n";
    m_err.flush();
    return ExitUsage;
}

std::optional<int> CommandContext::parse(QCommandLineParser& parser, const QStringList& args,
                                         int minPositional, int maxPositional)
{
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // QCommandLineParser skips the first element as the program name.
    if (!parser.parse(QStringList{QStringLiteral("postroom-cli")} + args))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        m_out << parser.helpText();
        m_out.flush();
        return ExitSuccess;
    }
    const qsizetype count = parser.positionalArguments().size();
    if (count < minPositional)
        return usageError(QStringLiteral("missing argument"));
    if (maxPositional >= 0 && count > maxPositional)
        return usageError(QStringLiteral("unexpected argument '%1'")
                              .arg(parser.positionalArguments().at(maxPositional)));
    return std::nullopt;
}

} // namespace Postroom::Cli
