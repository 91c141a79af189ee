#include "core/storage/MessageRepository.h"

#include "core/common/Clock.h"
#include "core/mime/MessageRef.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/SqlError.h"
#include "core/storage/Transaction.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

namespace Postroom::Storage {
namespace {

// Rows per transaction while the queue is created: bounded memory, short locks.
constexpr int kQueueChunk = 5000;
constexpr int kRowsPerInsert = 64;

Result<void> exec(QSqlQuery& query, const QString& doing)
{
    if (!query.exec())
        return sqlError(doing, query);
    return {};
}

QVariant nullIfZero(qint64 value)
{
    return value == 0 ? QVariant(QMetaType(QMetaType::LongLong)) : QVariant(value);
}

QVariant nullIfEmpty(const QString& value)
{
    return value.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(value);
}

} // namespace

QString messageStateName(MessageState state)
{
    switch (state) {
    case MessageState::Queued:
        return QStringLiteral("queued");
    case MessageState::Sending:
        return QStringLiteral("sending");
    case MessageState::Sent:
        return QStringLiteral("sent");
    case MessageState::Deferred:
        return QStringLiteral("deferred");
    case MessageState::Failed:
        return QStringLiteral("failed");
    case MessageState::Bounced:
        return QStringLiteral("bounced");
    case MessageState::Skipped:
        return QStringLiteral("skipped");
    case MessageState::Expired:
        return QStringLiteral("expired");
    }
    return QStringLiteral("queued");
}

MessageRepository::MessageRepository(DatabasePtr db) : m_db(std::move(db)) {}

Result<QVariant> MessageRepository::campaignColumn(qint64 campaignId, QLatin1String column) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT %1 FROM campaigns WHERE id = ?").arg(column));
    query.addBindValue(campaignId);
    if (!query.exec())
        return sqlError(QStringLiteral("Could not read the campaign"), query);
    if (!query.next())
        return makeError(ErrorCode::NotFound, tr("No campaign with id %1.").arg(campaignId));
    return query.value(0);
}

Result<bool> MessageRepository::isQueued(qint64 campaignId) const
{
    const auto queuedAt = campaignColumn(campaignId, QLatin1String("queued_at"));
    if (!queuedAt)
        return queuedAt.error();
    return !queuedAt->isNull();
}

