#include "core/send/SendWorker.h"

#include "core/common/Clock.h"
#include "core/common/Log.h"
#include "core/mime/MessageFactory.h"
#include "core/secrets/SecretVault.h"
#include "core/send/CurlSmtpRequest.h"
#include "core/send/DomainLimits.h"
#include "core/send/OutboxTransport.h"
#include "core/send/QueueStore.h"
#include "core/send/RetryPolicy.h"
#include "core/send/TokenBucket.h"
#include "core/send/TransferLanes.h"
#include "core/storage/AccountRepository.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/MessageRepository.h"

#include <QCoreApplication>
#include <QHash>
#include <QHostInfo>
#include <QRandomGenerator>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <unordered_map>

namespace Postroom::Send {
namespace {

constexpr qint64 kDayMs = 24LL * 60 * 60 * 1000;
constexpr qint64 kRateWindowMs = 5000;
constexpr qint64 kStatusRefreshMs = 1000;
constexpr qint64 kCapRefreshMs = 10000;
constexpr int kAdmitScan = 64; // rows looked at per pass when domains hold some back

QString domainOf(const QString& email)
{
    return email.mid(email.lastIndexOf(QLatin1Char('@')) + 1).toLower();
}

// Finished transfers in the last few seconds, for rates.
struct RateMeter
{
    std::deque<qint64> times;
    void add(qint64 now)
    {
        times.push_back(now);
        trim(now);
    }
    void trim(qint64 now)
    {
        while (!times.empty() && times.front() < now - kRateWindowMs)
            times.pop_front();
    }
    double perSecond(qint64 now, qint64 sinceStart)
    {
        trim(now);
        const qint64 window = std::clamp<qint64>(sinceStart, 1000, kRateWindowMs);
        return double(times.size()) * 1000.0 / double(window);
    }
};

struct AccountState
{
    Account account;
    int weight = 1;
    SmtpEndpoint endpoint;
    std::unique_ptr<OutboxTransport> outbox;
    TokenBucket bucket;
    int inFlight = 0;
    QString disabledReason;
    QString unusableReason; ///< this run only (a missing secret): not written down
    qint64 backoffUntil = 0;
    int backoffLevel = 0;
    int dailyCap = 0;     ///< today's cap (warm-up plan applied); 0 = none
    qint64 usedToday = 0; ///< rolling 24 h, refreshed from the queue now and then
    qint64 capRefreshAt = 0;
    qint64 given = 0; ///< messages handed to this account in this run (for the weights)
    qint64 sent = 0;
    qint64 errors = 0;
    RateMeter meter;
    // Connection slots: slot s runs on lane firstLane + s % laneCount (SMTP accounts).
    std::vector<int> slotLoad; ///< transfers given to each slot: running, and the next
    int pipeline = 1;          ///< transfers a slot may be given at once
    int firstLane = 0;
    int laneCount = 0;

    bool usable() const { return disabledReason.isEmpty() && unusableReason.isEmpty(); }
    bool capped() const { return dailyCap > 0 && usedToday >= dailyCap; }
};

struct DomainState
{
    TokenBucket bucket;
    int maxConnections = 0;
    int inFlight = 0;
};

struct Transfer
{
    Storage::ClaimedMessage message;
    AccountState* account = nullptr;
    DomainState* domain = nullptr;
    int slot = -1; ///< the account's connection slot (SMTP transfers)
};

// A lane (thread) per connection, up to this many per account; beyond it connections
// share lanes, and one waiting for a reply holds up its lane-mates.
constexpr int kMaxLanesPerAccount = 16;

} // namespace

struct SendWorker::Impl
{
    Storage::DatabasePtr db;
    QString databasePath;
    qint64 campaignId = 0;
    SendOptions options;
    std::atomic<bool> pauseRequested{false};
    std::atomic<bool> cancelRequested{false};
    const std::atomic<bool>* externalPause = nullptr;
    // wakeup(): lanes, the queue store and other threads end the loop's sleep.
    std::mutex signalMutex;
    std::condition_variable signal;
    bool signalled = false;

