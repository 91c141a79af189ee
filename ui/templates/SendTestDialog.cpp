#include "ui/templates/SendTestDialog.h"

#include "core/mime/MessageRef.h"
#include "core/secrets/SecretVault.h"
#include "core/send/TransportFactory.h"
#include "core/storage/AccountRepository.h"
#include "core/template/MessageTemplate.h"
#include "ui/common/Background.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Postroom::Ui {

SendTestDialog::SendTestDialog(Storage::DatabasePtr db, AnalysisInput snapshot, QWidget* parent)
    : QDialog(parent), m_db(std::move(db)), m_snapshot(std::move(snapshot))
{
    setWindowTitle(tr("Send a Test"));
    setObjectName(QStringLiteral("sendTestDialog"));
    m_account = new QComboBox(this);
    m_account->setObjectName(QStringLiteral("testAccountCombo"));
    m_from = new QLineEdit(this);
    m_from->setObjectName(QStringLiteral("testFromEdit"));
    m_from->setPlaceholderText(tr("Name <sender@example.com>"));
    m_to = new QLineEdit(this);
    m_to->setObjectName(QStringLiteral("testToEdit"));
    m_to->setPlaceholderText(tr("you@example.com"));

    auto* explanation =
        new QLabel(tr("The message is rendered for the contact chosen in the preview and sent as a "
                      "campaign would send it."),
                   this);
    explanation->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("testStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_send = buttons->addButton(tr("&Send"), QDialogButtonBox::AcceptRole);
    m_send->setObjectName(QStringLiteral("testSendButton"));
    m_send->setEnabled(false);
    m_send->setDefault(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Account:"), m_account);
    form->addRow(tr("&From:"), m_from);
    form->addRow(tr("&To:"), m_to);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    setMinimumWidth(440);

    // Send does not close the dialog: a second test to another address is common.
    disconnect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_send, &QPushButton::clicked, this, &SendTestDialog::send);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_account, &QComboBox::currentIndexChanged, this, &SendTestDialog::accountChosen);
    loadAccounts();
}

void SendTestDialog::loadAccounts()
{
    runInBackground(
        this, [db = m_db] { return Storage::AccountRepository(db).all(); },
        [this](const Result<QList<Send::Account>>& accounts) {
            if (!accounts) {
                m_status->setText(accounts.error().describe());
                return;
            }
            m_accounts = *accounts;
            for (const Send::Account& account : m_accounts)
                m_account->addItem(account.name, account.id);
            if (m_accounts.isEmpty())
                m_status->setText(tr("There is no account yet. Add one on the Accounts page or "
                                     "with postroom-cli accounts add."));
            m_send->setEnabled(!m_accounts.isEmpty());
        });
}

void SendTestDialog::accountChosen()
{
    const int index = m_account->currentIndex();
    if (index < 0 || index >= m_accounts.size())
        return;
    // Follow the account's own sender unless the user typed another.
    if (m_from->text().isEmpty() || m_from->text() == m_prefilledFrom) {
        m_prefilledFrom = m_accounts.at(index).fromAddress;
        m_from->setText(m_prefilledFrom);
    }
}

void SendTestDialog::send()
{
    const int index = m_account->currentIndex();
    if (index < 0 || index >= m_accounts.size())
        return;
    m_send->setEnabled(false);
    m_status->setText(tr("Sending…"));
    runInBackground(
        this,
        [snapshot = m_snapshot, account = m_accounts.at(index), from = m_from->text(),
         to = m_to->text()] { return deliver(snapshot, account, from, to); },
        [this](const Result<QString>& done) {
            m_send->setEnabled(true);
            m_status->setText(done ? *done : done.error().describe());
            if (done)
                emit sent(*done);
        });
}

Result<QString> SendTestDialog::deliver(const AnalysisInput& snapshot, const Send::Account& account,
                                        const QString& from, const QString& to)
{
    auto sender = Mime::MailAddress::parse(from.trimmed());
    if (!sender)
        return makeError(ErrorCode::InvalidInput, tr("The From address is not valid."),
                         sender.error().describe());
    auto recipient = Mime::MailAddress::parse(to.trimmed());
    if (!recipient)
        return makeError(ErrorCode::InvalidInput, tr("The To address is not valid."),
                         recipient.error().describe());
    auto message = Template::MessageTemplate::parse(
        snapshot.subject, snapshot.html, snapshot.customText ? snapshot.text : QString());
    if (!message)
        return makeError(ErrorCode::InvalidInput, tr("The template has errors; fix them first."),
                         message.error().describe());
    const QByteArray ref = Mime::MessageRef::generate();
    auto composed = TemplateAnalysis::compose(
        *message, TemplateAnalysis::valuesFor(snapshot.db, snapshot.contactId), snapshot.assets,
        *sender, *recipient, ref);
    if (!composed)
        return composed.error();
    auto transport =
        Send::TransportFactory::create(account, Secrets::SecretVault(snapshot.db->path()));
    if (!transport)
        return transport.error();
    Send::OutgoingMessage outgoing;
    outgoing.ref = ref;
    outgoing.envelopeFrom = composed->envelopeFrom;
    outgoing.recipients = {composed->envelopeTo};
    outgoing.data = composed->data;
    const Send::DeliveryResult result = (*transport)->deliver(outgoing);
    if (!result.ok())
        return makeError(ErrorCode::Network, tr("The test was not sent."), result.describe());
    return tr("Test sent to %1 through %2.").arg(recipient->address, account.name);
}

} // namespace Postroom::Ui
