#include "ui/campaigns/CampaignComposer.h"

#include "core/mime/MailAddress.h"
#include "core/storage/AccountRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/TemplateRepository.h"
#include "ui/common/Background.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace Postroom::Ui {

using Storage::CampaignSettings;

namespace {

constexpr int kCheckDelayMs = 400;
// A PEM key is a few KB; anything large is the wrong file.
constexpr qint64 kMaxKeyBytes = 64 * 1024;

enum AccountColumn
{
    AccountNameColumn,
    AccountWeightColumn,
    AccountUrlColumn,
};

/** What the form offers to choose from. */
struct ComposerChoices
{
    QList<Storage::ContactList> lists;
    QList<Storage::StoredTemplate> templates;
    QList<Send::Account> accounts;
    QString error;
};

ComposerChoices readChoices(const Storage::DatabasePtr& db)
{
    ComposerChoices choices;
    auto lists = Storage::ListRepository(db).all();
    auto templates = Storage::TemplateRepository(db).all();
    auto accounts = Storage::AccountRepository(db).all();
    for (const Error* error :
         {lists ? nullptr : &lists.error(), templates ? nullptr : &templates.error(),
          accounts ? nullptr : &accounts.error()}) {
        if (error && choices.error.isEmpty())
            choices.error = error->describe();
    }
    if (lists)
        choices.lists = *lists;
    if (templates)
        choices.templates = *templates;
    if (accounts)
        choices.accounts = *accounts;
    return choices;
}

/** The DKIM key must exist and look like an unencrypted private key; never shown. */
Result<QString> checkedKeyPath(const QString& path)
{
    const QFileInfo info(path);
    QFile file(path);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io,
                         CampaignComposer::tr("Cannot read the DKIM key %1.").arg(path));
    if (auto looks = CampaignSettings::looksLikePrivateKeyPem(file.read(kMaxKeyBytes)); !looks)
        return makeError(looks.error().code,
                         QStringLiteral("%1: %2").arg(path, looks.error().message));
    return info.canonicalFilePath();
}

Result<Storage::Campaign> saveCampaign(const Storage::DatabasePtr& db, qint64 campaignId,
                                       const QString& name, qint64 listId, qint64 templateId,
                                       CampaignSettings settings, qint64 startMs)
{
    if (!settings.dkimKeyPath.isEmpty()) {
        const auto keyPath = checkedKeyPath(settings.dkimKeyPath);
        if (!keyPath)
            return keyPath.error();
        settings.dkimKeyPath = *keyPath;
    }
    Storage::CampaignRepository campaigns(db);
    if (campaignId == 0) {
        const auto created = campaigns.create(name, listId, templateId, settings);
        if (!created)
            return created;
        campaignId = created->id;
    } else if (auto updated = campaigns.updateSettings(campaignId, settings); !updated) {
        return updated.error();
    }
    if (auto scheduled = campaigns.setSchedule(campaignId, startMs); !scheduled)
        return scheduled.error();
    return campaigns.byId(campaignId);
}

QIcon severityIcon(const QStyle* style, TemplateProblem::Severity severity)
{
    switch (severity) {
    case TemplateProblem::Severity::Error:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case TemplateProblem::Severity::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case TemplateProblem::Severity::Info:
        break;
    }
    return style->standardIcon(QStyle::SP_MessageBoxInformation);
}

} // namespace

