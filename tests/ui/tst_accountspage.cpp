#include "core/secrets/FileSecretStore.h"
#include "core/secrets/SecretRef.h"
#include "core/storage/AccountRepository.h"
#include "tests/support/FakeSmtpServer.h"
#include "tests/support/TempDatabase.h"
#include "tests/ui/UiTestSupport.h"
#include "ui/accounts/AccountDialog.h"
#include "ui/accounts/AccountsPage.h"
#include "ui/accounts/AccountsTableModel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

using namespace Postroom;
using namespace Postroom::Ui;
using Postroom::Test::child;

namespace {

const QByteArray kPassword = "pw-Zq8!never-in-the-db";

/** Everything SQLite holds for the database: the main file and its write-ahead log. */
QByteArray databaseBytes(const QString& path)
{
    QByteArray all;
    for (const QString& file : {path, path + QStringLiteral("-wal")}) {
        QFile f(file);
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

} // namespace

class TestAccountsPage : public QObject
{
    Q_OBJECT

public:
    static void initMain() { Test::usePrivateHomeWithFileSecrets(); }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void addsAndTestsAnOutboxAccount()
    {
        Test::TempDatabase temp;
        QTemporaryDir outbox;
        AccountsPage page(temp.db());
        page.show();
        QSignalSpy loaded(&page, &AccountsPage::accountsLoaded);
        QVERIFY(loaded.wait());
        QCOMPARE(page.model()->rowCount(), 0);
        QVERIFY(child<QLabel>(&page, "accountsEmpty")->isVisible());

        page.addAccount();
        auto* dialog = page.findChild<AccountDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY(!child<QLabel>(dialog, "secretStoreStatus")
                         ->text()
                         .contains(QStringLiteral("Checking")));
        child<QLineEdit>(dialog, "accountName")->setText(QStringLiteral("sandbox"));
        const QString folder = outbox.filePath(QStringLiteral("my outbox"));
        child<QLineEdit>(dialog, "accountUrl")->setText(QStringLiteral("outbox://") + folder);
        // An outbox has no server: no TLS, no sign-in.
        QVERIFY(!child<QComboBox>(dialog, "accountTls")->isEnabled());
        child<QSpinBox>(dialog, "rateCount")->setValue(20);
        child<QComboBox>(dialog, "ratePeriod")->setCurrentIndex(0);
        child<QSpinBox>(dialog, "dailyCap")->setValue(5000);
        child<QSpinBox>(dialog, "maxConnections")->setValue(2);
        child<QLineEdit>(dialog, "warmupPlan")->setText(QStringLiteral("50, 100,200"));
        child<QPushButton>(dialog, "accountSaveButton")->click();
        QVERIFY(loaded.wait());

        QCOMPARE(page.model()->rowCount(), 1);
        const Send::Account stored = page.model()->accounts().first();
        QCOMPARE(stored.name, QStringLiteral("sandbox"));
        QCOMPARE(stored.kind(), Send::AccountKind::Outbox);
        QCOMPARE(stored.outboxPath(), folder);
        QCOMPARE(stored.rate.toString(), QStringLiteral("20/s"));
        QCOMPARE(stored.dailyCap, 5000);
        QCOMPARE(stored.maxConnections, 2);
        QCOMPARE(stored.warmup, (QList<int>{50, 100, 200}));
        QVERIFY(stored.secretRef.isEmpty());
        const QAbstractItemModel* model = page.model();
        QCOMPARE(model->index(0, AccountsTableModel::RateColumn).data().toString(),
                 QStringLiteral("20 per second"));
        QCOMPARE(model->index(0, AccountsTableModel::TestColumn).data().toString(),
                 QStringLiteral("Not tested"));
        QCOMPARE(page.currentAccountId(), stored.id);

        QSignalSpy tested(&page, &AccountsPage::testFinished);
        child<QPushButton>(&page, "testAccountButton")->click();
        QCOMPARE(model->index(0, AccountsTableModel::TestColumn).data().toString(),
                 QStringLiteral("Testing…"));
        QVERIFY(tested.wait());
        QCOMPARE(tested.first().at(1).toBool(), true);
        QCOMPARE(model->index(0, AccountsTableModel::TestColumn).data().toString(),
                 QStringLiteral("OK"));
        QVERIFY(QDir(folder).exists()); // the test made the folder
        const QString details = child<QTextBrowser>(&page, "accountTestDetails")->toPlainText();
        QVERIFY2(details.contains(QStringLiteral("OUTBOX")), qPrintable(details));
    }

    void storesThePasswordOutsideTheDatabase()
    {
        Test::TempDatabase temp;
        Test::FakeSmtpServer server;
        AccountsPage page(temp.db());
        page.show();
        QSignalSpy loaded(&page, &AccountsPage::accountsLoaded);
        QVERIFY(loaded.wait());

        page.addAccount();
        auto* dialog = page.findChild<AccountDialog*>();
        QVERIFY(dialog);
        auto* storeStatus = child<QLabel>(dialog, "secretStoreStatus");
        QTRY_VERIFY(storeStatus->text().contains(QStringLiteral("NOT encrypted")));
        QVERIFY(child<QRadioButton>(dialog, "passwordInStore")->isEnabled());
        child<QLineEdit>(dialog, "accountName")->setText(QStringLiteral("relay"));
        child<QLineEdit>(dialog, "accountUrl")
            ->setText(QStringLiteral("smtp://127.0.0.1:%1").arg(server.port()));
        auto* tls = child<QComboBox>(dialog, "accountTls");
        QCOMPARE(Send::TlsMode(tls->currentData().toInt()), Send::TlsMode::StartTls);
        auto* tlsWarning = child<QLabel>(dialog, "tlsWarning");
        QVERIFY(!tlsWarning->isVisible());
        auto* skip = child<QCheckBox>(dialog, "skipVerify");
        skip->setChecked(true);
        QVERIFY(child<QLabel>(dialog, "verifyWarning")->isVisible());
        skip->setChecked(false);
        QVERIFY(!child<QLabel>(dialog, "verifyWarning")->isVisible());
        // The fake server cannot do TLS: plain text, and the dialog says what that means.
        tls->setCurrentIndex(tls->findData(int(Send::TlsMode::None)));
        QVERIFY(tlsWarning->isVisible());
        child<QLineEdit>(dialog, "accountUser")->setText(QStringLiteral("mailer"));
        QVERIFY(tlsWarning->text().contains(QStringLiteral("password")));
        child<QLineEdit>(dialog, "accountPassword")->setText(QString::fromLatin1(kPassword));

        // Test before saving: the typed password is used as it is.
        QSignalSpy dialogTested(dialog, &AccountDialog::testFinished);
        child<QPushButton>(dialog, "dialogTestButton")->click();
        QVERIFY(dialogTested.wait(10000));
        QVERIFY2(dialogTested.first().first().toBool(),
                 qPrintable(child<QTextBrowser>(dialog, "dialogTestResult")->toPlainText()));
        QVERIFY(server.plainCredentials().contains(kPassword));
        QVERIFY(child<QTextBrowser>(dialog, "dialogTestResult")
                    ->toPlainText()
                    .contains(QStringLiteral("AUTH PLAIN LOGIN")));

        child<QPushButton>(dialog, "accountSaveButton")->click();
        QVERIFY(loaded.wait());
        QCOMPARE(page.model()->rowCount(), 1);
        const Send::Account stored = page.model()->accounts().first();
        const auto ref = Secrets::SecretRef::parse(stored.secretRef);
        QVERIFY(ref);
        QCOMPARE(ref->kind(), Secrets::SecretRef::Kind::File);

        // The password is in the 0600 secrets file, and nowhere in the database.
        const QString secrets = Secrets::FileSecretStore::defaultPath(temp.path());
        QVERIFY(QFile::exists(secrets));
        QCOMPARE(QFile::permissions(secrets) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        const QByteArray db = databaseBytes(temp.path());
        QVERIFY(!db.isEmpty());
        QVERIFY(db.contains("relay"));
        QVERIFY(!db.contains(kPassword));
        QVERIFY(!db.contains(kPassword.toBase64()));

        // The page's test reads the password back from the store.
        const int before = static_cast<int>(server.commands().count(QStringLiteral("AUTH")));
        QSignalSpy tested(&page, &AccountsPage::testFinished);
        page.testAccount();
        QVERIFY(tested.wait(10000));
        QVERIFY(tested.first().at(1).toBool());
        QCOMPARE(server.commands().count(QStringLiteral("AUTH")), before + 1);
        QVERIFY(server.plainCredentials().contains(kPassword));
        QVERIFY(page.model()
                    ->index(0, AccountsTableModel::TestColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("OK (AUTH")));

        // Deleting the account forgets its password.
        QVERIFY(Secrets::FileSecretStore(secrets).load(ref->name()).ok());
        page.deleteAccount();
        auto* box = page.findChild<QMessageBox*>(QStringLiteral("deleteAccountDialog"));
        QVERIFY(box);
        box->button(QMessageBox::Yes)->click();
        QVERIFY(loaded.wait());
        QCOMPARE(page.model()->rowCount(), 0);
        QCOMPARE(Secrets::FileSecretStore(secrets).load(ref->name()).error().code,
                 ErrorCode::NotFound);
    }

    void showsTheExactFailure()
    {
        Test::TempDatabase temp;
        // A port nobody listens on: the test must say "refused", not just "failed".
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        Send::Account account;
        account.name = QStringLiteral("nowhere");
        account.url = QStringLiteral("smtp://127.0.0.1:%1").arg(port);
        QVERIFY(Storage::AccountRepository(temp.db()).create(account));

        AccountsPage page(temp.db());
        page.show();
        QSignalSpy loaded(&page, &AccountsPage::accountsLoaded);
        QVERIFY(loaded.wait());
        QSignalSpy tested(&page, &AccountsPage::testFinished);
        page.testAccount();
        QVERIFY(tested.wait(10000));
        QCOMPARE(tested.first().at(1).toBool(), false);
        QCOMPARE(page.model()->index(0, AccountsTableModel::TestColumn).data().toString(),
                 QStringLiteral("Failed: refused"));
        const QString details = child<QTextBrowser>(&page, "accountTestDetails")->toPlainText();
        QVERIFY2(details.contains(QStringLiteral("refused")), qPrintable(details));
    }

    void editsLimitsAndRefusesBadInput()
    {
        Test::TempDatabase temp;
        Send::Account account;
        account.name = QStringLiteral("main");
        account.url = QStringLiteral("smtps://mail.example.com:465");
        account.tls = Send::TlsMode::Implicit;
        QVERIFY(Storage::AccountRepository(temp.db()).create(account));

        AccountsPage page(temp.db());
        page.show();
        QSignalSpy loaded(&page, &AccountsPage::accountsLoaded);
        QVERIFY(loaded.wait());
        page.editAccount();
        auto* dialog = page.findChild<AccountDialog*>();
        QVERIFY(dialog);
        auto* tls = child<QComboBox>(dialog, "accountTls");
        QCOMPARE(Send::TlsMode(tls->currentData().toInt()), Send::TlsMode::Implicit);
        // smtp:// switches implicit TLS back to the required STARTTLS.
        child<QLineEdit>(dialog, "accountUrl")->setText(QStringLiteral("smtp://mail.example.com"));
        QCOMPARE(Send::TlsMode(tls->currentData().toInt()), Send::TlsMode::StartTls);
        child<QLineEdit>(dialog, "warmupPlan")->setText(QStringLiteral("50,zero"));
        child<QPushButton>(dialog, "accountSaveButton")->click();
        auto* status = child<QLabel>(dialog, "accountDialogStatus");
        QVERIFY(!status->text().isEmpty());
        QVERIFY(dialog->isVisible());

        child<QLineEdit>(dialog, "warmupPlan")->clear();
        child<QSpinBox>(dialog, "rateCount")->setValue(600);
        child<QComboBox>(dialog, "ratePeriod")->setCurrentIndex(1);
        child<QPushButton>(dialog, "accountSaveButton")->click();
        QVERIFY(loaded.wait());
        const auto saved = Storage::AccountRepository(temp.db()).byName(QStringLiteral("main"));
        QVERIFY(saved);
        QCOMPARE(saved->url, QStringLiteral("smtp://mail.example.com"));
        QCOMPARE(saved->tls, Send::TlsMode::StartTls);
        QCOMPARE(saved->rate.toString(), QStringLiteral("600/min"));
        QCOMPARE(page.model()->index(0, AccountsTableModel::RateColumn).data().toString(),
                 QStringLiteral("600 per minute"));
    }
};

QTEST_MAIN(TestAccountsPage)
#include "tst_accountspage.moc"