Result<qint64> MessageRepository::createQueue(qint64 campaignId, qint64 listId)
{
    QSqlDatabase db = m_db->connection();
    qint64 added = 0;
    qint64 lastContact = 0;
    QSqlQuery select(db);
    select.setForwardOnly(true);
    // The snapshot: members that are subscribed and not suppressed now. Later changes
    // are caught again when a row is claimed (it then becomes skipped).
    select.prepare(QStringLiteral(
        "SELECT c.id, c.email FROM list_members lm JOIN contacts c ON c.id = lm.contact_id"
        " WHERE lm.list_id = ? AND lm.contact_id > ? AND c.status = 'subscribed'"
        " AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email_key = c.email_key)"
        " ORDER BY lm.contact_id LIMIT ?"));
    // ON CONFLICT DO NOTHING (SQLite ≥ 3.24, PostgreSQL ≥ 9.5): a second run never doubles.
    // Rows go kRowsPerInsert to a statement (a single-row one for the rest): one
    // statement a row cost more than the rows themselves.
    const auto insertStatement = [&db](int rows) {
        QStringList values;
        for (int i = 0; i < rows; ++i)
            values << QStringLiteral("(?, ?, ?, ?, 'queued', ?, ?)");
        QSqlQuery query(db);
        query.prepare(QStringLiteral("INSERT INTO messages (campaign_id, contact_id, email, ref,"
                                     " state, queued_at, updated_at) VALUES ") +
                      values.join(QStringLiteral(", ")) +
                      QStringLiteral(" ON CONFLICT (campaign_id, contact_id) DO NOTHING"));
        return query;
    };
    QSqlQuery insertMany = insertStatement(kRowsPerInsert);
    QSqlQuery insertOne = insertStatement(1);
    for (;;) {
        Transaction transaction(db);
        if (!transaction.isActive())
            return transaction.beginError();
        // Frozen with the first rows (a no-op when resuming an interrupted queueing):
        // from now on the campaign sends this template and these settings.
        if (lastContact == 0) {
            if (auto frozen = CampaignRepository(m_db).freezeSnapshot(campaignId); !frozen)
                return frozen.error();
        }
        select.addBindValue(listId);
        select.addBindValue(lastContact);
        select.addBindValue(kQueueChunk);
        if (!select.exec())
            return sqlError(QStringLiteral("Could not read the list"), select);
        QList<std::pair<qint64, QString>> chunk;
        chunk.reserve(kQueueChunk);
        while (select.next())
            chunk.append({select.value(0).toLongLong(), select.value(1).toString()});
        select.finish();
        const qint64 now = nowMs();
        for (qsizetype first = 0; first < chunk.size();) {
            const bool many = chunk.size() - first >= kRowsPerInsert;
            QSqlQuery& insert = many ? insertMany : insertOne;
            const qsizetype end = first + (many ? kRowsPerInsert : 1);
            int bind = 0;
            for (qsizetype row = first; row < end; ++row) {
                insert.bindValue(bind++, campaignId);
                insert.bindValue(bind++, chunk[row].first);
                insert.bindValue(bind++, chunk[row].second);
                insert.bindValue(bind++, QString::fromLatin1(Mime::MessageRef::generate()));
                insert.bindValue(bind++, now);
                insert.bindValue(bind++, now);
            }
            if (!insert.exec())
                return sqlError(QStringLiteral("Could not queue the recipients"), insert);
            added += insert.numRowsAffected();
            first = end;
        }
        if (chunk.isEmpty()) {
            QSqlQuery stamp(db);
            stamp.prepare(
                QStringLiteral("UPDATE campaigns SET queued_at = ?, updated_at = ? WHERE id = ?"));
            stamp.addBindValue(now);
            stamp.addBindValue(now);
            stamp.addBindValue(campaignId);
            if (auto done = exec(stamp, QStringLiteral("Could not mark the campaign queued"));
                !done)
                return done.error();
        }
        if (auto committed = transaction.commit(); !committed)
            return committed.error();
        if (chunk.isEmpty())
            break;
        lastContact = chunk.constLast().first;
    }
    return added;
}

Result<void> MessageRepository::attachAccounts(qint64 campaignId,
                                               const QList<CampaignAccount>& accounts)
{
    QSqlDatabase db = m_db->connection();
    Transaction transaction(db);
    if (!transaction.isActive())
        return transaction.beginError();
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO campaign_accounts (campaign_id, account_id, weight) VALUES (?, ?, ?)"
        " ON CONFLICT (campaign_id, account_id) DO NOTHING"));
    for (const CampaignAccount& account : accounts) {
        query.addBindValue(campaignId);
        query.addBindValue(account.accountId);
        query.addBindValue(std::max(1, account.weight));
        if (auto done = exec(query, QStringLiteral("Could not attach an account")); !done)
            return done;
    }
    return transaction.commit();
}

Result<QList<CampaignAccount>> MessageRepository::campaignAccounts(qint64 campaignId) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral(
        "SELECT ca.account_id, a.name, ca.weight, ca.disabled_reason FROM campaign_accounts ca"
        " JOIN accounts a ON a.id = ca.account_id WHERE ca.campaign_id = ? ORDER BY a.name"));
    query.addBindValue(campaignId);
    if (!query.exec())
        return sqlError(QStringLiteral("Could not read the campaign's accounts"), query);
    QList<CampaignAccount> accounts;
    while (query.next())
        accounts.append(CampaignAccount{query.value(0).toLongLong(), query.value(1).toString(),
                                        query.value(2).toInt(), query.value(3).toString()});
    return accounts;
}

