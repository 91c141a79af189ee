#include "core/send/TransferLanes.h"

#include "core/send/CurlSmtpRequest.h"

#include <QElapsedTimer>

#include <curl/curl.h>

#include <deque>
#include <thread>
#include <unordered_map>

namespace Postroom::Send {

struct TransferLanes::Lane
{
    CURLM* multi = nullptr;
    int connections = 1;
    std::mutex mutex; // guards what follows
    std::deque<std::unique_ptr<CurlSmtpRequest>> waiting;
    int running = 0;
    QElapsedTimer lastStart; ///< when the lane last started a transfer
    bool stopping = false;
    std::thread thread;
};

TransferLanes::TransferLanes(const std::vector<int>& maxConnections,
                             std::function<void()> onFinished)
    : m_onFinished(std::move(onFinished))
{
    CurlSmtpRequest::initLibrary();
    for (int connections : maxConnections) {
        auto lane = std::make_unique<Lane>();
        lane->connections = std::max(1, connections);
        lane->multi = curl_multi_init();
        // Idle connections stay open between messages: SMTP sessions are reused, a new
        // one costs a TLS handshake and AUTH.
        curl_multi_setopt(lane->multi, CURLMOPT_MAXCONNECTS, long(std::max(1, connections)));
        m_lanes.push_back(std::move(lane));
    }
    for (auto& lane : m_lanes)
        lane->thread = std::thread([this, raw = lane.get()] { run(*raw); });
}

TransferLanes::~TransferLanes()
{
    for (auto& lane : m_lanes) {
        {
            std::lock_guard lock(lane->mutex);
            lane->stopping = true;
        }
        curl_multi_wakeup(lane->multi);
    }
    for (auto& lane : m_lanes) {
        lane->thread.join();
        curl_multi_cleanup(lane->multi);
    }
}

void TransferLanes::start(int lane, std::unique_ptr<CurlSmtpRequest> request)
{
    Lane& target = *m_lanes.at(std::size_t(lane));
    {
        std::lock_guard lock(target.mutex);
        target.waiting.push_back(std::move(request));
    }
    curl_multi_wakeup(target.multi);
}

void TransferLanes::giveBackFromSlowLanes()
{
    // A lane's thread cannot do this itself: libcurl holds it while it waits for the
    // reply to the end of DATA.
    std::lock_guard finishedLock(m_finishedMutex);
    for (auto& lane : m_lanes) {
        std::lock_guard lock(lane->mutex);
        if (lane->waiting.empty() || lane->running < lane->connections ||
            lane->lastStart.elapsed() < kGiveBackMs)
            continue;
        for (auto& request : lane->waiting)
            m_finished.push_back({std::move(request), 0, false});
        lane->waiting.clear();
    }
}

std::vector<TransferLanes::Finished> TransferLanes::takeFinished()
{
    std::lock_guard lock(m_finishedMutex);
    return std::exchange(m_finished, {});
}

void TransferLanes::run(Lane& lane)
{
    std::unordered_map<CURL*, std::unique_ptr<CurlSmtpRequest>> running;
    for (;;) {
        {
            // As many at once as the lane has connections: curl never opens another.
            std::lock_guard lock(lane.mutex);
            if (lane.stopping)
                break;
            while (!lane.waiting.empty() && int(running.size()) < lane.connections) {
                auto* easy = static_cast<CURL*>(lane.waiting.front()->easyHandle());
                curl_multi_add_handle(lane.multi, easy);
                running.emplace(easy, std::move(lane.waiting.front()));
                lane.waiting.pop_front();
                lane.lastStart.start();
            }
            lane.running = int(running.size());
        }
        int active = 0;
        curl_multi_perform(lane.multi, &active);
        bool finished = false;
        int left = 0;
        while (CURLMsg* info = curl_multi_info_read(lane.multi, &left)) {
            if (info->msg != CURLMSG_DONE)
                continue;
            const auto it = running.find(info->easy_handle);
            if (it == running.end())
                continue;
            curl_multi_remove_handle(lane.multi, info->easy_handle);
            std::lock_guard lock(m_finishedMutex);
            m_finished.push_back({std::move(it->second), int(info->data.result)});
            running.erase(it);
            finished = true;
        }
        if (finished) {
            if (m_onFinished)
                m_onFinished();
            continue; // a waiting transfer goes out on the connection just freed, at once
        }
        // Sleeps until a connection needs us, curl's next timeout, or start()/stop.
        curl_multi_poll(lane.multi, nullptr, 0, 1000, nullptr);
    }
    for (auto& [easy, request] : running)
        curl_multi_remove_handle(lane.multi, easy);
}

} // namespace Postroom::Send
