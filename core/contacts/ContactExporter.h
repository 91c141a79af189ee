#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"

#include <QCoreApplication>
#include <QIODevice>

#include <atomic>

namespace Postroom::Contacts {

enum class ExportFormat
{
    Csv,  ///< UTF-8, header row, formula-protected cells (see CsvWriter)
    Json, ///< an array of {"email","first_name","last_name","status", custom fields…}
};

/**
 * Streams the members of a list to a device. Columns: email, first_name, last_name,
 * status, then every custom field key found in the list (sorted). Memory stays bounded
 * by the number of distinct custom keys, not the number of contacts.
 */
class ContactExporter
{
    Q_DECLARE_TR_FUNCTIONS(ContactExporter)

public:
    explicit ContactExporter(Storage::DatabasePtr db);

    /**
     * Writes list @p listId (0: every contact) to @p out; returns the number of contacts
     * written. Fails with Io when the device refuses, Cancelled when @p cancel was set.
     */
    Result<qint64> exportList(qint64 listId, ExportFormat format, QIODevice* out,
                              const std::atomic_bool* cancel = nullptr) const;

private:
    Storage::DatabasePtr m_db;
};

} // namespace Postroom::Contacts