Result<void> MessageRepository::disableAccount(qint64 campaignId, qint64 accountId,
                                               const QString& reason)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("UPDATE campaign_accounts SET disabled_reason = ?"
                                 " WHERE campaign_id = ? AND account_id = ?"));
    query.addBindValue(reason);
    query.addBindValue(campaignId);
    query.addBindValue(accountId);
    return exec(query, QStringLiteral("Could not disable the account"));
}

Result<QString> MessageRepository::control(qint64 campaignId) const
{
    const auto control = campaignColumn(campaignId, QLatin1String("control"));
    if (!control)
        return control.error();
    return control->toString();
}

Result<void> MessageRepository::setControl(qint64 campaignId, const QString& control)
{
    if (control == QLatin1String("cancelled")) {
        const auto cancelled = cancel(campaignId);
        if (!cancelled)
            return cancelled.error();
        return {};
    }
    QSqlQuery query(m_db->connection());
    // Cancelled is final: the guard is in the UPDATE, so a cancel from another process
    // in between is never undone.
    query.prepare(QStringLiteral("UPDATE campaigns SET control = ?, updated_at = ?"
                                 " WHERE id = ? AND control <> 'cancelled'"));
    query.addBindValue(control);
    query.addBindValue(nowMs());
    query.addBindValue(campaignId);
    if (!query.exec())
        return sqlError(QStringLiteral("Could not change the campaign"), query);
    if (query.numRowsAffected() > 0)
        return {};
    const auto current = this->control(campaignId);
    if (!current)
        return current.error();
    // A pause (a sender winding down) of a cancelled campaign has nothing left to do.
    if (control == QLatin1String("paused") || control == QLatin1String("draft"))
        return {};
    return makeError(ErrorCode::InvalidInput,
                     tr("The campaign was cancelled; it cannot be resumed or sent again."));
}

Result<qint64> MessageRepository::cancel(qint64 campaignId)
{
    QSqlDatabase db = m_db->connection();
    Transaction transaction(db);
    if (!transaction.isActive())
        return transaction.beginError();
    const qint64 now = nowMs();
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("UPDATE campaigns SET control = 'cancelled', updated_at = ? WHERE id = ?"));
    query.addBindValue(now);
    query.addBindValue(campaignId);
    if (auto done = exec(query, QStringLiteral("Could not cancel the campaign")); !done)
        return done.error();
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("No campaign with id %1.").arg(campaignId));
    // Every row not final now becomes skipped, so the counts are final. Rows a sender
    // holds (a live lease) are left to it: their results are written as they come back,
    // and a result that is not final is written as skipped (recordResults, release).
    // A lease that ran out belongs to a sender that is gone.
    query.prepare(QStringLiteral(
        "UPDATE messages SET state = 'skipped', lease_owner = NULL, lease_until = NULL,"
        " updated_at = ? WHERE campaign_id = ? AND (state = 'queued' OR state = 'deferred'"
        " OR (state = 'sending' AND lease_until < ?))"));
    query.addBindValue(now);
    query.addBindValue(campaignId);
    query.addBindValue(now);
    if (auto done = exec(query, QStringLiteral("Could not skip the campaign's recipients")); !done)
        return done.error();
    const qint64 skipped = std::max(0, query.numRowsAffected());
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return skipped;
}

Result<void> MessageRepository::enableAccounts(qint64 campaignId)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral(
        "UPDATE campaign_accounts SET disabled_reason = NULL WHERE campaign_id = ?"));
    query.addBindValue(campaignId);
    return exec(query, QStringLiteral("Could not enable the campaign's accounts"));
}