CampaignComposer::CampaignComposer(Storage::DatabasePtr db,
                                   std::optional<Storage::Campaign> campaign, QWidget* parent)
    : QDialog(parent), m_db(std::move(db)), m_original(std::move(campaign))
{
    setObjectName(QStringLiteral("campaignComposer"));
    setWindowTitle(m_original ? tr("Edit Campaign") : tr("New Campaign"));

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kCheckDelayMs);
    connect(m_debounce, &QTimer::timeout, this, &CampaignComposer::checkNow);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(createForm());
    splitter->addWidget(createCheckPanel());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("composerStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setStyleSheet(QStringLiteral("color: #b00020;"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_saveButton = buttons->button(QDialogButtonBox::Save);
    m_saveButton->setObjectName(QStringLiteral("composerSaveButton"));
    m_saveButton->setText(tr("&Save Draft"));
    connect(buttons, &QDialogButtonBox::accepted, this, &CampaignComposer::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(1100, 720);
    setBusy(true);
    load();
}

QWidget* CampaignComposer::createForm()
{
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* form = new QWidget(scroll);
    scroll->setWidget(form);

    const auto edit = [form](const char* objectName, const QString& placeholder = {}) {
        auto* line = new QLineEdit(form);
        line->setObjectName(QString::fromLatin1(objectName));
        line->setPlaceholderText(placeholder);
        return line;
    };

    auto* message = new QGroupBox(tr("Message"), form);
    m_name = edit("campaignName", tr("e.g. November newsletter"));
    m_list = new QComboBox(message);
    m_list->setObjectName(QStringLiteral("campaignList"));
    m_template = new QComboBox(message);
    m_template->setObjectName(QStringLiteral("campaignTemplate"));
    m_from = edit("campaignFrom", tr("Name <sender@example.com>"));
    m_replyTo = edit("campaignReplyTo", tr("optional: where replies go"));
    m_returnPath = edit("campaignReturnPath", tr("optional: where bounces go (default: From)"));
    auto* messageForm = new QFormLayout(message);
    messageForm->addRow(tr("&Name:"), m_name);
    messageForm->addRow(tr("&List:"), m_list);
    messageForm->addRow(tr("&Template:"), m_template);
    messageForm->addRow(tr("&From:"), m_from);
    messageForm->addRow(tr("&Reply-To:"), m_replyTo);
    messageForm->addRow(tr("Return-&Path:"), m_returnPath);

    auto* accounts = new QGroupBox(tr("Send through"), form);
    m_accountTable = new QTableWidget(0, 3, accounts);
    m_accountTable->setObjectName(QStringLiteral("campaignAccounts"));
    m_accountTable->setHorizontalHeaderLabels({tr("Account"), tr("Weight"), tr("URL")});
    m_accountTable->verticalHeader()->hide();
    m_accountTable->horizontalHeader()->setStretchLastSection(true);
    m_accountTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_accountTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_accountTable->setMinimumHeight(110);
    auto* accountsHint =
        new QLabel(tr("Messages are spread over the ticked accounts by weight, each within its own "
                      "limits; when one fails or is exhausted, the others carry on."),
                   accounts);
    accountsHint->setWordWrap(true);
    auto* accountsLayout = new QVBoxLayout(accounts);
    accountsLayout->addWidget(m_accountTable);
    accountsLayout->addWidget(accountsHint);

    auto* tracking = new QGroupBox(tr("Tracking"), form);
    m_trackOpens = new QCheckBox(tr("Count &opens (a tracking image)"), tracking);
    m_trackOpens->setObjectName(QStringLiteral("trackOpens"));
    m_trackClicks = new QCheckBox(tr("Count &clicks (links go through the tracker)"), tracking);
    m_trackClicks->setObjectName(QStringLiteral("trackClicks"));
    m_trackingUrl = edit("trackingUrl", tr("default: the configured tracking URL"));
    m_unsubscribeUrl = edit("unsubscribeUrl", tr("default: the tracking URL"));
    auto* trackingForm = new QFormLayout(tracking);
    trackingForm->addRow(m_trackOpens);
    trackingForm->addRow(m_trackClicks);
    trackingForm->addRow(tr("Tracking &URL:"), m_trackingUrl);
    trackingForm->addRow(tr("&Unsubscribe URL:"), m_unsubscribeUrl);

    auto* dkim = new QGroupBox(tr("DKIM signature"), form);
    m_dkimDomain = edit("dkimDomain", tr("e.g. example.com (empty: no signature)"));
    m_dkimSelector = edit("dkimSelector", tr("e.g. mail2026"));
    m_dkimKey = edit("dkimKey", tr("private key file (PEM, RSA or Ed25519)"));
    auto* keyButton = new QPushButton(tr("Bro&wse…"), dkim);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_dkimKey, 1);
    keyRow->addWidget(keyButton);
    auto* dkimForm = new QFormLayout(dkim);
    dkimForm->addRow(tr("&Domain:"), m_dkimDomain);
    dkimForm->addRow(tr("S&elector:"), m_dkimSelector);
    dkimForm->addRow(tr("&Key file:"), keyRow);
    connect(keyButton, &QPushButton::clicked, this, &CampaignComposer::chooseKeyFile);

    auto* retries = new QGroupBox(tr("Retries"), form);
    m_retryBase = edit("retryBase");
    m_retryBase->setText(CampaignSettings::formatDuration(CampaignSettings{}.retryBaseSeconds));
    m_retryExpiry = edit("retryExpiry");
    m_retryExpiry->setText(CampaignSettings::formatDuration(CampaignSettings{}.retryExpirySeconds));
    auto* retryHint = new QLabel(tr("Temporary failures are retried after the first delay, "
                                    "doubling each time, until the give-up time. Durations "
                                    "such as 30s, 5m, 24h, 2d."),
                                 retries);
    retryHint->setWordWrap(true);
    auto* retryForm = new QFormLayout(retries);
    retryForm->addRow(tr("First retry &after:"), m_retryBase);
    retryForm->addRow(tr("&Give up after:"), m_retryExpiry);
    retryForm->addRow(retryHint);

    auto* layout = new QVBoxLayout(form);
    layout->addWidget(message);
    layout->addWidget(createSchedule(form));
    layout->addWidget(accounts);
    layout->addWidget(tracking);
    layout->addWidget(dkim);
    layout->addWidget(retries);
    layout->addStretch();

    for (QLineEdit* line :
         {m_name, m_from, m_replyTo, m_returnPath, m_trackingUrl, m_unsubscribeUrl, m_dkimDomain,
          m_dkimSelector, m_dkimKey, m_retryBase, m_retryExpiry})
        connect(line, &QLineEdit::textChanged, this, &CampaignComposer::scheduleCheck);
    for (QCheckBox* box : {m_trackOpens, m_trackClicks})
        connect(box, &QCheckBox::toggled, this, &CampaignComposer::scheduleCheck);
    // A new list or template changes the counts: check at once.
    connect(m_list, &QComboBox::currentIndexChanged, this, &CampaignComposer::checkNow);
    connect(m_template, &QComboBox::currentIndexChanged, this, &CampaignComposer::checkNow);
    connect(m_accountTable, &QTableWidget::itemChanged, this, &CampaignComposer::accountToggled);
    return scroll;
}

