#pragma once

#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

namespace Postroom::Test {

/** What one run of postroom-cli did. */
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

/**
 * Runs the real postroom-cli binary (POSTROOM_CLI_PATH, set by CMake) against one
 * database, the way acceptance checks and users do.
 */
class CliRunner
{
public:
    explicit CliRunner(QString databasePath) : m_databasePath(std::move(databasePath)) {}

    /** Extra environment for every later run (for --password-env and the like). */
    void setEnv(const QString& name, const QString& value) { m_env.insert(name, value); }

    CliRun run(const QStringList& args, const QByteArray& stdinData = {},
               int timeoutMs = 60000) const
    {
        return runRaw(QStringList{QStringLiteral("--db"), m_databasePath} + args, stdinData,
                      timeoutMs);
    }

    /** Runs without adding --db. */
    CliRun runRaw(const QStringList& args, const QByteArray& stdinData = {},
                  int timeoutMs = 60000) const
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString& key : m_env.keys())
            env.insert(key, m_env.value(key));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(POSTROOM_CLI_PATH), args);
        if (!process.waitForStarted())
            qFatal("cannot start postroom-cli");
        if (!stdinData.isEmpty())
            process.write(stdinData);
        process.closeWriteChannel();
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
        }
        return CliRun{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                      process.readAllStandardOutput(), process.readAllStandardError()};
    }

private:
    QString m_databasePath;
    QProcessEnvironment m_env;
};

} // namespace Postroom::Test