    // The run's state (the worker's thread only).
    std::unique_ptr<Storage::MessageRepository> repo;
    std::unique_ptr<Mime::MessageFactory> factory;
    std::unique_ptr<RetryPolicy> retry;
    std::unique_ptr<DomainLimits> domainLimits;
    std::vector<std::unique_ptr<AccountState>> accounts;
    QHash<QString, DomainState> domains;
    std::deque<Storage::ClaimedMessage> ready;
    std::unique_ptr<TransferLanes> lanes;
    qint64 nextGiveBackCheck = 0;
    std::unordered_map<const CurlSmtpRequest*, Transfer> transfers; ///< on the lanes
    QList<Storage::MessageResult> results;                          ///< not yet handed to the store
    std::unique_ptr<QueueStore> store;
    QList<SendErrorInfo> errors;
    RateMeter meter;
    CampaignStatus lastStatus;
    qint64 startedAt = 0;
    qint64 lastLease = 0;
    qint64 lastFlush = 0;

    bool stopping() const
    {
        return pauseRequested || cancelRequested || (externalPause && externalPause->load());
    }

    qint64 newLeaseUntil(qint64 now)
    {
        // Strictly increasing, so a claim's rows are exactly those with its lease_until.
        lastLease = std::max(lastLease + 1, now + qint64(options.leaseSeconds) * 1000);
        return lastLease;
    }

    Result<void> prepare();
    Result<void> setUpAccounts();
    void refreshCap(AccountState& account, qint64 now);
    AccountState* pickAccount(qint64 now);
    bool anyAccountUsable() const;
    qint64 admit(qint64 now);
    void start(Storage::ClaimedMessage message, AccountState& account, DomainState& domain,
               qint64 now);
    void finish(Transfer& transfer, const DeliveryResult& result, qint64 now);
    void requeueOrDefer(Storage::ClaimedMessage message, qint64 dueAt, qint64 accountId,
                        qint64 now);
    void noteError(const Storage::ClaimedMessage& message, const AccountState& account,
                   const DeliveryResult& result, qint64 now);
    Result<void> flush(qint64 now);
    Result<void> settle(qint64 now);
    int readDone(qint64 now);
    std::unique_ptr<TransferLanes> makeLanes(std::function<void()> onFinished);
    void sleep(qint64 ms);
    SendProgress progress(qint64 now);
    QString accountsReasons() const;
};

SendWorker::SendWorker(Storage::DatabasePtr db, QString databasePath, qint64 campaignId,
                       SendOptions options)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->db = std::move(db);
    m_impl->databasePath = std::move(databasePath);
    m_impl->campaignId = campaignId;
    m_impl->options = std::move(options);
}

SendWorker::~SendWorker() = default;

void SendWorker::requestPause()
{
    m_impl->pauseRequested = true;
    wakeup();
}

void SendWorker::requestCancel()
{
    m_impl->cancelRequested = true;
    wakeup();
}

void SendWorker::wakeup()
{
    {
        std::lock_guard lock(m_impl->signalMutex);
        m_impl->signalled = true;
    }
    m_impl->signal.notify_all();
}

void SendWorker::setExternalPauseFlag(const std::atomic<bool>* flag)
{
    m_impl->externalPause = flag;
}

Result<void> SendWorker::Impl::prepare()
{
    repo = std::make_unique<Storage::MessageRepository>(db);
    const auto campaign = Storage::CampaignRepository(db).byId(campaignId);
    if (!campaign)
        return campaign.error();
    if (campaign->control == QLatin1String("cancelled"))
        return makeError(
            ErrorCode::InvalidInput,
            tr("Campaign \"%1\" was cancelled; it cannot be sent.").arg(campaign->name));
    const auto queued = repo->isQueued(campaignId);
    if (!queued)
        return queued.error();
    if (!*queued) {
        // The first send: resolve the accounts by name, then the recipients snapshot.
        QList<Storage::CampaignAccount> attached;
        Storage::AccountRepository accountRepo(db);
        for (const QString& name : campaign->settings.accounts) {
            const auto account = accountRepo.byName(name);
            if (!account)
                return makeError(account.error().code,
                                 tr("Campaign \"%1\" sends through account \"%2\": %3")
                                     .arg(campaign->name, name, account.error().message));
            attached.append(Storage::CampaignAccount{
                account->id, account->name, campaign->settings.weightOf(name), {}});
        }
        if (auto done = repo->attachAccounts(campaignId, attached); !done)
            return done;
        if (auto created = repo->createQueue(campaignId, campaign->listId); !created)
            return created.error();
    }
    if (auto running = repo->setControl(campaignId, QStringLiteral("running")); !running)
        return running;
    // The retry settings too are the ones frozen when the campaign was queued.
    const auto frozen = Storage::CampaignRepository(db).snapshot(campaignId);
    if (!frozen)
        return frozen.error();
    const Storage::CampaignSettings& settings = *frozen ? (*frozen)->settings : campaign->settings;
    auto made = Mime::MessageFactory::forCampaign(db, *campaign);
    if (!made)
        return made.error();
    factory = std::make_unique<Mime::MessageFactory>(std::move(*made));
    retry = std::make_unique<RetryPolicy>(settings.retryBaseSeconds * 1000,
                                          settings.retryExpirySeconds * 1000);
    const auto limits = repo->domainLimits();
    if (!limits)
        return limits.error();
    domainLimits = std::make_unique<DomainLimits>(*limits);
    return setUpAccounts();
}

