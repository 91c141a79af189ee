#include "ui/campaigns/CampaignsPage.h"

#include "core/send/SendEngine.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/MessageRepository.h"
#include "ui/campaigns/CampaignCheck.h"
#include "ui/campaigns/CampaignComposer.h"
#include "ui/campaigns/CampaignLiveView.h"
#include "ui/campaigns/CampaignsTableModel.h"
#include "ui/campaigns/ProgressDelegate.h"
#include "ui/common/Background.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QShowEvent>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace Postroom::Ui {

using Send::CampaignState;
using Send::CampaignStatus;

namespace {

/** How often the page looks for scheduled campaigns whose time has come. */
constexpr int kScheduleCheckMs = 10000;

/** How the window sends: through retry delays, so deferred recipients are retried. */
Send::SendOptions guiOptions()
{
    Send::SendOptions options;
    options.waitForRetries = true;
    return options;
}

Result<QList<CampaignRow>> readCampaigns(const Storage::DatabasePtr& db)
{
    const auto campaigns = Storage::CampaignRepository(db).all();
    if (!campaigns)
        return campaigns.error();
    Storage::MessageRepository messages(db);
    QList<CampaignRow> rows;
    rows.reserve(campaigns->size());
    for (const Storage::Campaign& campaign : *campaigns) {
        auto status = messages.status(campaign.id);
        if (!status)
            return status.error();
        rows.append({campaign, *status});
    }
    return rows;
}

QPushButton* button(QWidget* parent, const QString& text, const char* objectName,
                    QStyle::StandardPixmap icon = QStyle::SP_CustomBase)
{
    auto* pushButton = new QPushButton(text, parent);
    pushButton->setObjectName(QString::fromLatin1(objectName));
    if (icon != QStyle::SP_CustomBase)
        pushButton->setIcon(parent->style()->standardIcon(icon));
    return pushButton;
}

} // namespace

CampaignsPage::CampaignsPage(Storage::DatabasePtr db, QWidget* parent)
    : QWidget(parent), m_db(std::move(db))
{
    m_engine = new Send::SendEngine(m_db, m_db->path(), this);
    connect(m_engine, &Send::SendEngine::progress, this, &CampaignsPage::onProgress);
    connect(m_engine, &Send::SendEngine::finished, this, &CampaignsPage::onFinished);

    auto* heading = new QLabel(tr("Campaigns"), this);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    heading->setFont(font);

    auto* newButton = button(this, tr("&New…"), "newCampaignButton");
    m_editButton = button(this, tr("&Edit…"), "editCampaignButton");
    m_deleteButton = button(this, tr("&Delete"), "deleteCampaignButton");
    m_sendButton = button(this, tr("&Send…"), "sendCampaignButton", QStyle::SP_MediaPlay);
    m_pauseButton = button(this, tr("&Pause"), "pauseCampaignButton", QStyle::SP_MediaPause);
    m_resumeButton = button(this, tr("&Resume"), "resumeCampaignButton", QStyle::SP_MediaPlay);
    m_cancelButton =
        button(this, tr("Ca&ncel Sending…"), "cancelCampaignButton", QStyle::SP_MediaStop);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(heading);
    buttons->addStretch();
    for (QPushButton* each : {newButton, m_editButton, m_deleteButton})
        buttons->addWidget(each);

    m_model = new CampaignsTableModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("campaignsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setItemDelegateForColumn(
        CampaignsTableModel::ProgressColumn,
        new ProgressDelegate(CampaignsTableModel::FractionRole, m_table));
    m_table->horizontalHeader()->setSectionResizeMode(CampaignsTableModel::NameColumn,
                                                      QHeaderView::Stretch);
    m_table->setColumnWidth(CampaignsTableModel::StateColumn, 180);
    m_table->setColumnWidth(CampaignsTableModel::ProgressColumn, 160);
    m_table->setColumnWidth(CampaignsTableModel::ListColumn, 110);
    m_table->setColumnWidth(CampaignsTableModel::TemplateColumn, 110);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 12);

    // The sending controls sit over the live view of the campaign they act on.
    auto* right = new QWidget(this);
    auto* controls = new QHBoxLayout;
    for (QPushButton* each : {m_sendButton, m_pauseButton, m_resumeButton, m_cancelButton})
        controls->addWidget(each);
    controls->addStretch();
    m_live = new CampaignLiveView(right);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(controls);
    rightLayout->addWidget(m_live, 1);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_table);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({620, 560});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);

    connect(newButton, &QPushButton::clicked, this, &CampaignsPage::newCampaign);
    connect(m_editButton, &QPushButton::clicked, this, &CampaignsPage::editCampaign);
    connect(m_deleteButton, &QPushButton::clicked, this, &CampaignsPage::deleteCampaign);
    connect(m_sendButton, &QPushButton::clicked, this, &CampaignsPage::sendCampaign);
    connect(m_pauseButton, &QPushButton::clicked, this, &CampaignsPage::pauseCampaign);
    connect(m_resumeButton, &QPushButton::clicked, this, &CampaignsPage::resumeCampaign);
    connect(m_cancelButton, &QPushButton::clicked, this, &CampaignsPage::cancelCampaign);
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        const CampaignRow* row = m_model->rowAt(m_table->currentIndex().row());
        if (row && row->status.isDraft())
            editCampaign();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateActions();
        showCurrent();
    });

    // Scheduled campaigns start while the app runs (checked now and then, and after reads).
    m_scheduler = new QTimer(this);
    m_scheduler->setInterval(kScheduleCheckMs);
    connect(m_scheduler, &QTimer::timeout, this, &CampaignsPage::startDueCampaigns);
    m_scheduler->start();

    updateActions();
    reload();
}

