#include "core/storage/SettingsRepository.h"

#include "core/storage/SqlError.h"

#include <QSqlQuery>
#include <QVariant>

namespace Postroom::Storage {

SettingsRepository::SettingsRepository(DatabasePtr db) : m_db(std::move(db)) {}

Result<std::optional<QString>> SettingsRepository::value(const QString& key) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(QStringLiteral("Could not read setting %1").arg(key), query);
    if (!query.next())
        return std::optional<QString>{};
    return std::optional<QString>{query.value(0).toString()};
}

Result<void> SettingsRepository::setValue(const QString& key, const QString& value)
{
    QSqlQuery query(m_db->connection());
    // INSERT ... ON CONFLICT is understood by SQLite 3.24+ and PostgreSQL 9.5+.
    query.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?)"
                                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    query.addBindValue(key);
    query.addBindValue(value);
    if (!query.exec())
        return sqlError(QStringLiteral("Could not save setting %1").arg(key), query);
    return {};
}

} // namespace Postroom::Storage