Result<void> SendWorker::Impl::setUpAccounts()
{
    // Each run gives every account a new chance: an account taken out for an auth or TLS
    // failure may have been fixed (a new password) before the user resumed.
    if (auto enabled = repo->enableAccounts(campaignId); !enabled)
        return enabled;
    const auto attached = repo->campaignAccounts(campaignId);
    if (!attached)
        return attached.error();
    Storage::AccountRepository accountRepo(db);
    const Secrets::SecretVault vault(databasePath);
    const qint64 now = nowMs();
    for (const Storage::CampaignAccount& row : *attached) {
        const auto account = accountRepo.byId(row.accountId);
        if (!account)
            return account.error();
        auto state = std::make_unique<AccountState>();
        state->account = *account;
        state->weight = std::max(1, row.weight);
        state->disabledReason = row.disabledReason;
        state->bucket = TokenBucket::forRate(account->rate);
        if (account->kind() == AccountKind::Outbox) {
            state->outbox = std::make_unique<OutboxTransport>(account->outboxPath());
        } else {
            QByteArray secret;
            if (!account->secretRef.isEmpty()) {
                const auto ref = Secrets::SecretRef::parse(account->secretRef);
                auto resolved = ref ? vault.resolve(*ref) : Result<QByteArray>(ref.error());
                if (resolved)
                    secret = std::move(*resolved);
                else
                    state->unusableReason =
                        tr("the password is not available: %1").arg(resolved.error().message);
            }
            state->endpoint = SmtpEndpoint::fromAccount(*account, std::move(secret));
            if (options.responseTimeoutSeconds > 0) {
                state->endpoint.responseTimeoutSeconds = options.responseTimeoutSeconds;
                state->endpoint.connectTimeoutMs = options.responseTimeoutSeconds * 1000;
            }
        }
        refreshCap(*state, now);
        accounts.push_back(std::move(state));
    }
    if (accounts.empty())
        return makeError(ErrorCode::InvalidInput, tr("The campaign has no sending account."));
    return {};
}

void SendWorker::Impl::refreshCap(AccountState& account, qint64 now)
{
    // The daily cap is a rolling 24 hours: everything the account sent in the last
    // 24 h counts, from any campaign. Warm-up: day N of the plan counts from the
    // account's first message ever.
    account.capRefreshAt = now + kCapRefreshMs;
    if (account.account.dailyCap <= 0 && account.account.warmup.isEmpty()) {
        account.dailyCap = 0;
        return;
    }
    const auto first = repo->firstSentAt(account.account.id);
    const int day = first && *first > 0 ? int((now - *first) / kDayMs) : 0;
    account.dailyCap = account.account.dailyCapOnDay(day);
    const auto used = repo->sentSince(account.account.id, now - kDayMs);
    // Messages in flight (and results not yet written) count too.
    account.usedToday = (used ? *used : 0) + account.inFlight;
    for (const Storage::MessageResult& result : std::as_const(results))
        account.usedToday +=
            result.accountId == account.account.id && result.state == Storage::MessageState::Sent;
    account.usedToday += store->pendingSent(account.account.id);
}

