#include "ui/accounts/AccountDialog.h"

#include "core/secrets/FileSecretStore.h"
#include "core/secrets/KeychainSecretStore.h"
#include "core/secrets/SecretVault.h"
#include "core/storage/AccountRepository.h"
#include "ui/accounts/ConnectionTest.h"
#include "ui/common/Background.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTextBrowser>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace Postroom::Ui {

using Secrets::SecretRef;
using Send::Account;
using Send::TlsMode;

namespace {

constexpr int kMaxConnections = 100;

QLabel* warningLabel(QWidget* parent, const QString& objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    label->hide();
    return label;
}

/** A form label whose mnemonic focuses @p buddy (rows holding a layout get none). */
QLabel* buddyLabel(const QString& text, QWidget* buddy, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

/** outbox:///folder for a local folder, percent-encoded so spaces survive. */
QString outboxUrlFor(const QString& folder)
{
    QUrl url = QUrl::fromLocalFile(folder);
    url.setScheme(QStringLiteral("outbox"));
    return url.toString(QUrl::FullyEncoded);
}

/** What the store status says about where new passwords go. */
struct StoreStatus
{
    bool usable = true;
    bool warn = false;
    QString text;
};

StoreStatus secretStoreStatus(const QString& databasePath)
{
    const auto kind = Secrets::SecretVault::configuredKind();
    if (!kind)
        return {false, true, kind.error().message};
    if (*kind == SecretRef::Kind::File) {
        return {true, true,
                AccountDialog::tr("Passwords are kept in %1, a file only you can read (mode "
                                  "0600) but NOT encrypted, because POSTROOM_SECRET_STORE=file.")
                    .arg(Secrets::FileSecretStore::defaultPath(databasePath))};
    }
    if (auto available = Secrets::KeychainSecretStore::checkAvailable(); !available) {
        return {false, true,
                AccountDialog::tr("No keychain service is running (%1), so a password cannot be "
                                  "stored. Read it from an environment variable instead, or start "
                                  "Postroom with POSTROOM_SECRET_STORE=file to keep passwords in "
                                  "an unencrypted 0600 file next to the database.")
                    .arg(available.error().message)};
    }
    return {true, false, AccountDialog::tr("The password is kept in the system keychain.")};
}

} // namespace

AccountDialog::AccountDialog(Storage::DatabasePtr db, std::optional<Send::Account> account,
                             QWidget* parent)
    : QDialog(parent), m_db(std::move(db)), m_original(std::move(account))
{
    setObjectName(QStringLiteral("accountDialog"));
    setWindowTitle(m_original ? tr("Edit Account") : tr("Add Account"));

    // Server.
    auto* server = new QGroupBox(tr("Server"), this);
    m_name = new QLineEdit(server);
    m_name->setObjectName(QStringLiteral("accountName"));
    m_name->setPlaceholderText(tr("e.g. newsletter"));
    m_url = new QLineEdit(server);
    m_url->setObjectName(QStringLiteral("accountUrl"));
    m_url->setPlaceholderText(QStringLiteral("smtp://mail.example.com:587"));
    m_url->setToolTip(tr("smtp://host:port (STARTTLS), smtps://host:port (implicit TLS) or "
                         "outbox:///folder (writes .eml files, sends nothing)"));
    m_outboxButton = new QPushButton(tr("Outbox &Folder…"), server);
    m_outboxButton->setObjectName(QStringLiteral("outboxFolderButton"));
    m_outboxButton->setToolTip(tr("Write messages as .eml files into a folder instead of "
                                  "sending them: a sandbox to try a campaign"));
    auto* urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_outboxButton);

