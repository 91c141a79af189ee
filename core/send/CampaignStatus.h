#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace Postroom::Send {

/** What a campaign is doing, derived from its `control` column and its message rows. */
enum class CampaignState
{
    Draft,     ///< never queued
    Scheduled, ///< never queued; the app starts it at scheduledAtMs
    Sending,   ///< running, with recipients queued or in flight
    Waiting,   ///< running, only deferred recipients left (their retry time has not come)
    Paused,    ///< the user paused it; running `campaigns send` or resume continues
    Cancelled, ///< the user cancelled it; nothing more is sent
    Completed, ///< every recipient is final (sent, failed, bounced, skipped or expired)
};

/**
 * The counts of a campaign's recipients by queue state plus its unique engagement,
 * as `campaigns status --json` prints them (the CONTRACT's keys, plus `expired`).
 * The state is never stored: derive() computes it from control and the counts.
 */
struct CampaignStatus
{
    Q_DECLARE_TR_FUNCTIONS(CampaignStatus)

public:
    qint64 campaignId = 0;
    QString name;
    QString control = QStringLiteral("draft"); ///< draft, running, paused or cancelled
    CampaignState state = CampaignState::Draft;
    qint64 total = 0;
    qint64 queued = 0;
    qint64 sending = 0;
    qint64 sent = 0;
    qint64 deferred = 0;
    qint64 failed = 0;
    qint64 bounced = 0;
    qint64 skipped = 0;
    qint64 expired = 0; ///< retried until --retry-expiry, then given up
    qint64 opened = 0;  ///< unique, human (not image-proxy) opens
    qint64 clicked = 0; ///< unique, human clicks
    qint64 unsubscribed = 0;
    qint64 complained = 0;
    qint64 scheduledAtMs = 0; ///< set while a draft waits for its start time; else 0

    /** Draft or Scheduled: never queued, so its settings may still change. */
    bool isDraft() const
    {
        return state == CampaignState::Draft || state == CampaignState::Scheduled;
    }

    /** Recipients in a final state (sent, failed, bounced, skipped, expired). */
    qint64 finished() const { return sent + failed + bounced + skipped + expired; }

    /** True while recipients are left to try (queued, sending or deferred). */
    bool hasWork() const { return queued + sending + deferred > 0; }

    /** Sets state from control and the counts (the only place the state is decided). */
    void derive();

    /** The stable lower-case name: draft, scheduled, sending, waiting, paused, cancelled,
     *  completed. */
    static QString stateName(CampaignState state);

    /** The state as users read it (translated). */
    static QString stateLabel(CampaignState state);

    /** @p ms (since the epoch) as local ISO 8601 time with its UTC offset, to the second. */
    static QString localIsoTime(qint64 ms);

    /** The CONTRACT's status object: name, state, total, queued, … complained, expired, and
     *  scheduled_at (local ISO 8601 time with its UTC offset, or null). */
    QJsonObject toJson() const;
};

} // namespace Postroom::Send
