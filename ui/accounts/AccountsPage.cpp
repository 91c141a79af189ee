#include "ui/accounts/AccountsPage.h"

#include "core/secrets/SecretVault.h"
#include "core/storage/AccountRepository.h"
#include "ui/accounts/AccountDialog.h"
#include "ui/accounts/AccountsTableModel.h"
#include "ui/accounts/ConnectionTest.h"
#include "ui/common/Background.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QShowEvent>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Postroom::Ui {

using Send::Account;

AccountsPage::AccountsPage(Storage::DatabasePtr db, QWidget* parent)
    : QWidget(parent), m_db(std::move(db))
{
    auto* heading = new QLabel(tr("Sending Accounts"), this);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    heading->setFont(font);

    auto* addButton = new QPushButton(tr("&Add…"), this);
    addButton->setObjectName(QStringLiteral("addAccountButton"));
    m_editButton = new QPushButton(tr("&Edit…"), this);
    m_editButton->setObjectName(QStringLiteral("editAccountButton"));
    m_deleteButton = new QPushButton(tr("&Delete"), this);
    m_deleteButton->setObjectName(QStringLiteral("deleteAccountButton"));
    m_testButton = new QPushButton(tr("&Test"), this);
    m_testButton->setObjectName(QStringLiteral("testAccountButton"));
    m_testButton->setToolTip(tr("Connect, greet, secure and sign in, sending nothing"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(heading);
    buttons->addStretch();
    buttons->addWidget(addButton);
    buttons->addWidget(m_editButton);
    buttons->addWidget(m_deleteButton);
    buttons->addWidget(m_testButton);

    m_model = new AccountsTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("accountsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 12);
    // Every column as wide as its contents; the URL takes what is left.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(AccountsTableModel::UrlColumn,
                                                      QHeaderView::Stretch);

    m_empty = new QLabel(tr("No account yet. Add your SMTP server, or an outbox folder to try a "
                            "campaign without sending anything."),
                         this);
    m_empty->setObjectName(QStringLiteral("accountsEmpty"));
    m_empty->setWordWrap(true);
    m_empty->hide();

    m_details = new QTextBrowser(this);
    m_details->setObjectName(QStringLiteral("accountTestDetails"));
    m_details->setOpenLinks(false);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({500, 200});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_empty);
    layout->addWidget(splitter, 1);

    connect(addButton, &QPushButton::clicked, this, &AccountsPage::addAccount);
    connect(m_editButton, &QPushButton::clicked, this, &AccountsPage::editAccount);
    connect(m_deleteButton, &QPushButton::clicked, this, &AccountsPage::deleteAccount);
    connect(m_testButton, &QPushButton::clicked, this, &AccountsPage::testAccount);
    connect(m_table, &QTableView::doubleClicked, this, &AccountsPage::editAccount);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateActions();
        showDetails();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &AccountsPage::showDetails);

    updateActions();
    showDetails();
    reload();
}

void AccountsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // Other pages (and the CLI) change what is listed here: read it again when shown. The
    // first showing needs nothing, the constructor has just read it.
    if (m_shownBefore)
        reload();
    m_shownBefore = true;
}

void AccountsPage::reload()
{
    if (m_selectAfterLoad == 0)
        m_selectAfterLoad = currentAccountId();
    runInBackground(
        this, [db = m_db] { return Storage::AccountRepository(db).all(); },
        [this](const Result<QList<Account>>& accounts) {
            if (!accounts) {
                emit statusMessage(accounts.error().describe());
                return;
            }
            m_model->setAccounts(*accounts);
            m_empty->setVisible(accounts->isEmpty());
            const qint64 select = m_selectAfterLoad;
            m_selectAfterLoad = 0;
            if (select > 0)
                selectAccount(select);
            else if (!accounts->isEmpty())
                m_table->selectRow(0);
            updateActions();
            showDetails();
            emit accountsLoaded();
        });
}

qint64 AccountsPage::currentAccountId() const
{
    const Account* account = m_model->accountAt(m_table->currentIndex().row());
    return account ? account->id : 0;
}

void AccountsPage::selectAccount(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row >= 0)
        m_table->selectRow(row);
}

void AccountsPage::updateActions()
{
    const Account* account = m_model->accountAt(m_table->currentIndex().row());
    const bool testing =
        account && m_model->testState(account->id).phase == TestState::Phase::Running;
    m_editButton->setEnabled(account);
    m_deleteButton->setEnabled(account);
    m_testButton->setEnabled(account && !testing);
}

