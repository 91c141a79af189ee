#include "core/send/ResultWriter.h"

namespace Postroom::Send {

namespace {
constexpr size_t kMaxWaitingBatches = 2;
}

ResultWriter::ResultWriter(Storage::DatabasePtr db)
    : m_repo(std::move(db)), m_thread([this] { run(); })
{
}

ResultWriter::~ResultWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

Result<void> ResultWriter::submit(QList<Storage::MessageResult> batch)
{
    if (batch.isEmpty())
        return {};
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_error || m_batches.size() < kMaxWaitingBatches + 1; });
    if (m_error)
        return *m_error;
    m_batches.push_back(std::move(batch));
    m_changed.notify_all();
    return {};
}

Result<void> ResultWriter::drain()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_error || m_batches.empty(); });
    if (m_error)
        return *m_error;
    return {};
}

int ResultWriter::pendingSent(qint64 accountId) const
{
    std::lock_guard lock(m_mutex);
    int sent = 0;
    for (const auto& batch : m_batches) {
        for (const Storage::MessageResult& result : batch)
            sent += result.accountId == accountId && result.state == Storage::MessageState::Sent;
    }
    return sent;
}

void ResultWriter::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_stopping || !m_batches.empty(); });
        if (m_batches.empty() || m_error)
            return; // stopping with nothing left, or unable to write
        // The batch stays at the front (pendingSent counts it) until it is committed.
        const QList<Storage::MessageResult> batch = m_batches.front();
        lock.unlock();
        auto written = m_repo.recordResults(batch);
        lock.lock();
        m_batches.pop_front();
        if (!written)
            m_error = written.error();
        m_changed.notify_all();
    }
}

} // namespace Postroom::Send
