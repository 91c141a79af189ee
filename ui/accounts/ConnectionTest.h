#pragma once

#include "core/send/Account.h"
#include "core/send/Transport.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace Postroom::Ui {

/** What the Accounts page knows about an account's last connection test. */
struct TestState
{
    enum class Phase
    {
        Untested,
        Running,
        Passed,
        Failed,
    };
    Phase phase = Phase::Untested;
    Send::ConnectionReport report;
    qint64 finishedAtMs = 0;
};

/**
 * Runs Transport::test() for an account (blocking: for the thread pool) and words the
 * outcome for the Accounts page: the server's greeting and capabilities, or exactly
 * what failed and the server's reply.
 */
class ConnectionTest
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionTest)

public:
    /** Seconds to wait for the connection and each reply, as `accounts test` does. */
    static constexpr int kTimeoutSeconds = 30;

    /**
     * Tests @p account. Its password comes from @p secret when given (settings not saved
     * yet), else from the secret store of the database at @p databasePath.
     */
    static Send::ConnectionReport run(const Send::Account& account, const QString& databasePath,
                                      const std::optional<QByteArray>& secret = std::nullopt,
                                      int timeoutSeconds = kTimeoutSeconds);

    /** A one-word name of what failed: DNS, refused, timeout, TLS, certificate, sign-in, … */
    static QString failureLabel(Send::DeliveryOutcome outcome);

    /** A short cell text: "OK (STARTTLS, verified, AUTH PLAIN)" or "Failed: auth". */
    static QString summary(const TestState& state);

    /** The whole report as rich text (escaped): facts, greeting, capabilities or failure. */
    static QString detailsHtml(const Send::Account& account, const Send::ConnectionReport& report);
};

} // namespace Postroom::Ui
