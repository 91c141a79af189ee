// CurlSmtpTransport against the scriptable fake server: every failure the send
// engine must tell apart is classified, and STARTTLS-required never falls back.
#include "core/send/CurlSmtpRequest.h"
#include "core/send/CurlSmtpTransport.h"
#include "tests/support/FakeSmtpServer.h"

#include <QElapsedTimer>
#include <QTest>

#include <curl/curl.h>

#include <memory>
#include <vector>

using namespace Postroom::Send;
using Postroom::Test::FakeSmtpScript;
using Postroom::Test::FakeSmtpServer;

namespace {

SmtpEndpoint endpointFor(const FakeSmtpServer& server, TlsMode tls = TlsMode::None)
{
    SmtpEndpoint endpoint;
    endpoint.url = "smtp://127.0.0.1:" + QByteArray::number(server.port());
    endpoint.tls = tls;
    endpoint.username = "sender@example.org";
    endpoint.secret = "s3cret pass";
    endpoint.connectTimeoutMs = 3000;
    endpoint.responseTimeoutSeconds = 1;
    return endpoint;
}

OutgoingMessage message()
{
    OutgoingMessage m;
    m.ref = "abcdefghijklmnop";
    m.envelopeFrom = "bounces+abcdefghijklmnop@example.org";
    m.recipients = {"rcpt@example.net"};
    // A line starting with a dot checks dot-stuffing both ways (RFC 5321 §4.5.2).
    m.data = "From: sender@example.org\r\nTo: rcpt@example.net\r\nSubject: hi\r\n\r\n"
             "Hello\r\n.leading dot\r\n..two dots\r\nend\r\n";
    return m;
}

} // namespace

class TestCurlSmtpTransport : public QObject
{
    Q_OBJECT

private slots:
    void deliversByteExactWithAuthPlain()
    {
        FakeSmtpServer server;
        SmtpEndpoint endpoint = endpointFor(server);
        endpoint.auth = AuthMechanism::Plain;
        CurlSmtpTransport transport(endpoint);
        const DeliveryResult result = transport.deliver(message());
        QVERIFY2(result.ok(), qPrintable(result.describe()));
        QCOMPARE(result.smtpCode, 250);
        QCOMPARE(result.enhancedStatus, QStringLiteral("2.0.0"));
        QCOMPARE(server.messages().size(), 1);
        QCOMPARE(server.messages().first(), message().data);
        QCOMPARE(server.plainCredentials(), QByteArray("sender@example.org:s3cret pass"));
        QVERIFY(server.commands().contains(QStringLiteral("AUTH")));
    }

    void authLoginWorks()
    {
        FakeSmtpServer server;
        SmtpEndpoint endpoint = endpointFor(server);
        endpoint.auth = AuthMechanism::Login;
        CurlSmtpTransport transport(endpoint);
        const DeliveryResult result = transport.deliver(message());
        QVERIFY2(result.ok(), qPrintable(result.describe()));
        QVERIFY(server.plainCredentials().isEmpty()); // it really used LOGIN
        QCOMPARE(server.messages().size(), 1);
    }

    void xoauth2SendsTheBearerToken()
    {
        FakeSmtpScript script;
        script.authMechanisms = "PLAIN LOGIN XOAUTH2";
        FakeSmtpServer server(script);
        SmtpEndpoint endpoint = endpointFor(server);
        endpoint.auth = AuthMechanism::XOAuth2;
        endpoint.secret = "ya29.token";
        const DeliveryResult result = CurlSmtpTransport(endpoint).deliver(message());
        QVERIFY2(result.ok(), qPrintable(result.describe()));
        // The SASL XOAUTH2 initial client response: user=…^Aauth=Bearer …^A^A.
        QCOMPARE(server.xoauth2Response(), QByteArray("user=sender@example.org\x01"
                                                      "auth=Bearer ya29.token\x01\x01"));
        QVERIFY(server.plainCredentials().isEmpty());
    }

    void reusesTheConnection()
    {
        FakeSmtpServer server;
        CurlSmtpTransport transport(endpointFor(server));
        for (int i = 0; i < 3; ++i) {
            const DeliveryResult result = transport.deliver(message());
            QVERIFY2(result.ok(), qPrintable(result.describe()));
        }
        QCOMPARE(server.messages().size(), 3);
        QCOMPARE(server.connections(), 1);
        QCOMPARE(server.commands().count(QStringLiteral("AUTH")), 1);
    }

