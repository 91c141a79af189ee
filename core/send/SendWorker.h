#pragma once

#include "core/common/Result.h"
#include "core/send/SendOptions.h"
#include "core/send/SendProgress.h"
#include "core/storage/Database.h"

#include <QCoreApplication>

#include <atomic>
#include <functional>
#include <memory>

namespace Postroom::Send {

/** Why SendWorker::run() returned. */
enum class SendStop
{
    NothingDue, ///< nothing left to try now (deferred rows may wait for their retry time)
    Completed,  ///< every recipient is final
    Paused,     ///< paused here (requestPause) or through the control column
    Cancelled,  ///< cancelled here or through the control column
    NoAccounts, ///< every account of the campaign is disabled (auth, TLS) or unusable
};

/** What a run did. */
struct SendOutcome
{
    SendStop stop = SendStop::NothingDue;
    CampaignStatus status;
    QString detail; ///< for NoAccounts: the accounts' reasons
};

/**
 * Delivers one campaign on the calling thread (HOUSE_STYLE "Threads"): one curl multi
 * handle and its easy handles, and a loop of drain commands → admit messages as the
 * rate limiter allows → curl_multi_perform → read results → curl_multi_poll (woken by
 * wakeup()). Rows are leased (never owned) in short transactions, rendered and
 * signed just in time, and their results written in batches. Outbox accounts are
 * delivered in the loop itself.
 *
 * requestPause(), requestCancel() and wakeup() may be called from any thread (and
 * requestPause() from a signal handler through a flag the caller polls).
 */
class SendWorker
{
    Q_DECLARE_TR_FUNCTIONS(SendWorker)

public:
    /** @p databasePath places the secret file store (see Secrets::SecretVault). */
    SendWorker(Storage::DatabasePtr db, QString databasePath, qint64 campaignId,
               SendOptions options = {});
    ~SendWorker();
    SendWorker(const SendWorker&) = delete;
    SendWorker& operator=(const SendWorker&) = delete;

    /**
     * Queues the campaign if it has no queue yet (the snapshot: list members that are
     * subscribed and not suppressed; UNIQUE(campaign, contact) makes it idempotent),
     * sets control to running, then delivers until nothing is due now (or, with
     * waitForRetries, until every recipient is final), or until paused or cancelled.
     * @p onProgress is called on this thread at most every progressIntervalMs.
     */
    Result<SendOutcome> run(const std::function<void(const SendProgress&)>& onProgress = {});

    /** Stop admitting, let in-flight transfers finish, release the leases, return Paused. */
    void requestPause();
    /** Like requestPause(), but the campaign is being cancelled. */
    void requestCancel();
    /** Wakes the loop from curl_multi_poll (thread-safe). */
    void wakeup();

    /** Polled by the loop as if requestPause() had been called (for SIGINT in the CLI). */
    void setExternalPauseFlag(const std::atomic<bool>* flag);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace Postroom::Send