    m_tls = new QComboBox(server);
    m_tls->setObjectName(QStringLiteral("accountTls"));
    m_tls->addItem(tr("STARTTLS, required (smtp://, port 587)"), int(TlsMode::StartTls));
    m_tls->addItem(tr("Implicit TLS (smtps://, port 465)"), int(TlsMode::Implicit));
    m_tls->addItem(tr("None: plain text"), int(TlsMode::None));
    m_tlsWarning = warningLabel(server, QStringLiteral("tlsWarning"));
    m_skipVerify = new QCheckBox(tr("Skip certificate &verification"), server);
    m_skipVerify->setObjectName(QStringLiteral("skipVerify"));
    m_verifyWarning = warningLabel(server, QStringLiteral("verifyWarning"));
    m_caFile = new QLineEdit(server);
    m_caFile->setObjectName(QStringLiteral("accountCaFile"));
    m_caFile->setPlaceholderText(tr("the system's trusted certificates"));
    auto* caButton = new QPushButton(tr("&Browse…"), server);
    auto* caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(caButton);

    auto* serverForm = new QFormLayout(server);
    serverForm->addRow(tr("&Name:"), m_name);
    serverForm->addRow(buddyLabel(tr("&URL:"), m_url, server), urlRow);
    serverForm->addRow(tr("&TLS:"), m_tls);
    serverForm->addRow(QString(), m_tlsWarning);
    serverForm->addRow(QString(), m_skipVerify);
    serverForm->addRow(QString(), m_verifyWarning);
    serverForm->addRow(buddyLabel(tr("Trusted C&A file:"), m_caFile, server), caRow);

