#include "core/storage/CampaignRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/TemplateRepository.h"
#include "tests/support/TempDatabase.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Storage;

namespace {

CampaignSettings validSettings()
{
    CampaignSettings s;
    s.fromName = QStringLiteral("新闻 News");
    s.fromAddress = QStringLiteral("news@example.com");
    s.accounts = {QStringLiteral("main"), QStringLiteral("backup")};
    return s;
}

struct Fixture
{
    Test::TempDatabase temp;
    qint64 listId = 0;
    qint64 templateId = 0;

    Fixture()
    {
        listId = ListRepository(temp.db()).create(QStringLiteral("Customers"))->id;
        StoredTemplate tmpl;
        tmpl.name = QStringLiteral("Welcome");
        tmpl.subject = QStringLiteral("Hi");
        tmpl.html = QStringLiteral("<p>Hi</p>");
        templateId = TemplateRepository(temp.db()).add(tmpl)->id;
    }
};

} // namespace

class TestCampaignRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void createAndReadBackEverySetting()
    {
        Fixture f;
        CampaignRepository campaigns(f.temp.db());
        CampaignSettings s = validSettings();
        s.replyTo = QStringLiteral("reply@example.com");
        s.returnPath = QStringLiteral("bounces@example.com");
        s.trackOpens = true;
        s.trackClicks = true;
        s.trackingUrl = QStringLiteral("https://t.example.com/base");
        s.unsubscribeUrl = QStringLiteral("https://u.example.com");
        s.dkimDomain = QStringLiteral("example.com");
        s.dkimSelector = QStringLiteral("s2024._x");
        s.dkimKeyPath = QStringLiteral("/etc/keys/dkim.pem");
        s.retryBaseSeconds = 2;
        s.retryExpirySeconds = 90;
        const auto created =
            campaigns.create(QStringLiteral(" Spring 春季 "), f.listId, f.templateId, s);
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().describe()));
        QCOMPARE(created->name, QStringLiteral("Spring 春季"));
        QCOMPARE(created->control, QStringLiteral("draft"));
        QCOMPARE(created->listName, QStringLiteral("Customers"));
        QCOMPARE(created->templateName, QStringLiteral("Welcome"));

        const auto read = campaigns.byName(QStringLiteral("Spring 春季"));
        QVERIFY(read.ok());
        const CampaignSettings& r = read->settings;
        QCOMPARE(r.toJson(), s.toJson());
        QCOMPARE(r.fromName, s.fromName);
        QCOMPARE(r.accounts, s.accounts);
        QCOMPARE(r.dkimKeyPath, s.dkimKeyPath);
        QCOMPARE(r.retryBaseSeconds, 2);
        QCOMPARE(r.retryExpirySeconds, 90);
        QVERIFY(r.trackOpens && r.trackClicks && r.hasDkim());

        // The snapshot is plain JSON the send engine can read; it holds no key material.
        QSqlQuery query(f.temp.db()->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT settings FROM campaigns")) && query.next());
        const QString json = query.value(0).toString();
        QVERIFY(json.contains(QLatin1String("\"dkim_key_path\":\"/etc/keys/dkim.pem\"")));
        QVERIFY(!json.contains(QLatin1String("PRIVATE KEY")));
        // Accounts are kept by name; campaign_accounts is the send engine's to fill.
        QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM campaign_accounts")) &&
                query.next());
        QCOMPARE(query.value(0).toInt(), 0);
    }

    void accountWeightsRoundTrip()
    {
        Fixture f;
        CampaignRepository campaigns(f.temp.db());
        CampaignSettings s = validSettings();
        s.accountWeights.insert(QStringLiteral("main"), 3);
        s.accountWeights.insert(QStringLiteral("backup"), 1);
        QVERIFY(s.validate().ok());
        // Only weights other than 1 are written; a missing name weighs 1.
        const QJsonObject weights = s.toJson().value(QStringLiteral("account_weights")).toObject();
        QCOMPARE(weights, (QJsonObject{{QStringLiteral("main"), 3}}));
        const auto created = campaigns.create(QStringLiteral("W"), f.listId, f.templateId, s);
        QVERIFY(created.ok());
        const auto read = campaigns.byId(created->id);
        QVERIFY(read.ok());
        QCOMPARE(read->settings.weightOf(QStringLiteral("main")), 3);
        QCOMPARE(read->settings.weightOf(QStringLiteral("backup")), 1);
        // Settings written before weights existed read as weight 1.
        QCOMPARE(CampaignSettings::fromJson({}).weightOf(QStringLiteral("main")), 1);
    }

    void scheduleOnlyADraftAndFindWhatIsDue()
    {
        Fixture f;
        CampaignRepository campaigns(f.temp.db());
        const qint64 early =
            campaigns.create(QStringLiteral("Early"), f.listId, f.templateId, validSettings())->id;
        const qint64 late =
            campaigns.create(QStringLiteral("Late"), f.listId, f.templateId, validSettings())->id;
        const qint64 plain =
            campaigns.create(QStringLiteral("Plain"), f.listId, f.templateId, validSettings())->id;
        QVERIFY(campaigns.setSchedule(early, 1000).ok());
        QVERIFY(campaigns.setSchedule(late, 5000).ok());
        QCOMPARE(campaigns.byId(early)->scheduledAtMs, qint64(1000));
        QCOMPARE(campaigns.byId(plain)->scheduledAtMs, qint64(0));

        auto due = campaigns.dueScheduled(999);
        QVERIFY(due.ok());
        QVERIFY(due->isEmpty());
        due = campaigns.dueScheduled(6000);
        QVERIFY(due.ok());
        QCOMPARE(due->size(), 2);
        QCOMPARE(due->at(0).id, early);
        QCOMPARE(due->at(1).id, late);

        // Cleared: a plain draft again.
        QVERIFY(campaigns.setSchedule(late, 0).ok());
        QCOMPARE(campaigns.byId(late)->scheduledAtMs, qint64(0));
        QCOMPARE(campaigns.dueScheduled(6000)->size(), 1);

        // Once queued (or cancelled) it is no draft: not due, and cannot be scheduled.
        QSqlQuery query(f.temp.db()->connection());
        QVERIFY(query.exec(
            QStringLiteral("UPDATE campaigns SET queued_at = 1 WHERE id = %1").arg(early)));
        QVERIFY(campaigns.byId(early)->queued);
        QVERIFY(campaigns.dueScheduled(6000)->isEmpty());
        const auto refused = campaigns.setSchedule(early, 9000);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
        QCOMPARE(campaigns.setSchedule(424242, 9000).error().code, ErrorCode::NotFound);
    }

    void defaultsAreFiveMinutesAndADay()
    {
        const CampaignSettings s = CampaignSettings::fromJson({});
        QCOMPARE(s.retryBaseSeconds, 300);
        QCOMPARE(s.retryExpirySeconds, 86400);
        QVERIFY(!s.trackOpens);
        QVERIFY(!s.hasDkim());
    }

    void namesAreUniqueAndListingIsByName()
    {
        Fixture f;
        CampaignRepository campaigns(f.temp.db());
        QVERIFY(
            campaigns.create(QStringLiteral("b"), f.listId, f.templateId, validSettings()).ok());
        QVERIFY(
            campaigns.create(QStringLiteral("a"), f.listId, f.templateId, validSettings()).ok());
        QCOMPARE(campaigns.create(QStringLiteral("a"), f.listId, f.templateId, validSettings())
                     .error()
                     .code,
                 ErrorCode::AlreadyExists);
        QCOMPARE(campaigns.create(QStringLiteral(""), f.listId, f.templateId, validSettings())
                     .error()
                     .code,
                 ErrorCode::InvalidInput);
        const auto all = campaigns.all();
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).name, QStringLiteral("a"));
        QCOMPARE(campaigns.byName(QStringLiteral("zzz")).error().code, ErrorCode::NotFound);
    }

    void updateAndRemove()
    {
        Fixture f;
        CampaignRepository campaigns(f.temp.db());
        const auto c =
            campaigns.create(QStringLiteral("c"), f.listId, f.templateId, validSettings());
        CampaignSettings s = validSettings();
        s.trackOpens = true;
        QVERIFY(campaigns.updateSettings(c->id, s).ok());
        QVERIFY(campaigns.byId(c->id)->settings.trackOpens);
        s.fromAddress = QStringLiteral("not an address");
        QCOMPARE(campaigns.updateSettings(c->id, s).error().code, ErrorCode::InvalidInput);
        QVERIFY(campaigns.remove(c->id).ok());
        QCOMPARE(campaigns.remove(c->id).error().code, ErrorCode::NotFound);
    }

    void invalidSettingsAreRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("from") << QStringLiteral("from") << QStringLiteral("news@");
        QTest::newRow("from with space")
            << QStringLiteral("from") << QStringLiteral("a b@example.com");
        QTest::newRow("reply-to") << QStringLiteral("reply") << QStringLiteral("nope");
        QTest::newRow("return path") << QStringLiteral("return") << QStringLiteral("@example.com");
        QTest::newRow("tracking url")
            << QStringLiteral("tracking") << QStringLiteral("ftp://x.com");
        QTest::newRow("unsubscribe url")
            << QStringLiteral("unsubscribe") << QStringLiteral("javascript:alert(1)");
        QTest::newRow("dkim half") << QStringLiteral("dkimhalf") << QString();
        QTest::newRow("dkim domain")
            << QStringLiteral("dkimdomain") << QStringLiteral("exa mple.com");
        QTest::newRow("no accounts") << QStringLiteral("accounts") << QString();
        QTest::newRow("twice the same account") << QStringLiteral("twice") << QString();
        QTest::newRow("base over expiry") << QStringLiteral("retry") << QString();
        QTest::newRow("newline in from name")
            << QStringLiteral("fromname") << QStringLiteral("a\nb");
        QTest::newRow("weight zero") << QStringLiteral("weight") << QStringLiteral("0");
        QTest::newRow("weight too big") << QStringLiteral("weight") << QStringLiteral("1001");
        QTest::newRow("weight of an account not used")
            << QStringLiteral("weightother") << QStringLiteral("2");
    }

    void invalidSettingsAreRefused()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        CampaignSettings s = validSettings();
        QVERIFY(s.validate().ok());
        if (field == QLatin1String("from"))
            s.fromAddress = value;
        else if (field == QLatin1String("reply"))
            s.replyTo = value;
        else if (field == QLatin1String("return"))
            s.returnPath = value;
        else if (field == QLatin1String("tracking"))
            s.trackingUrl = value;
        else if (field == QLatin1String("unsubscribe"))
            s.unsubscribeUrl = value;
        else if (field == QLatin1String("dkimhalf"))
            s.dkimDomain = QStringLiteral("example.com");
        else if (field == QLatin1String("dkimdomain")) {
            s.dkimDomain = value;
            s.dkimSelector = QStringLiteral("s1");
            s.dkimKeyPath = QStringLiteral("/k.pem");
        } else if (field == QLatin1String("accounts"))
            s.accounts.clear();
        else if (field == QLatin1String("twice"))
            s.accounts = {QStringLiteral("a"), QStringLiteral("a")};
        else if (field == QLatin1String("retry"))
            s.retryBaseSeconds = s.retryExpirySeconds + 1;
        else if (field == QLatin1String("fromname"))
            s.fromName = value;
        else if (field == QLatin1String("weight"))
            s.accountWeights.insert(QStringLiteral("main"), value.toInt());
        else if (field == QLatin1String("weightother"))
            s.accountWeights.insert(QStringLiteral("other"), value.toInt());
        const auto valid = s.validate();
        QVERIFY(!valid.ok());
        QCOMPARE(valid.error().code, ErrorCode::InvalidInput);
        Fixture f;
        QVERIFY(!CampaignRepository(f.temp.db())
                     .create(QStringLiteral("x"), f.listId, f.templateId, s)
                     .ok());
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds");
        QTest::newRow("2s") << QStringLiteral("2s") << qint64(2);
        QTest::newRow("5m") << QStringLiteral("5m") << qint64(300);
        QTest::newRow("24h") << QStringLiteral("24h") << qint64(86400);
        QTest::newRow("7d") << QStringLiteral("7d") << qint64(604800);
        QTest::newRow("upper case, spaces") << QStringLiteral(" 90S ") << qint64(90);
        QTest::newRow("no unit") << QStringLiteral("5") << qint64(-1);
        QTest::newRow("zero") << QStringLiteral("0s") << qint64(-1);
        QTest::newRow("negative") << QStringLiteral("-5m") << qint64(-1);
        QTest::newRow("fraction") << QStringLiteral("1.5h") << qint64(-1);
        QTest::newRow("unknown unit") << QStringLiteral("3w") << qint64(-1);
        QTest::newRow("too long") << QStringLiteral("366d") << qint64(-1);
        QTest::newRow("huge") << QStringLiteral("99999999999999999999h") << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const auto parsed = CampaignSettings::parseDuration(text);
        if (seconds < 0) {
            QVERIFY(!parsed.ok());
            QVERIFY(parsed.error().message.contains(text.trimmed()));
        } else {
            QVERIFY(parsed.ok());
            QCOMPARE(*parsed, seconds);
            QCOMPARE(*CampaignSettings::parseDuration(CampaignSettings::formatDuration(seconds)),
                     seconds);
        }
    }

    void privateKeyPemCheck()
    {
        QVERIFY(CampaignSettings::looksLikePrivateKeyPem(
                    "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI...\n-----END PRIVATE "
                    "KEY-----\n")
                    .ok());
        QVERIFY(CampaignSettings::looksLikePrivateKeyPem(
                    "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----\n")
                    .ok());
        QVERIFY(!CampaignSettings::looksLikePrivateKeyPem(
                     "-----BEGIN PUBLIC KEY-----\nMCow...\n-----END PUBLIC KEY-----\n")
                     .ok());
        QVERIFY(!CampaignSettings::looksLikePrivateKeyPem(
                     "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE "
                     "KEY-----\n")
                     .ok());
        QVERIFY(
            !CampaignSettings::looksLikePrivateKeyPem("-----BEGIN PRIVATE KEY-----\nMC4C\n").ok());
        QVERIFY(!CampaignSettings::looksLikePrivateKeyPem("hello").ok());
    }
};

QTEST_GUILESS_MAIN(TestCampaignRepository)
#include "tst_campaignrepository.moc"
