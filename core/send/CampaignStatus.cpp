#include "core/send/CampaignStatus.h"

#include <QDateTime>

namespace Postroom::Send {

QString CampaignStatus::localIsoTime(qint64 ms)
{
    // With the offset, so a script reads the same instant whatever its time zone.
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms);
    return local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODate);
}

void CampaignStatus::derive()
{
    // The user's intent wins over the rows, except that a queue with nothing left
    // is completed whatever the control says (a pause after the last message).
    if (control == QLatin1String("cancelled"))
        state = CampaignState::Cancelled;
    else if (control == QLatin1String("draft") && total == 0)
        state = scheduledAtMs > 0 ? CampaignState::Scheduled : CampaignState::Draft;
    else if (!hasWork() && total > 0)
        state = CampaignState::Completed;
    else if (control == QLatin1String("paused"))
        state = CampaignState::Paused;
    else if (control == QLatin1String("draft"))
        state = CampaignState::Paused; // queued by a sender that was stopped before it ran
    else if (queued + sending > 0)
        state = CampaignState::Sending;
    else if (deferred > 0)
        state = CampaignState::Waiting;
    else
        state = CampaignState::Completed;
}

QString CampaignStatus::stateName(CampaignState state)
{
    switch (state) {
    case CampaignState::Draft:
        return QStringLiteral("draft");
    case CampaignState::Scheduled:
        return QStringLiteral("scheduled");
    case CampaignState::Sending:
        return QStringLiteral("sending");
    case CampaignState::Waiting:
        return QStringLiteral("waiting");
    case CampaignState::Paused:
        return QStringLiteral("paused");
    case CampaignState::Cancelled:
        return QStringLiteral("cancelled");
    case CampaignState::Completed:
        return QStringLiteral("completed");
    }
    return QStringLiteral("draft");
}

QString CampaignStatus::stateLabel(CampaignState state)
{
    switch (state) {
    case CampaignState::Draft:
        return tr("Draft");
    case CampaignState::Scheduled:
        return tr("Scheduled");
    case CampaignState::Sending:
        return tr("Sending");
    case CampaignState::Waiting:
        return tr("Waiting to retry");
    case CampaignState::Paused:
        return tr("Paused");
    case CampaignState::Cancelled:
        return tr("Cancelled");
    case CampaignState::Completed:
        return tr("Completed");
    }
    return tr("Draft");
}

QJsonObject CampaignStatus::toJson() const
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("state"), stateName(state)},
        {QStringLiteral("total"), total},
        {QStringLiteral("queued"), queued},
        {QStringLiteral("sending"), sending},
        {QStringLiteral("sent"), sent},
        {QStringLiteral("deferred"), deferred},
        {QStringLiteral("failed"), failed},
        {QStringLiteral("bounced"), bounced},
        {QStringLiteral("skipped"), skipped},
        {QStringLiteral("expired"), expired},
        {QStringLiteral("opened"), opened},
        {QStringLiteral("clicked"), clicked},
        {QStringLiteral("unsubscribed"), unsubscribed},
        {QStringLiteral("complained"), complained},
        {QStringLiteral("scheduled_at"),
         scheduledAtMs > 0 ? QJsonValue(localIsoTime(scheduledAtMs)) : QJsonValue()},
    };
}

} // namespace Postroom::Send