QWidget* CampaignComposer::createSchedule(QWidget* parent)
{
    auto* schedule = new QGroupBox(tr("Start"), parent);
    m_sendManually = new QRadioButton(tr("When I press &Send"), schedule);
    m_sendManually->setObjectName(QStringLiteral("scheduleManual"));
    m_sendManually->setChecked(true);
    m_sendAt = new QRadioButton(tr("&At:"), schedule);
    m_sendAt->setObjectName(QStringLiteral("scheduleAt"));
    m_startTime = new QDateTimeEdit(schedule);
    m_startTime->setObjectName(QStringLiteral("scheduleTime"));
    m_startTime->setCalendarPopup(true);
    // The CLI's form (campaigns schedule --at): unambiguous in every language, to the minute.
    m_startTime->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_startTime->setEnabled(false);
    // The next full hour that is at least a few minutes away.
    const QDateTime now = QDateTime::currentDateTime();
    QDateTime start(now.date(), QTime(now.time().hour(), 0));
    start = start.addSecs(now.time().minute() >= 50 ? 2 * 3600 : 3600);
    m_startTime->setDateTime(start);
    auto* note = new QLabel(tr("Postroom must be running at that time: it starts the campaign "
                               "itself. If it is closed then, the campaign starts as soon as you "
                               "open Postroom again."),
                            schedule);
    note->setObjectName(QStringLiteral("scheduleNote"));
    note->setWordWrap(true);
    auto* row = new QHBoxLayout;
    row->addWidget(m_sendAt);
    row->addWidget(m_startTime, 1);
    auto* layout = new QVBoxLayout(schedule);
    layout->addWidget(m_sendManually);
    layout->addLayout(row);
    layout->addWidget(note);
    connect(m_sendAt, &QRadioButton::toggled, m_startTime, &QWidget::setEnabled);
    return schedule;
}

qint64 CampaignComposer::enteredScheduleMs() const
{
    return m_sendAt->isChecked() ? m_startTime->dateTime().toMSecsSinceEpoch() : 0;
}

