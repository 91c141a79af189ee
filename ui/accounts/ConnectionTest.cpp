#include "ui/accounts/ConnectionTest.h"

#include "core/secrets/SecretVault.h"
#include "core/send/CurlSmtpTransport.h"
#include "core/send/SmtpEndpoint.h"
#include "core/send/TransportFactory.h"

#include <QStringList>

namespace Postroom::Ui {

using Send::ConnectionReport;
using Send::DeliveryOutcome;

namespace {

ConnectionReport localFailure(const QString& why)
{
    ConnectionReport report;
    report.result =
        Send::DeliveryResult::failure(DeliveryOutcome::LocalError, Send::SmtpStage::Local, why);
    return report;
}

} // namespace

ConnectionReport ConnectionTest::run(const Send::Account& account, const QString& databasePath,
                                     const std::optional<QByteArray>& secret, int timeoutSeconds)
{
    if (auto valid = account.validate(); !valid)
        return localFailure(valid.error().message);
    // A password typed in the dialog but not stored yet: the endpoint is built here, the
    // way the factory would build it once the password is in the store.
    if (secret && account.kind() == Send::AccountKind::Smtp) {
        Send::SmtpEndpoint endpoint = Send::SmtpEndpoint::fromAccount(account, *secret);
        endpoint.responseTimeoutSeconds = timeoutSeconds;
        endpoint.connectTimeoutMs = timeoutSeconds * 1000;
        return Send::CurlSmtpTransport(std::move(endpoint)).test();
    }
    auto transport =
        Send::TransportFactory::create(account, Secrets::SecretVault(databasePath), timeoutSeconds);
    if (!transport)
        return localFailure(transport.error().describe());
    return (*transport)->test();
}

QString ConnectionTest::failureLabel(DeliveryOutcome outcome)
{
    switch (outcome) {
    case DeliveryOutcome::Success:
        return tr("none");
    case DeliveryOutcome::Transient:
        return tr("temporary");
    case DeliveryOutcome::Permanent:
        return tr("rejected");
    case DeliveryOutcome::AuthFailure:
        return tr("sign-in");
    case DeliveryOutcome::TlsFailure:
        return tr("TLS");
    case DeliveryOutcome::CertificateFailure:
        return tr("certificate");
    case DeliveryOutcome::Dns:
        return tr("DNS");
    case DeliveryOutcome::Refused:
        return tr("refused");
    case DeliveryOutcome::Timeout:
        return tr("timeout");
    case DeliveryOutcome::LocalError:
        break;
    }
    return tr("local");
}

QString ConnectionTest::summary(const TestState& state)
{
    switch (state.phase) {
    case TestState::Phase::Untested:
        return tr("Not tested");
    case TestState::Phase::Running:
        return tr("Testing…");
    case TestState::Phase::Passed:
        break;
    case TestState::Phase::Failed:
        return tr("Failed: %1").arg(failureLabel(state.report.result.outcome));
    }
    const ConnectionReport& report = state.report;
    QStringList facts;
    if (report.tls)
        facts.append(report.verified ? tr("TLS verified") : tr("TLS NOT verified"));
    if (report.authenticated)
        facts.append(tr("AUTH %1").arg(report.authMechanism));
    return facts.isEmpty() ? tr("OK") : tr("OK (%1)").arg(facts.join(QStringLiteral(", ")));
}

QString ConnectionTest::detailsHtml(const Send::Account& account, const ConnectionReport& report)
{
    const auto esc = [](const QString& text) { return text.toHtmlEscaped(); };
    QString html;
    if (!report.result.ok()) {
        const Send::DeliveryResult& failure = report.result;
        html += QStringLiteral("<p><b style='color:#b00020'>%1</b></p>")
                    .arg(esc(tr("The test of \"%1\" failed.").arg(account.name)));
        html += QStringLiteral("<p>%1</p>").arg(esc(failure.describe()));
        if (failure.smtpCode > 0) {
            html += QStringLiteral("<p>%1 <code>%2 %3</code></p>")
                        .arg(esc(tr("The server answered:")))
                        .arg(failure.smtpCode)
                        .arg(esc(failure.reply));
        }
        if (!report.greeting.isEmpty())
            html += QStringLiteral("<p>%1 <code>%2</code></p>")
                        .arg(esc(tr("Greeting:")), esc(report.greeting));
        return html;
    }
    html += QStringLiteral("<p><b style='color:#1b7f3b'>%1</b></p>")
                .arg(esc(tr("\"%1\" works.").arg(account.name)));
    QStringList facts;
    if (account.kind() == Send::AccountKind::Smtp) {
        if (!report.tls)
            facts.append(tr("no TLS: the password and messages travel in plain text"));
        else if (account.tls == Send::TlsMode::Implicit)
            facts.append(tr("implicit TLS"));
        else
            facts.append(tr("STARTTLS"));
        if (report.tls)
            facts.append(report.verified ? tr("certificate verified")
                                         : tr("certificate NOT verified"));
        facts.append(report.authenticated ? tr("authenticated with %1").arg(report.authMechanism)
                                          : tr("not authenticated"));
    }
    if (!facts.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(esc(facts.join(QStringLiteral(", "))));
    html +=
        QStringLiteral("<p>%1 <code>%2</code></p>").arg(esc(tr("Greeting:")), esc(report.greeting));
    if (!report.capabilities.isEmpty()) {
        html += QStringLiteral("<p>%1</p><ul>").arg(esc(tr("Capabilities:")));
        for (const QString& capability : report.capabilities)
            html += QStringLiteral("<li><code>%1</code></li>").arg(esc(capability));
        html += QStringLiteral("</ul>");
    }
    return html;
}

} // namespace Postroom::Ui