    // Sign-in.
    m_signIn = new QGroupBox(tr("Sign-in"), this);
    m_user = new QLineEdit(m_signIn);
    m_user->setObjectName(QStringLiteral("accountUser"));
    m_user->setPlaceholderText(tr("empty: no AUTH"));
    m_password = new QLineEdit(m_signIn);
    m_password->setObjectName(QStringLiteral("accountPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_inStore = new QRadioButton(tr("Keep the password in the secret store"), m_signIn);
    m_inStore->setObjectName(QStringLiteral("passwordInStore"));
    m_inStore->setChecked(true);
    m_inEnv = new QRadioButton(tr("Read it from an environment variable at each use"), m_signIn);
    m_inEnv->setObjectName(QStringLiteral("passwordInEnv"));
    m_envVariable = new QLineEdit(m_signIn);
    m_envVariable->setObjectName(QStringLiteral("passwordVariable"));
    m_envVariable->setPlaceholderText(QStringLiteral("SMTP_PASSWORD"));
    m_storeStatus = new QLabel(tr("Checking the secret store…"), m_signIn);
    m_storeStatus->setObjectName(QStringLiteral("secretStoreStatus"));
    m_storeStatus->setWordWrap(true);
    m_storeStatus->setTextFormat(Qt::PlainText);
    m_auth = new QComboBox(m_signIn);
    m_auth->setObjectName(QStringLiteral("accountAuth"));
    m_auth->addItem(tr("Automatic (what the server offers)"), int(Send::AuthMechanism::Auto));
    m_auth->addItem(QStringLiteral("PLAIN"), int(Send::AuthMechanism::Plain));
    m_auth->addItem(QStringLiteral("LOGIN"), int(Send::AuthMechanism::Login));
    m_auth->addItem(tr("XOAUTH2 (the password is an access token)"),
                    int(Send::AuthMechanism::XOAuth2));

    auto* signInForm = new QFormLayout(m_signIn);
    signInForm->addRow(tr("U&ser:"), m_user);
    signInForm->addRow(tr("&Password:"), m_password);
    signInForm->addRow(QString(), m_inStore);
    signInForm->addRow(QString(), m_inEnv);
    signInForm->addRow(tr("&Variable:"), m_envVariable);
    signInForm->addRow(QString(), m_storeStatus);
    signInForm->addRow(tr("AU&TH:"), m_auth);

    // Sending.
    auto* sending = new QGroupBox(tr("Sending"), this);
    m_from = new QLineEdit(sending);
    m_from->setObjectName(QStringLiteral("accountFrom"));
    m_from->setPlaceholderText(QStringLiteral("sender@example.com"));
    m_rateCount = new QSpinBox(sending);
    m_rateCount->setObjectName(QStringLiteral("rateCount"));
    m_rateCount->setRange(0, 1000000);
    m_rateCount->setSpecialValueText(tr("unlimited"));
    m_ratePeriod = new QComboBox(sending);
    m_ratePeriod->setObjectName(QStringLiteral("ratePeriod"));
    m_ratePeriod->addItem(tr("per second"), 1);
    m_ratePeriod->addItem(tr("per minute"), 60);
    m_ratePeriod->addItem(tr("per hour"), 3600);
    auto* rateRow = new QHBoxLayout;
    rateRow->addWidget(m_rateCount, 1);
    rateRow->addWidget(m_ratePeriod);
    m_dailyCap = new QSpinBox(sending);
    m_dailyCap->setObjectName(QStringLiteral("dailyCap"));
    m_dailyCap->setRange(0, 100000000);
    m_dailyCap->setSpecialValueText(tr("no cap"));
    m_dailyCap->setToolTip(tr("At most this many messages in any 24 hours"));
    m_connections = new QSpinBox(sending);
    m_connections->setObjectName(QStringLiteral("maxConnections"));
    m_connections->setRange(1, kMaxConnections);
    m_connections->setValue(4);
    m_warmup = new QLineEdit(sending);
    m_warmup->setObjectName(QStringLiteral("warmupPlan"));
    m_warmup->setPlaceholderText(tr("e.g. 50,100,200,400"));
    m_warmup->setToolTip(tr("Daily caps for day 1, 2, … of a new sender, rising day by day; "
                            "after the plan, the daily cap applies"));

    auto* sendingForm = new QFormLayout(sending);
    sendingForm->addRow(tr("Default &From:"), m_from);
    sendingForm->addRow(buddyLabel(tr("&Rate:"), m_rateCount, sending), rateRow);
    sendingForm->addRow(tr("&Daily cap:"), m_dailyCap);
    sendingForm->addRow(tr("Parallel &connections:"), m_connections);
    sendingForm->addRow(tr("&Warm-up plan:"), m_warmup);

    // Test and status.
    m_testButton = new QPushButton(tr("T&est Connection"), this);
    m_testButton->setObjectName(QStringLiteral("dialogTestButton"));
    m_testResult = new QTextBrowser(this);
    m_testResult->setObjectName(QStringLiteral("dialogTestResult"));
    m_testResult->setMaximumHeight(120);
    m_testResult->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("accountDialogStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setStyleSheet(QStringLiteral("color: #b00020;"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_okButton = buttons->button(QDialogButtonBox::Save);
    m_okButton->setObjectName(QStringLiteral("accountSaveButton"));
    buttons->addButton(m_testButton, QDialogButtonBox::ActionRole);

    auto* columns = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addWidget(server);
    left->addWidget(m_signIn);
    left->addStretch();
    auto* right = new QVBoxLayout;
    right->addWidget(sending);
    right->addWidget(m_testResult, 1);
    right->addStretch();
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    auto* layout = new QVBoxLayout(this);
    // The dialog grows when a warning appears instead of clipping it.
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    layout->addLayout(columns);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &AccountDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_url, &QLineEdit::textChanged, this, &AccountDialog::urlChanged);
    connect(m_outboxButton, &QPushButton::clicked, this, &AccountDialog::chooseOutboxFolder);
    connect(caButton, &QPushButton::clicked, this, &AccountDialog::chooseCaFile);
    connect(m_tls, &QComboBox::currentIndexChanged, this, &AccountDialog::updateWarnings);
    connect(m_skipVerify, &QCheckBox::toggled, this, &AccountDialog::updateWarnings);
    connect(m_user, &QLineEdit::textChanged, this, &AccountDialog::updateWarnings);
    connect(m_inEnv, &QRadioButton::toggled, this, &AccountDialog::updateWarnings);
    connect(m_testButton, &QPushButton::clicked, this, &AccountDialog::test);

    if (m_original)
        showAccount(*m_original);
    updateWarnings();
    checkSecretStore();
}

void AccountDialog::showAccount(const Account& account)
{
    m_name->setText(account.name);
    m_url->setText(account.url);
    m_tls->setCurrentIndex(m_tls->findData(int(account.tls)));
    m_skipVerify->setChecked(!account.verifyPeer);
    m_caFile->setText(account.caFile);
    m_user->setText(account.username);
    m_auth->setCurrentIndex(m_auth->findData(int(account.auth)));
    const auto ref = SecretRef::parse(account.secretRef);
    if (ref && ref->kind() == SecretRef::Kind::Env) {
        m_inEnv->setChecked(true);
        m_envVariable->setText(ref->name());
    } else if (ref && !ref->isNone()) {
        m_password->setPlaceholderText(ref->kind() == SecretRef::Kind::Keychain
                                           ? tr("unchanged (kept in the keychain)")
                                           : tr("unchanged (kept in the secrets file)"));
    }
    m_from->setText(account.fromAddress);
    m_rateCount->setValue(account.rate.count);
    m_ratePeriod->setCurrentIndex(std::max(0, m_ratePeriod->findData(account.rate.periodSeconds)));
    m_dailyCap->setValue(account.dailyCap);
    m_connections->setValue(account.maxConnections);
    m_warmup->setText(Account::warmupToString(account.warmup));
}

void AccountDialog::checkSecretStore()
{
    // Asking for the keychain may wait on D-Bus: never on the GUI thread.
    runInBackground(
        this, [path = m_db->path()] { return secretStoreStatus(path); },
        [this](const StoreStatus& status) {
            m_storeUsable = status.usable;
            m_storeStatus->setText(status.text);
            // The text arrives after the layout was made: make room for all its lines.
            QTimer::singleShot(0, m_storeStatus, [label = m_storeStatus] {
                label->setMinimumHeight(label->heightForWidth(label->width()));
            });
            m_storeStatus->setStyleSheet(status.warn ? QStringLiteral("color: #b00020;")
                                                     : QString());
            if (!status.usable) {
                m_inStore->setEnabled(false);
                if (m_inStore->isChecked() && !m_original)
                    m_inEnv->setChecked(true);
            }
            updateWarnings();
        });
}

void AccountDialog::urlChanged()
{
    // The scheme decides the TLS mode for smtps:// (always implicit) and smtp://
    // (STARTTLS unless the user asked for none); the user's "none" is kept.
    const QString scheme = QUrl(m_url->text().trimmed()).scheme();
    const auto current = TlsMode(m_tls->currentData().toInt());
    if (scheme == QLatin1String("smtps"))
        m_tls->setCurrentIndex(m_tls->findData(int(TlsMode::Implicit)));
    else if (scheme == QLatin1String("smtp") && current == TlsMode::Implicit)
        m_tls->setCurrentIndex(m_tls->findData(int(TlsMode::StartTls)));
    updateWarnings();
}

void AccountDialog::chooseOutboxFolder()
{
    const Account entered = enteredAccount();
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Outbox Folder"), entered.outboxPath(), QFileDialog::ShowDirsOnly);
    if (!folder.isEmpty())
        m_url->setText(outboxUrlFor(folder));
}

void AccountDialog::chooseCaFile()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Trusted CA Certificates"), m_caFile->text(),
                                     tr("PEM certificates (*.pem *.crt);;All files (*)"));
    if (!file.isEmpty())
        m_caFile->setText(file);
}