Result<QList<ClaimedMessage>> MessageRepository::claim(qint64 campaignId, const QString& owner,
                                                       qint64 nowMs, qint64 leaseUntilMs, int limit)
{
    QSqlDatabase db = m_db->connection();
    Transaction transaction(db);
    if (!transaction.isActive())
        return transaction.beginError();
    QSqlQuery update(db);
    // Three simple range scans over messages_due rather than one OR: each walks the
    // index in order and stops at the limit, so a claim never sorts the whole queue.
    // Expired leases first (a crashed sender's rows), then retries, then new rows.
    const QString sets = QStringLiteral(
        "UPDATE messages SET state = 'sending', lease_owner = ?, lease_until = ?, updated_at = ?"
        " WHERE id IN (SELECT id FROM messages WHERE campaign_id = ? AND state = ? AND %1 LIMIT "
        "?)");
    const struct
    {
        const char* state;
        const char* condition;
    } kinds[] = {
        {"sending", "lease_until < ?"},
        {"deferred", "next_attempt_at <= ?"},
        {"queued", "next_attempt_at <= ?"},
    };
    int left = limit;
    for (const auto& kind : kinds) {
        if (left <= 0)
            break;
        update.prepare(sets.arg(QLatin1String(kind.condition)));
        update.addBindValue(owner);
        update.addBindValue(leaseUntilMs);
        update.addBindValue(nowMs);
        update.addBindValue(campaignId);
        update.addBindValue(QString::fromLatin1(kind.state));
        update.addBindValue(nowMs);
        update.addBindValue(left);
        if (!update.exec())
            return sqlError(QStringLiteral("Could not claim messages"), update);
        left -= std::max(0, update.numRowsAffected());
    }
    QSqlQuery select(db);
    select.setForwardOnly(true);
    select.prepare(QStringLiteral(
        "SELECT m.id, m.ref, m.attempts, m.first_attempt_at, c.id, c.email, c.email_key,"
        " c.first_name, c.last_name, c.fields, c.status,"
        " EXISTS (SELECT 1 FROM suppressions s WHERE s.email_key = c.email_key)"
        " FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id"
        " WHERE m.campaign_id = ? AND m.state = 'sending' AND m.lease_owner = ?"
        " AND m.lease_until = ?"));
    select.addBindValue(campaignId);
    select.addBindValue(owner);
    select.addBindValue(leaseUntilMs);
    if (!select.exec())
        return sqlError(QStringLiteral("Could not read claimed messages"), select);
    QList<ClaimedMessage> claimed;
    QList<qint64> skipped;
    while (select.next()) {
        const bool gone = select.value(4).isNull();
        const bool subscribed = select.value(10).toString() == QLatin1String("subscribed");
        if (gone || !subscribed || select.value(11).toBool()) {
            skipped.append(select.value(0).toLongLong());
            continue;
        }
        ClaimedMessage message;
        message.id = select.value(0).toLongLong();
        message.ref = select.value(1).toString();
        message.attempts = select.value(2).toInt();
        message.firstAttemptAtMs = select.value(3).toLongLong();
        message.contact.id = select.value(4).toLongLong();
        message.contact.email = select.value(5).toString();
        message.contact.emailKey = select.value(6).toString();
        message.contact.firstName = select.value(7).toString();
        message.contact.lastName = select.value(8).toString();
        message.contact.fieldsJson = select.value(9).toString();
        claimed.append(std::move(message));
    }
    select.finish();
    if (!skipped.isEmpty()) {
        QSqlQuery skip(db);
        skip.prepare(QStringLiteral("UPDATE messages SET state = 'skipped', lease_owner = NULL,"
                                    " lease_until = NULL, updated_at = ? WHERE id = ?"));
        for (qint64 id : std::as_const(skipped)) {
            skip.addBindValue(nowMs);
            skip.addBindValue(id);
            if (auto done = exec(skip, QStringLiteral("Could not skip a recipient")); !done)
                return done.error();
        }
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return claimed;
}

Result<void> MessageRepository::renewLeases(qint64 campaignId, const QString& owner,
                                            qint64 leaseUntilMs)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("UPDATE messages SET lease_until = ? WHERE campaign_id = ?"
                                 " AND state = 'sending' AND lease_owner = ?"));
    query.addBindValue(leaseUntilMs);
    query.addBindValue(campaignId);
    query.addBindValue(owner);
    return exec(query, QStringLiteral("Could not renew leases"));
}