    // The way the send worker will drive requests: several easy handles in one curl
    // multi handle, each result read back through its request.
    void requestsRunInAMultiHandle()
    {
        FakeSmtpServer server;
        FakeSmtpScript refusing;
        refusing.rcptReply = "550 5.1.1 No such user";
        FakeSmtpServer rejecting(refusing);
        std::vector<std::unique_ptr<CurlSmtpRequest>> requests;
        for (int i = 0; i < 4; ++i) {
            OutgoingMessage m = message();
            m.data += "message " + QByteArray::number(i) + "\r\n";
            requests.push_back(CurlSmtpRequest::send(endpointFor(i == 3 ? rejecting : server), m));
        }
        CURLM* multi = curl_multi_init();
        for (const auto& request : requests)
            curl_multi_add_handle(multi, static_cast<CURL*>(request->easyHandle()));
        int running = 0;
        std::vector<DeliveryResult> results(requests.size());
        int done = 0;
        QElapsedTimer timer;
        timer.start();
        do {
            curl_multi_perform(multi, &running);
            int queued = 0;
            while (CURLMsg* info = curl_multi_info_read(multi, &queued)) {
                if (info->msg != CURLMSG_DONE)
                    continue;
                for (size_t i = 0; i < requests.size(); ++i) {
                    if (requests[i]->easyHandle() == info->easy_handle) {
                        results[i] = requests[i]->result(info->data.result);
                        ++done;
                    }
                }
                curl_multi_remove_handle(multi, info->easy_handle);
            }
            if (running)
                curl_multi_poll(multi, nullptr, 0, 100, nullptr);
        } while (running && timer.elapsed() < 10000);
        curl_multi_cleanup(multi);
        QCOMPARE(done, 4);
        for (int i = 0; i < 3; ++i)
            QVERIFY2(results[size_t(i)].ok(), qPrintable(results[size_t(i)].describe()));
        QCOMPARE(results[3].outcome, DeliveryOutcome::Permanent);
        QCOMPARE(results[3].enhancedStatus, QStringLiteral("5.1.1"));
        QCOMPARE(server.messages().size(), 3);
        requests.clear(); // requests outlive their transfers; cleaning up after is fine
    }