void AccountDialog::updateWarnings()
{
    const bool outbox = enteredAccount().kind() == Send::AccountKind::Outbox;
    const auto tls = TlsMode(m_tls->currentData().toInt());
    for (QWidget* widget : {static_cast<QWidget*>(m_tls), static_cast<QWidget*>(m_skipVerify),
                            static_cast<QWidget*>(m_caFile), static_cast<QWidget*>(m_signIn)})
        widget->setEnabled(!outbox && !m_busy);

    m_tlsWarning->setVisible(!outbox && tls == TlsMode::None);
    m_tlsWarning->setText(
        m_user->text().isEmpty()
            ? tr("Without TLS, messages travel in plain text and anyone on the network path "
                 "can read or change them. Use this only for a server on this machine.")
            : tr("Without TLS, the password and every message travel in plain text: anyone on "
                 "the network path can read them. Use this only for a server on this machine."));
    m_skipVerify->setEnabled(!outbox && tls != TlsMode::None && !m_busy);
    if (tls == TlsMode::None)
        m_skipVerify->setChecked(false);
    m_verifyWarning->setVisible(!outbox && m_skipVerify->isChecked());
    m_verifyWarning->setText(
        tr("Without certificate verification, anyone on the network path can pose as the "
           "server and read the password and the messages. Prefer adding the server's CA "
           "certificate as the trusted CA file."));
    m_envVariable->setEnabled(m_inEnv->isChecked());
    m_password->setEnabled(!m_inEnv->isChecked());
}