Result<void> MessageRepository::release(const QString& owner, const QList<qint64>& ids)
{
    if (ids.isEmpty())
        return {};
    QSqlDatabase db = m_db->connection();
    Transaction transaction(db);
    if (!transaction.isActive())
        return transaction.beginError();
    QSqlQuery query(db);
    // A row that was tried before goes back to deferred, a fresh one to queued; in a
    // cancelled campaign, to skipped.
    query.prepare(QStringLiteral(
        "UPDATE messages SET state = CASE WHEN EXISTS (SELECT 1 FROM campaigns c"
        " WHERE c.id = messages.campaign_id AND c.control = 'cancelled') THEN 'skipped'"
        " WHEN attempts > 0 THEN 'deferred' ELSE 'queued' END,"
        " lease_owner = NULL, lease_until = NULL, updated_at = ?"
        " WHERE id = ? AND state = 'sending' AND lease_owner = ?"));
    const qint64 now = nowMs();
    for (qint64 id : ids) {
        query.addBindValue(now);
        query.addBindValue(id);
        query.addBindValue(owner);
        if (auto done = exec(query, QStringLiteral("Could not release a message")); !done)
            return done;
    }
    return transaction.commit();
}

Result<void> MessageRepository::recordResults(const QList<MessageResult>& results)
{
    if (results.isEmpty())
        return {};
    QSqlDatabase db = m_db->connection();
    Transaction transaction(db);
    if (!transaction.isActive())
        return transaction.beginError();
    QSqlQuery update(db);
    // Written whoever holds the lease now: the message went out (or failed) through
    // us, and that is what happened to it. A row that would wait for another try in a
    // cancelled campaign is skipped instead (the cancel left it to us while in flight).
    update.prepare(
        QStringLiteral("UPDATE messages SET state = CASE WHEN ? IN ('queued','deferred') AND EXISTS"
                       " (SELECT 1 FROM campaigns c WHERE c.id = messages.campaign_id"
                       " AND c.control = 'cancelled') THEN 'skipped' ELSE ? END, attempts = "
                       "attempts + ?, next_attempt_at = ?,"
                       " account_id = COALESCE(?, account_id), smtp_code = ?, enhanced_status = ?,"
                       " smtp_reply = ?, sent_at = COALESCE(?, sent_at),"
                       " first_attempt_at = COALESCE(first_attempt_at, ?), lease_owner = NULL,"
                       " lease_until = NULL, updated_at = ? WHERE id = ?"));
    QSqlQuery event(db);
    event.prepare(QStringLiteral("INSERT INTO events (campaign_id, message_id, kind, occurred_at,"
                                 " detail) VALUES (?, ?, 'bounce', ?, ?)"));
    QSqlQuery suppress(db);
    suppress.prepare(QStringLiteral("INSERT INTO suppressions (email_key, reason, source, "
                                    "created_at) VALUES (?, ?, 'bounce', ?)"
                                    " ON CONFLICT (email_key) DO NOTHING"));
    QSqlQuery contact(db);
    contact.prepare(QStringLiteral("UPDATE contacts SET status = 'bounced', updated_at = ?"
                                   " WHERE email_key = ? AND status = 'subscribed'"));
    for (const MessageResult& result : results) {
        const bool tried = result.accountId != 0 && result.countsAsAttempt;
        update.addBindValue(messageStateName(result.state));
        update.addBindValue(messageStateName(result.state));
        update.addBindValue(tried ? 1 : 0);
        update.addBindValue(result.nextAttemptAtMs);
        update.addBindValue(nullIfZero(result.accountId));
        update.addBindValue(result.smtpCode == 0 ? QVariant(QMetaType(QMetaType::Int))
                                                 : QVariant(result.smtpCode));
        update.addBindValue(nullIfEmpty(result.enhancedStatus));
        update.addBindValue(nullIfEmpty(result.reply.left(1000)));
        update.addBindValue(result.state == MessageState::Sent
                                ? QVariant(result.atMs)
                                : QVariant(QMetaType(QMetaType::LongLong)));
        update.addBindValue(tried ? QVariant(result.atMs)
                                  : QVariant(QMetaType(QMetaType::LongLong)));
        update.addBindValue(result.atMs);
        update.addBindValue(result.messageId);
        if (auto done = exec(update, QStringLiteral("Could not record a result")); !done)
            return done;
        if (result.state != MessageState::Bounced)
            continue;
        const QJsonObject detail{{QStringLiteral("smtp_code"), result.smtpCode},
                                 {QStringLiteral("status"), result.enhancedStatus},
                                 {QStringLiteral("kind"), result.bounceKind},
                                 {QStringLiteral("diagnostic"), result.reply.left(1000)},
                                 {QStringLiteral("source"), QStringLiteral("smtp")}};
        event.addBindValue(result.campaignId);
        event.addBindValue(result.messageId);
        event.addBindValue(result.atMs);
        event.addBindValue(QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact)));
        if (auto done = exec(event, QStringLiteral("Could not record a bounce")); !done)
            return done;
        if (result.bounceKind != QLatin1String("hard") || result.emailKey.isEmpty())
            continue;
        suppress.addBindValue(result.emailKey);
        suppress.addBindValue(QStringLiteral("hard bounce %1 %2")
                                  .arg(result.smtpCode)
                                  .arg(result.enhancedStatus)
                                  .trimmed());
        suppress.addBindValue(result.atMs);
        if (auto done = exec(suppress, QStringLiteral("Could not suppress a bounce")); !done)
            return done;
        contact.addBindValue(result.atMs);
        contact.addBindValue(result.emailKey);
        if (auto done = exec(contact, QStringLiteral("Could not mark a contact bounced")); !done)
            return done;
    }
    return transaction.commit();
}

