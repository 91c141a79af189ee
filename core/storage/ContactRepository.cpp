#include "core/storage/ContactRepository.h"

#include "core/common/Clock.h"
#include "core/storage/SqlError.h"
#include "core/storage/Transaction.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace Postroom::Storage {
namespace {

const QString kContactColumns = QStringLiteral(
    "c.id, c.email, c.email_key, c.first_name, c.last_name, c.fields, c.status, c.created_at,"
    " c.updated_at, EXISTS (SELECT 1 FROM suppressions s WHERE s.email_key = c.email_key)");

Contact contactFrom(const QSqlQuery& query)
{
    Contact contact;
    contact.id = query.value(0).toLongLong();
    contact.email = query.value(1).toString();
    contact.emailKey = query.value(2).toString();
    contact.firstName = query.value(3).toString();
    contact.lastName = query.value(4).toString();
    contact.fieldsJson = query.value(5).toString();
    contact.status =
        contactStatusFromName(query.value(6).toString()).value_or(ContactStatus::Subscribed);
    contact.createdAtMs = query.value(7).toLongLong();
    contact.updatedAtMs = query.value(8).toLongLong();
    contact.suppressed = query.value(9).toBool();
    return contact;
}

// LIKE pattern for a substring search; \ escapes the wildcards the user typed.
QString likePattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('%'), QLatin1String("\\%"))
        .replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// The FROM and WHERE of a filtered read. The join order is fixed with CROSS JOIN (SQLite
// does not reorder it) so that the table whose index gives the requested order is scanned
// and the other is probed: a window then stops after offset + limit rows instead of
// sorting a million.
struct FilterSql
{
    QString sql;
    QVariantList binds;
};

FilterSql filterSql(const ContactFilter& filter, ContactSort sort)
{
    FilterSql out;
    QStringList where;
    if (filter.listId > 0) {
        if (sort == ContactSort::Id)
            out.sql = QStringLiteral(" FROM list_members m CROSS JOIN contacts c");
        else
            out.sql = QStringLiteral(" FROM contacts c CROSS JOIN list_members m");
        where << QStringLiteral("m.list_id = ?") << QStringLiteral("m.contact_id = c.id");
        out.binds << filter.listId;
    } else {
        out.sql = QStringLiteral(" FROM contacts c");
    }
    if (filter.status) {
        where << QStringLiteral("c.status = ?");
        out.binds << contactStatusName(*filter.status);
    }
    if (filter.excludeSuppressed)
        where << QStringLiteral(
            "NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.email_key = c.email_key)");
    const QString search = filter.search.trimmed();
    if (!search.isEmpty()) {
        where << QStringLiteral("(c.email_key LIKE ? ESCAPE '\\' OR c.first_name LIKE ? ESCAPE "
                                "'\\' OR c.last_name LIKE ? ESCAPE '\\')");
        const QString pattern = likePattern(search.toCaseFolded());
        const QString namePattern = likePattern(search);
        out.binds << pattern << namePattern << namePattern;
    }
    if (!where.isEmpty())
        out.sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    return out;
}

QString orderBy(ContactSort sort, bool listed, Qt::SortOrder order)
{
    const QString dir =
        order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    switch (sort) {
    case ContactSort::Id:
        return QStringLiteral(" ORDER BY ") +
               (listed ? QStringLiteral("m.contact_id") : QStringLiteral("c.id")) + dir;
    case ContactSort::Email:
        return QStringLiteral(" ORDER BY c.email_key") + dir;
    case ContactSort::LastName:
        return QStringLiteral(" ORDER BY c.last_name") + dir + QStringLiteral(", c.first_name") +
               dir + QStringLiteral(", c.id") + dir;
    }
    return {};
}

void bindAll(QSqlQuery& query, const QVariantList& values)
{
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values[i]);
}

// A null QString binds as SQL NULL; the text columns are NOT NULL DEFAULT ''.
QString text(const QString& value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QString idList(const QList<qint64>& ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(QLatin1Char(','));
}

} // namespace

