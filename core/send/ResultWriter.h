#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"
#include "core/storage/MessageRepository.h"

#include <QList>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace Postroom::Send {

/**
 * Writes the send worker's results on a thread and connection of its own, one
 * transaction a batch, so that a commit (an fsync: the database runs with
 * synchronous=FULL) never stalls the network loop. At most two batches wait;
 * submit() blocks beyond that, and the disk sets the pace.
 *
 * A batch submitted but not yet committed is lost with the process, like the
 * results the worker holds itself: its rows stay leased as in flight and are tried
 * again after a crash, within the in-flight bound.
 */
class ResultWriter
{
public:
    explicit ResultWriter(Storage::DatabasePtr db);
    ~ResultWriter(); ///< writes what was submitted, then stops the thread
    ResultWriter(const ResultWriter&) = delete;
    ResultWriter& operator=(const ResultWriter&) = delete;

    /** Queues @p batch for writing; fails with the error of an earlier write, if any. */
    [[nodiscard]] Result<void> submit(QList<Storage::MessageResult> batch);

    /** Waits until everything submitted is committed; fails with the first write error. */
    [[nodiscard]] Result<void> drain();

    /** How many results in batches not yet committed sent a message through @p accountId. */
    int pendingSent(qint64 accountId) const;

private:
    void run();

    Storage::MessageRepository m_repo;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QList<Storage::MessageResult>> m_batches; ///< the front one is being written
    std::optional<Error> m_error;
    bool m_stopping = false;
    std::thread m_thread; // last: starts after the members it uses
};

} // namespace Postroom::Send
