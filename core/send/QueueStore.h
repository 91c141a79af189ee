#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"
#include "core/storage/MessageRepository.h"

#include <QList>
#include <QString>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace Postroom::Send {

/** Which rows a claim takes: see Storage::MessageRepository::claim. */
struct ClaimRequest
{
    qint64 campaignId = 0;
    QString owner;
    qint64 nowMs = 0;
    qint64 leaseUntilMs = 0;
    int limit = 0;
};

/**
 * The send worker's queue work on a thread and connection of its own, so that a
 * transaction (an fsync: the database runs with synchronous=FULL) never stalls the
 * network loop: result batches are written, one transaction each, and the next rows
 * are claimed while the loop still sends the last ones. Batches are written in the
 * order submitted and before a claim asked for after them. One batch is written at
 * a time; submit() waits for the one before, and the disk sets the pace.
 *
 * A batch submitted but not yet committed is lost with the process, like the results
 * the worker holds itself: its rows stay leased as in flight and are tried again
 * after a crash, within the in-flight bound.
 */
class QueueStore
{
public:
    /** @p onClaimed is called on the store's thread when a claim is ready to take. */
    QueueStore(Storage::DatabasePtr db, std::function<void()> onClaimed);
    ~QueueStore(); ///< finishes what was asked for, then stops the thread
    QueueStore(const QueueStore&) = delete;
    QueueStore& operator=(const QueueStore&) = delete;

    /** Queues @p batch for writing; fails with the error of an earlier write, if any. */
    [[nodiscard]] Result<void> submit(QList<Storage::MessageResult> batch);

    /** Waits until everything asked for is done; fails with the first error. */
    [[nodiscard]] Result<void> drain();

    /** How many results in batches not yet committed sent a message through @p accountId. */
    int pendingSent(qint64 accountId) const;

    /** Claims rows after the batches submitted so far; one claim at a time. */
    void claimAhead(ClaimRequest request);

    /** True from claimAhead() until its rows are taken with takeClaimed(). */
    bool claiming() const;

    /** The rows of the last claim once it is done (then no claim is pending), else nothing. */
    std::optional<Result<QList<Storage::ClaimedMessage>>> takeClaimed();

private:
    void run();

    Storage::MessageRepository m_repo;
    std::function<void()> m_onClaimed;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::optional<QList<Storage::MessageResult>> m_batch; ///< being written
    std::optional<ClaimRequest> m_claimRequest;           ///< asked for, not started
    bool m_claimRunning = false;
    std::optional<Result<QList<Storage::ClaimedMessage>>> m_claimed; ///< done, not taken
    std::optional<Error> m_error;
    bool m_stopping = false;
    std::thread m_thread; // last: starts after the members it uses
};

} // namespace Postroom::Send