Result<qint64> MessageRepository::nextDueAt(qint64 campaignId) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(
        QStringLiteral("SELECT MIN(t) FROM (SELECT MIN(next_attempt_at) AS t FROM messages"
                       " WHERE campaign_id = ? AND state IN ('queued','deferred')"
                       " UNION ALL SELECT MIN(lease_until) AS t FROM messages"
                       " WHERE campaign_id = ? AND state = 'sending') AS due"));
    query.addBindValue(campaignId);
    query.addBindValue(campaignId);
    if (!query.exec() || !query.next())
        return sqlError(QStringLiteral("Could not read the queue"), query);
    return query.value(0).isNull() ? qint64(0) : query.value(0).toLongLong();
}

Result<qint64> MessageRepository::sentSince(qint64 accountId, qint64 sinceMs) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(
        QStringLiteral("SELECT COUNT(*) FROM messages WHERE account_id = ? AND sent_at >= ?"));
    query.addBindValue(accountId);
    query.addBindValue(sinceMs);
    if (!query.exec() || !query.next())
        return sqlError(QStringLiteral("Could not count an account's messages"), query);
    return query.value(0).toLongLong();
}

Result<qint64> MessageRepository::firstSentAt(qint64 accountId) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT MIN(sent_at) FROM messages WHERE account_id = ?"));
    query.addBindValue(accountId);
    if (!query.exec() || !query.next())
        return sqlError(QStringLiteral("Could not read an account's history"), query);
    return query.value(0).toLongLong();
}

