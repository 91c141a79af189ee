#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace Postroom::Cli {

/** The CONTRACT's exit codes. */
enum ExitCode : int
{
    ExitSuccess = 0,
    ExitFailure = 1, ///< the work failed
    ExitUsage = 2,   ///< unknown flag, missing argument
};

/**
 * What every command gets: its arguments, the database (opened on first use),
 * and the output helpers that keep stdout clean for --json.
 */
class CommandContext
{
public:
    CommandContext(QString databasePath, QTextStream& out, QTextStream& err);

    /** The database, created and migrated on first use. */
    Result<Storage::DatabasePtr> database();

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }

    /** Prints exactly one JSON document on stdout. */
    void printJson(const QJsonDocument& document);

    /** Prints the one-line error and returns 1 (2 for usage errors). */
    int fail(const Error& error);
    int usageError(const QString& message);

    /**
     * Parses @p args into @p parser (which should not have a help option of its own).
     * Returns an exit code when the command must stop now (help shown, or bad usage),
     * or nothing when the command should go on.
     */
    std::optional<int> parse(QCommandLineParser& parser, const QStringList& args, int minPositional,
                             int maxPositional);

private:
    QString m_databasePath;
    std::optional<Storage::DatabasePtr> m_database;
    QTextStream& m_out;
    QTextStream& m_err;
};

} // namespace Postroom::Cli