QString contactStatusName(ContactStatus status)
{
    switch (status) {
    case ContactStatus::Subscribed:
        return QStringLiteral("subscribed");
    case ContactStatus::Unsubscribed:
        return QStringLiteral("unsubscribed");
    case ContactStatus::Bounced:
        return QStringLiteral("bounced");
    case ContactStatus::Complained:
        return QStringLiteral("complained");
    }
    return {};
}

std::optional<ContactStatus> contactStatusFromName(const QString& name)
{
    for (ContactStatus status : {ContactStatus::Subscribed, ContactStatus::Unsubscribed,
                                 ContactStatus::Bounced, ContactStatus::Complained}) {
        if (name == contactStatusName(status))
            return status;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// ContactImportWriter

ContactImportWriter::ContactImportWriter(QSqlDatabase db, qint64 listId, qint64 maxIdBefore)
    : m_db(std::move(db)), m_listId(listId), m_maxIdBefore(maxIdBefore), m_upsert(m_db),
      m_member(m_db), m_suppress(m_db), m_lookup(m_db)
{
}

ContactImportWriter::~ContactImportWriter()
{
    rollback();
}

Result<void> ContactImportWriter::prepare()
{
    // One statement decides everything for a row: a suppressed key inserts nothing, a new
    // key inserts, an existing subscribed contact gets the non-empty values merged, and a
    // contact who unsubscribed, bounced or complained is left alone (no RETURNING row).
    // Custom fields merge with json_patch (RFC 7386 merge patch; SQLite JSON1).
    const bool prepared =
        m_upsert.prepare(QStringLiteral(
            "INSERT INTO contacts (email, email_key, first_name, last_name, fields, created_at,"
            " updated_at) SELECT ?, ?, ?, ?, ?, ?, ?"
            " WHERE NOT EXISTS (SELECT 1 FROM suppressions WHERE email_key = ?)"
            " ON CONFLICT (email_key) DO UPDATE SET"
            " first_name = CASE WHEN excluded.first_name <> '' THEN excluded.first_name"
            "   ELSE contacts.first_name END,"
            " last_name = CASE WHEN excluded.last_name <> '' THEN excluded.last_name"
            "   ELSE contacts.last_name END,"
            " fields = CASE WHEN excluded.fields = '{}' THEN contacts.fields"
            "   ELSE json_patch(contacts.fields, excluded.fields) END,"
            " updated_at = excluded.updated_at"
            " WHERE contacts.status = 'subscribed'"
            " RETURNING id")) &&
        m_member.prepare(QStringLiteral(
            "INSERT INTO list_members (list_id, contact_id, added_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING")) &&
        m_suppress.prepare(
            QStringLiteral("INSERT INTO suppressions (email_key, reason, source, created_at)"
                           " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) &&
        m_lookup.prepare(
            QStringLiteral("SELECT (SELECT COUNT(*) FROM suppressions WHERE email_key = ?),"
                           " (SELECT status FROM contacts WHERE email_key = ?)"));
    if (!prepared) {
        for (const QSqlQuery* query : {&m_upsert, &m_member, &m_suppress, &m_lookup}) {
            if (query->lastError().isValid())
                return sqlError(tr("Could not prepare the import"), *query);
        }
        return makeError(ErrorCode::Storage, tr("Could not prepare the import"));
    }
    return {};
}

Result<void> ContactImportWriter::begin()
{
    if (m_inTransaction)
        return {};
    if (!m_db.transaction())
        return sqlError(tr("Could not start a transaction"), m_db.lastError());
    m_inTransaction = true;
    return {};
}

Result<UpsertOutcome> ContactImportWriter::upsert(const ContactUpsert& row)
{
    const qint64 now = nowMs();
    m_upsert.bindValue(0, text(row.email));
    m_upsert.bindValue(1, text(row.emailKey));
    m_upsert.bindValue(2, text(row.firstName));
    m_upsert.bindValue(3, text(row.lastName));
    m_upsert.bindValue(4, row.fieldsJson.isEmpty() ? QStringLiteral("{}") : row.fieldsJson);
    m_upsert.bindValue(5, now);
    m_upsert.bindValue(6, now);
    m_upsert.bindValue(7, text(row.emailKey));
    if (!m_upsert.exec())
        return sqlError(tr("Could not save the contact"), m_upsert);
    if (!m_upsert.next()) {
        m_upsert.finish();
        return UpsertOutcome::Suppressed;
    }
    const qint64 id = m_upsert.value(0).toLongLong();
    m_upsert.finish();
    m_member.bindValue(0, m_listId);
    m_member.bindValue(1, id);
    m_member.bindValue(2, now);
    if (!m_member.exec())
        return sqlError(tr("Could not add the contact to the list"), m_member);
    return id > m_maxIdBefore ? UpsertOutcome::Inserted : UpsertOutcome::Updated;
}

Result<void> ContactImportWriter::suppress(const QString& emailKey, const QString& reason,
                                           const QString& source)
{
    m_suppress.bindValue(0, emailKey);
    m_suppress.bindValue(1, text(reason));
    m_suppress.bindValue(2, text(source));
    m_suppress.bindValue(3, nowMs());
    if (!m_suppress.exec())
        return sqlError(tr("Could not add to the suppression list"), m_suppress);
    return {};
}

Result<UpsertOutcome> ContactImportWriter::classify(const QString& emailKey)
{
    m_lookup.bindValue(0, emailKey);
    m_lookup.bindValue(1, emailKey);
    if (!m_lookup.exec() || !m_lookup.next())
        return sqlError(tr("Could not look up the contact"), m_lookup);
    const bool suppressed = m_lookup.value(0).toLongLong() > 0;
    const QVariant status = m_lookup.value(1);
    m_lookup.finish();
    if (suppressed)
        return UpsertOutcome::Suppressed;
    if (status.isNull())
        return UpsertOutcome::Inserted;
    return status.toString() == QLatin1String("subscribed") ? UpsertOutcome::Updated
                                                            : UpsertOutcome::Suppressed;
}

Result<void> ContactImportWriter::commit()
{
    if (!m_inTransaction)
        return {};
    m_inTransaction = false;
    if (!m_db.commit()) {
        const QSqlError error = m_db.lastError();
        m_db.rollback();
        return sqlError(tr("Could not commit the import batch"), error);
    }
    return {};
}

void ContactImportWriter::rollback()
{
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    m_upsert.finish();
    m_member.finish();
    m_suppress.finish();
    m_lookup.finish();
    m_db.rollback();
}

// ---------------------------------------------------------------------------------------
// ContactRepository

ContactRepository::ContactRepository(DatabasePtr db) : m_db(std::move(db)) {}

Result<std::unique_ptr<ContactImportWriter>> ContactRepository::importWriter(qint64 listId) const
{
    QSqlDatabase db = m_db->connection();
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM lists WHERE id = ?"));
    query.addBindValue(listId);
    if (!query.exec() || !query.next())
        return sqlError(tr("Could not read the list"), query);
    if (query.value(0).toLongLong() == 0)
        return makeError(ErrorCode::NotFound, tr("The list no longer exists."));
    // New rows get ids above this one, which tells an insert from a merge.
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM contacts")) || !query.next())
        return sqlError(tr("Could not read the contacts"), query);
    std::unique_ptr<ContactImportWriter> writer(
        new ContactImportWriter(db, listId, query.value(0).toLongLong()));
    if (auto prepared = writer->prepare(); !prepared)
        return prepared.error();
    return writer;
}

Result<Contact> ContactRepository::add(const ContactUpsert& contact, qint64 listId)
{
    QSqlDatabase db = m_db->connection();
    Transaction transaction(db);
    if (!transaction.isActive())
        return transaction.beginError();
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT INTO contacts (email, email_key, first_name, last_name, fields, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (email_key) DO UPDATE SET"
        " first_name = CASE WHEN excluded.first_name <> '' THEN excluded.first_name"
        "   ELSE contacts.first_name END,"
        " last_name = CASE WHEN excluded.last_name <> '' THEN excluded.last_name"
        "   ELSE contacts.last_name END,"
        " fields = CASE WHEN excluded.fields = '{}' THEN contacts.fields"
        "   ELSE json_patch(contacts.fields, excluded.fields) END,"
        " updated_at = excluded.updated_at RETURNING id"));
    const qint64 now = nowMs();
    query.addBindValue(text(contact.email));
    query.addBindValue(text(contact.emailKey));
    query.addBindValue(text(contact.firstName));
    query.addBindValue(text(contact.lastName));
    query.addBindValue(contact.fieldsJson.isEmpty() ? QStringLiteral("{}") : contact.fieldsJson);
    query.addBindValue(now);
    query.addBindValue(now);
    if (!query.exec() || !query.next())
        return sqlError(tr("Could not save the contact"), query);
    const qint64 id = query.value(0).toLongLong();
    query.finish();
    if (listId > 0) {
        query.prepare(QStringLiteral("INSERT INTO list_members (list_id, contact_id, added_at)"
                                     " VALUES (?, ?, ?) ON CONFLICT DO NOTHING"));
        query.addBindValue(listId);
        query.addBindValue(id);
        query.addBindValue(now);
        if (!query.exec())
            return sqlError(tr("Could not add the contact to the list"), query);
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return byId(id);
}

Result<Contact> ContactRepository::byId(qint64 id) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT ") + kContactColumns +
                  QStringLiteral(" FROM contacts c WHERE c.id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("Could not read the contact"), query);
    if (!query.next())
        return makeError(ErrorCode::NotFound, tr("The contact no longer exists."));
    return contactFrom(query);
}

Result<Contact> ContactRepository::byKey(const QString& emailKey) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT ") + kContactColumns +
                  QStringLiteral(" FROM contacts c WHERE c.email_key = ?"));
    query.addBindValue(emailKey);
    if (!query.exec())
        return sqlError(tr("Could not read the contact"), query);
    if (!query.next())
        return makeError(ErrorCode::NotFound, tr("There is no contact %1.").arg(emailKey));
    return contactFrom(query);
}

Result<qint64> ContactRepository::count(const ContactFilter& filter) const
{
    const FilterSql from = filterSql(filter, ContactSort::Id);
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT COUNT(*)") + from.sql);
    bindAll(query, from.binds);
    if (!query.exec() || !query.next())
        return sqlError(tr("Could not count the contacts"), query);
    return query.value(0).toLongLong();
}

Result<QList<Contact>> ContactRepository::window(const ContactFilter& filter, ContactSort sort,
                                                 Qt::SortOrder order, qint64 offset,
                                                 int limit) const
{
    if (limit <= 0 || offset < 0)
        return QList<Contact>{};
    // OFFSET walks the index from the start; far down a long table, walking from the
    // other end is shorter. Counting first costs one index scan without row decoding.
    bool reversed = false;
    if (offset >= 5000) {
        const auto total = count(filter);
        if (!total)
            return total.error();
        if (offset >= *total)
            return QList<Contact>{};
        limit = int(std::min<qint64>(limit, *total - offset));
        if (offset > *total / 2) {
            reversed = true;
            offset = *total - offset - limit;
            order = order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder;
        }
    }
    const FilterSql from = filterSql(filter, sort);
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + kContactColumns + from.sql +
                  orderBy(sort, filter.listId > 0, order) + QStringLiteral(" LIMIT ? OFFSET ?"));
    bindAll(query, from.binds);
    query.bindValue(from.binds.size(), limit);
    query.bindValue(from.binds.size() + 1, offset);
    if (!query.exec())
        return sqlError(tr("Could not read the contacts"), query);
    QList<Contact> contacts;
    contacts.reserve(limit);
    while (query.next())
        contacts.append(contactFrom(query));
    if (reversed)
        std::reverse(contacts.begin(), contacts.end());
    return contacts;
}

Result<qint64> ContactRepository::countDeliverable(qint64 listId) const
{
    ContactFilter filter;
    filter.listId = listId;
    filter.status = ContactStatus::Subscribed;
    filter.excludeSuppressed = true;
    return count(filter);
}

Result<void>
ContactRepository::forEachInList(qint64 listId,
                                 const std::function<bool(const Contact&)>& visit) const
{
    ContactFilter filter;
    filter.listId = listId;
    const FilterSql from = filterSql(filter, ContactSort::Id);
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + kContactColumns + from.sql +
                  orderBy(ContactSort::Id, listId > 0, Qt::AscendingOrder));
    bindAll(query, from.binds);
    if (!query.exec())
        return sqlError(tr("Could not read the contacts"), query);
    while (query.next()) {
        if (!visit(contactFrom(query)))
            break;
    }
    if (query.lastError().isValid())
        return sqlError(tr("Could not read the contacts"), query);
    return {};
}

