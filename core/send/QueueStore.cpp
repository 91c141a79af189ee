#include "core/send/QueueStore.h"

namespace Postroom::Send {

QueueStore::QueueStore(Storage::DatabasePtr db, std::function<void()> onClaimed)
    : m_repo(std::move(db)), m_onClaimed(std::move(onClaimed)), m_thread([this] { run(); })
{
}

QueueStore::~QueueStore()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

Result<void> QueueStore::submit(QList<Storage::MessageResult> batch)
{
    if (batch.isEmpty())
        return {};
    std::unique_lock lock(m_mutex);
    // One batch at a time: results not yet committed stay within two batches (the
    // worker's and this one), the bound on repeats after a crash.
    m_changed.wait(lock, [this] { return m_error || !m_batch; });
    if (m_error)
        return *m_error;
    m_batch = std::move(batch);
    m_changed.notify_all();
    return {};
}

Result<void> QueueStore::drain()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock,
                   [this] { return m_error || (!m_batch && !m_claimRequest && !m_claimRunning); });
    if (m_error)
        return *m_error;
    return {};
}

int QueueStore::pendingSent(qint64 accountId) const
{
    std::lock_guard lock(m_mutex);
    int sent = 0;
    if (m_batch) {
        for (const Storage::MessageResult& result : *m_batch)
            sent += result.accountId == accountId && result.state == Storage::MessageState::Sent;
    }
    return sent;
}

void QueueStore::claimAhead(ClaimRequest request)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_claimRequest || m_claimRunning || m_claimed)
            return;
        m_claimRequest = std::move(request);
    }
    m_changed.notify_all();
}

bool QueueStore::claiming() const
{
    std::lock_guard lock(m_mutex);
    return m_claimRequest || m_claimRunning || m_claimed;
}

std::optional<Result<QList<Storage::ClaimedMessage>>> QueueStore::takeClaimed()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_claimed, std::nullopt);
}

void QueueStore::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_stopping || m_batch || m_claimRequest; });
        if (m_error || (!m_batch && !m_claimRequest))
            return; // stopping with nothing left, or unable to write
        if (m_batch) {
            // The batch stays (pendingSent counts it) until it is committed.
            const QList<Storage::MessageResult> batch = *m_batch;
            lock.unlock();
            auto written = m_repo.recordResults(batch);
            lock.lock();
            m_batch.reset();
            if (!written)
                m_error = written.error();
        } else {
            const ClaimRequest request = *std::exchange(m_claimRequest, std::nullopt);
            m_claimRunning = true;
            lock.unlock();
            auto claimed = m_repo.claim(request.campaignId, request.owner, request.nowMs,
                                        request.leaseUntilMs, request.limit);
            lock.lock();
            m_claimRunning = false;
            m_claimed = std::move(claimed);
            lock.unlock();
            if (m_onClaimed)
                m_onClaimed();
            lock.lock();
        }
        m_changed.notify_all();
    }
}

} // namespace Postroom::Send
