#include "core/storage/ListRepository.h"

#include "core/common/Clock.h"
#include "core/storage/SqlError.h"

#include <QSqlQuery>
#include <QVariant>

namespace Postroom::Storage {
namespace {

const QString kSelectLists =
    QStringLiteral("SELECT l.id, l.name, l.created_at,"
                   " (SELECT COUNT(*) FROM list_members m WHERE m.list_id = l.id)"
                   " FROM lists l");

ContactList listFrom(const QSqlQuery& query)
{
    return ContactList{query.value(0).toLongLong(), query.value(1).toString(),
                       query.value(3).toLongLong(), query.value(2).toLongLong()};
}

bool hasControlCharacters(const QString& text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
}

} // namespace

ListRepository::ListRepository(DatabasePtr db) : m_db(std::move(db)) {}

Result<QString> ListRepository::validName(const QString& name) const
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("A list needs a name."));
    if (trimmed.size() > 200 || hasControlCharacters(trimmed))
        return makeError(ErrorCode::InvalidInput,
                         tr("A list name must be at most 200 characters, on one line."));
    return trimmed;
}

Result<ContactList> ListRepository::create(const QString& name)
{
    const auto valid = validName(name);
    if (!valid)
        return valid.error();
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("INSERT INTO lists (name, created_at) VALUES (?, ?)"));
    const qint64 now = nowMs();
    query.addBindValue(*valid);
    query.addBindValue(now);
    if (!query.exec()) {
        if (isUniqueViolation(query.lastError()))
            return makeError(ErrorCode::AlreadyExists,
                             tr("A list called \"%1\" already exists.").arg(*valid));
        return sqlError(tr("Could not create the list"), query);
    }
    return ContactList{query.lastInsertId().toLongLong(), *valid, 0, now};
}

Result<QList<ContactList>> ListRepository::all() const
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    if (!query.exec(kSelectLists + QStringLiteral(" ORDER BY l.name")))
        return sqlError(tr("Could not read the lists"), query);
    QList<ContactList> lists;
    while (query.next())
        lists.append(listFrom(query));
    return lists;
}

Result<ContactList> ListRepository::byName(const QString& name) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(kSelectLists + QStringLiteral(" WHERE l.name = ?"));
    query.addBindValue(name.trimmed());
    if (!query.exec())
        return sqlError(tr("Could not read the list"), query);
    if (!query.next())
        return makeError(ErrorCode::NotFound, tr("There is no list called \"%1\".").arg(name));
    return listFrom(query);
}

Result<void> ListRepository::rename(qint64 id, const QString& newName)
{
    const auto valid = validName(newName);
    if (!valid)
        return valid.error();
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("UPDATE lists SET name = ? WHERE id = ?"));
    query.addBindValue(*valid);
    query.addBindValue(id);
    if (!query.exec()) {
        if (isUniqueViolation(query.lastError()))
            return makeError(ErrorCode::AlreadyExists,
                             tr("A list called \"%1\" already exists.").arg(*valid));
        return sqlError(tr("Could not rename the list"), query);
    }
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The list no longer exists."));
    return {};
}

Result<void> ListRepository::remove(qint64 id)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("DELETE FROM lists WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("Could not delete the list"), query);
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The list no longer exists."));
    return {};
}

} // namespace Postroom::Storage