CampaignsPage::~CampaignsPage()
{
    // The engine pauses its workers when it goes (in-flight messages finish first), which
    // marks their campaigns paused. The user closed the window, not paused the campaigns:
    // they are set running again so the next start resumes them from the queue.
    QList<qint64> interrupted;
    for (const CampaignRow& row : m_model->rows()) {
        if (m_engine->isRunning(row.campaign.id))
            interrupted.append(row.campaign.id);
    }
    delete m_engine;
    m_engine = nullptr;
    Storage::MessageRepository messages(m_db);
    for (qint64 id : interrupted) {
        const auto control = messages.control(id);
        if (control && *control == QLatin1String("paused"))
            (void)messages.setControl(id, QStringLiteral("running"));
    }
}

void CampaignsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // Other pages (and the CLI) change what is listed here: read it again when shown. The
    // first showing needs nothing, the constructor has just read it.
    if (m_shownBefore)
        reload();
    m_shownBefore = true;
}

void CampaignsPage::reload()
{
    if (m_selectAfterLoad == 0)
        m_selectAfterLoad = currentCampaignId();
    runInBackground(
        this, [db = m_db] { return readCampaigns(db); },
        [this](const Result<QList<CampaignRow>>& rows) {
            if (!rows) {
                emit statusMessage(rows.error().describe());
                return;
            }
            m_model->setRows(*rows);
            const qint64 select = m_selectAfterLoad;
            m_selectAfterLoad = 0;
            if (select > 0 && m_model->rowOf(select) >= 0)
                selectCampaign(select);
            else if (!rows->isEmpty())
                m_table->selectRow(0);
            updateActions();
            showCurrent();
            if (!m_resumedInterrupted) {
                m_resumedInterrupted = true;
                resumeInterrupted();
            }
            startDueCampaigns();
            emit campaignsLoaded();
        });
}

void CampaignsPage::resumeInterrupted()
{
    // Campaigns still set running were being sent when the app (or a CLI run) stopped:
    // the queue knows where they were, so they carry on.
    for (const CampaignRow& row : m_model->rows()) {
        if (row.status.control != QLatin1String("running") || !row.status.hasWork() ||
            m_engine->isRunning(row.campaign.id))
            continue;
        if (auto resumed = m_engine->resume(row.campaign.id, guiOptions()); resumed)
            emit statusMessage(tr("Resumed sending \"%1\".").arg(row.campaign.name));
        else
            emit statusMessage(resumed.error().describe());
    }
    updateActions();
}