bool SendWorker::Impl::anyAccountUsable() const
{
    return std::any_of(accounts.begin(), accounts.end(),
                       [](const auto& account) { return account->usable(); });
}

AccountState* SendWorker::Impl::pickAccount(qint64 now)
{
    // Weighted rotation: among the accounts that may send now, the one furthest behind
    // its share (messages given / weight). Work-conserving: when only one account has
    // a free connection and a token, it sends, so a slow or exhausted account never
    // holds the others back.
    AccountState* best = nullptr;
    for (const auto& account : accounts) {
        if (!account->usable() || account->backoffUntil > now || account->capped())
            continue;
        const int connections = account->outbox ? 1 : std::max(1, account->account.maxConnections);
        if (account->inFlight >= connections * account->pipeline || !account->bucket.canTake(now))
            continue;
        if (!best || account->given * best->weight < best->given * account->weight)
            best = account.get();
    }
    if (best)
        ++best->given;
    return best;
}

qint64 SendWorker::Impl::admit(qint64 now)
{
    // Returns how long until something may be admitted (for the poll's timeout).
    qint64 wait = 100;
    std::size_t index = 0;
    int scanned = 0;
    while (index < ready.size() && scanned < kAdmitScan) {
        ++scanned;
        const QString domain = domainOf(ready[index].contact.email);
        auto it = domains.find(domain);
        if (it == domains.end()) {
            const Storage::DomainLimit limit = domainLimits->limitFor(domain);
            DomainState state;
            if (limit.rateCount > 0)
                state.bucket =
                    TokenBucket::forRate(SendRate{limit.rateCount, limit.ratePeriodSeconds});
            state.maxConnections = limit.maxConnections;
            it = domains.insert(domain, state);
        }
        DomainState& domainState = *it;
        if ((domainState.maxConnections > 0 &&
             domainState.inFlight >= domainState.maxConnections) ||
            !domainState.bucket.canTake(now)) {
            wait = std::min(wait, std::max<qint64>(1, domainState.bucket.msUntilToken(now)));
            ++index; // this domain waits; others behind it go on
            continue;
        }
        AccountState* account = pickAccount(now);
        if (!account) {
            for (const auto& state : accounts) {
                if (state->usable() && state->backoffUntil <= now && !state->capped())
                    wait = std::min(wait, std::max<qint64>(1, state->bucket.msUntilToken(now)));
            }
            break;
        }
        account->bucket.tryTake(now);
        domainState.bucket.tryTake(now);
        Storage::ClaimedMessage message = std::move(ready[index]);
        ready.erase(ready.begin() + qsizetype(index));
        start(std::move(message), *account, domainState, now);
        scanned = 0;
    }
    return wait;
}

void SendWorker::Impl::start(Storage::ClaimedMessage message, AccountState& account,
                             DomainState& domain, qint64 now)
{
    // Rendered and signed just in time: memory follows the connections, not the list.
    const auto composed = factory->build(message.contact, message.ref.toLatin1());
    if (!composed) {
        DeliveryResult failure = DeliveryResult::failure(
            DeliveryOutcome::LocalError, SmtpStage::Local, composed.error().describe());
        Transfer transfer{std::move(message), &account, &domain};
        ++account.inFlight;
        ++domain.inFlight;
        finish(transfer, failure, now);
        return;
    }
    OutgoingMessage outgoing{
        message.ref.toLatin1(), composed->envelopeFrom, {composed->envelopeTo}, composed->data};
    ++account.inFlight;
    ++domain.inFlight;
    ++account.usedToday;
    if (account.outbox) {
        // The sandbox is a file write: done here, in the loop.
        Transfer transfer{std::move(message), &account, &domain};
        finish(transfer, account.outbox->deliver(outgoing), now);
        return;
    }
    // A free slot exists: admission keeps inFlight within maxConnections.
    const int slot = int(std::min_element(account.slotLoad.begin(), account.slotLoad.end()) -
                         account.slotLoad.begin());
    ++account.slotLoad[std::size_t(slot)];
    auto request = CurlSmtpRequest::send(account.endpoint, std::move(outgoing));
    transfers.emplace(request.get(), Transfer{std::move(message), &account, &domain, slot});
    lanes->start(account.firstLane + slot % account.laneCount, std::move(request));
}

