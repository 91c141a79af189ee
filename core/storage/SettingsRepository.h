#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"

#include <QString>

namespace Postroom::Storage {

/** Business settings shared by everyone using the database (tracking URL and the like). */
class SettingsRepository
{
public:
    explicit SettingsRepository(DatabasePtr db);

    /** The stored value, or an empty optional when the key was never set. */
    Result<std::optional<QString>> value(const QString& key) const;

    Result<void> setValue(const QString& key, const QString& value);

private:
    DatabasePtr m_db;
};

} // namespace Postroom::Storage
