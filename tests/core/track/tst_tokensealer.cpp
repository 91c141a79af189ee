#include "core/track/TokenSealer.h"
#include "core/track/TrackingSecret.h"

#include "core/storage/SettingsRepository.h"
#include "tests/support/TempDatabase.h"

#include <QFile>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Track;

class TestTokenSealer : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip()
    {
        const TokenSealer sealer("a shared secret of some length");
        const QByteArray token =
            sealer.seal(TokenKind::Click, "abcdefghijklmnop", "https://shop.example/a?b=1&c=ü");
        for (const char c : token)
            QVERIFY((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_');
        const auto payload = sealer.open(token);
        QVERIFY(payload.ok());
        QCOMPARE(payload->kind, TokenKind::Click);
        QCOMPARE(payload->messageRef, QByteArray("abcdefghijklmnop"));
        QCOMPARE(payload->url, QByteArray("https://shop.example/a?b=1&c=ü"));
    }

    void compact()
    {
        const TokenSealer sealer("secret secret secret");
        QVERIFY(sealer.seal(TokenKind::Unsubscribe, "abcdefghijklmnop").size() <= 48);
    }

    void tamperedTokensAreRefused()
    {
        const TokenSealer sealer("secret secret secret");
        const QByteArray token =
            sealer.seal(TokenKind::Click, "abcdefghijklmnop", "https://a.example/");
        // Every single-character change anywhere is caught.
        for (qsizetype i = 0; i < token.size(); ++i) {
            QByteArray changed = token;
            changed[i] = changed[i] == 'A' ? 'B' : 'A';
            QVERIFY2(!sealer.open(changed).ok(), changed.constData());
        }
        QVERIFY(!sealer.open(token.left(token.size() - 1)).ok());
        QVERIFY(!sealer.open(token + "A").ok());
        QVERIFY(!sealer.open("").ok());
        QVERIFY(!sealer.open("!!!!").ok());
        QVERIFY(!sealer.open(QByteArray(10000, 'A')).ok());
        // A token sealed with another secret is refused.
        const TokenSealer other("another secret entirely");
        QVERIFY(!other.open(token).ok());
    }

    void bearerDiffersFromSealingKey()
    {
        const QByteArray bearer = TokenSealer::bearerToken("secret secret secret");
        QCOMPARE(bearer, TokenSealer::bearerToken("secret secret secret"));
        QVERIFY(bearer != TokenSealer::bearerToken("secret secret secreT"));
        QVERIFY(bearer.size() >= 40);
    }

    void secretIsMadeOnceAndKeptOutOfTheDatabase_data()
    {
        QTest::addColumn<QByteArray>("store");
        QTest::newRow("file store chosen") << QByteArray("file");
        // No D-Bus session in tests: the default keychain falls back to the file store.
        QTest::newRow("default without keychain") << QByteArray();
    }

    void secretIsMadeOnceAndKeptOutOfTheDatabase()
    {
        QFETCH(QByteArray, store);
        qputenv("POSTROOM_SECRET_STORE", store);
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        Test::TempDatabase db;
        const auto first = TrackingSecret::load(db.db());
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().describe()));
        QCOMPARE(first->size(), 64);
        const auto ref = Storage::SettingsRepository(db.db()).value(TrackingSecret::settingKey());
        QVERIFY(ref.ok() && ref->has_value());
        QVERIFY2(ref->value().startsWith(QLatin1String("file:tracking-")),
                 qPrintable(ref->value()));
        QVERIFY(!ref->value().contains(QString::fromLatin1(*first)));
        QFile sqlite(db.path());
        QVERIFY(sqlite.open(QIODevice::ReadOnly));
        QVERIFY(!sqlite.readAll().contains(*first));
        const auto second = TrackingSecret::load(db.db());
        QVERIFY(second.ok());
        QCOMPARE(*second, *first);
        qunsetenv("POSTROOM_SECRET_STORE");
    }

    void secretFromEnvironment()
    {
        Test::TempDatabase db;
        QVERIFY(
            Storage::SettingsRepository(db.db())
                .setValue(TrackingSecret::settingKey(), QStringLiteral("env:POSTROOM_TEST_SECRET"))
                .ok());
        qputenv("POSTROOM_TEST_SECRET", "short");
        QVERIFY(!TrackingSecret::load(db.db()).ok());
        qputenv("POSTROOM_TEST_SECRET", "a long enough secret value");
        QCOMPARE(*TrackingSecret::load(db.db()), QByteArray("a long enough secret value"));
    }
};

QTEST_GUILESS_MAIN(TestTokenSealer)
#include "tst_tokensealer.moc"