void SendWorker::Impl::noteError(const Storage::ClaimedMessage& message,
                                 const AccountState& account, const DeliveryResult& result,
                                 qint64 now)
{
    SendErrorInfo info;
    info.atMs = now;
    info.email = message.contact.email;
    info.account = account.account.name;
    info.outcome = result.kindName();
    info.smtpCode = result.smtpCode;
    info.enhancedStatus = result.enhancedStatus;
    info.reply = result.reply.isEmpty() ? result.detail : result.reply;
    errors.append(info);
    while (errors.size() > std::max(1, options.keptErrors))
        errors.removeFirst();
}

void SendWorker::Impl::requeueOrDefer(Storage::ClaimedMessage message, qint64 dueAt,
                                      qint64 accountId, qint64 now)
{
    // Not the recipient's fault: another account may take it now; otherwise it waits
    // for the account, without counting an attempt.
    if (dueAt <= now || std::any_of(accounts.begin(), accounts.end(), [&](const auto& account) {
            return account->usable() && account->backoffUntil <= now && !account->capped();
        })) {
        ready.push_front(std::move(message));
        return;
    }
    Storage::MessageResult result;
    result.messageId = message.id;
    result.campaignId = campaignId;
    result.state =
        message.attempts > 0 ? Storage::MessageState::Deferred : Storage::MessageState::Queued;
    result.countsAsAttempt = false;
    result.accountId = accountId;
    result.nextAttemptAtMs = dueAt;
    result.atMs = now;
    results.append(result);
}

void SendWorker::Impl::finish(Transfer& transfer, const DeliveryResult& result, qint64 now)
{
    AccountState& account = *transfer.account;
    --account.inFlight;
    --transfer.domain->inFlight;
    account.meter.add(now);
    meter.add(now);
    Storage::ClaimedMessage& message = transfer.message;
    Storage::MessageResult row;
    row.messageId = message.id;
    row.campaignId = campaignId;
    row.accountId = account.account.id;
    row.smtpCode = result.smtpCode;
    row.enhancedStatus = result.enhancedStatus;
    row.reply = result.reply.isEmpty() ? result.detail : result.reply;
    row.atMs = now;
    const ResultAction action = RetryPolicy::classify(result);
    if (action != ResultAction::Sent) {
        ++account.errors;
        noteError(message, account, result, now);
        --account.usedToday;
    }
    switch (action) {
    case ResultAction::Sent:
        ++account.sent;
        account.backoffLevel = 0;
        row.state = Storage::MessageState::Sent;
        break;
    case ResultAction::AccountDown: {
        account.disabledReason = result.describe();
        if (auto disabled =
                repo->disableAccount(campaignId, account.account.id, account.disabledReason);
            !disabled)
            qCWarning(lcSend) << disabled.error().describe();
        requeueOrDefer(std::move(message), now, 0, now);
        return;
    }
    case ResultAction::BackPressure: {
        const qint64 delay = std::min<qint64>(qint64(options.accountBackoffMaxMs),
                                              qint64(options.accountBackoffBaseMs)
                                                  << std::min(account.backoffLevel, 20));
        ++account.backoffLevel;
        account.backoffUntil = std::max(account.backoffUntil, now + delay);
        requeueOrDefer(std::move(message), account.backoffUntil, account.account.id, now);
        return;
    }
    case ResultAction::Retry: {
        const qint64 first = message.firstAttemptAtMs > 0 ? message.firstAttemptAtMs : now;
        const qint64 next = now + retry->delayMs(message.attempts + 1,
                                                 QRandomGenerator::global()->generateDouble());
        row.state = retry->expired(first, next) ? Storage::MessageState::Expired
                                                : Storage::MessageState::Deferred;
        row.nextAttemptAtMs = next;
        break;
    }
    case ResultAction::Bounce:
        row.state = Storage::MessageState::Bounced;
        row.bounceKind = RetryPolicy::bounceKind(result.smtpCode, result.enhancedStatus);
        row.emailKey = message.contact.emailKey;
        break;
    case ResultAction::Fail:
        row.state = Storage::MessageState::Failed;
        break;
    }
    results.append(row);
}