void AccountsPage::showDetails()
{
    const Account* account = m_model->accountAt(m_table->currentIndex().row());
    if (!account) {
        m_details->setHtml(
            tr("<p>Choose an account to see its connection test.</p>"
               "<p>An <b>outbox</b> account (<code>outbox:///folder</code>) writes each "
               "message as an .eml file and sends nothing: a safe way to try a whole "
               "campaign.</p>"));
        return;
    }
    const TestState state = m_model->testState(account->id);
    switch (state.phase) {
    case TestState::Phase::Untested:
        m_details->setHtml(tr("<p>\"%1\" has not been tested in this session. Test connects, "
                              "greets the server, secures the connection, signs in and quits, "
                              "sending nothing.</p>")
                               .arg(account->name.toHtmlEscaped()));
        break;
    case TestState::Phase::Running:
        m_details->setHtml(tr("<p>Testing %1…</p>").arg(account->url.toHtmlEscaped()));
        break;
    case TestState::Phase::Passed:
    case TestState::Phase::Failed:
        m_details->setHtml(
            ConnectionTest::detailsHtml(*account, state.report) +
            tr("<p><small>Tested at %1.</small></p>")
                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(state.finishedAtMs),
                                        QLocale::ShortFormat)));
        break;
    }
}

void AccountsPage::addAccount()
{
    auto* dialog = new AccountDialog(m_db, std::nullopt, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Account saved = dialog->savedAccount();
        emit statusMessage(tr("Account \"%1\" added.").arg(saved.name));
        m_selectAfterLoad = saved.id;
        reload();
    });
    dialog->open();
}

void AccountsPage::editAccount()
{
    const Account* account = m_model->accountAt(m_table->currentIndex().row());
    if (!account)
        return;
    auto* dialog = new AccountDialog(m_db, *account, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Account saved = dialog->savedAccount();
        // New settings make the last test meaningless.
        m_model->setTestState(saved.id, TestState{});
        emit statusMessage(tr("Account \"%1\" saved.").arg(saved.name));
        m_selectAfterLoad = saved.id;
        reload();
    });
    dialog->open();
}

void AccountsPage::deleteAccount()
{
    const Account* current = m_model->accountAt(m_table->currentIndex().row());
    if (!current)
        return;
    const Account account = *current;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete Account"),
                                tr("Delete the account \"%1\"?").arg(account.name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("deleteAccountDialog"));
    box->setInformativeText(AccountDialog::usesSecretStore(account)
                                ? tr("Its stored password is forgotten too.")
                                : QString());
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, account](int result) {
        if (result != QMessageBox::Yes)
            return;
        runInBackground(
            this,
            [db = m_db, account]() -> Result<void> {
                if (auto removed = Storage::AccountRepository(db).remove(account.id); !removed)
                    return removed;
                if (const auto ref = Secrets::SecretRef::parse(account.secretRef); ref)
                    return Secrets::SecretVault(db->path()).forget(*ref);
                return {};
            },
            [this, account](const Result<void>& removed) {
                emit statusMessage(removed ? tr("Account \"%1\" deleted.").arg(account.name)
                                           : removed.error().describe());
                reload();
            });
    });
    box->open();
}

void AccountsPage::testAccount()
{
    const Account* current = m_model->accountAt(m_table->currentIndex().row());
    if (!current)
        return;
    const Account account = *current;
    TestState running;
    running.phase = TestState::Phase::Running;
    m_model->setTestState(account.id, running);
    updateActions();
    runInBackground(
        this, [account, path = m_db->path()] { return ConnectionTest::run(account, path); },
        [this, account](const Send::ConnectionReport& report) {
            TestState state;
            state.phase = report.result.ok() ? TestState::Phase::Passed : TestState::Phase::Failed;
            state.report = report;
            state.finishedAtMs = QDateTime::currentMSecsSinceEpoch();
            m_model->setTestState(account.id, state);
            updateActions();
            emit statusMessage(report.result.ok()
                                   ? tr("Account \"%1\" works.").arg(account.name)
                                   : tr("Account \"%1\" failed its test: %2")
                                         .arg(account.name, report.result.describe()));
            emit testFinished(account.id, report.result.ok());
        });
}

} // namespace Postroom::Ui
