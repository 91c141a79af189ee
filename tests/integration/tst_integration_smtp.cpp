// Accounts and CurlSmtpTransport against a REAL SMTP server: aiosmtpd (Debian
// python3-aiosmtpd) with STARTTLS or implicit TLS from a test CA made here with
// openssl, and AUTH PLAIN/LOGIN. Checks `accounts test`, a byte-exact delivery, and
// that a wrong password, an untrusted certificate and --insecure-skip-verify are
// each reported for what they are.
#include "core/send/CurlSmtpTransport.h"
#include "core/send/NameserverResolver.h"
#include "tests/support/CliRunner.h"
#include "tests/support/TempDatabase.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <unistd.h>

using namespace Postroom;
using namespace Postroom::Send;
using Postroom::Test::CliRunner;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QByteArray kUser = "alice";
const QByteArray kPassword = "wonder land\xc3\xa9"; // a space and UTF-8 on purpose

bool run(const QString& program, const QStringList& args, const QString& workDir)
{
    QProcess process;
    process.setWorkingDirectory(workDir);
    process.start(program, args);
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        qWarning("%s failed: %s", qPrintable(program), process.readAllStandardError().constData());
        return false;
    }
    return true;
}

/** One aiosmtpd process; it exits when its stdin closes (this object goes away). */
struct SmtpServer
{
    QProcess process;
    QString outDir;
    quint16 port = 0;

    ~SmtpServer()
    {
        process.closeWriteChannel();
        if (!process.waitForFinished(5000)) {
            process.kill();
            process.waitForFinished();
        }
    }

    bool start(const QString& certDir, const QString& out, bool implicit)
    {
        outDir = out;
        QDir().mkpath(outDir);
        QStringList args{QStringLiteral(POSTROOM_INTEGRATION_DIR "/accounts_smtp_server.py"),
                         QStringLiteral("--out-dir"),
                         outDir,
                         QStringLiteral("--cert"),
                         certDir + QStringLiteral("/server.pem"),
                         QStringLiteral("--key"),
                         certDir + QStringLiteral("/server.key"),
                         QStringLiteral("--user"),
                         QString::fromUtf8(kUser),
                         QStringLiteral("--password"),
                         QString::fromUtf8(kPassword)};
        if (implicit)
            args.append(QStringLiteral("--implicit"));
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(kPython, args);
        if (!process.waitForStarted())
            return false;
        while (!process.canReadLine()) {
            if (!process.waitForReadyRead(15000))
                return false;
        }
        port = quint16(process.readLine().trimmed().toUInt());
        return port != 0;
    }

    QString url(const char* scheme) const
    {
        return QStringLiteral("%1://127.0.0.1:%2").arg(QLatin1String(scheme)).arg(port);
    }
};

} // namespace

class TestIntegrationSmtp : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_ca;
    std::unique_ptr<SmtpServer> m_starttls;
    std::unique_ptr<SmtpServer> m_implicit;
    std::unique_ptr<Test::TempDatabase> m_db;
    std::unique_ptr<CliRunner> m_cli;

    SmtpEndpoint endpoint(const SmtpServer& server, TlsMode tls) const
    {
        SmtpEndpoint endpoint;
        endpoint.url = server.url(tls == TlsMode::Implicit ? "smtps" : "smtp").toUtf8();
        endpoint.tls = tls;
        endpoint.caFile = m_ca;
        endpoint.username = kUser;
        endpoint.secret = kPassword;
        endpoint.connectTimeoutMs = 5000;
        endpoint.responseTimeoutSeconds = 5;
        return endpoint;
    }

    QJsonObject testAccount(const QString& name, int expectedExit)
    {
        const auto run = m_cli->run({QStringLiteral("accounts"), QStringLiteral("test"), name,
                                     QStringLiteral("--json"), QStringLiteral("--timeout"),
                                     QStringLiteral("10")});
        if (run.exitCode != expectedExit)
            qWarning("accounts test %s: exit %d, stderr %s", qPrintable(name), run.exitCode,
                     run.err.constData());
        [&] { QCOMPARE(run.exitCode, expectedExit); }();
        m_lastErr = run.err;
        return run.json().object();
    }

    QByteArray m_lastErr;