std::unique_ptr<TransferLanes> SendWorker::Impl::makeLanes(std::function<void()> onFinished)
{
    std::vector<int> laneConnections;
    for (const auto& account : accounts) {
        if (account->outbox)
            continue;
        const int slotCount = std::max(1, account->account.maxConnections);
        account->slotLoad.assign(std::size_t(slotCount), 0);
        // An unthrottled account gives each slot its next message while one runs, and the
        // lane sends it the moment the connection is free (a throttled one waits for
        // tokens anyway). A lane slow to answer gives it back (TransferLanes).
        account->pipeline = account->account.rate.isUnlimited() ? 2 : 1;
        account->firstLane = int(laneConnections.size());
        account->laneCount = std::min(slotCount, kMaxLanesPerAccount);
        for (int lane = 0; lane < account->laneCount; ++lane)
            laneConnections.push_back((slotCount - lane + account->laneCount - 1) /
                                      account->laneCount);
    }
    return std::make_unique<TransferLanes>(laneConnections, std::move(onFinished));
}

void SendWorker::Impl::sleep(qint64 ms)
{
    std::unique_lock lock(signalMutex);
    signal.wait_for(lock, std::chrono::milliseconds(ms), [this] { return signalled; });
    signalled = false;
}

int SendWorker::Impl::readDone(qint64 now)
{
    int done = 0;
    // Every lane's lock, so not on every pass: a fifth of the give-back time is soon enough.
    if (now >= nextGiveBackCheck) {
        nextGiveBackCheck = now + TransferLanes::kGiveBackMs / 5;
        lanes->giveBackFromSlowLanes();
    }
    for (TransferLanes::Finished& finished : lanes->takeFinished()) {
        auto it = transfers.find(finished.request.get());
        if (it == transfers.end())
            continue;
        Transfer transfer = std::move(it->second);
        transfers.erase(it);
        AccountState& account = *transfer.account;
        --account.slotLoad[std::size_t(transfer.slot)];
        if (!finished.started) {
            // Given back unstarted: it goes to the front of the line, as if never admitted.
            --account.inFlight;
            --transfer.domain->inFlight;
            --account.usedToday;
            --account.given;
            ready.push_front(std::move(transfer.message));
            continue;
        }
        finish(transfer, finished.request->result(finished.curlCode), now);
        ++done;
    }
    return done;
}

Result<void> SendWorker::Impl::flush(qint64 now)
{
    lastFlush = now;
    return store->submit(std::exchange(results, {}));
}

Result<void> SendWorker::Impl::settle(qint64 now)
{
    if (auto flushed = flush(now); !flushed)
        return flushed;
    return store->drain();
}

QString SendWorker::Impl::accountsReasons() const
{
    QStringList reasons;
    for (const auto& account : accounts) {
        const QString why =
            account->disabledReason.isEmpty() ? account->unusableReason : account->disabledReason;
        reasons.append(QStringLiteral("%1: %2").arg(account->account.name, why));
    }
    return reasons.join(QStringLiteral("; "));
}

SendProgress SendWorker::Impl::progress(qint64 now)
{
    SendProgress report;
    report.status = lastStatus;
    report.elapsedMs = now - startedAt;
    report.ratePerSecond = meter.perSecond(now, report.elapsedMs);
    const qint64 remaining = lastStatus.queued + lastStatus.sending + lastStatus.deferred;
    report.etaSeconds =
        report.ratePerSecond > 0 ? qint64(double(remaining) / report.ratePerSecond) : -1;
    for (const auto& account : accounts) {
        AccountProgress row;
        row.accountId = account->account.id;
        row.name = account->account.name;
        row.ratePerSecond = account->meter.perSecond(now, report.elapsedMs);
        row.inFlight = account->inFlight;
        row.maxConnections = account->outbox ? 1 : account->account.maxConnections;
        row.sent = account->sent;
        row.errors = account->errors;
        row.backingOffUntilMs = account->backoffUntil > now ? account->backoffUntil : 0;
        row.disabledReason =
            account->disabledReason.isEmpty() ? account->unusableReason : account->disabledReason;
        report.accounts.append(row);
    }
    report.latestErrors = errors;
    report.stopping = stopping();
    return report;
}

