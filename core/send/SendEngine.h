#pragma once

#include "core/common/Result.h"
#include "core/send/SendOptions.h"
#include "core/send/SendProgress.h"
#include "core/storage/Database.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace Postroom::Send {

class SendWorker;

/**
 * Runs campaigns in the background for the GUI: one SendWorker thread per running
 * campaign (each owns its curl multi handle). Everything here is called on the
 * thread that owns the engine; signals arrive on that thread too.
 *
 * Pause, resume and cancel write the campaign's `control` column first, so they work
 * the same whether this process, another app window or `postroom-cli campaigns send`
 * elsewhere is the sender (each sender polls the column about twice a second).
 */
class SendEngine : public QObject
{
    Q_OBJECT

public:
    /** @p databasePath places the secret file store (see Secrets::SecretVault). */
    SendEngine(Storage::DatabasePtr db, QString databasePath, QObject* parent = nullptr);
    ~SendEngine() override; ///< asks running workers to pause, and waits for them

    /**
     * Queues the campaign (first time: one row per deliverable recipient, frozen
     * settings) and starts delivering it in the background. A paused campaign is set
     * running again. Fails for a cancelled or unknown campaign, or one already running here.
     */
    Result<void> start(qint64 campaignId, const SendOptions& options = {});

    /** Pauses (control = paused); in-flight messages finish, the rest stay queued. */
    Result<void> pause(qint64 campaignId);

    /**
     * Sets control back to running and, if it is not running here, starts it (a new run
     * tries again the accounts an auth or TLS failure took out). Fails for a cancelled
     * campaign.
     */
    Result<void> resume(qint64 campaignId, const SendOptions& options = {});

    /**
     * Cancels for good (MessageRepository::cancel): recipients not sent become skipped, those
     * in flight when their results come back; the campaign can never be resumed.
     */
    Result<void> cancel(qint64 campaignId);

    /** True while a worker of this engine sends @p campaignId. */
    bool isRunning(qint64 campaignId) const;

    /** True while any worker of this engine runs (the window asks before closing). */
    bool isAnyRunning() const;

    /** The status from the queue, wherever it is being sent. */
    Result<CampaignStatus> status(qint64 campaignId) const;

signals:
    /** A few times a second while @p campaignId runs. */
    void progress(qint64 campaignId, const Postroom::Send::SendProgress& progress);

    /**
     * The worker stopped: nothing left to try now, paused, cancelled, or failed
     * (@p error non-empty: why, e.g. "no usable account"). @p status is the final count.
     */
    void finished(qint64 campaignId, const Postroom::Send::CampaignStatus& status,
                  const QString& error);

private:
    struct Running;
    void onWorkerDone(qint64 campaignId);

    Storage::DatabasePtr m_db;
    QString m_databasePath;
    QHash<qint64, std::shared_ptr<Running>> m_running;
};

} // namespace Postroom::Send
