#include "core/storage/SuppressionRepository.h"

#include "core/common/Clock.h"
#include "core/storage/SqlError.h"

#include <QSqlQuery>
#include <QVariant>

namespace Postroom::Storage {
namespace {

const QString kSelect =
    QStringLiteral("SELECT email_key, reason, source, created_at FROM suppressions");

Suppression suppressionFrom(const QSqlQuery& query)
{
    return Suppression{query.value(0).toString(), query.value(1).toString(),
                       query.value(2).toString(), query.value(3).toLongLong()};
}

QString searchWhere(const QString& search)
{
    return search.trimmed().isEmpty() ? QString()
                                      : QStringLiteral(" WHERE email_key LIKE ? ESCAPE '\\'");
}

QString searchPattern(const QString& search)
{
    QString escaped = search.trimmed().toCaseFolded();
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('%'), QLatin1String("\\%"))
        .replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace

SuppressionRepository::SuppressionRepository(DatabasePtr db) : m_db(std::move(db)) {}

Result<bool> SuppressionRepository::add(const QString& emailKey, const QString& reason,
                                        const QString& source)
{
    if (emailKey.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("An empty address cannot be suppressed."));
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("INSERT INTO suppressions (email_key, reason, source, created_at)"
                                 " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    query.addBindValue(emailKey);
    // A null QString would bind as NULL; the columns are NOT NULL.
    query.addBindValue(reason.isNull() ? QStringLiteral("") : reason);
    query.addBindValue(source.isNull() ? QStringLiteral("") : source);
    query.addBindValue(nowMs());
    if (!query.exec())
        return sqlError(tr("Could not add to the suppression list"), query);
    return query.numRowsAffected() > 0;
}

Result<bool> SuppressionRepository::contains(const QString& emailKey) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM suppressions WHERE email_key = ?"));
    query.addBindValue(emailKey);
    if (!query.exec() || !query.next())
        return sqlError(tr("Could not read the suppression list"), query);
    return query.value(0).toLongLong() > 0;
}

Result<void> SuppressionRepository::remove(const QString& emailKey)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("DELETE FROM suppressions WHERE email_key = ?"));
    query.addBindValue(emailKey);
    if (!query.exec())
        return sqlError(tr("Could not change the suppression list"), query);
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("%1 is not suppressed.").arg(emailKey));
    return {};
}

Result<qint64> SuppressionRepository::count(const QString& search) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM suppressions") + searchWhere(search));
    if (!search.trimmed().isEmpty())
        query.addBindValue(searchPattern(search));
    if (!query.exec() || !query.next())
        return sqlError(tr("Could not read the suppression list"), query);
    return query.value(0).toLongLong();
}

Result<QList<Suppression>> SuppressionRepository::window(const QString& search, qint64 offset,
                                                         int limit) const
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    query.prepare(kSelect + searchWhere(search) +
                  QStringLiteral(" ORDER BY email_key LIMIT ? OFFSET ?"));
    if (!search.trimmed().isEmpty())
        query.addBindValue(searchPattern(search));
    query.addBindValue(limit);
    query.addBindValue(offset);
    if (!query.exec())
        return sqlError(tr("Could not read the suppression list"), query);
    QList<Suppression> rows;
    while (query.next())
        rows.append(suppressionFrom(query));
    return rows;
}

Result<QList<Suppression>> SuppressionRepository::all() const
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    if (!query.exec(kSelect + QStringLiteral(" ORDER BY email_key")))
        return sqlError(tr("Could not read the suppression list"), query);
    QList<Suppression> rows;
    while (query.next())
        rows.append(suppressionFrom(query));
    return rows;
}

} // namespace Postroom::Storage
