#pragma once

#include "core/common/Result.h"
#include "core/contacts/ColumnMapping.h"
#include "core/storage/Database.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace Postroom::Contacts {

/** How to read and where to put a CSV import. */
struct ImportOptions
{
    QString listName;                     ///< the target list (must exist)
    QString encoding;                     ///< empty or "auto": detect; else a codec name
    QChar delimiter;                      ///< null: sniff; else the delimiter
    QList<MappingOverride> overrides;     ///< the CLI's --map, applied over the guessed mapping
    std::optional<ColumnMapping> mapping; ///< the wizard's full mapping (wins over overrides)
    bool dryRun = false;                  ///< count what would happen; write nothing
    int batchSize = 10000;                ///< rows per transaction
    QIODevice* rejectedOut = nullptr; ///< if set: rejected rows as CSV (line, reason, fields…)
};

/** One rejected row for the summary: where and why. */
struct ImportError
{
    qint64 line = 0; ///< physical line where the record starts (1-based, header is line 1)
    QString reason;
};

/** A rejected row with its fields as read (for the per-row callback). */
struct RejectedRow
{
    qint64 line = 0;
    QString reason;
    QStringList fields;
};

/** The outcome of an import; rows = imported + updated + duplicates + invalid + suppressed. */
struct ImportSummary
{
    qint64 rows = 0;           ///< data records read (header excluded)
    qint64 imported = 0;       ///< new contacts
    qint64 updated = 0;        ///< contacts that existed: merged and added to the list
    qint64 duplicates = 0;     ///< repeats of an address earlier in the same file (merged)
    qint64 invalid = 0;        ///< rejected rows
    qint64 suppressed = 0;     ///< suppressed or unsubscribed addresses, and rows that suppress
    QList<ImportError> errors; ///< the first kMaxErrors rejected rows
    bool cancelled = false;    ///< stopped by the cancel flag; committed batches stay
    QString encoding;          ///< the encoding used
    QChar delimiter;           ///< the delimiter used

    static constexpr int kMaxErrors = 100;

    /** The CONTRACT's result object: {"rows","imported","updated","duplicates","invalid",
     *  "suppressed","errors":[{"line","reason"}]}. */
    QJsonObject toJson() const;
};

/** Progress of a running import. */
struct ImportProgress
{
    qint64 bytesDone = 0;
    qint64 bytesTotal = -1; ///< -1 when unknown (a pipe)
    qint64 rows = 0;
};

/** The first rows of a file as they would be read, for the import wizard. */
struct ImportPreview
{
    QString encoding;
    bool encodingDetected = false;
    QChar delimiter;
    bool delimiterDetected = false;
    QStringList headers;
    QList<QStringList> rows; ///< up to the requested number of data rows
    ColumnMapping mapping;   ///< the guessed mapping with the options' overrides applied
};

/**
 * Imports a CSV file into a list (the CONTRACT's "CSV import rules"): streaming read,
 * address normalisation, de-duplication inside the file and against the database,
 * suppression respected, Mailchimp unsubscribed/cleaned rows to the suppression list,
 * one transaction per batch. Runs on any thread (it uses that thread's connection);
 * a cancelled or failed import keeps the committed batches and rolls back the current one.
 */
class ContactImporter
{
    Q_DECLARE_TR_FUNCTIONS(ContactImporter)

public:
    explicit ContactImporter(Storage::DatabasePtr db);

    /** Decodes the first @p rows rows of @p device with @p options (no database access). */
    static Result<ImportPreview> preview(QIODevice* device, const ImportOptions& options,
                                         int rows = 20);

    /** Called at most ~10 times a second, and once at the end. */
    void setProgressCallback(std::function<void(const ImportProgress&)> callback);
    /** Called for every rejected row, in file order. */
    void setRejectedCallback(std::function<void(const RejectedRow&)> callback);
    /** When *@p cancel becomes true the import stops after the current row. */
    void setCancelFlag(const std::atomic_bool* cancel);

    /**
     * Runs the import. Fails (without writing) when the list does not exist (a dry run
     * treats a missing list as an empty one), the file
     * cannot be read or no column maps to e-mail; bad rows never fail it.
     */
    Result<ImportSummary> run(QIODevice* device, const ImportOptions& options);

private:
    Storage::DatabasePtr m_db;
    std::function<void(const ImportProgress&)> m_progress;
    std::function<void(const RejectedRow&)> m_rejected;
    const std::atomic_bool* m_cancel = nullptr;
};

} // namespace Postroom::Contacts