QWidget* CampaignComposer::createCheckPanel()
{
    auto* panel = new QWidget(this);
    auto* recipientsHeading = new QLabel(tr("Recipients"), panel);
    QFont bold = recipientsHeading->font();
    bold.setBold(true);
    recipientsHeading->setFont(bold);
    m_recipients = new QLabel(panel);
    m_recipients->setObjectName(QStringLiteral("recipientCount"));
    m_recipients->setWordWrap(true);
    m_recipients->setTextFormat(Qt::PlainText);
    QFont big = m_recipients->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_recipients->setFont(big);

    auto* findingsHeading = new QLabel(tr("Check"), panel);
    findingsHeading->setFont(bold);
    m_findings = new QListWidget(panel);
    m_findings->setObjectName(QStringLiteral("checkFindings"));
    m_findings->setWordWrap(true);
    m_findings->setSelectionMode(QAbstractItemView::NoSelection);
    m_findings->setTextElideMode(Qt::ElideNone);

    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(recipientsHeading);
    layout->addWidget(m_recipients);
    layout->addSpacing(12);
    layout->addWidget(findingsHeading);
    layout->addWidget(m_findings, 1);
    return panel;
}

void CampaignComposer::load()
{
    runInBackground(
        this, [db = m_db] { return readChoices(db); },
        [this](const ComposerChoices& choices) {
            if (!choices.error.isEmpty())
                m_status->setText(choices.error);
            m_accounts = choices.accounts;
            m_list->clear();
            for (const Storage::ContactList& list : choices.lists)
                m_list->addItem(tr("%1 (%Ln contact(s))", nullptr, list.contacts).arg(list.name),
                                list.id);
            m_template->clear();
            for (const Storage::StoredTemplate& stored : choices.templates)
                m_template->addItem(stored.name, stored.id);

            const CampaignSettings settings =
                m_original ? m_original->settings : CampaignSettings{};
            QStringList names;
            for (const Send::Account& account : m_accounts)
                names.append(account.name);
            // A draft may name accounts added later (or deleted since): listed, unticked
            // ones stay out, missing ones are shown so the check can say so.
            for (const QString& name : settings.accounts) {
                if (!names.contains(name))
                    names.append(name);
            }
            m_accountTable->blockSignals(true);
            m_accountTable->setRowCount(static_cast<int>(names.size()));
            for (int row = 0; row < names.size(); ++row) {
                const QString& name = names.at(row);
                auto* check = new QTableWidgetItem(name);
                check->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
                const bool ticked =
                    m_original ? settings.accounts.contains(name) : m_accounts.size() == 1;
                check->setCheckState(ticked ? Qt::Checked : Qt::Unchecked);
                m_accountTable->setItem(row, AccountNameColumn, check);
                auto* weight = new QSpinBox(m_accountTable);
                weight->setObjectName(QStringLiteral("accountWeight"));
                weight->setRange(1, CampaignSettings::kMaxAccountWeight);
                weight->setValue(settings.weightOf(name));
                weight->setToolTip(tr("The account's share of the messages: an account of "
                                      "weight 3 sends three times as many as one of weight 1, "
                                      "as far as its limits allow."));
                m_accountTable->setCellWidget(row, AccountWeightColumn, weight);
                const QString url =
                    row < m_accounts.size() ? m_accounts.at(row).url : tr("(no such account)");
                m_accountTable->setItem(row, AccountUrlColumn, new QTableWidgetItem(url));
            }
            m_accountTable->resizeColumnsToContents();
            m_accountTable->horizontalHeader()->setStretchLastSection(true);
            m_accountTable->blockSignals(false);

            if (m_original) {
                const Storage::Campaign& campaign = *m_original;
                m_name->setText(campaign.name);
                m_list->setCurrentIndex(m_list->findData(campaign.listId));
                m_template->setCurrentIndex(m_template->findData(campaign.templateId));
                // The queue is made from these when sending starts; they stay as created.
                m_name->setEnabled(false);
                m_list->setEnabled(false);
                m_template->setEnabled(false);
                m_from->setText(
                    settings.fromName.isEmpty()
                        ? settings.fromAddress
                        : QStringLiteral("%1 <%2>").arg(settings.fromName, settings.fromAddress));
                m_replyTo->setText(settings.replyTo);
                m_returnPath->setText(settings.returnPath);
                m_trackOpens->setChecked(settings.trackOpens);
                m_trackClicks->setChecked(settings.trackClicks);
                m_trackingUrl->setText(settings.trackingUrl);
                m_unsubscribeUrl->setText(settings.unsubscribeUrl);
                m_dkimDomain->setText(settings.dkimDomain);
                m_dkimSelector->setText(settings.dkimSelector);
                m_dkimKey->setText(settings.dkimKeyPath);
                m_retryBase->setText(CampaignSettings::formatDuration(settings.retryBaseSeconds));
                m_retryExpiry->setText(
                    CampaignSettings::formatDuration(settings.retryExpirySeconds));
                if (campaign.scheduledAtMs > 0) {
                    m_sendAt->setChecked(true);
                    m_startTime->setDateTime(
                        QDateTime::fromMSecsSinceEpoch(campaign.scheduledAtMs));
                }
            } else {
                accountToggled();
            }
            m_loading = false;
            setBusy(false);
            emit loaded();
            checkNow();
        });
}

