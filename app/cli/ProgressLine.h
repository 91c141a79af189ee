#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QTextStream>

#include <atomic>
#include <csignal>

namespace Postroom::Cli {

/**
 * A progress line on stderr, at most four times a second (the CONTRACT). On a terminal
 * it redraws one line; with --progress into a file or pipe it writes whole lines.
 */
class ProgressLine
{
public:
    ProgressLine(QTextStream& err, bool enabled, bool terminal)
        : m_err(err), m_enabled(enabled), m_terminal(terminal)
    {
        m_timer.start();
    }

    /** True when show() would print now (lets callers skip building the text). */
    bool due() const { return m_enabled && (!m_shown || m_timer.elapsed() >= 250); }

    void show(const QString& line, bool final = false)
    {
        if (!final && !due())
            return;
        if (!m_enabled)
            return;
        m_timer.restart();
        m_shown = true;
        if (m_terminal)
            m_err << "\r\x1b[K" << line;
        else
            m_err << line << '\n';
        m_err.flush();
    }

    void finish()
    {
        if (m_enabled && m_shown && m_terminal) {
            m_err << '\n';
            m_err.flush();
        }
    }

private:
    QTextStream& m_err;
    bool m_enabled;
    bool m_terminal;
    bool m_shown = false;
    QElapsedTimer m_timer;
};

/**
 * Sets a flag on SIGINT/SIGTERM for as long as it lives, then restores the previous
 * handlers. The long-running command polls flag() and stops cleanly.
 */
class StopOnSignal
{
public:
    StopOnSignal()
    {
        s_flag.store(false);
        m_previousInt = std::signal(SIGINT, &StopOnSignal::handle);
        m_previousTerm = std::signal(SIGTERM, &StopOnSignal::handle);
    }
    ~StopOnSignal()
    {
        std::signal(SIGINT, m_previousInt);
        std::signal(SIGTERM, m_previousTerm);
    }
    StopOnSignal(const StopOnSignal&) = delete;
    StopOnSignal& operator=(const StopOnSignal&) = delete;

    static const std::atomic<bool>* flag() { return &s_flag; }

private:
    static void handle(int) { s_flag.store(true); }

    static inline std::atomic<bool> s_flag{false};
    void (*m_previousInt)(int) = SIG_DFL;
    void (*m_previousTerm)(int) = SIG_DFL;
};

} // namespace Postroom::Cli
