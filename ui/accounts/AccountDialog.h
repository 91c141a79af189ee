#pragma once

#include "core/common/Result.h"
#include "core/send/Account.h"
#include "core/storage/Database.h"

#include <QByteArray>
#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTextBrowser;

namespace Postroom::Ui {

/** What to do with an account's password when its settings are saved. */
struct PasswordChange
{
    enum class Kind
    {
        Keep,        ///< leave the stored reference as it is
        Store,       ///< keep @ref secret in the secret store (keychain or the 0600 file)
        Environment, ///< read it from the environment variable @ref variable at each use
        Remove,      ///< no password (an account without AUTH)
    };
    Kind kind = Kind::Keep;
    QByteArray secret;
    QString variable;
};

/**
 * Adds or edits a sending account: where it connects and how securely, who signs in
 * (the password goes to the secret store, never the database), the default From and
 * the limits. Saving runs off the GUI thread; the dialog closes once it succeeded.
 */
class AccountDialog : public QDialog
{
    Q_OBJECT

public:
    /** A dialog for a new account when @p account is nullopt, else for editing it. */
    AccountDialog(Storage::DatabasePtr db, std::optional<Send::Account> account,
                  QWidget* parent = nullptr);

    /** The account as saved (valid after accepted()). */
    Send::Account savedAccount() const { return m_saved; }

    /** The settings as entered (the secret reference is the stored one). */
    Send::Account enteredAccount() const;
    PasswordChange passwordChange() const;

    /** Runs the connection test with the settings as entered (off the GUI thread). */
    void test();

    /**
     * Keeps the password as @p change says, then creates (id 0) or updates @p account;
     * a replaced keychain or file secret is forgotten, and a new one is forgotten again
     * when the database refuses the account. Blocking: for the thread pool.
     */
    static Result<Send::Account> store(const Storage::DatabasePtr& db, Send::Account account,
                                       const PasswordChange& change);

    /** True when a keychain-or-file secret is kept for the saved version of this dialog. */
    static bool usesSecretStore(const Send::Account& account);

signals:
    /** A connection test finished; its report is shown in the dialog. */
    void testFinished(bool ok);

protected:
    void accept() override;

private:
    void showAccount(const Send::Account& account);
    void urlChanged();
    void chooseOutboxFolder();
    void chooseCaFile();
    void updateWarnings();
    void checkSecretStore();
    void setBusy(bool busy);

    Storage::DatabasePtr m_db;
    std::optional<Send::Account> m_original;
    Send::Account m_saved;
    bool m_storeUsable = true;

    QLineEdit* m_name = nullptr;
    QLineEdit* m_url = nullptr;
    QPushButton* m_outboxButton = nullptr;
    QComboBox* m_tls = nullptr;
    QLabel* m_tlsWarning = nullptr;
    QCheckBox* m_skipVerify = nullptr;
    QLabel* m_verifyWarning = nullptr;
    QLineEdit* m_caFile = nullptr;
    QGroupBox* m_signIn = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QRadioButton* m_inStore = nullptr;
    QRadioButton* m_inEnv = nullptr;
    QLineEdit* m_envVariable = nullptr;
    QLabel* m_storeStatus = nullptr;
    QComboBox* m_auth = nullptr;
    QLineEdit* m_from = nullptr;
    QSpinBox* m_rateCount = nullptr;
    QComboBox* m_ratePeriod = nullptr;
    QSpinBox* m_dailyCap = nullptr;
    QSpinBox* m_connections = nullptr;
    QLineEdit* m_warmup = nullptr;
    QPushButton* m_testButton = nullptr;
    QTextBrowser* m_testResult = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_okButton = nullptr;
    bool m_busy = false;
};

} // namespace Postroom::Ui