void CampaignComposer::accountToggled()
{
    // The first ticked account's default From fills an empty From.
    if (m_from->text().trimmed().isEmpty()) {
        for (int row = 0; row < m_accountTable->rowCount() && row < m_accounts.size(); ++row) {
            if (m_accountTable->item(row, AccountNameColumn)->checkState() == Qt::Checked &&
                !m_accounts.at(row).fromAddress.isEmpty()) {
                m_from->setText(m_accounts.at(row).fromAddress);
                break;
            }
        }
    }
    scheduleCheck();
}

void CampaignComposer::chooseKeyFile()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("DKIM Private Key"), m_dkimKey->text(),
                                     tr("PEM keys (*.pem *.key);;All files (*)"));
    if (!file.isEmpty())
        m_dkimKey->setText(file);
}

CampaignSettings CampaignComposer::enteredSettings(QString* error) const
{
    CampaignSettings settings;
    QString problem;
    const QString from = m_from->text().trimmed();
    if (!from.isEmpty()) {
        if (const auto sender = Mime::MailAddress::parse(from); sender) {
            settings.fromName = sender->name;
            settings.fromAddress = sender->address;
        } else {
            problem = tr("From: %1").arg(sender.error().message);
        }
    }
    settings.replyTo = m_replyTo->text().trimmed();
    settings.returnPath = m_returnPath->text().trimmed();
    for (int row = 0; row < m_accountTable->rowCount(); ++row) {
        const QTableWidgetItem* item = m_accountTable->item(row, AccountNameColumn);
        if (!item || item->checkState() != Qt::Checked)
            continue;
        settings.accounts.append(item->text());
        const auto* weight =
            qobject_cast<const QSpinBox*>(m_accountTable->cellWidget(row, AccountWeightColumn));
        if (weight && weight->value() != 1)
            settings.accountWeights.insert(item->text(), weight->value());
    }
    settings.trackOpens = m_trackOpens->isChecked();
    settings.trackClicks = m_trackClicks->isChecked();
    settings.trackingUrl = m_trackingUrl->text().trimmed();
    settings.unsubscribeUrl = m_unsubscribeUrl->text().trimmed();
    settings.dkimDomain = m_dkimDomain->text().trimmed().toLower();
    settings.dkimSelector = m_dkimSelector->text().trimmed();
    settings.dkimKeyPath = m_dkimKey->text().trimmed();
    for (const auto& [line, target, label] :
         {std::tuple{m_retryBase, &settings.retryBaseSeconds, tr("First retry after")},
          std::tuple{m_retryExpiry, &settings.retryExpirySeconds, tr("Give up after")}}) {
        const auto seconds = CampaignSettings::parseDuration(line->text().trimmed());
        if (seconds)
            *target = *seconds;
        else if (problem.isEmpty())
            problem = QStringLiteral("%1: %2").arg(label, seconds.error().message);
    }
    if (error)
        *error = problem;
    return settings;
}

void CampaignComposer::scheduleCheck()
{
    if (!m_loading)
        m_debounce->start();
}