void CampaignsPage::startDueCampaigns()
{
    if (m_scheduleReading)
        return;
    m_scheduleReading = true;
    runInBackground(
        this,
        [db = m_db] {
            // Each due draft with its pre-send check, the one the Send button runs.
            QList<std::pair<Storage::Campaign, CampaignCheckResult>> due;
            const auto campaigns =
                Storage::CampaignRepository(db).dueScheduled(QDateTime::currentMSecsSinceEpoch());
            if (!campaigns)
                return due;
            for (const Storage::Campaign& campaign : *campaigns) {
                CampaignCheckInput input;
                input.db = db;
                input.listId = campaign.listId;
                input.templateId = campaign.templateId;
                input.settings = campaign.settings;
                due.append({campaign, CampaignCheck::run(input)});
            }
            return due;
        },
        [this](const QList<std::pair<Storage::Campaign, CampaignCheckResult>>& due) {
            m_scheduleReading = false;
            for (const auto& [campaign, check] : due) {
                if (m_engine->isRunning(campaign.id) ||
                    m_scheduleHeld.value(campaign.id) == campaign.scheduledAtMs)
                    continue;
                QStringList errors;
                for (const TemplateProblem& problem : check.problems) {
                    if (problem.severity == TemplateProblem::Severity::Error)
                        errors.append(problem.message);
                }
                if (!errors.isEmpty()) {
                    // Held back until the campaign is edited (or the app restarts); the
                    // schedule stays so the list still says when it was meant to start.
                    m_scheduleHeld.insert(campaign.id, campaign.scheduledAtMs);
                    const QString why = tr("The scheduled start was held back: %1")
                                            .arg(errors.join(QLatin1Char(' ')));
                    m_lastError.insert(campaign.id, why);
                    emit statusMessage(tr("\"%1\" did not start: %2").arg(campaign.name, why));
                    if (campaign.id == currentCampaignId())
                        showCurrent();
                    continue;
                }
                emit statusMessage(
                    tr("Starting the scheduled campaign \"%1\".").arg(campaign.name));
                startSending(campaign.id, campaign.name);
            }
        });
}

qint64 CampaignsPage::currentCampaignId() const
{
    const CampaignRow* row = m_model->rowAt(m_table->currentIndex().row());
    return row ? row->campaign.id : 0;
}

void CampaignsPage::selectCampaign(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row >= 0)
        m_table->selectRow(row);
}

bool CampaignsPage::isSending() const
{
    return m_engine->isAnyRunning();
}

void CampaignsPage::updateActions()
{
    const CampaignRow* row = m_model->rowAt(m_table->currentIndex().row());
    const CampaignState state = row ? row->status.state : CampaignState::Draft;
    const bool running = row && m_engine->isRunning(row->campaign.id);
    const bool controlRunning = row && row->status.control == QLatin1String("running");
    const bool draft = row && row->status.isDraft();
    // Every recipient final: the control may still say running, there is nothing to stop.
    const bool finished = state == CampaignState::Completed || state == CampaignState::Cancelled;
    m_editButton->setEnabled(draft);
    m_deleteButton->setEnabled(row && !running && (!controlRunning || finished));
    m_sendButton->setEnabled(draft && !m_checking && !running);
    m_pauseButton->setEnabled(row && controlRunning && !finished);
    // A campaign set running elsewhere but not sent from here (a CLI run that ended) can
    // be picked up here too.
    m_resumeButton->setEnabled(row && (state == CampaignState::Paused ||
                                       (controlRunning && !running && row->status.hasWork())));
    m_cancelButton->setEnabled(row && !draft && !finished);
}

void CampaignsPage::showCurrent()
{
    const CampaignRow* row = m_model->rowAt(m_table->currentIndex().row());
    if (!row) {
        m_live->clear();
        return;
    }
    const qint64 id = row->campaign.id;
    const auto last = m_lastProgress.constFind(id);
    m_live->showCampaign(row->campaign.name, row->status,
                         last != m_lastProgress.constEnd()
                             ? std::optional<Send::SendProgress>(*last)
                             : std::nullopt);
    if (m_engine->isRunning(id) && last != m_lastProgress.constEnd())
        m_live->showProgress(*last);
    else
        m_live->showStopped(row->status, m_lastError.value(id));
}

void CampaignsPage::newCampaign()
{
    auto* composer = new CampaignComposer(m_db, std::nullopt, this);
    composer->setAttribute(Qt::WA_DeleteOnClose);
    connect(composer, &QDialog::accepted, this, [this, composer] {
        const Storage::Campaign saved = composer->savedCampaign();
        emit statusMessage(tr("Campaign \"%1\" saved as a draft.").arg(saved.name));
        m_selectAfterLoad = saved.id;
        reload();
    });
    composer->open();
}