Result<void> ContactRepository::update(const Contact& contact)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral(
        "UPDATE contacts SET email = ?, email_key = ?, first_name = ?, last_name = ?, fields = ?,"
        " status = ?, updated_at = ? WHERE id = ?"));
    query.addBindValue(text(contact.email));
    query.addBindValue(text(contact.emailKey));
    query.addBindValue(text(contact.firstName));
    query.addBindValue(text(contact.lastName));
    query.addBindValue(contact.fieldsJson.isEmpty() ? QStringLiteral("{}") : contact.fieldsJson);
    query.addBindValue(contactStatusName(contact.status));
    query.addBindValue(nowMs());
    query.addBindValue(contact.id);
    if (!query.exec()) {
        if (isUniqueViolation(query.lastError()))
            return makeError(ErrorCode::AlreadyExists,
                             tr("Another contact already has the address %1.").arg(contact.email));
        return sqlError(tr("Could not save the contact"), query);
    }
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The contact no longer exists."));
    return {};
}

Result<void> ContactRepository::remove(const QList<qint64>& ids)
{
    if (ids.isEmpty())
        return {};
    QSqlQuery query(m_db->connection());
    // Ids are integers formatted by us, so building the IN list is safe.
    if (!query.exec(QStringLiteral("DELETE FROM contacts WHERE id IN (") + idList(ids) +
                    QLatin1Char(')')))
        return sqlError(tr("Could not delete the contacts"), query);
    return {};
}