void CampaignComposer::checkNow()
{
    if (m_loading)
        return;
    m_debounce->stop();
    if (m_checkRunning) {
        m_checkPending = true;
        return;
    }
    QString fieldError;
    CampaignCheckInput input;
    input.db = m_db;
    input.generation = ++m_generation;
    input.listId = m_list->currentData().toLongLong();
    input.templateId = m_template->currentData().toLongLong();
    input.settings = enteredSettings(&fieldError);
    m_checkRunning = true;
    m_recipients->setText(m_lastCheck.recipients >= 0 ? m_recipients->text() : tr("Counting…"));
    runInBackground(
        this, [input] { return CampaignCheck::run(input); },
        [this, fieldError](CampaignCheckResult result) {
            m_checkRunning = false;
            if (!fieldError.isEmpty()) {
                TemplateProblem problem;
                problem.severity = TemplateProblem::Severity::Error;
                problem.message = fieldError;
                result.problems.prepend(problem);
            }
            if (m_checkPending) {
                m_checkPending = false;
                checkNow();
                return;
            }
            showCheck(result);
        });
}

void CampaignComposer::showCheck(const CampaignCheckResult& result)
{
    m_lastCheck = result;
    const QLocale locale;
    if (result.recipients < 0) {
        m_recipients->setText(tr("Choose a list."));
    } else {
        const qint64 left = result.listMembers - result.recipients;
        m_recipients->setText(
            left > 0
                ? tr("%1 recipients after suppressions (%2 on the list; %3 unsubscribed, "
                     "bounced or suppressed are left out).")
                      .arg(locale.toString(result.recipients), locale.toString(result.listMembers),
                           locale.toString(left))
                : tr("%1 recipients after suppressions.").arg(locale.toString(result.recipients)));
    }
    m_findings->clear();
    // Errors first, then warnings, then the rest: what blocks sending is on top.
    TemplateProblems sorted = result.problems;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const TemplateProblem& a, const TemplateProblem& b) {
                         return int(a.severity) < int(b.severity);
                     });
    for (const TemplateProblem& problem : sorted) {
        QString text = problem.message;
        if (problem.line > 0)
            text = tr("%1 (line %2)").arg(text).arg(problem.line);
        auto* item = new QListWidgetItem(severityIcon(style(), problem.severity), text, m_findings);
        item->setData(Qt::UserRole, int(problem.severity));
    }
    if (sorted.isEmpty())
        new QListWidgetItem(style()->standardIcon(QStyle::SP_DialogApplyButton),
                            tr("No problems found."), m_findings);
    emit checked();
}

void CampaignComposer::setBusy(bool busy)
{
    m_busy = busy;
    m_saveButton->setEnabled(!busy);
}

void CampaignComposer::accept()
{
    if (m_busy)
        return;
    QString fieldError;
    const CampaignSettings settings = enteredSettings(&fieldError);
    if (!fieldError.isEmpty()) {
        m_status->setText(fieldError);
        return;
    }
    if (auto valid = settings.validate(); !valid) {
        m_status->setText(valid.error().message);
        return;
    }
    const qint64 listId = m_list->currentData().toLongLong();
    const qint64 templateId = m_template->currentData().toLongLong();
    if (m_name->text().trimmed().isEmpty() || listId <= 0 || templateId <= 0) {
        m_status->setText(tr("A campaign needs a name, a list and a template."));
        return;
    }
    const qint64 startMs = enteredScheduleMs();
    if (startMs > 0 && startMs <= QDateTime::currentMSecsSinceEpoch()) {
        m_status->setText(tr("The start time has passed: choose a later one, or \"When I press "
                             "Send\"."));
        return;
    }
    m_status->clear();
    setBusy(true);
    runInBackground(
        this,
        [db = m_db, id = m_original ? m_original->id : 0, name = m_name->text().trimmed(), listId,
         templateId, settings,
         startMs] { return saveCampaign(db, id, name, listId, templateId, settings, startMs); },
        [this](const Result<Storage::Campaign>& saved) {
            setBusy(false);
            if (!saved) {
                m_status->setText(saved.error().describe());
                return;
            }
            m_saved = *saved;
            QDialog::accept();
        });
}

} // namespace Postroom::Ui