void CampaignsPage::editCampaign()
{
    const CampaignRow* row = m_model->rowAt(m_table->currentIndex().row());
    if (!row || !row->status.isDraft())
        return;
    auto* composer = new CampaignComposer(m_db, row->campaign, this);
    composer->setAttribute(Qt::WA_DeleteOnClose);
    connect(composer, &QDialog::accepted, this, [this, composer] {
        const Storage::Campaign saved = composer->savedCampaign();
        emit statusMessage(tr("Campaign \"%1\" saved.").arg(saved.name));
        // Edited: a scheduled start that was held back may go ahead now.
        m_scheduleHeld.remove(saved.id);
        m_lastError.remove(saved.id);
        m_selectAfterLoad = saved.id;
        reload();
    });
    composer->open();
}

void CampaignsPage::deleteCampaign()
{
    const CampaignRow* row = m_model->rowAt(m_table->currentIndex().row());
    if (!row)
        return;
    const Storage::Campaign campaign = row->campaign;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete Campaign"),
                                tr("Delete the campaign \"%1\"?").arg(campaign.name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("deleteCampaignDialog"));
    box->setInformativeText(
        row->status.total > 0 ? tr("Its queue and its delivery history go with it.") : QString());
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, campaign](int result) {
        if (result != QMessageBox::Yes || m_engine->isRunning(campaign.id))
            return;
        runInBackground(
            this,
            [db = m_db, id = campaign.id] { return Storage::CampaignRepository(db).remove(id); },
            [this, campaign](const Result<void>& removed) {
                emit statusMessage(removed ? tr("Campaign \"%1\" deleted.").arg(campaign.name)
                                           : removed.error().describe());
                m_lastProgress.remove(campaign.id);
                m_lastError.remove(campaign.id);
                reload();
            });
    });
    box->open();
}

void CampaignsPage::sendCampaign()
{
    const CampaignRow* row = m_model->rowAt(m_table->currentIndex().row());
    if (!row || !row->status.isDraft() || m_checking || m_engine->isRunning(row->campaign.id))
        return;
    const Storage::Campaign campaign = row->campaign;
    CampaignCheckInput input;
    input.db = m_db;
    input.listId = campaign.listId;
    input.templateId = campaign.templateId;
    input.settings = campaign.settings;
    m_checking = true;
    updateActions();
    emit statusMessage(tr("Checking \"%1\"…").arg(campaign.name));
    runInBackground(
        this, [input] { return CampaignCheck::run(input); },
        [this, campaign](const CampaignCheckResult& check) {
            m_checking = false;
            updateActions();
            QStringList errors;
            QStringList warnings;
            for (const TemplateProblem& problem : check.problems) {
                if (problem.severity == TemplateProblem::Severity::Error)
                    errors.append(problem.message);
                else if (problem.severity == TemplateProblem::Severity::Warning)
                    warnings.append(problem.message);
            }
            if (!errors.isEmpty()) {
                auto* box = new QMessageBox(QMessageBox::Critical, tr("Send Campaign"),
                                            tr("\"%1\" cannot be sent yet:").arg(campaign.name),
                                            QMessageBox::Ok, this);
                box->setObjectName(QStringLiteral("sendBlockedDialog"));
                box->setInformativeText(QStringLiteral("• ") + errors.join(QStringLiteral("\n• ")));
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
                emit statusMessage(
                    tr("\"%1\" was not sent: the check found errors.").arg(campaign.name));
                return;
            }
            auto* box = new QMessageBox(
                QMessageBox::Question, tr("Send Campaign"),
                tr("Send \"%1\" to %Ln recipient(s) through %2?", nullptr, check.recipients)
                    .arg(campaign.name, campaign.settings.accounts.join(QStringLiteral(", "))),
                QMessageBox::Cancel, this);
            box->setObjectName(QStringLiteral("confirmSendDialog"));
            QPushButton* send = box->addButton(tr("&Send Now"), QMessageBox::AcceptRole);
            send->setObjectName(QStringLiteral("confirmSendButton"));
            box->setDefaultButton(QMessageBox::Cancel);
            QString details = tr("Postroom must keep running while it sends; closing it pauses "
                                 "sending until you open it again.");
            if (!warnings.isEmpty())
                details = tr("Warnings:") + QStringLiteral("\n• ") +
                          warnings.join(QStringLiteral("\n• ")) + QStringLiteral("\n\n") + details;
            box->setInformativeText(details);
            box->setAttribute(Qt::WA_DeleteOnClose);
            connect(box, &QMessageBox::buttonClicked, this,
                    [this, send, campaign](QAbstractButton* clicked) {
                        if (clicked == send)
                            startSending(campaign.id, campaign.name);
                    });
            box->open();
        });
}