Result<SendOutcome> SendWorker::run(const std::function<void(const SendProgress&)>& onProgress)
{
    Impl& d = *m_impl;
    if (d.options.owner.isEmpty())
        d.options.owner = QStringLiteral("%1:%2:%3")
                              .arg(QHostInfo::localHostName())
                              .arg(QCoreApplication::applicationPid())
                              .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
    d.store = std::make_unique<QueueStore>(d.db, [this] { wakeup(); });
    const auto stopStore = qScopeGuard([&d] { d.store.reset(); });
    if (auto prepared = d.prepare(); !prepared)
        return prepared.error();
    d.lanes = d.makeLanes([this] { wakeup(); });
    const auto cleanup = qScopeGuard([&d] {
        d.lanes.reset(); // abandons what is still running (only after an error)
        d.transfers.clear();
    });

    d.startedAt = nowMs();
    qint64 now = d.startedAt;
    qint64 nextControlPoll = now + d.options.controlPollMs;
    qint64 nextRenew = now + qint64(d.options.leaseSeconds) * 1000 / 3;
    qint64 nextProgress = now;
    qint64 nextStatus = now;
    qint64 claimAgainAt = 0;
    bool queueDry = false;
    SendStop stop = SendStop::NothingDue;
    QString controlStop;
    QString detail;
    if (auto status = d.repo->status(d.campaignId); status)
        d.lastStatus = *status;

    for (;;) {
        now = nowMs();
        // 1. Commands: local requests, the signal flag, and the control column.
        if (now >= nextControlPoll) {
            nextControlPoll = now + d.options.controlPollMs;
            const auto control = d.repo->control(d.campaignId);
            if (control &&
                (*control == QLatin1String("paused") || *control == QLatin1String("cancelled")))
                controlStop = *control;
        }
        const bool stopping = d.stopping() || !controlStop.isEmpty();
        if (now >= nextRenew) {
            nextRenew = now + qint64(d.options.leaseSeconds) * 1000 / 3;
            if (auto renewed =
                    d.repo->renewLeases(d.campaignId, d.options.owner, d.newLeaseUntil(now));
                !renewed)
                return renewed.error();
        }
        if (!d.anyAccountUsable() && !stopping) {
            stop = SendStop::NoAccounts;
            detail = d.accountsReasons();
            d.pauseRequested = true; // wind down like a pause
            continue;
        }
        for (const auto& account : d.accounts) {
            if (account->dailyCap > 0 && now >= account->capRefreshAt)
                d.refreshCap(*account, now);
        }
        // 2. Claim due rows ahead, on the store's thread, when the local buffer runs low.
        if (auto claimed = d.store->takeClaimed()) {
            if (!*claimed)
                return claimed->error();
            queueDry = (*claimed)->isEmpty();
            if (queueDry)
                claimAgainAt = now + 1000;
            for (auto& message : **claimed)
                d.ready.push_back(std::move(message));
        }
        if (!stopping && int(d.ready.size()) < d.options.claimBatch / 2 && now >= claimAgainAt &&
            !d.store->claiming()) {
            d.store->claimAhead(
                {d.campaignId, d.options.owner, now, d.newLeaseUntil(now), d.options.claimBatch});
        }
        // 3. Admit as the limits allow.
        qint64 wait = 100;
        if (!stopping)
            wait = d.admit(now);
        // 4. Drive the transfers and 5. read what finished.
        int finished = 0;
        if (!d.transfers.empty())
            finished = d.readDone(nowMs());
        now = nowMs();
        // Results leave in batches, one transaction each.
        if (d.results.size() >= d.options.resultBatch ||
            (!d.results.isEmpty() && now - d.lastFlush >= d.options.resultFlushMs)) {
            if (auto flushed = d.flush(now); !flushed)
                return flushed.error();
        }
        if (onProgress && now >= nextProgress) {
            nextProgress = now + d.options.progressIntervalMs;
            if (now >= nextStatus) {
                nextStatus = now + kStatusRefreshMs;
                if (auto status = d.repo->status(d.campaignId); status)
                    d.lastStatus = *status;
            }
            onProgress(d.progress(now));
        }

        const bool idle = d.transfers.empty();
        if (stopping && idle) {
            if (stop != SendStop::NoAccounts)
                stop = d.cancelRequested || controlStop == QLatin1String("cancelled")
                           ? SendStop::Cancelled
                           : SendStop::Paused;
            break;
        }
        // Everything that could be sent now is sent: what next?
        if (idle && d.ready.empty() && queueDry && !d.store->claiming()) {
            if (auto settled = d.settle(now); !settled)
                return settled.error();
            const auto status = d.repo->status(d.campaignId);
            if (!status)
                return status.error();
            d.lastStatus = *status;
            if (!status->hasWork()) {
                stop = SendStop::Completed;
                break;
            }
            if (!d.options.waitForRetries) {
                stop = SendStop::NothingDue;
                break;
            }
            const auto due = d.repo->nextDueAt(d.campaignId);
            if (!due)
                return due.error();
            // Sleep through the retry delay, waking for commands and the control column.
            claimAgainAt =
                std::min(std::max(*due, now + 50), now + qint64(d.options.controlPollMs));
            queueDry = false;
            wait = claimAgainAt - now;
        }
        // Rows held back by busy accounts while none can send for a while go back.
        if (idle && !d.ready.empty() && !stopping && d.anyAccountUsable()) {
            qint64 soonest = std::numeric_limits<qint64>::max();
            for (const auto& account : d.accounts) {
                if (account->usable() && !account->capped())
                    soonest = std::min(soonest, account->backoffUntil);
            }
            if (soonest == std::numeric_limits<qint64>::max()) {
                // Every usable account reached its daily cap: stop until tomorrow's window.
                QList<qint64> ids;
                for (const auto& message : d.ready)
                    ids.append(message.id);
                d.ready.clear();
                if (auto released = d.repo->release(d.options.owner, ids); !released)
                    return released.error();
                stop = SendStop::NothingDue;
                detail = tr("every account reached its daily cap");
                break;
            }
            if (soonest > now + 1000) {
                while (!d.ready.empty()) {
                    Storage::ClaimedMessage message = std::move(d.ready.front());
                    d.ready.pop_front();
                    Storage::MessageResult row;
                    row.messageId = message.id;
                    row.campaignId = d.campaignId;
                    row.state = message.attempts > 0 ? Storage::MessageState::Deferred
                                                     : Storage::MessageState::Queued;
                    row.countsAsAttempt = false;
                    row.nextAttemptAtMs = soonest;
                    row.atMs = now;
                    d.results.append(row);
                }
                if (auto flushed = d.flush(now); !flushed)
                    return flushed.error();
                claimAgainAt = std::min(soonest, now + 1000);
            }
        }
        if (d.stopping() || !controlStop.isEmpty())
            wait = std::min<qint64>(wait, 20);
        if (finished > 0 && !stopping) {
            // A connection just came free: admit its next message at once instead of
            // sleeping until some other transfer makes progress.
            continue;
        }
        // Sleep until a lane finishes a transfer, a claim is ready, wakeup(), or a limit
        // lets the next message go.
        d.sleep(d.transfers.empty() ? std::clamp<qint64>(wait, 1, 1000)
                                    : std::clamp<qint64>(wait, 1, 100));
    }

    // Wind down: write what is known, give back what was not tried (with the rows of a
    // claim that was still being made).
    now = nowMs();
    if (auto settled = d.settle(now); !settled)
        return settled.error();
    if (auto claimed = d.store->takeClaimed(); claimed && *claimed) {
        for (auto& message : **claimed)
            d.ready.push_back(std::move(message));
    }
    QList<qint64> untried;
    for (const auto& message : d.ready)
        untried.append(message.id);
    d.ready.clear();
    if (auto released = d.repo->release(d.options.owner, untried); !released)
        return released.error();
    if (stop == SendStop::Paused && controlStop.isEmpty()) {
        if (auto paused = d.repo->setControl(d.campaignId, QStringLiteral("paused")); !paused)
            return paused.error();
    } else if (stop == SendStop::Cancelled && controlStop.isEmpty()) {
        if (auto cancelled = d.repo->setControl(d.campaignId, QStringLiteral("cancelled"));
            !cancelled)
            return cancelled.error();
    }
    const auto status = d.repo->status(d.campaignId);
    if (!status)
        return status.error();
    d.lastStatus = *status;
    if (onProgress)
        onProgress(d.progress(now));
    return SendOutcome{stop, *status, detail};
}

} // namespace Postroom::Send