private slots:
    void initTestCase()
    {
        qunsetenv("POSTROOM_CA_FILE");
        QVERIFY2(
            run(kPython, {QStringLiteral("-c"), QStringLiteral("import aiosmtpd")}, m_dir.path()),
            "python3-aiosmtpd is needed (scripts/deps.sh --test installs it)");
        // A throw-away CA and a server certificate for 127.0.0.1, made fresh each run.
        const QString d = m_dir.path();
        QFile ext(d + QStringLiteral("/server.ext"));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:smtp.postroom.test\n"
                  "basicConstraints=CA:FALSE\n"
                  "extendedKeyUsage=serverAuth\n");
        ext.close();
        const QString openssl = QStringLiteral("openssl");
        QVERIFY(run(openssl,
                    QStringLiteral("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                                   "-nodes -keyout ca.key -out ca.pem -days 2 "
                                   "-subj /CN=Postroom-Test-CA")
                        .split(u' '),
                    d));
        QVERIFY(run(openssl,
                    QStringLiteral("req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                                   "-keyout server.key -out server.csr -subj /CN=localhost")
                        .split(u' '),
                    d));
        QVERIFY(run(openssl,
                    QStringLiteral("x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
                                   "-CAcreateserial -out server.pem -days 2 -extfile server.ext")
                        .split(u' '),
                    d));
        m_ca = d + QStringLiteral("/ca.pem");
        m_starttls = std::make_unique<SmtpServer>();
        QVERIFY(m_starttls->start(d, d + QStringLiteral("/out-starttls"), false));
        m_implicit = std::make_unique<SmtpServer>();
        QVERIFY(m_implicit->start(d, d + QStringLiteral("/out-implicit"), true));
        m_db = std::make_unique<Test::TempDatabase>();
        m_cli = std::make_unique<CliRunner>(m_db->path());
        m_cli->setEnv(QStringLiteral("PR_GOOD_PASS"), QString::fromUtf8(kPassword));
        m_cli->setEnv(QStringLiteral("PR_BAD_PASS"), QStringLiteral("not the password"));
    }

    void cleanupTestCase()
    {
        m_cli.reset();
        m_starttls.reset();
        m_implicit.reset();
    }

    void accountsTestReportsCapabilities()
    {
        const auto add =
            m_cli->run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("real"),
                        QStringLiteral("--url"), m_starttls->url("smtp"), QStringLiteral("--user"),
                        QString::fromUtf8(kUser), QStringLiteral("--password-env"),
                        QStringLiteral("PR_GOOD_PASS"), QStringLiteral("--ca-file"), m_ca});
        QVERIFY2(add.exitCode == 0, add.err.constData());
        const QJsonObject report = testAccount(QStringLiteral("real"), 0);
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("tls_active")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("verified")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("authenticated")).toBool(), true);
        QVERIFY(report.value(QStringLiteral("greeting"))
                    .toString()
                    .contains(QStringLiteral("postroom-test.local")));
        const QJsonArray capabilities = report.value(QStringLiteral("capabilities")).toArray();
        QVERIFY(capabilities.contains(QStringLiteral("8BITMIME")));
        // aiosmtpd offers AUTH only after STARTTLS (auth_require_tls): the list is the
        // second EHLO's, and the STARTTLS keyword is gone from it.
        bool hasAuth = false;
        for (const auto& capability : capabilities)
            hasAuth = hasAuth || capability.toString().startsWith(QLatin1String("AUTH "));
        QVERIFY2(hasAuth, QJsonDocument(capabilities).toJson().constData());
        QVERIFY(!capabilities.contains(QStringLiteral("STARTTLS")));
    }

    void deliversByteExact_data()
    {
        QTest::addColumn<int>("tls");
        QTest::addColumn<int>("auth");
        QTest::newRow("STARTTLS, AUTH PLAIN")
            << int(TlsMode::StartTls) << int(AuthMechanism::Plain);
        QTest::newRow("STARTTLS, AUTH LOGIN")
            << int(TlsMode::StartTls) << int(AuthMechanism::Login);
        QTest::newRow("implicit TLS") << int(TlsMode::Implicit) << int(AuthMechanism::Auto);
    }

    void deliversByteExact()
    {
        QFETCH(int, tls);
        QFETCH(int, auth);
        SmtpServer& server = tls == int(TlsMode::Implicit) ? *m_implicit : *m_starttls;
        SmtpEndpoint settings = endpoint(server, TlsMode(tls));
        settings.auth = AuthMechanism(auth);
        OutgoingMessage message;
        message.ref = "ref" + QByteArray::number(tls) + QByteArray::number(auth);
        message.envelopeFrom = "bounces+" + message.ref + "@example.org";
        message.recipients = {"someone@example.net"};
        message.data =
            "From: Shop <news@example.org>\r\nTo: someone@example.net\r\n"
            "Subject: =?UTF-8?B?5L2g5aW9?=\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n"
            "\xe4\xbd\xa0\xe5\xa5\xbd\r\n.a line with a leading dot\r\n.\r\n";
        for (int i = 0; i < 2000; ++i) // ~150 KB: many read callbacks and TLS records
            message.data += "line " + QByteArray::number(i) + " " + QByteArray(60, 'x') + "\r\n";
        const int before = int(QDir(server.outDir).entryList({QStringLiteral("*.eml")}).size());
        CurlSmtpTransport transport(settings);
        const DeliveryResult result = transport.deliver(message);
        QVERIFY2(result.ok(), qPrintable(result.describe()));
        QCOMPARE(result.smtpCode, 250);
        QCOMPARE(result.enhancedStatus, QStringLiteral("2.0.0"));
        const QString base = server.outDir + QLatin1Char('/') + QString::number(before + 1);
        QFile received(base + QStringLiteral(".eml"));
        QVERIFY(received.open(QIODevice::ReadOnly));
        QCOMPARE(received.readAll(), message.data);
        QFile envelope(base + QStringLiteral(".json"));
        QVERIFY(envelope.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(envelope.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("mail_from")).toString().toUtf8(), message.envelopeFrom);
        QCOMPARE(json.value(QStringLiteral("rcpt_tos")).toArray().first().toString(),
                 QStringLiteral("someone@example.net"));
        QCOMPARE(json.value(QStringLiteral("tls")).toBool(), true);
    }

    void wrongPasswordIsAnAuthError()
    {
        const auto add = m_cli->run(
            {QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("wrongpw"),
             QStringLiteral("--url"), m_starttls->url("smtp"), QStringLiteral("--user"),
             QString::fromUtf8(kUser), QStringLiteral("--password-env"),
             QStringLiteral("PR_BAD_PASS"), QStringLiteral("--ca-file"), m_ca});
        QCOMPARE(add.exitCode, 0);
        const QJsonObject report = testAccount(QStringLiteral("wrongpw"), 1);
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), false);
        const QJsonObject error = report.value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("kind")).toString(), QStringLiteral("auth"));
        QCOMPARE(error.value(QStringLiteral("smtp_code")).toInt(), 535);
        QVERIFY(m_lastErr.contains("postroom-cli: error:"));
        // And for a message: the same classification, nothing accepted.
        SmtpEndpoint settings = endpoint(*m_starttls, TlsMode::StartTls);
        settings.secret = "not the password";
        const DeliveryResult result =
            CurlSmtpTransport(settings).deliver({"x", "a@example.org", {"b@example.net"}, "x\r\n"});
        QCOMPARE(result.outcome, DeliveryOutcome::AuthFailure);
        QCOMPARE(result.smtpCode, 535);
    }

    void untrustedCertificateIsACertificateError()
    {
        for (const char* scheme : {"smtp", "smtps"}) {
            const QString name = QStringLiteral("untrusted-") + QLatin1String(scheme);
            const SmtpServer& server =
                QLatin1String(scheme) == QLatin1String("smtp") ? *m_starttls : *m_implicit;
            const auto add = m_cli->run(
                {QStringLiteral("accounts"), QStringLiteral("add"), name, QStringLiteral("--url"),
                 server.url(scheme), QStringLiteral("--user"), QString::fromUtf8(kUser),
                 QStringLiteral("--password-env"), QStringLiteral("PR_GOOD_PASS")});
            QCOMPARE(add.exitCode, 0);
            const QJsonObject report = testAccount(name, 1);
            const QJsonObject error = report.value(QStringLiteral("error")).toObject();
            QCOMPARE(error.value(QStringLiteral("kind")).toString(), QStringLiteral("certificate"));
            QCOMPARE(report.value(QStringLiteral("authenticated")).toBool(), false);
        }
        // POSTROOM_CA_FILE supplies the trust anchor for accounts without --ca-file.
        CliRunner withCa(m_db->path());
        withCa.setEnv(QStringLiteral("PR_GOOD_PASS"), QString::fromUtf8(kPassword));
        withCa.setEnv(QStringLiteral("POSTROOM_CA_FILE"), m_ca);
        const auto run = withCa.run({QStringLiteral("accounts"), QStringLiteral("test"),
                                     QStringLiteral("untrusted-smtp"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.json().object().value(QStringLiteral("verified")).toBool(), true);
    }

    void insecureSkipVerifyWorksAndIsReported()
    {
        const auto add = m_cli->run(
            {QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("insecure"),
             QStringLiteral("--url"), m_starttls->url("smtp"), QStringLiteral("--user"),
             QString::fromUtf8(kUser), QStringLiteral("--password-env"),
             QStringLiteral("PR_GOOD_PASS"), QStringLiteral("--insecure-skip-verify")});
        QCOMPARE(add.exitCode, 0);
        QVERIFY(add.err.contains("verification is OFF"));
        const QJsonObject report = testAccount(QStringLiteral("insecure"), 0);
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("tls_active")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("verify_peer")).toBool(), false);
        QCOMPARE(report.value(QStringLiteral("verified")).toBool(), false);
        QCOMPARE(report.value(QStringLiteral("authenticated")).toBool(), true);
        QVERIFY(m_lastErr.contains("verification is OFF"));
    }

    // POSTROOM_NAMESERVER: the server's name is looked up at that nameserver (dnsmasq
    // on a loopback address of its own), and TLS checks the certificate against it.
    void nameserverOverride()
    {
        if (::geteuid() != 0)
            QSKIP("dnsmasq must bind port 53 (QDnsLookup always asks port 53): needs root");
        const QString nameserver = QStringLiteral("127.0.0.77");
        QProcess dnsmasq;
        dnsmasq.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        dnsmasq.setStandardOutputFile(QProcess::nullDevice());
        dnsmasq.start(QStringLiteral("dnsmasq"),
                      {QStringLiteral("--keep-in-foreground"), QStringLiteral("--port=53"),
                       QStringLiteral("--listen-address=") + nameserver,
                       QStringLiteral("--bind-interfaces"), QStringLiteral("--no-resolv"),
                       QStringLiteral("--no-hosts"),
                       QStringLiteral("--address=/smtp.postroom.test/127.0.0.1"),
                       QStringLiteral("--pid-file=") + m_dir.filePath(QStringLiteral("dns.pid"))});
        QVERIFY2(dnsmasq.waitForStarted(), "dnsmasq is needed (scripts/deps.sh --test)");
        qputenv("POSTROOM_NAMESERVER", nameserver.toLatin1());
        Result<QByteArray> entry = QByteArray();
        for (int i = 0; i < 50; ++i) { // until dnsmasq answers
            entry = NameserverResolver::curlResolveEntry(QStringLiteral("smtp.postroom.test"), 2525,
                                                         500);
            if (entry.ok())
                break;
            QTest::qWait(100);
        }
        qunsetenv("POSTROOM_NAMESERVER");
        QVERIFY(entry.ok());
        QCOMPARE(*entry, QByteArray("smtp.postroom.test:2525:127.0.0.1"));

        CliRunner cli(m_db->path());
        cli.setEnv(QStringLiteral("PR_GOOD_PASS"), QString::fromUtf8(kPassword));
        cli.setEnv(QStringLiteral("POSTROOM_NAMESERVER"), nameserver);
        const auto add = cli.run(
            {QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("byname"),
             QStringLiteral("--url"),
             QStringLiteral("smtp://smtp.postroom.test:%1").arg(m_starttls->port),
             QStringLiteral("--user"), QString::fromUtf8(kUser), QStringLiteral("--password-env"),
             QStringLiteral("PR_GOOD_PASS"), QStringLiteral("--ca-file"), m_ca});
        QCOMPARE(add.exitCode, 0);
        const auto ok = cli.run({QStringLiteral("accounts"), QStringLiteral("test"),
                                 QStringLiteral("byname"), QStringLiteral("--json")});
        QVERIFY2(ok.exitCode == 0, ok.err.constData());
        QCOMPARE(ok.json().object().value(QStringLiteral("verified")).toBool(), true);
        QCOMPARE(
            cli.run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("nowhere"),
                     QStringLiteral("--url"), QStringLiteral("smtp://nowhere.postroom.invalid:25")})
                .exitCode,
            0);
        const auto missing = cli.run({QStringLiteral("accounts"), QStringLiteral("test"),
                                      QStringLiteral("nowhere"), QStringLiteral("--json")});
        QCOMPARE(missing.exitCode, 1);
        QCOMPARE(missing.json()
                     .object()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("kind"))
                     .toString(),
                 QStringLiteral("dns"));
        dnsmasq.terminate();
        dnsmasq.waitForFinished();
    }

    void fileStoreSecretWorksEndToEnd()
    {
        CliRunner cli(m_db->path());
        cli.setEnv(QStringLiteral("POSTROOM_SECRET_STORE"), QStringLiteral("file"));
        const auto add =
            cli.run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("stored"),
                     QStringLiteral("--url"), m_implicit->url("smtps"), QStringLiteral("--user"),
                     QString::fromUtf8(kUser), QStringLiteral("--password-stdin"),
                     QStringLiteral("--ca-file"), m_ca},
                    kPassword + "\n");
        QVERIFY2(add.exitCode == 0, add.err.constData());
        const auto test = cli.run({QStringLiteral("accounts"), QStringLiteral("test"),
                                   QStringLiteral("stored"), QStringLiteral("--json")});
        QVERIFY2(test.exitCode == 0, test.err.constData());
        QCOMPARE(test.json().object().value(QStringLiteral("authenticated")).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestIntegrationSmtp)
#include "tst_integration_smtp.moc"
