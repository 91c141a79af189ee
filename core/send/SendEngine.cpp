#include "core/send/SendEngine.h"

#include "core/send/SendWorker.h"
#include "core/storage/MessageRepository.h"

#include <QPointer>
#include <QThread>

namespace Postroom::Send {

struct SendEngine::Running
{
    std::unique_ptr<SendWorker> worker;
    QThread* thread = nullptr;
};

SendEngine::SendEngine(Storage::DatabasePtr db, QString databasePath, QObject* parent)
    : QObject(parent), m_db(std::move(db)), m_databasePath(std::move(databasePath))
{
    qRegisterMetaType<Postroom::Send::SendProgress>();
    qRegisterMetaType<Postroom::Send::CampaignStatus>();
}

SendEngine::~SendEngine()
{
    // Closing while sending pauses: in-flight messages finish, leases are given back,
    // and the next start resumes.
    for (const auto& running : std::as_const(m_running))
        running->worker->requestPause();
    for (const auto& running : std::as_const(m_running)) {
        running->thread->wait();
        delete running->thread;
    }
}

Result<void> SendEngine::start(qint64 campaignId, const SendOptions& options)
{
    if (m_running.contains(campaignId))
        return makeError(ErrorCode::InvalidInput, tr("The campaign is already being sent."));
    auto running = std::make_shared<Running>();
    running->worker = std::make_unique<SendWorker>(m_db, m_databasePath, campaignId, options);
    SendWorker* worker = running->worker.get();
    QPointer<SendEngine> self(this);
    running->thread = QThread::create([worker, campaignId, self] {
        const auto outcome = worker->run([&](const SendProgress& progress) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, campaignId, progress] {
                    if (self)
                        emit self->progress(campaignId, progress);
                },
                Qt::QueuedConnection);
        });
        CampaignStatus status;
        QString error;
        if (outcome) {
            status = outcome->status;
            if (outcome->stop == SendStop::NoAccounts)
                error = tr("No account can send: %1").arg(outcome->detail);
        } else {
            error = outcome.error().describe();
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, campaignId, status, error] {
                if (!self)
                    return;
                self->onWorkerDone(campaignId);
                emit self->finished(campaignId, status, error);
            },
            Qt::QueuedConnection);
    });
    m_running.insert(campaignId, running);
    running->thread->start();
    return {};
}

void SendEngine::onWorkerDone(qint64 campaignId)
{
    const auto running = m_running.take(campaignId);
    if (!running)
        return;
    running->thread->wait();
    delete running->thread;
}

Result<void> SendEngine::pause(qint64 campaignId)
{
    if (auto done =
            Storage::MessageRepository(m_db).setControl(campaignId, QStringLiteral("paused"));
        !done)
        return done;
    if (const auto running = m_running.value(campaignId))
        running->worker->requestPause();
    return {};
}

Result<void> SendEngine::resume(qint64 campaignId, const SendOptions& options)
{
    if (auto done =
            Storage::MessageRepository(m_db).setControl(campaignId, QStringLiteral("running"));
        !done)
        return done;
    if (m_running.contains(campaignId))
        return {};
    return start(campaignId, options);
}

Result<void> SendEngine::cancel(qint64 campaignId)
{
    if (auto done =
            Storage::MessageRepository(m_db).setControl(campaignId, QStringLiteral("cancelled"));
        !done)
        return done;
    if (const auto running = m_running.value(campaignId))
        running->worker->requestCancel();
    return {};
}

bool SendEngine::isRunning(qint64 campaignId) const
{
    return m_running.contains(campaignId);
}

bool SendEngine::isAnyRunning() const
{
    return !m_running.isEmpty();
}

Result<CampaignStatus> SendEngine::status(qint64 campaignId) const
{
    return Storage::MessageRepository(m_db).status(campaignId);
}

} // namespace Postroom::Send