    void classifiesReplies_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<DeliveryOutcome>("outcome");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("enhanced");
        QTest::addColumn<QString>("stage");
        QTest::newRow("421 greeting")
            << QByteArray("greeting") << QByteArray("421 4.3.2 Service not available")
            << DeliveryOutcome::Transient << 421 << QStringLiteral("4.3.2")
            << QStringLiteral("greeting");
        QTest::newRow("451 at RCPT")
            << QByteArray("rcpt") << QByteArray("451 4.3.0 Try again later")
            << DeliveryOutcome::Transient << 451 << QStringLiteral("4.3.0")
            << QStringLiteral("rcpt");
        QTest::newRow("550 at RCPT")
            << QByteArray("rcpt") << QByteArray("550 5.1.1 No such user here")
            << DeliveryOutcome::Permanent << 550 << QStringLiteral("5.1.1")
            << QStringLiteral("rcpt");
        QTest::newRow("552 at MAIL")
            << QByteArray("mail") << QByteArray("552 5.3.4 Message too big")
            << DeliveryOutcome::Permanent << 552 << QStringLiteral("5.3.4")
            << QStringLiteral("mail");
        QTest::newRow("554 after DATA")
            << QByteArray("final") << QByteArray("554 5.7.1 Spam rejected")
            << DeliveryOutcome::Permanent << 554 << QStringLiteral("5.7.1")
            << QStringLiteral("data");
        QTest::newRow("451 after DATA") << QByteArray("final") << QByteArray("451 4.7.1 Greylisted")
                                        << DeliveryOutcome::Transient << 451
                                        << QStringLiteral("4.7.1") << QStringLiteral("data");
        QTest::newRow("535 AUTH") << QByteArray("auth")
                                  << QByteArray("535 5.7.8 Authentication credentials invalid")
                                  << DeliveryOutcome::AuthFailure << 535 << QStringLiteral("5.7.8")
                                  << QStringLiteral("auth");
        QTest::newRow("no enhanced code")
            << QByteArray("rcpt") << QByteArray("550 mailbox unavailable")
            << DeliveryOutcome::Permanent << 550 << QString() << QStringLiteral("rcpt");
    }

    void classifiesReplies()
    {
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, reply);
        QFETCH(DeliveryOutcome, outcome);
        QFETCH(int, code);
        QFETCH(QString, enhanced);
        QFETCH(QString, stage);
        FakeSmtpScript script;
        if (field == "greeting")
            script.greeting = reply;
        else if (field == "rcpt")
            script.rcptReply = reply;
        else if (field == "mail")
            script.mailReply = reply;
        else if (field == "final")
            script.finalReply = reply;
        else
            script.authReply = reply;
        FakeSmtpServer server(script);
        CurlSmtpTransport transport(endpointFor(server));
        const DeliveryResult result = transport.deliver(message());
        QCOMPARE(result.outcome, outcome);
        QCOMPARE(result.smtpCode, code);
        QCOMPARE(result.enhancedStatus, enhanced);
        QCOMPARE(result.stageName(), stage);
        QVERIFY(result.reply.contains(QString::fromLatin1(reply.mid(4))));
        if (field == "auth") {
            QVERIFY(!server.commands().contains(QStringLiteral("MAIL")));
            QVERIFY(result.isAccountFailure());
        }
        QCOMPARE(result.isRetryable(), outcome == DeliveryOutcome::Transient);
    }

    void dropMidDataIsTransient()
    {
        FakeSmtpScript script;
        script.dropMidData = true;
        FakeSmtpServer server(script);
        CurlSmtpTransport transport(endpointFor(server));
        const DeliveryResult result = transport.deliver(message());
        QCOMPARE(result.outcome, DeliveryOutcome::Transient);
        QCOMPARE(result.stage, SmtpStage::Data);
        QVERIFY(result.isRetryable());
        QVERIFY(!result.detail.isEmpty());
        QVERIFY(server.messages().isEmpty());
    }

    void stallAtGreetingTimesOut()
    {
        FakeSmtpScript script;
        script.stallGreeting = true;
        FakeSmtpServer server(script);
        CurlSmtpTransport transport(endpointFor(server));
        QElapsedTimer timer;
        timer.start();
        const DeliveryResult result = transport.deliver(message());
        QCOMPARE(result.outcome, DeliveryOutcome::Timeout);
        QCOMPARE(result.stage, SmtpStage::Greeting);
        QVERIFY2(timer.elapsed() < 5000, "the 1 s response timeout was not kept");
    }

    void stallAfterDataTimesOut()
    {
        FakeSmtpScript script;
        script.stallAfterData = true;
        FakeSmtpServer server(script);
        CurlSmtpTransport transport(endpointFor(server));
        const DeliveryResult result = transport.deliver(message());
        QCOMPARE(result.outcome, DeliveryOutcome::Timeout);
        QCOMPARE(result.stage, SmtpStage::Data);
    }

    void startTlsRequiredRefusesServerWithoutIt()
    {
        FakeSmtpServer server; // offers no STARTTLS
        CurlSmtpTransport transport(endpointFor(server, TlsMode::StartTls));
        const DeliveryResult result = transport.deliver(message());
        QCOMPARE(result.outcome, DeliveryOutcome::TlsFailure);
        QCOMPARE(result.stage, SmtpStage::StartTls);
        QVERIFY(result.detail.contains(QStringLiteral("STARTTLS")));
        // Nothing after EHLO went out in plaintext: no credentials, no envelope.
        const QStringList commands = server.commands();
        QVERIFY2(!commands.contains(QStringLiteral("AUTH")), qPrintable(commands.join(u' ')));
        QVERIFY(!commands.contains(QStringLiteral("MAIL")));
        QVERIFY(server.messages().isEmpty());
        QVERIFY(server.plainCredentials().isEmpty());
    }

    void startTlsRefusedByServerIsNoFallback()
    {
        FakeSmtpScript script;
        script.offerStartTls = true; // offered, then refused with 454
        FakeSmtpServer server(script);
        CurlSmtpTransport transport(endpointFor(server, TlsMode::StartTls));
        const DeliveryResult result = transport.deliver(message());
        QCOMPARE(result.outcome, DeliveryOutcome::TlsFailure);
        QVERIFY(server.commands().contains(QStringLiteral("STARTTLS")));
        QVERIFY(!server.commands().contains(QStringLiteral("AUTH")));
        QVERIFY(!server.commands().contains(QStringLiteral("MAIL")));
    }

    void credentialsButNoAuthOfferedSendsNothing()
    {
        FakeSmtpScript script;
        script.authMechanisms.clear();
        FakeSmtpServer server(script);
        CurlSmtpTransport transport(endpointFor(server));
        const DeliveryResult result = transport.deliver(message());
        QCOMPARE(result.outcome, DeliveryOutcome::AuthFailure);
        QVERIFY(server.messages().isEmpty());
    }

    void refusedConnection()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        SmtpEndpoint endpoint;
        endpoint.url = "smtp://127.0.0.1:" + QByteArray::number(port);
        endpoint.tls = TlsMode::None;
        endpoint.connectTimeoutMs = 3000;
        const DeliveryResult result = CurlSmtpTransport(endpoint).deliver(message());
        QCOMPARE(result.outcome, DeliveryOutcome::Refused);
        QCOMPARE(result.stage, SmtpStage::Connect);
        QVERIFY(result.isRetryable());
    }

    void unknownHostIsDns()
    {
        SmtpEndpoint endpoint;
        endpoint.url = "smtp://no-such-host.invalid:25"; // RFC 2606: never resolves
        endpoint.tls = TlsMode::None;
        endpoint.connectTimeoutMs = 5000;
        const DeliveryResult result = CurlSmtpTransport(endpoint).deliver(message());
        QCOMPARE(result.outcome, DeliveryOutcome::Dns);
        QCOMPARE(result.kindName(), QStringLiteral("dns"));
    }

    void badNameserverSettingIsALocalError()
    {
        FakeSmtpServer server;
        SmtpEndpoint endpoint = endpointFor(server);
        endpoint.url = "smtp://localhost:" + QByteArray::number(server.port());
        qputenv("POSTROOM_NAMESERVER", "not-an-address");
        const DeliveryResult result = CurlSmtpTransport(endpoint).deliver(message());
        qunsetenv("POSTROOM_NAMESERVER");
        QCOMPARE(result.outcome, DeliveryOutcome::LocalError);
        QVERIFY(result.detail.contains(QStringLiteral("POSTROOM_NAMESERVER")));
        QCOMPARE(server.connections(), 0);
        // An IP literal needs no lookup, whatever the setting.
        qputenv("POSTROOM_NAMESERVER", "127.0.0.1");
        const DeliveryResult direct = CurlSmtpTransport(endpointFor(server)).deliver(message());
        qunsetenv("POSTROOM_NAMESERVER");
        QVERIFY2(direct.ok(), qPrintable(direct.describe()));
    }

    void probeReportsCapabilities()
    {
        FakeSmtpServer server;
        CurlSmtpTransport transport(endpointFor(server));
        const ConnectionReport report = transport.test();
        QVERIFY2(report.result.ok(), qPrintable(report.result.describe()));
        QCOMPARE(report.greeting, QStringLiteral("fake.test ESMTP ready"));
        QCOMPARE(report.capabilities,
                 QStringList({QStringLiteral("PIPELINING"), QStringLiteral("SIZE 1000000"),
                              QStringLiteral("AUTH PLAIN LOGIN"), QStringLiteral("8BITMIME")}));
        QVERIFY(report.authenticated);
        QVERIFY(!report.authMechanism.isEmpty());
        QVERIFY(!report.tls);
        const QStringList commands = server.commands();
        QVERIFY(commands.contains(QStringLiteral("NOOP")));
        QVERIFY(!commands.contains(QStringLiteral("MAIL")));
        QTRY_VERIFY(server.commands().contains(QStringLiteral("QUIT")));
    }

    void probeReportsAuthFailure()
    {
        FakeSmtpScript script;
        script.authReply = "535 5.7.8 Authentication credentials invalid";
        FakeSmtpServer server(script);
        const ConnectionReport report = CurlSmtpTransport(endpointFor(server)).test();
        QCOMPARE(report.result.outcome, DeliveryOutcome::AuthFailure);
        QCOMPARE(report.result.smtpCode, 535);
        QVERIFY(!report.authenticated);
    }

    void probeWithCredentialsButNoAuthFails()
    {
        FakeSmtpScript script;
        script.authMechanisms.clear();
        FakeSmtpServer server(script);
        const ConnectionReport report = CurlSmtpTransport(endpointFor(server)).test();
        QCOMPARE(report.result.outcome, DeliveryOutcome::AuthFailure);
        QVERIFY(report.result.detail.contains(QStringLiteral("no AUTH")));
    }
};

QTEST_GUILESS_MAIN(TestCurlSmtpTransport)
#include "tst_curlsmtptransport.moc"