Account AccountDialog::enteredAccount() const
{
    Account account = m_original.value_or(Account{});
    account.name = m_name->text().trimmed();
    account.url = m_url->text().trimmed();
    // A folder typed with spaces or non-ASCII letters: the URL the folder picker would give.
    const QString outboxPrefix = QStringLiteral("outbox://");
    if (account.url.startsWith(outboxPrefix) && !QUrl(account.url, QUrl::StrictMode).isValid())
        account.url = outboxUrlFor(account.url.mid(outboxPrefix.size()));
    const bool outbox = account.kind() == Send::AccountKind::Outbox;
    account.tls = outbox ? TlsMode::None : TlsMode(m_tls->currentData().toInt());
    account.verifyPeer = outbox || !m_skipVerify->isChecked();
    account.caFile = outbox ? QString() : m_caFile->text().trimmed();
    account.username = outbox ? QString() : m_user->text().trimmed();
    account.auth = outbox || account.username.isEmpty()
                       ? Send::AuthMechanism::Auto
                       : Send::AuthMechanism(m_auth->currentData().toInt());
    if (account.username.isEmpty())
        account.secretRef.clear();
    account.fromAddress = m_from->text().trimmed();
    account.rate.count = m_rateCount->value();
    account.rate.periodSeconds = m_ratePeriod->currentData().toInt();
    account.dailyCap = m_dailyCap->value();
    account.maxConnections = m_connections->value();
    const auto warmup = Account::parseWarmup(m_warmup->text());
    account.warmup = warmup ? *warmup : QList<int>{};
    return account;
}

PasswordChange AccountDialog::passwordChange() const
{
    PasswordChange change;
    const Account entered = enteredAccount();
    if (entered.kind() == Send::AccountKind::Outbox || entered.username.isEmpty()) {
        change.kind = PasswordChange::Kind::Remove;
    } else if (m_inEnv->isChecked()) {
        change.kind = PasswordChange::Kind::Environment;
        change.variable = m_envVariable->text().trimmed();
    } else if (!m_password->text().isEmpty()) {
        change.kind = PasswordChange::Kind::Store;
        change.secret = m_password->text().toUtf8();
    } else {
        const auto ref = SecretRef::parse(entered.secretRef);
        // A password read from a variable before, and now "keep in store" with none typed:
        // there is nothing to keep; sign in without a password is refused by the server.
        change.kind = ref && ref->kind() == SecretRef::Kind::Env ? PasswordChange::Kind::Remove
                                                                 : PasswordChange::Kind::Keep;
    }
    return change;
}

bool AccountDialog::usesSecretStore(const Account& account)
{
    const auto ref = SecretRef::parse(account.secretRef);
    return ref &&
           (ref->kind() == SecretRef::Kind::Keychain || ref->kind() == SecretRef::Kind::File);
}

