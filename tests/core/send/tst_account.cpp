// Account settings: validation with clear errors, rates, warm-up plans, and the
// repository round trip (which never holds a password).
#include "core/send/Account.h"
#include "core/storage/AccountRepository.h"
#include "tests/support/TempDatabase.h"

#include <QSqlQuery>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Send;

namespace {

Account smtpAccount()
{
    Account account;
    account.name = QStringLiteral("relay");
    account.url = QStringLiteral("smtp://mail.example.org:587");
    account.username = QStringLiteral("me@example.org");
    account.secretRef = QStringLiteral("env:SMTP_PASS");
    return account;
}

} // namespace

class TestAccount : public QObject
{
    Q_OBJECT

private slots:
    void parsesRates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("period");
        QTest::newRow("per second") << QStringLiteral("20/s") << 20 << 1;
        QTest::newRow("per minute") << QStringLiteral("600/min") << 600 << 60;
        QTest::newRow("per hour") << QStringLiteral(" 5000 / h ") << 5000 << 3600;
        QTest::newRow("unlimited") << QStringLiteral("unlimited") << 0 << 1;
        QTest::newRow("zero") << QStringLiteral("0/s") << -1 << 0;
        QTest::newRow("no unit") << QStringLiteral("20") << -1 << 0;
        QTest::newRow("bad unit") << QStringLiteral("20/day") << -1 << 0;
        QTest::newRow("negative") << QStringLiteral("-1/s") << -1 << 0;
    }

    void parsesRates()
    {
        QFETCH(QString, text);
        QFETCH(int, count);
        QFETCH(int, period);
        const auto rate = SendRate::parse(text);
        QCOMPARE(rate.ok(), count >= 0);
        if (!rate.ok()) {
            QVERIFY(rate.error().message.contains(QStringLiteral("N/s")));
            return;
        }
        QCOMPARE(rate->count, count);
        QCOMPARE(rate->periodSeconds, period);
        QCOMPARE(*SendRate::parse(rate->toString()), *rate);
    }

    void validates_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("complaint");
        QTest::newRow("no name") << "name"
                                 << ""
                                 << "needs a name";
        QTest::newRow("comma in name") << "name"
                                       << "a,b"
                                       << "without commas";
        QTest::newRow("not a url") << "url"
                                   << "mail.example.org"
                                   << "not a URL";
        QTest::newRow("password in url") << "url"
                                         << "smtp://me:secret@mail.example.org"
                                         << "not in the URL";
        QTest::newRow("http") << "url"
                              << "http://example.org"
                              << "Unknown account URL scheme";
        QTest::newRow("no host") << "url"
                                 << "smtp://:25"
                                 << "";
        QTest::newRow("relative outbox") << "url"
                                         << "outbox://folder"
                                         << "absolute folder";
        QTest::newRow("smtps with starttls") << "tls-smtps"
                                             << "starttls"
                                             << "implicit TLS";
        QTest::newRow("smtp with implicit") << "tls"
                                            << "implicit"
                                            << "smtps://";
        QTest::newRow("skip verify without tls") << "insecure-none"
                                                 << ""
                                                 << "without TLS";
        QTest::newRow("secret without user") << "user"
                                             << ""
                                             << "needs a user name";
        QTest::newRow("zero connections") << "connections"
                                          << "0"
                                          << "between 1 and";
        QTest::newRow("negative daily") << "daily"
                                        << "-5"
                                        << "negative";
        QTest::newRow("bad from") << "from"
                                  << "not an address"
                                  << "From address";
    }

    void validates()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, complaint);
        Account account = smtpAccount();
        QVERIFY(account.validate().ok());
        if (field == QLatin1String("name"))
            account.name = value;
        else if (field == QLatin1String("url"))
            account.url = value;
        else if (field == QLatin1String("tls-smtps")) {
            account.url = QStringLiteral("smtps://mail.example.org");
            account.tls = TlsMode::StartTls;
        } else if (field == QLatin1String("tls"))
            account.tls = TlsMode::Implicit;
        else if (field == QLatin1String("insecure-none")) {
            account.tls = TlsMode::None;
            account.verifyPeer = false;
        } else if (field == QLatin1String("user"))
            account.username = value;
        else if (field == QLatin1String("connections"))
            account.maxConnections = value.toInt();
        else if (field == QLatin1String("daily"))
            account.dailyCap = value.toInt();
        else if (field == QLatin1String("from"))
            account.fromAddress = value;
        const auto valid = account.validate();
        QVERIFY(!valid.ok());
        QCOMPARE(valid.error().code, ErrorCode::InvalidInput);
        QVERIFY2(valid.error().message.contains(complaint), qPrintable(valid.error().message));
    }

    void defaultsFollowTheScheme()
    {
        QCOMPARE(Account::defaultTlsMode(QStringLiteral("smtp://h:587")), TlsMode::StartTls);
        QCOMPARE(Account::defaultTlsMode(QStringLiteral("smtps://h")), TlsMode::Implicit);
        Account outbox;
        outbox.name = QStringLiteral("sandbox");
        outbox.url = QStringLiteral("outbox:///tmp/out");
        outbox.tls = Account::defaultTlsMode(outbox.url);
        QVERIFY(outbox.validate().ok());
        QCOMPARE(outbox.kind(), AccountKind::Outbox);
        QCOMPARE(outbox.outboxPath(), QStringLiteral("/tmp/out"));
        QVERIFY(Account().verifyPeer);
    }

    void warmupPlan()
    {
        QCOMPARE(*Account::parseWarmup(QStringLiteral("50, 100,200")), QList<int>({50, 100, 200}));
        QVERIFY(Account::parseWarmup(QString())->isEmpty());
        QVERIFY(!Account::parseWarmup(QStringLiteral("50,,100")).ok());
        QVERIFY(!Account::parseWarmup(QStringLiteral("50,0")).ok());
        Account account = smtpAccount();
        account.warmup = {50, 100, 200};
        account.dailyCap = 150;
        QCOMPARE(account.dailyCapOnDay(0), 50);
        QCOMPARE(account.dailyCapOnDay(1), 100);
        QCOMPARE(account.dailyCapOnDay(2), 150); // never above the daily cap
        QCOMPARE(account.dailyCapOnDay(3), 150); // after the plan: the daily cap
        account.dailyCap = 0;
        QCOMPARE(account.dailyCapOnDay(2), 200);
        QCOMPARE(account.dailyCapOnDay(9), 0); // no cap
    }

    void repositoryRoundTrip()
    {
        Test::TempDatabase temp;
        Storage::AccountRepository accounts(temp.db());
        Account account = smtpAccount();
        account.tls = TlsMode::StartTls;
        account.verifyPeer = false;
        account.caFile = QStringLiteral("/etc/ssl/test-ca.pem");
        account.auth = AuthMechanism::Login;
        account.fromAddress = QStringLiteral("Shop <news@example.org>");
        account.rate = {600, 60};
        account.dailyCap = 10000;
        account.maxConnections = 8;
        account.warmup = {50, 100};
        const auto created = accounts.create(account);
        QVERIFY(created.ok());
        QVERIFY(created->id > 0);
        const auto read = accounts.byName(QStringLiteral("relay"));
        QVERIFY(read.ok());
        QCOMPARE(read->url, account.url);
        QCOMPARE(read->username, account.username);
        QCOMPARE(read->secretRef, account.secretRef);
        QCOMPARE(read->tls, TlsMode::StartTls);
        QCOMPARE(read->verifyPeer, false);
        QCOMPARE(read->caFile, account.caFile);
        QCOMPARE(read->auth, AuthMechanism::Login);
        QCOMPARE(read->fromAddress, account.fromAddress);
        QCOMPARE(read->rate, account.rate);
        QCOMPARE(read->dailyCap, 10000);
        QCOMPARE(read->maxConnections, 8);
        QCOMPARE(read->warmup, account.warmup);
        QVERIFY(read->createdAtMs > 0);

        QCOMPARE(accounts.create(account).error().code, ErrorCode::AlreadyExists);
        Account invalid = account;
        invalid.name = QStringLiteral("other");
        invalid.url = QStringLiteral("ftp://x");
        QCOMPARE(accounts.create(invalid).error().code, ErrorCode::InvalidInput);

        Account changed = *read;
        changed.rate = {20, 1};
        QVERIFY(accounts.update(changed).ok());
        QCOMPARE(accounts.byId(read->id)->rate, (SendRate{20, 1}));
        QCOMPARE(accounts.all()->size(), 1);
        QVERIFY(accounts.remove(read->id).ok());
        QCOMPARE(accounts.byName(QStringLiteral("relay")).error().code, ErrorCode::NotFound);
        QCOMPARE(accounts.remove(read->id).error().code, ErrorCode::NotFound);
    }

    void repositoryKeepsAMinimalAccount()
    {
        Test::TempDatabase temp;
        Storage::AccountRepository accounts(temp.db());
        Account outbox; // every optional text left null
        outbox.name = QStringLiteral("sandbox");
        outbox.url = QStringLiteral("outbox:///tmp/postroom-outbox");
        outbox.tls = TlsMode::None;
        const auto created = accounts.create(outbox);
        QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().describe()));
        const auto read = accounts.byName(QStringLiteral("sandbox"));
        QVERIFY(read.ok());
        QVERIFY(read->username.isEmpty());
        QVERIFY(read->secretRef.isEmpty());
        QVERIFY(read->warmup.isEmpty());
        QVERIFY(read->rate.isUnlimited());
        QCOMPARE(read->maxConnections, 4);
    }
};

QTEST_GUILESS_MAIN(TestAccount)
#include "tst_account.moc"