Result<QList<DomainLimit>> MessageRepository::domainLimits() const
{
    QSqlQuery query(m_db->connection());
    if (!query.exec(QStringLiteral(
            "SELECT domain, rate_count, rate_period_s, max_connections FROM domain_limits")))
        return sqlError(QStringLiteral("Could not read the domain limits"), query);
    QList<DomainLimit> limits;
    while (query.next())
        limits.append(DomainLimit{query.value(0).toString(), query.value(1).toInt(),
                                  query.value(2).toInt(), query.value(3).toInt()});
    return limits;
}

Result<void> MessageRepository::setDomainLimit(const DomainLimit& limit)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral(
        "INSERT INTO domain_limits (domain, rate_count, rate_period_s, max_connections)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (domain) DO UPDATE SET rate_count = excluded.rate_count,"
        " rate_period_s = excluded.rate_period_s, max_connections = excluded.max_connections"));
    query.addBindValue(limit.domain.trimmed().toLower());
    query.addBindValue(limit.rateCount);
    query.addBindValue(std::max(1, limit.ratePeriodSeconds));
    query.addBindValue(limit.maxConnections);
    return exec(query, QStringLiteral("Could not store the domain limit"));
}

Result<Send::CampaignStatus> MessageRepository::status(qint64 campaignId) const
{
    QSqlDatabase db = m_db->connection();
    // One read transaction: the three reads see the same moment.
    Transaction transaction(db);
    if (!transaction.isActive())
        return transaction.beginError();
    Send::CampaignStatus status;
    status.campaignId = campaignId;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT name, control, CASE WHEN queued_at IS NULL THEN"
                                 " scheduled_at END FROM campaigns WHERE id = ?"));
    query.addBindValue(campaignId);
    if (!query.exec())
        return sqlError(QStringLiteral("Could not read the campaign"), query);
    if (!query.next())
        return makeError(ErrorCode::NotFound, tr("No campaign with id %1.").arg(campaignId));
    status.name = query.value(0).toString();
    status.control = query.value(1).toString();
    status.scheduledAtMs = query.value(2).toLongLong();
    query.prepare(QStringLiteral(
        "SELECT state, COUNT(*) FROM messages WHERE campaign_id = ? GROUP BY state"));
    query.addBindValue(campaignId);
    if (!query.exec())
        return sqlError(QStringLiteral("Could not count the queue"), query);
    while (query.next()) {
        const QString state = query.value(0).toString();
        const qint64 count = query.value(1).toLongLong();
        status.total += count;
        qint64* target = state == QLatin1String("queued")     ? &status.queued
                         : state == QLatin1String("sending")  ? &status.sending
                         : state == QLatin1String("sent")     ? &status.sent
                         : state == QLatin1String("deferred") ? &status.deferred
                         : state == QLatin1String("failed")   ? &status.failed
                         : state == QLatin1String("bounced")  ? &status.bounced
                         : state == QLatin1String("skipped")  ? &status.skipped
                                                              : &status.expired;
        *target += count;
    }
    // Unique recipients; opens and clicks by image proxies and link scanners apart.
    query.prepare(QStringLiteral(
        "SELECT kind, COUNT(DISTINCT message_id) FROM events WHERE campaign_id = ?"
        " AND kind <> 'bounce' AND (automated = 0 OR kind IN ('unsubscribe','complaint'))"
        " GROUP BY kind"));
    query.addBindValue(campaignId);
    if (!query.exec())
        return sqlError(QStringLiteral("Could not count the events"), query);
    while (query.next()) {
        const QString kind = query.value(0).toString();
        const qint64 count = query.value(1).toLongLong();
        if (kind == QLatin1String("open"))
            status.opened = count;
        else if (kind == QLatin1String("click"))
            status.clicked = count;
        else if (kind == QLatin1String("unsubscribe"))
            status.unsubscribed = count;
        else if (kind == QLatin1String("complaint"))
            status.complained = count;
    }
    query.finish();
    status.derive();
    return status;
}

} // namespace Postroom::Storage