Result<Account> AccountDialog::store(const Storage::DatabasePtr& db, Account account,
                                     const PasswordChange& change)
{
    Storage::AccountRepository accounts(db);
    Secrets::SecretVault vault(db->path());
    if (account.id > 0) {
        // The stored reference, not the one the dialog was opened with: another window
        // (or the CLI) may have changed it since.
        const auto stored = accounts.byId(account.id);
        if (!stored)
            return stored.error();
        account.secretRef = stored->secretRef;
    }
    const QString oldRef = account.secretRef;

    switch (change.kind) {
    case PasswordChange::Kind::Keep:
        break;
    case PasswordChange::Kind::Remove:
        account.secretRef.clear();
        break;
    case PasswordChange::Kind::Environment: {
        const auto ref = SecretRef::environment(change.variable);
        if (!ref)
            return ref.error();
        account.secretRef = ref->toString();
        break;
    }
    case PasswordChange::Kind::Store: {
        // Checked with a stand-in reference first, so nothing is kept for an account the
        // database would refuse anyway.
        account.secretRef = QStringLiteral("file:pending");
        if (auto valid = account.validate(); !valid)
            return valid.error();
        const auto kept =
            vault.keep(Secrets::SecretVault::newKey(QStringLiteral("account")), change.secret);
        if (!kept)
            return kept.error();
        account.secretRef = kept->toString();
        break;
    }
    }
    auto saved = account.id > 0 ? accounts.update(account) : accounts.create(account);
    if (!saved) {
        if (change.kind == PasswordChange::Kind::Store)
            (void)vault.forget(*SecretRef::parse(account.secretRef));
        return saved.error();
    }
    if (oldRef != saved->secretRef) {
        if (const auto old = SecretRef::parse(oldRef); old && !old->isNone())
            (void)vault.forget(*old); // nothing to do for env: references
    }
    return saved;
}

void AccountDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_okButton->setEnabled(!busy);
    m_testButton->setEnabled(!busy);
    updateWarnings();
}

void AccountDialog::test()
{
    if (m_busy)
        return;
    Account account = enteredAccount();
    const PasswordChange change = passwordChange();
    std::optional<QByteArray> secret;
    if (change.kind == PasswordChange::Kind::Store) {
        secret = change.secret;
    } else if (change.kind == PasswordChange::Kind::Environment) {
        const auto ref = SecretRef::environment(change.variable);
        if (!ref) {
            m_status->setText(ref.error().message);
            return;
        }
        account.secretRef = ref->toString();
    } else if (change.kind == PasswordChange::Kind::Remove) {
        account.secretRef.clear();
    }
    if (secret)
        account.secretRef = QStringLiteral("file:pending"); // the typed password stands in
    m_status->clear();
    m_testResult->show();
    m_testResult->setHtml(tr("<p>Testing %1…</p>").arg(account.url.toHtmlEscaped()));
    setBusy(true);
    runInBackground(
        this,
        [account, secret, path = m_db->path()] {
            return ConnectionTest::run(account, path, secret);
        },
        [this, account](const Send::ConnectionReport& report) {
            setBusy(false);
            m_testResult->setHtml(ConnectionTest::detailsHtml(account, report));
            emit testFinished(report.result.ok());
        });
}

void AccountDialog::accept()
{
    if (m_busy)
        return;
    const Account account = enteredAccount();
    const PasswordChange change = passwordChange();
    if (const auto warmup = Account::parseWarmup(m_warmup->text()); !warmup) {
        m_status->setText(warmup.error().message);
        return;
    }
    if (change.kind == PasswordChange::Kind::Store && !m_storeUsable) {
        m_status->setText(m_storeStatus->text());
        return;
    }
    if (change.kind == PasswordChange::Kind::Keep && !account.username.isEmpty() &&
        account.secretRef.isEmpty() && !m_original) {
        m_status->setText(tr("Enter the password for %1, or clear the user name to send "
                             "without AUTH.")
                              .arg(account.username));
        return;
    }
    Account checked = account;
    if (change.kind != PasswordChange::Kind::Keep && change.kind != PasswordChange::Kind::Remove)
        checked.secretRef = QStringLiteral("file:pending");
    if (auto valid = checked.validate(); !valid) {
        m_status->setText(valid.error().message);
        return;
    }
    m_status->clear();
    setBusy(true);
    runInBackground(
        this, [db = m_db, account, change] { return store(db, account, change); },
        [this](const Result<Account>& saved) {
            setBusy(false);
            if (!saved) {
                m_status->setText(saved.error().describe());
                return;
            }
            m_saved = *saved;
            m_password->clear();
            QDialog::accept();
        });
}

} // namespace Postroom::Ui