void CampaignsPage::startSending(qint64 campaignId, const QString& name)
{
    m_lastError.remove(campaignId);
    if (auto started = m_engine->start(campaignId, guiOptions()); !started) {
        emit statusMessage(started.error().describe());
        QMessageBox::warning(this, tr("Send Campaign"), started.error().describe());
        return;
    }
    emit statusMessage(tr("Sending \"%1\"…").arg(name));
    refreshStatus(campaignId);
    updateActions();
}

void CampaignsPage::control(const QString& verb, qint64 campaignId)
{
    Result<void> done;
    if (verb == QLatin1String("pause"))
        done = m_engine->pause(campaignId);
    else if (verb == QLatin1String("resume"))
        done = m_engine->resume(campaignId, guiOptions());
    else
        done = m_engine->cancel(campaignId);
    if (!done)
        emit statusMessage(done.error().describe());
    else if (verb == QLatin1String("resume"))
        m_lastError.remove(campaignId);
    refreshStatus(campaignId);
    updateActions();
}

void CampaignsPage::pauseCampaign()
{
    if (const qint64 id = currentCampaignId())
        control(QStringLiteral("pause"), id);
}

void CampaignsPage::resumeCampaign()
{
    if (const qint64 id = currentCampaignId())
        control(QStringLiteral("resume"), id);
}

void CampaignsPage::cancelCampaign()
{
    const CampaignRow* row = m_model->rowAt(m_table->currentIndex().row());
    if (!row)
        return;
    const qint64 id = row->campaign.id;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cancel Sending"),
                                tr("Cancel \"%1\" for good?").arg(row->campaign.name),
                                QMessageBox::No, this);
    box->setObjectName(QStringLiteral("confirmCancelDialog"));
    QPushButton* yes = box->addButton(tr("Cancel &Campaign"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmCancelButton"));
    box->setInformativeText(
        tr("%Ln recipient(s) not sent yet will never get it. To stop for a while, use Pause.",
           nullptr, row->status.queued + row->status.sending + row->status.deferred));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, id](QAbstractButton* clicked) {
        if (clicked == yes)
            control(QStringLiteral("cancel"), id);
    });
    box->open();
}

void CampaignsPage::refreshStatus(qint64 campaignId)
{
    runInBackground(
        this, [db = m_db, campaignId] { return Storage::MessageRepository(db).status(campaignId); },
        [this, campaignId](const Result<CampaignStatus>& status) {
            if (!status)
                return;
            m_model->setStatus(campaignId, *status);
            updateActions();
            if (campaignId == currentCampaignId() && !m_engine->isRunning(campaignId))
                showCurrent();
        });
}

void CampaignsPage::onProgress(qint64 campaignId, const Send::SendProgress& progress)
{
    m_lastProgress.insert(campaignId, progress);
    m_model->setStatus(campaignId, progress.status);
    if (campaignId == currentCampaignId())
        m_live->showProgress(progress);
    updateActions();
}

void CampaignsPage::onFinished(qint64 campaignId, const CampaignStatus& status,
                               const QString& error)
{
    m_model->setStatus(campaignId, status);
    if (!error.isEmpty())
        m_lastError.insert(campaignId, error);
    const int row = m_model->rowOf(campaignId);
    const QString name = row >= 0 ? m_model->rowAt(row)->campaign.name : QString();
    if (!error.isEmpty())
        emit statusMessage(tr("Sending \"%1\" stopped: %2").arg(name, error));
    else if (status.state == CampaignState::Completed)
        emit statusMessage(tr("\"%1\" is done: %2 sent, %3 failed, %4 bounced.")
                               .arg(name, QLocale().toString(status.sent),
                                    QLocale().toString(status.failed + status.expired),
                                    QLocale().toString(status.bounced)));
    if (campaignId == currentCampaignId())
        showCurrent();
    updateActions();
    emit sendingStopped(campaignId, error);
}

bool CampaignsPage::maybeStopSending()
{
    if (!isSending())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Campaigns Are Sending"),
                    tr("Postroom is sending campaigns. Stop sending and quit?"),
                    QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("stopSendingDialog"));
    QPushButton* quit = box.addButton(tr("Stop and &Quit"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.setInformativeText(tr("Messages on the wire are finished first. Sending carries on "
                              "where it stopped when you open Postroom again."));
    box.exec();
    // The engine stops its workers when the page goes with the window, leaving the
    // campaigns set running: the next start resumes them from the queue.
    return box.clickedButton() == quit;
}

} // namespace Postroom::Ui
