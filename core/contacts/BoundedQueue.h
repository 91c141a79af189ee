#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace Postroom::Contacts {

/**
 * A first-in first-out queue between one producer thread and one consumer thread that
 * holds at most a fixed number of items, so a fast producer waits instead of filling
 * memory. Either side may close() it: the producer when it has no more, the consumer
 * when it stops early (then a waiting push() returns false at once).
 */
template <typename T> class BoundedQueue
{
public:
    explicit BoundedQueue(std::size_t capacity) : m_capacity(capacity < 1 ? 1 : capacity) {}

    /** Waits for room and appends @p item; false (item dropped) once the queue is closed. */
    bool push(T item)
    {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [this] { return m_closed || m_items.size() < m_capacity; });
        if (m_closed)
            return false;
        m_items.push_back(std::move(item));
        m_notEmpty.notify_one();
        return true;
    }

    /** Waits for an item; nullopt when the queue is closed and empty. */
    std::optional<T> pop()
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [this] { return m_closed || !m_items.empty(); });
        if (m_items.empty())
            return std::nullopt;
        std::optional<T> item(std::move(m_items.front()));
        m_items.pop_front();
        m_notFull.notify_one();
        return item;
    }

    /** Wakes both sides: pushes fail from now on, pops drain what is left. */
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_notEmpty.notify_all();
        m_notFull.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<T> m_items;
    const std::size_t m_capacity;
    bool m_closed = false;
};

} // namespace Postroom::Contacts
