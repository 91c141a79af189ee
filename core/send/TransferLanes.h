#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace Postroom::Send {

class CurlSmtpRequest;

/**
 * Runs SMTP transfers on lanes: threads that each own a curl multi handle and the
 * connections of the transfers given to them. One multi handle for every connection
 * would serialise them all: libcurl (7.88) waits for the reply to the end of DATA
 * inside the multi handle, so while one server reads a message the others would wait.
 * The send worker keeps everything else (admission, limits, results) on its own
 * thread and gives each transfer to the lane of its connection slot, so an account
 * never has more connections open than it allows.
 */
class TransferLanes
{
public:
    /** A finished transfer, handed back with its CURLcode. */
    struct Finished
    {
        std::unique_ptr<CurlSmtpRequest> request;
        int curlCode = 0;
        bool started = true; ///< false: given back unstarted, its connection is slow
    };

    /**
     * @p maxConnections: how many connections each lane may keep open.
     * @p onFinished is called on a lane's thread whenever a transfer finished.
     */
    TransferLanes(const std::vector<int>& maxConnections, std::function<void()> onFinished);
    ~TransferLanes(); ///< stops every lane; transfers still running are abandoned
    TransferLanes(const TransferLanes&) = delete;
    TransferLanes& operator=(const TransferLanes&) = delete;

    /** Runs @p request on lane @p lane, at once or as soon as a connection is free. */
    void start(int lane, std::unique_ptr<CurlSmtpRequest> request);

    /**
     * Gives back unstarted (takeFinished(), `started` false) the requests waiting on a
     * lane whose connections have all been busy for kGiveBackMs: another may send them.
     */
    void giveBackFromSlowLanes();

    static constexpr int kGiveBackMs = 500;

    /** The transfers that finished since the last call. */
    std::vector<Finished> takeFinished();

private:
    struct Lane;
    void run(Lane& lane);

    std::function<void()> m_onFinished;
    std::vector<std::unique_ptr<Lane>> m_lanes;
    std::mutex m_finishedMutex;
    std::vector<Finished> m_finished;
};

} // namespace Postroom::Send
