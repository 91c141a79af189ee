// Secret references, the 0600 file store, environment references and the keychain's
// refusal where no keychain service runs.
#include "core/secrets/FileSecretStore.h"
#include "core/secrets/KeychainSecretStore.h"
#include "core/secrets/SecretVault.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Postroom;
using namespace Postroom::Secrets;

namespace {

mode_t modeOf(const QString& path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_mode & 0777;
}

// QVERIFY2 evaluates its message even on success: only read the error of a failure.
template <typename T> QByteArray why(const Result<T>& result)
{
    return result.ok() ? QByteArray() : result.error().describe().toUtf8();
}

int g_unencryptedWarnings = 0;
QtMessageHandler g_previousHandler = nullptr;

void countWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (message.contains(QLatin1String("UNENCRYPTED")))
        ++g_unencryptedWarnings;
    g_previousHandler(type, context, message);
}

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { g_previousHandler = qInstallMessageHandler(countWarnings); }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previousHandler);
        // Several file stores were used above; the user is warned once per process.
        QCOMPARE(g_unencryptedWarnings, 1);
    }

    void init() { qunsetenv("POSTROOM_SECRET_STORE"); }

    void parsesReferences_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("kind");
        QTest::newRow("empty") << QString() << true << int(SecretRef::Kind::None);
        QTest::newRow("env") << QStringLiteral("env:SMTP_PASS") << true
                             << int(SecretRef::Kind::Env);
        QTest::newRow("keychain") << QStringLiteral("keychain:account-0a1b") << true
                                  << int(SecretRef::Kind::Keychain);
        QTest::newRow("file") << QStringLiteral("file:account-0a1b") << true
                              << int(SecretRef::Kind::File);
        QTest::newRow("env with digit start") << QStringLiteral("env:1X") << false << 0;
        QTest::newRow("env with space") << QStringLiteral("env:A B") << false << 0;
        QTest::newRow("file climbing") << QStringLiteral("file:../x") << false << 0;
        QTest::newRow("unknown scheme") << QStringLiteral("vault:x") << false << 0;
        QTest::newRow("a bare password") << QStringLiteral("hunter2") << false << 0;
    }

    void parsesReferences()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(int, kind);
        const auto ref = SecretRef::parse(text);
        QCOMPARE(ref.ok(), valid);
        if (!valid) {
            QCOMPARE(ref.error().code, ErrorCode::InvalidInput);
            return;
        }
        QCOMPARE(int(ref->kind()), kind);
        QCOMPARE(ref->toString(), text);
    }

    void fileStoreKeepsSecretsPrivately()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("db.sqlite.secrets"));
        FileSecretStore store(path);
        QVERIFY(store.store(QStringLiteral("a"), QByteArray("pässword\n\0x", 11)).ok());
        QVERIFY(store.store(QStringLiteral("b"), "other").ok());
        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(*store.load(QStringLiteral("a")), QByteArray("pässword\n\0x", 11));
        QCOMPARE(*FileSecretStore(path).load(QStringLiteral("b")), QByteArray("other"));
        QVERIFY(store.remove(QStringLiteral("a")).ok());
        QCOMPARE(store.load(QStringLiteral("a")).error().code, ErrorCode::NotFound);
        QVERIFY(store.remove(QStringLiteral("a")).ok()); // removing twice is fine
        QCOMPARE(*store.load(QStringLiteral("b")), QByteArray("other"));
        // No temporary or lock files are left beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
                 QStringList{QStringLiteral("db.sqlite.secrets")});
    }

    void fileStoreRefusesFileOthersCanRead()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s"));
        QFile loose(path);
        QVERIFY(loose.open(QIODevice::WriteOnly));
        loose.write(R"({"version":1,"secrets":{}})");
        loose.close();
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        FileSecretStore store(path);
        // Reading a file others can read is refused ...
        const auto read = store.load(QStringLiteral("x"));
        QCOMPARE(read.error().code, ErrorCode::Io);
        QVERIFY(read.error().message.contains(QStringLiteral("chmod 600")));
        // ... and so is writing into it, which would keep the mode.
        QVERIFY(!store.store(QStringLiteral("x"), "y").ok());
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);
        QVERIFY(store.store(QStringLiteral("x"), "y").ok());
        QCOMPARE(modeOf(path), mode_t(0600));
    }

    void fileStoreRefusesDamagedFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not json");
        file.close();
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0600) == 0);
        QCOMPARE(FileSecretStore(path).load(QStringLiteral("x")).error().code, ErrorCode::Io);
    }

    void vaultUsesTheConfiguredStore()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("p.sqlite"));
        qputenv("POSTROOM_SECRET_STORE", "file");
        SecretVault vault(database);
        const QString key = SecretVault::newKey(QStringLiteral("account"));
        QVERIFY(key.startsWith(QLatin1String("account-")));
        QVERIFY(key != SecretVault::newKey(QStringLiteral("account")));
        const auto ref = vault.keep(key, "topsecret");
        QVERIFY2(ref.ok(), why(ref).constData());
        QCOMPARE(ref->kind(), SecretRef::Kind::File);
        QCOMPARE(ref->toString(), QStringLiteral("file:") + key);
        QVERIFY(!ref->toString().contains(QStringLiteral("topsecret")));
        const auto resolved = vault.resolve(*ref);
        QVERIFY2(resolved.ok(), why(resolved).constData());
        QCOMPARE(*resolved, QByteArray("topsecret"));
        QVERIFY(QFile::exists(FileSecretStore::defaultPath(database)));
        QVERIFY(vault.forget(*ref).ok());
        QCOMPARE(vault.resolve(*ref).error().code, ErrorCode::NotFound);
    }

    void vaultRejectsUnknownStore()
    {
        qputenv("POSTROOM_SECRET_STORE", "plaintext");
        QCOMPARE(SecretVault::configuredKind().error().code, ErrorCode::InvalidInput);
        QVERIFY(!SecretVault(QStringLiteral("/tmp/x")).keep(QStringLiteral("k"), "s").ok());
    }

    void environmentReferenceResolvesAtUse()
    {
        SecretVault vault(QStringLiteral("/nonexistent/db"));
        const auto ref = SecretRef::environment(QStringLiteral("POSTROOM_TEST_SECRET_VAR"));
        QVERIFY(ref.ok());
        qunsetenv("POSTROOM_TEST_SECRET_VAR");
        const auto missing = vault.resolve(*ref);
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QStringLiteral("POSTROOM_TEST_SECRET_VAR")));
        qputenv("POSTROOM_TEST_SECRET_VAR", "");
        QVERIFY(!vault.resolve(*ref).ok());
        qputenv("POSTROOM_TEST_SECRET_VAR", "first");
        QCOMPARE(*vault.resolve(*ref), QByteArray("first"));
        qputenv("POSTROOM_TEST_SECRET_VAR", "rotated"); // read at use, not remembered
        QCOMPARE(*vault.resolve(*ref), QByteArray("rotated"));
        QVERIFY(vault.forget(*ref).ok());
    }

    void keychainRefusesWithBusButNoService()
    {
        // A private session bus with no Secret Service and no KWallet on it.
        QProcess bus;
        bus.start(QStringLiteral("dbus-daemon"),
                  {QStringLiteral("--session"), QStringLiteral("--nofork"),
                   QStringLiteral("--print-address=1")});
        QVERIFY2(bus.waitForStarted(), "dbus-daemon is needed (scripts/deps.sh --test)");
        QVERIFY(bus.waitForReadyRead(10000));
        const QByteArray address = bus.readLine().trimmed();
        const QByteArray saved = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("DBUS_SESSION_BUS_ADDRESS", address);
        QVERIFY(KeychainSecretStore::checkAvailable().ok());
        const auto stored = KeychainSecretStore().store(QStringLiteral("k"), "s");
        qputenv("DBUS_SESSION_BUS_ADDRESS", saved);
        bus.terminate();
        bus.waitForFinished();
        QVERIFY(!stored.ok());
        QVERIFY2(why(stored).contains("POSTROOM_SECRET_STORE=file"), why(stored).constData());
    }

    void keychainRefusesWithoutService()
    {
        const QByteArray savedBus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        const QByteArray savedRuntime = qgetenv("XDG_RUNTIME_DIR");
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/postroom-test-bus");
        qunsetenv("XDG_RUNTIME_DIR");
        KeychainSecretStore store;
        const auto stored = store.store(QStringLiteral("k"), "s");
        QVERIFY(!stored.ok());
        QVERIFY2(why(stored).contains("POSTROOM_SECRET_STORE=file"), why(stored).constData());
        QVERIFY(!store.load(QStringLiteral("k")).ok());
        // Through the vault, with the default store, the same refusal.
        const auto kept = SecretVault(QStringLiteral("/tmp/x")).keep(QStringLiteral("k"), "s");
        QVERIFY(!kept.ok());
        QVERIFY(kept.error().message.contains(QStringLiteral("keychain")));
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        QVERIFY(!KeychainSecretStore::checkAvailable().ok());
        if (!savedBus.isEmpty())
            qputenv("DBUS_SESSION_BUS_ADDRESS", savedBus);
        if (!savedRuntime.isEmpty())
            qputenv("XDG_RUNTIME_DIR", savedRuntime);
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
