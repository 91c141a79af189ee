#pragma once

#include "core/common/Result.h"
#include "core/send/CampaignStatus.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/Database.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QVariant>

namespace Postroom::Storage {

/** A row of `campaign_accounts`: an account a campaign sends through. */
struct CampaignAccount
{
    qint64 accountId = 0;
    QString accountName;
    int weight = 1;
    QString disabledReason; ///< empty while the account may be used
};

/** A recipient-domain limit (table domain_limits; the engine adds built-in defaults). */
struct DomainLimit
{
    QString domain; ///< lower-case, e.g. gmail.com
    int rateCount = 0;
    int ratePeriodSeconds = 1;
    int maxConnections = 0; ///< 0 = no limit
};

/** A queue row leased by a sender, with what is needed to render its message. */
struct ClaimedMessage
{
    qint64 id = 0;
    QString ref;
    int attempts = 0;            ///< attempts before this one
    qint64 firstAttemptAtMs = 0; ///< 0 before the first attempt
    Contact contact;             ///< the recipient's current fields
};

/** The queue state a result moves a row to. */
enum class MessageState
{
    Queued,
    Sending,
    Sent,
    Deferred,
    Failed,
    Bounced,
    Skipped,
    Expired,
};

/** The column value of @p state ("queued", "sending", …). */
QString messageStateName(MessageState state);

/** What became of one leased row; written in batches by recordResults(). */
struct MessageResult
{
    qint64 messageId = 0;
    qint64 campaignId = 0;
    MessageState state = MessageState::Sent;
    bool countsAsAttempt = true; ///< false when the account, not the recipient, was at fault
    qint64 nextAttemptAtMs = 0;  ///< for Deferred and Queued
    qint64 accountId = 0;        ///< 0 = none (not tried)
    int smtpCode = 0;
    QString enhancedStatus;
    QString reply;
    qint64 atMs = 0;
    /** For Bounced: "hard" or "soft" (RFC 3463); a hard bounce also suppresses the address. */
    QString bounceKind;
    QString emailKey; ///< for the suppression of a hard bounce
};

/**
 * The send queue (`messages`) and what the engine keeps per campaign
 * (`campaign_accounts`, `campaigns.control`, `domain_limits`). All portable SQL: a
 * sender leases rows with an UPDATE of lease_owner/lease_until in one short
 * transaction, so several processes (and later machines on PostgreSQL) can share a
 * queue; a lease that expires (a crashed sender) makes its rows due again.
 */
class MessageRepository
{
    Q_DECLARE_TR_FUNCTIONS(MessageRepository)

public:
    explicit MessageRepository(DatabasePtr db);

    /** True once the campaign's queue was created (campaigns.queued_at is set). */
    Result<bool> isQueued(qint64 campaignId) const;

    /**
     * Creates the queue: one row per list member that is subscribed and not suppressed,
     * in chunks (bounded memory), skipping rows already there; then stamps queued_at.
     * Safe to repeat after a crash half-way. Returns the number of rows added.
     */
    Result<qint64> createQueue(qint64 campaignId, qint64 listId);

    /** Adds the campaign's accounts with their weights (existing rows are kept). */
    Result<void> attachAccounts(qint64 campaignId, const QList<CampaignAccount>& accounts);

    /** The campaign's accounts, in the order attached. */
    Result<QList<CampaignAccount>> campaignAccounts(qint64 campaignId) const;

    /** Takes an account out of this campaign, saying why (campaign_accounts.disabled_reason). */
    Result<void> disableAccount(qint64 campaignId, qint64 accountId, const QString& reason);

    /** The control column: draft, running, paused or cancelled. */
    Result<QString> control(qint64 campaignId) const;

    /**
     * Sets the control column (the user's intent; the state shown is derived). "cancelled"
     * is cancel(). Cancelled is final: "running" then fails (InvalidInput), "paused" and
     * "draft" change nothing.
     */
    Result<void> setControl(qint64 campaignId, const QString& control);

    /**
     * Cancels for good, in one transaction: control = cancelled, and every row that is not
     * final (queued, deferred, or sending under a lease that ran out) becomes skipped. Rows
     * in flight become skipped when their sender gives them back (recordResults, release)
     * unless they were sent, failed or bounced. Returns the rows skipped now; repeating it
     * sweeps again.
     */
    Result<qint64> cancel(qint64 campaignId);

    /** Clears every account's disabled_reason: a new run tries them all again. */
    Result<void> enableAccounts(qint64 campaignId);

    /**
     * Leases up to @p limit due rows to @p owner until @p leaseUntilMs: queued or deferred
     * rows whose next_attempt_at has come, and sending rows whose lease expired. Rows whose
     * contact is gone, no longer subscribed or now suppressed become skipped instead.
     */
    Result<QList<ClaimedMessage>> claim(qint64 campaignId, const QString& owner, qint64 nowMs,
                                        qint64 leaseUntilMs, int limit);

    /** Extends every lease of @p owner in @p campaignId. */
    Result<void> renewLeases(qint64 campaignId, const QString& owner, qint64 leaseUntilMs);

    /** Gives back leased rows that were not tried (@p ids), as due now. */
    Result<void> release(const QString& owner, const QList<qint64>& ids);

    /** Writes a batch of results in one transaction (rows, bounce events, suppressions). */
    Result<void> recordResults(const QList<MessageResult>& results);

    /** The earliest time a row that is not final becomes due (retry time or lease end). */
    Result<qint64> nextDueAt(qint64 campaignId) const;

    /** Messages @p accountId sent since @p sinceMs (for the rolling 24 h daily cap). */
    Result<qint64> sentSince(qint64 accountId, qint64 sinceMs) const;

    /** When @p accountId first sent anything (0 = never), the start of its warm-up plan. */
    Result<qint64> firstSentAt(qint64 accountId) const;

    /** The rows of domain_limits. */
    Result<QList<DomainLimit>> domainLimits() const;

    /** Adds or replaces a domain limit. */
    Result<void> setDomainLimit(const DomainLimit& limit);

    /** The counts by state and the unique engagement; the state is derived. */
    Result<Send::CampaignStatus> status(qint64 campaignId) const;

private:
    /** One column of the campaign's row (a fixed column name, never user input). */
    Result<QVariant> campaignColumn(qint64 campaignId, QLatin1String column) const;

    DatabasePtr m_db;
};

} // namespace Postroom::Storage
