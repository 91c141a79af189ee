#pragma once

#include "core/send/CampaignStatus.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace Postroom::Send {

/** One account's share of a running campaign, for the live view. */
struct AccountProgress
{
    qint64 accountId = 0;
    QString name;
    double ratePerSecond = 0; ///< messages finished per second over the last few seconds
    int inFlight = 0;         ///< transfers on the wire now
    int maxConnections = 0;
    qint64 sent = 0;              ///< delivered through this account in this run
    qint64 errors = 0;            ///< transient, permanent and connection failures in this run
    qint64 backingOffUntilMs = 0; ///< back-pressure (421/454/slow down): paused until then; 0 = no
    QString disabledReason;       ///< non-empty once the account is out of this campaign
};

/** A recent failure with the server's words, newest last. */
struct SendErrorInfo
{
    qint64 atMs = 0;
    QString email;
    QString account;
    QString outcome; ///< DeliveryResult::kindName(): transient, permanent, auth, …
    int smtpCode = 0;
    QString enhancedStatus;
    QString reply; ///< the server's reply text, or the transport's detail
};

/**
 * A snapshot of a running campaign, emitted by the send worker a few times a second
 * (at most every SendOptions::progressIntervalMs).
 */
struct SendProgress
{
    CampaignStatus status;             ///< counts from the queue (all senders together)
    double ratePerSecond = 0;          ///< this sender's rate over the last few seconds
    qint64 etaSeconds = -1;            ///< remaining / rate; -1 when unknown
    qint64 elapsedMs = 0;              ///< since this run started
    QList<AccountProgress> accounts;   ///< in the campaign's order
    QList<SendErrorInfo> latestErrors; ///< at most SendOptions::keptErrors, newest last
    bool stopping = false;             ///< a pause or cancel is letting in-flight mail finish
};

} // namespace Postroom::Send

Q_DECLARE_METATYPE(Postroom::Send::SendProgress)
Q_DECLARE_METATYPE(Postroom::Send::CampaignStatus)
