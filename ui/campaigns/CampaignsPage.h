#pragma once

#include "core/send/SendProgress.h"
#include "core/storage/Database.h"

#include <QHash>
#include <QWidget>

#include <functional>

class QPushButton;
class QTableView;
class QTimer;

namespace Postroom::Send {
class SendEngine;
}

namespace Postroom::Ui {

class CampaignLiveView;
class CampaignsTableModel;

/**
 * Campaigns: the list with each campaign's state and progress (derived by core), the
 * composer, Send / Pause / Resume / Cancel, and the live view of the chosen campaign,
 * fed by the send engine's signals. The page owns the engine; campaigns that were
 * sending when the app closed carry on when it opens again.
 */
class CampaignsPage : public QWidget
{
    Q_OBJECT

public:
    explicit CampaignsPage(Storage::DatabasePtr db, QWidget* parent = nullptr);
    ~CampaignsPage() override;

    CampaignsTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    CampaignLiveView* liveView() const { return m_live; }
    Send::SendEngine* engine() const { return m_engine; }

    /** Reads the campaigns and their counts again (off the GUI thread). */
    void reload();

    void newCampaign();
    void editCampaign();
    void deleteCampaign();
    /** Checks the chosen draft, asks, and starts sending it. */
    void sendCampaign();
    void pauseCampaign();
    void resumeCampaign();
    void cancelCampaign();
    /**
     * Starts the scheduled campaigns whose time has come, as Send does (after the same
     * check; one with errors is held back and says why). Runs every few seconds while
     * the page exists, and after each read of the campaigns.
     */
    void startDueCampaigns();

    qint64 currentCampaignId() const;
    void selectCampaign(qint64 id);

    /** True while this window sends a campaign. */
    bool isSending() const;

    /**
     * Asks before the window closes while campaigns are being sent. Returns true when the
     * window may close now: nothing is sending, or the user chose to stop (sending then
     * resumes when the app opens again). Returns false when the user cancelled.
     */
    bool maybeStopSending();

signals:
    void statusMessage(const QString& message);
    /** The campaigns were read again. */
    void campaignsLoaded();
    /** A campaign's sender stopped (done for now, paused, cancelled or failed). */
    void sendingStopped(qint64 campaignId, const QString& error);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void updateActions();
    void showCurrent();
    void startSending(qint64 campaignId, const QString& name);
    void resumeInterrupted();
    void onProgress(qint64 campaignId, const Send::SendProgress& progress);
    void onFinished(qint64 campaignId, const Send::CampaignStatus& status, const QString& error);
    void refreshStatus(qint64 campaignId);
    void control(const QString& verb, qint64 campaignId);

    Storage::DatabasePtr m_db;
    Send::SendEngine* m_engine = nullptr;
    CampaignsTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    CampaignLiveView* m_live = nullptr;
    QPushButton* m_editButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    QPushButton* m_sendButton = nullptr;
    QPushButton* m_pauseButton = nullptr;
    QPushButton* m_resumeButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QHash<qint64, Send::SendProgress> m_lastProgress;
    QHash<qint64, QString> m_lastError;
    QHash<qint64, qint64> m_scheduleHeld; ///< campaign → the start time held back (check errors)
    QTimer* m_scheduler = nullptr;
    bool m_scheduleReading = false;
    qint64 m_selectAfterLoad = 0;
    bool m_shownBefore = false;
    bool m_resumedInterrupted = false;
    bool m_checking = false;
};

} // namespace Postroom::Ui