Result<void> ContactRepository::setStatus(const QList<qint64>& ids, ContactStatus status)
{
    if (ids.isEmpty())
        return {};
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("UPDATE contacts SET status = ?, updated_at = ? WHERE id IN (") +
                  idList(ids) + QLatin1Char(')'));
    query.addBindValue(contactStatusName(status));
    query.addBindValue(nowMs());
    if (!query.exec())
        return sqlError(tr("Could not change the contacts' status"), query);
    return {};
}

Result<void> ContactRepository::addToList(const QList<qint64>& ids, qint64 listId)
{
    if (ids.isEmpty())
        return {};
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("INSERT INTO list_members (list_id, contact_id, added_at)"
                                 " SELECT ?, id, ? FROM contacts WHERE id IN (") +
                  idList(ids) + QStringLiteral(") ON CONFLICT DO NOTHING"));
    query.addBindValue(listId);
    query.addBindValue(nowMs());
    if (!query.exec())
        return sqlError(tr("Could not add the contacts to the list"), query);
    return {};
}

Result<void> ContactRepository::removeFromList(const QList<qint64>& ids, qint64 listId)
{
    if (ids.isEmpty())
        return {};
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("DELETE FROM list_members WHERE list_id = ? AND contact_id IN (") +
                  idList(ids) + QLatin1Char(')'));
    query.addBindValue(listId);
    if (!query.exec())
        return sqlError(tr("Could not remove the contacts from the list"), query);
    return {};
}

Result<void> ContactRepository::moveToList(const QList<qint64>& ids, qint64 fromListId,
                                           qint64 toListId)
{
    if (fromListId == toListId)
        return {};
    Transaction transaction(m_db->connection());
    if (!transaction.isActive())
        return transaction.beginError();
    if (auto added = addToList(ids, toListId); !added)
        return added;
    if (auto removed = removeFromList(ids, fromListId); !removed)
        return removed;
    return transaction.commit();
}

} // namespace Postroom::Storage
