#include "core/contacts/ContactImporter.h"

#include "core/common/Log.h"
#include "core/contacts/BoundedQueue.h"
#include "core/contacts/CsvReader.h"
#include "core/contacts/CsvWriter.h"
#include "core/contacts/EmailAddress.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QScopeGuard>

#include <cstring>
#include <thread>
#include <vector>

namespace Postroom::Contacts {
namespace {

using Storage::ContactUpsert;
using Storage::UpsertOutcome;

constexpr qsizetype kMaxNameChars = 256;
constexpr qint64 kBulkBytes = 16 * 1024 * 1024;

// The addresses seen in this file, as 64-bit hashes in an open-addressing table: 8 bytes
// a row at most twice over, where a QSet<QString> would cost ~80. A collision (odds about
// n²/2⁶⁵) takes a new address for a repeat: a real import then writes it more slowly, a
// dry run counts it among the duplicates.
class KeySet
{
public:
    KeySet() : m_slots(1024, 0) {}

    /** Inserts; false when it was already there. */
    bool insert(QByteArrayView key) { return insert(hashOf(key)); }
    bool insert(quint64 hash)
    {
        if ((m_count + 1) * 2 > m_slots.size())
            grow();
        return place(hash);
    }

    /**
     * Starts loading the slot of @p hash into the CPU cache, for an insert() a little
     * later: a million-entry table is far larger than the cache, and waiting for the
     * memory was most of the time of an insert.
     */
    void prefetch(quint64 hash) const { __builtin_prefetch(&m_slots[hash & (m_slots.size() - 1)]); }

    bool contains(QByteArrayView key) const
    {
        const quint64 hash = hashOf(key);
        const size_t mask = m_slots.size() - 1;
        for (size_t i = hash & mask;; i = (i + 1) & mask) {
            if (m_slots[i] == hash)
                return true;
            if (m_slots[i] == 0)
                return false;
        }
    }

    // Eight bytes at a time, each word multiplied in, then MurmurHash3's fmix64 to spread
    // the bits. Deterministic on purpose: with qHashBits (seeded per process) the same
    // file gave slightly different duplicate counts from run to run.
    static quint64 hashOf(QByteArrayView key)
    {
        const char* bytes = key.data();
        const qsizetype size = key.size();
        quint64 h = 0xcbf29ce484222325ULL ^ quint64(size);
        qsizetype i = 0;
        for (; i + 8 <= size; i += 8) {
            quint64 word;
            std::memcpy(&word, bytes + i, 8);
            h = (h ^ word) * 0x9e3779b97f4a7c15ULL;
            h ^= h >> 29;
        }
        if (i < size) {
            quint64 word = 0;
            std::memcpy(&word, bytes + i, size_t(size - i));
            h = (h ^ word) * 0x9e3779b97f4a7c15ULL;
        }
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 33;
        return h == 0 ? 1 : h;
    }

private:
    bool place(quint64 hash)
    {
        const size_t mask = m_slots.size() - 1;
        for (size_t i = hash & mask;; i = (i + 1) & mask) {
            if (m_slots[i] == hash)
                return false;
            if (m_slots[i] == 0) {
                m_slots[i] = hash;
                ++m_count;
                return true;
            }
        }
    }

    void grow()
    {
        std::vector<quint64> old(m_slots.size() * 2, 0);
        old.swap(m_slots);
        m_count = 0;
        for (quint64 hash : old) {
            if (hash != 0)
                place(hash);
        }
    }

    std::vector<quint64> m_slots;
    size_t m_count = 0;
};

// Names are single-line by nature; a CR or LF in one (a broken export or an attempt at
// header injection) becomes a space here, so it can never reach a header later.
QString singleLine(const QString& text)
{
    QString out;
    bool needsWork = false;
    for (QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7F || c.unicode() == 0x2028 ||
            c.unicode() == 0x2029 || c.isSpace()) {
            needsWork = true;
            break;
        }
    }
    if (!needsWork)
        out = text;
    else {
        out.reserve(text.size());
        for (QChar c : text) {
            const char16_t u = c.unicode();
            out.append(u < 0x20 || u == 0x7F || u == 0x2028 || u == 0x2029 ? QLatin1Char(' ') : c);
        }
        out = out.simplified();
    }
    if (out.size() > kMaxNameChars)
        out.truncate(kMaxNameChars);
    return out;
}

// A JSON string (RFC 8259 §7) without going through QJsonObject for every row. The text
// between characters that need escaping goes in one append.
void appendJsonString(QString& out, QStringView text)
{
    out.append(QLatin1Char('"'));
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text[i].unicode();
        if (u != u'"' && u != u'\\' && u >= 0x20)
            continue;
        out.append(text.sliced(plainFrom, i - plainFrom));
        plainFrom = i + 1;
        if (u < 0x20)
            out.append(QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0')));
        else
            out.append(QLatin1Char('\\')).append(QChar(u));
    }
    out.append(text.sliced(plainFrom));
    out.append(QLatin1Char('"'));
}

// An excerpt of user data safe to echo in an error line.
QString excerpt(const QString& text)
{
    QString out = singleLine(text);
    if (out.size() > 80)
        out = out.left(77) + QStringLiteral("...");
    return out;
}

enum class Marker
{
    None,
    Unsubscribed,
    Cleaned,
};

Marker statusMarker(const QString& value)
{
    const QString word = value.trimmed().toLower();
    if (word.isEmpty())
        return Marker::None;
    static const QStringList unsubscribed = {
        QStringLiteral("unsubscribed"), QStringLiteral("unsubscribe"), QStringLiteral("optedout"),
        QStringLiteral("opted out"),    QStringLiteral("opt-out"),     QStringLiteral("complained"),
        QStringLiteral("spam"),         QStringLiteral("退订"),        QStringLiteral("已退订"),
        QStringLiteral("取消订阅"),     QStringLiteral("已取消订阅"),  QStringLiteral("退訂"),
    };
    static const QStringList cleaned = {
        QStringLiteral("cleaned"), QStringLiteral("bounced"), QStringLiteral("invalid"),
        QStringLiteral("退信"),    QStringLiteral("无效"),    QStringLiteral("無效"),
    };
    if (unsubscribed.contains(word))
        return Marker::Unsubscribed;
    if (cleaned.contains(word))
        return Marker::Cleaned;
    return Marker::None;
}

bool isBlank(QStringView text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.isSpace(); });
}

bool allEmpty(const QStringList& fields)
{
    return std::all_of(fields.begin(), fields.end(),
                       [](const QString& field) { return isBlank(field); });
}

struct Counts
{
    qint64 rows = 0;
    qint64 imported = 0;
    qint64 updated = 0;
    qint64 duplicates = 0;
    qint64 invalid = 0;
    qint64 suppressed = 0;
    QList<ImportError> errors;

    void addTo(ImportSummary& summary) const
    {
        summary.rows += rows;
        summary.imported += imported;
        summary.updated += updated;
        summary.duplicates += duplicates;
        summary.invalid += invalid;
        summary.suppressed += suppressed;
        for (const ImportError& error : errors) {
            if (summary.errors.size() >= ImportSummary::kMaxErrors)
                break;
            summary.errors.append(error);
        }
    }
};

const QString& fieldAt(const QStringList& fields, int index)
{
    static const QString none;
    return index >= 0 && index < fields.size() ? fields[index] : none;
}

// One row as the parser thread hands it to the writer.
struct ParsedRow
{
    enum class Kind : quint8
    {
        Rejected, ///< index is into ParsedChunk::rejections
        Suppress, ///< index is into ParsedChunk::encoded (only the key is used)
        Upsert,   ///< index is into ParsedChunk::encoded
    };
    Kind kind = Kind::Upsert;
    Marker marker = Marker::None;
    bool firstOfItsAddress = false; ///< no earlier row of the file has this address
    qint32 index = 0;
    qint64 line = 0;
};

struct Rejection
{
    QString reason;
    QStringList fields;
};

// Rows in file order, compact: what the writer needs of an accepted row is encoded in one
// buffer, so neither thread allocates per row and the writer reads consecutive memory.
struct ParsedChunk
{
    std::vector<ParsedRow> rows;
    Storage::EncodedUpserts encoded;
    std::vector<Rejection> rejections;
    qint64 bytesConsumed = 0; ///< the reader's position after the last row
};

// Chunks of a couple of thousand rows (or a megabyte) make the queue's locking
// negligible; sixteen of them in flight let the parser run ahead through the writer's
// commits while holding a few megabytes.
constexpr size_t kChunkRows = 2048;
constexpr qsizetype kChunkBytes = 1024 * 1024;
constexpr size_t kQueuedChunks = 16;

// Everything done to a record before the database: the parser thread's share of a row.
// Immutable once built, so the parser thread may use it while the writer runs.
class RowParser
{
public:
    explicit RowParser(const ColumnMapping& mapping)
        : m_email(mapping.columnOf(ContactField::Email)),
          m_first(mapping.columnOf(ContactField::FirstName)),
          m_last(mapping.columnOf(ContactField::LastName)),
          m_full(mapping.columnOf(ContactField::FullName)),
          m_status(mapping.columnOf(ContactField::Status)),
          m_unsubscribed(mapping.columnOf(ContactField::Unsubscribed)),
          m_cleaned(mapping.columnOf(ContactField::Cleaned))
    {
        for (int i = 0; i < mapping.columnCount(); ++i) {
            if (mapping.columns()[i].field == ContactField::Custom)
                m_custom.append({i, mapping.columns()[i].customKey});
        }
    }

    /**
     * Adds @p record to @p chunk. @p seen: the addresses of the rows parsed before, to
     * which this one's is added.
     */
    void parse(const CsvRecord& record, KeySet& seen, ParsedChunk& chunk) const
    {
        ParsedRow& out = chunk.rows.emplace_back();
        out.line = record.line;
        if (!record.isValid()) {
            reject(record, CsvReader::describe(record.problem), out, chunk);
            return;
        }
        QString rawEmail = fieldAt(record.fields, m_email);
        // Google Contacts puts several addresses in one cell, separated by " ::: ".
        if (const qsizetype more = rawEmail.indexOf(QLatin1String(" ::: ")); more > 0)
            rawEmail.truncate(more);
        const auto address = EmailAddress::parse(rawEmail);
        if (!address) {
            reject(record,
                   rawEmail.trimmed().isEmpty()
                       ? ContactImporter::tr("No e-mail address.")
                       : ContactImporter::tr("Invalid e-mail address \"%1\": %2")
                             .arg(excerpt(rawEmail), address.error().message),
                   out, chunk);
            return;
        }
        ContactUpsert row;
        row.emailKey = address->key();
        const quint64 keyHash = KeySet::hashOf(QByteArrayView(
            reinterpret_cast<const char*>(row.emailKey.constData()), row.emailKey.size() * 2));
        seen.prefetch(keyHash); // fetched while the row is built

        Marker marker = statusMarker(fieldAt(record.fields, m_status));
        if (!isBlank(fieldAt(record.fields, m_unsubscribed)))
            marker = Marker::Unsubscribed;
        else if (!isBlank(fieldAt(record.fields, m_cleaned)))
            marker = Marker::Cleaned;
        if (marker != Marker::None) {
            out.kind = ParsedRow::Kind::Suppress;
            out.marker = marker;
        } else {
            out.kind = ParsedRow::Kind::Upsert;
            fill(record, *address, row);
        }
        out.index = qint32(chunk.encoded.size());
        chunk.encoded.append(row);
        out.firstOfItsAddress = seen.insert(keyHash);
    }

private:
    void fill(const CsvRecord& record, const EmailAddress& address, ContactUpsert& row) const
    {
        row.email = address.display();
        row.firstName = singleLine(fieldAt(record.fields, m_first));
        row.lastName = singleLine(fieldAt(record.fields, m_last));
        if (row.firstName.isEmpty() && row.lastName.isEmpty()) {
            // Western full names split at the last space; a Chinese name has
            // no space and stays whole, which is also how it is addressed.
            const QString full = singleLine(fieldAt(record.fields, m_full));
            const qsizetype space = full.lastIndexOf(QLatin1Char(' '));
            if (space > 0) {
                row.firstName = full.first(space);
                row.lastName = full.sliced(space + 1);
            } else {
                row.firstName = full;
            }
        }
        QString& json = row.fieldsJson;
        qsizetype jsonSize = 2;
        for (const auto& [column, customKey] : m_custom)
            jsonSize += customKey.size() + fieldAt(record.fields, column).size() + 6;
        for (const auto& [column, customKey] : m_custom) {
            const QString& value = fieldAt(record.fields, column);
            if (value.isEmpty())
                continue;
            if (json.isEmpty())
                json.reserve(jsonSize); // one allocation unless there is much to escape
            json.append(json.isEmpty() ? QLatin1Char('{') : QLatin1Char(','));
            appendJsonString(json, customKey);
            json.append(QLatin1Char(':'));
            appendJsonString(json, value);
        }
        if (!json.isEmpty())
            json.append(QLatin1Char('}'));
    }

    static void reject(const CsvRecord& record, const QString& reason, ParsedRow& out,
                       ParsedChunk& chunk)
    {
        out.kind = ParsedRow::Kind::Rejected;
        out.index = qint32(chunk.rejections.size());
        chunk.rejections.push_back({reason, record.fields});
    }

    const int m_email;
    const int m_first;
    const int m_last;
    const int m_full;
    const int m_status;
    const int m_unsubscribed;
    const int m_cleaned;
    QList<QPair<int, QString>> m_custom;
};

// The writer thread's share of an accepted row: writes it to the database, or for a dry
// run asks what writing it would do, and counts the outcome. Rows come in file order.
class RowWriter
{
public:
    RowWriter(Storage::ContactImportWriter& db, bool dryRun) : m_db(db), m_dryRun(dryRun)
    {
        m_group.reserve(Storage::ContactImportWriter::kGroupRows);
    }

    /** The counts of the batch in progress. */
    Counts& batch() { return m_batch; }

    /** @p row points into the chunk being written: flush() before that chunk goes. */
    Result<void> write(const ParsedRow& parsed, Storage::EncodedUpsert row)
    {
        const QByteArrayView key = row[Storage::EncodedUpsert::EmailKey];
        if (m_dryRun)
            return classify(parsed, key);
        if (parsed.kind == ParsedRow::Kind::Upsert) {
            (parsed.firstOfItsAddress ? m_group : m_repeats).push_back(row);
            if (qsizetype(m_group.size()) < Storage::ContactImportWriter::kGroupRows)
                return {};
            return flush();
        }
        // After the rows before it: one of them may have this address.
        if (auto written = flush(); !written)
            return written;
        ++m_batch.suppressed;
        return m_db.suppress(QString::fromUtf8(key),
                             parsed.marker == Marker::Cleaned ? QStringLiteral("cleaned")
                                                              : QStringLiteral("unsubscribed"),
                             QStringLiteral("import"));
    }

    /** Writes the rows that wait for a full group, and the repeats that wait for them. */
    Result<void> flush()
    {
        if (auto written = m_db.upsertGroup(m_group, m_groupOutcomes); !written)
            return written;
        for (size_t i = 0; i < m_group.size(); ++i)
            tally(m_groupOutcomes[i]);
        m_group.clear();
        for (Storage::EncodedUpsert row : m_repeats) {
            const auto outcome = m_db.upsert(row);
            if (!outcome)
                return outcome.error();
            tally(*outcome);
        }
        m_repeats.clear();
        return {};
    }

    /** Flushes and commits (unless a dry run), then adds the batch's counts to @p summary. */
    Result<void> endBatch(ImportSummary& summary)
    {
        if (!m_dryRun) {
            if (auto written = flush(); !written)
                return written;
            if (auto committed = m_db.commit(); !committed)
                return committed;
        }
        m_batch.addTo(summary);
        m_batch = Counts{};
        return {};
    }

private:
    void tally(UpsertOutcome outcome)
    {
        if (outcome == UpsertOutcome::Suppressed)
            ++m_batch.suppressed;
        else if (outcome == UpsertOutcome::Repeated)
            ++m_batch.duplicates;
        else if (outcome == UpsertOutcome::Inserted)
            ++m_batch.imported;
        else
            ++m_batch.updated;
    }

    // A dry run writes nothing, so it remembers suppressions itself.
    Result<void> classify(const ParsedRow& parsed, QByteArrayView key)
    {
        if (parsed.kind == ParsedRow::Kind::Suppress) {
            ++m_batch.suppressed;
            m_suppressedHere.insert(key);
            return {};
        }
        if (m_suppressedHere.contains(key)) {
            ++m_batch.suppressed;
            return {};
        }
        const auto outcome = m_db.classify(key);
        if (!outcome)
            return outcome.error();
        if (*outcome != UpsertOutcome::Suppressed && !parsed.firstOfItsAddress)
            ++m_batch.duplicates;
        else
            tally(*outcome);
        return {};
    }

    Storage::ContactImportWriter& m_db;
    const bool m_dryRun;
    Counts m_batch;
    // Rows whose address is new to the file go to the database a group at a time. A row
    // repeating an address waits until the group is written (its first row may be in
    // it), and so keeps the groups full.
    std::vector<Storage::EncodedUpsert> m_group;
    std::array<UpsertOutcome, Storage::ContactImportWriter::kGroupRows> m_groupOutcomes;
    std::vector<Storage::EncodedUpsert> m_repeats;
    KeySet m_suppressedHere;
};

Result<ColumnMapping> mappingFor(const QStringList& headers, const ImportOptions& options)
{
    if (options.mapping) {
        if (options.mapping->columnCount() != headers.size())
            return makeError(ErrorCode::InvalidInput,
                             ContactImporter::tr("The column mapping does not match the file's "
                                                 "columns; preview the file again."));
        return *options.mapping;
    }
    ColumnMapping mapping = ColumnMapping::guess(headers);
    if (auto applied = mapping.apply(options.overrides); !applied)
        return applied.error();
    return mapping;
}

} // namespace

QJsonObject ImportSummary::toJson() const
{
    QJsonArray errorArray;
    for (const ImportError& error : errors)
        errorArray.append(QJsonObject{{QStringLiteral("line"), error.line},
                                      {QStringLiteral("reason"), error.reason}});
    return QJsonObject{
        {QStringLiteral("rows"), rows},         {QStringLiteral("imported"), imported},
        {QStringLiteral("updated"), updated},   {QStringLiteral("duplicates"), duplicates},
        {QStringLiteral("invalid"), invalid},   {QStringLiteral("suppressed"), suppressed},
        {QStringLiteral("errors"), errorArray},
    };
}

ContactImporter::ContactImporter(Storage::DatabasePtr db) : m_db(std::move(db)) {}

void ContactImporter::setProgressCallback(std::function<void(const ImportProgress&)> callback)
{
    m_progress = std::move(callback);
}

void ContactImporter::setRejectedCallback(std::function<void(const RejectedRow&)> callback)
{
    m_rejected = std::move(callback);
}

void ContactImporter::setCancelFlag(const std::atomic_bool* cancel)
{
    m_cancel = cancel;
}

Result<ImportPreview> ContactImporter::preview(QIODevice* device, const ImportOptions& options,
                                               int rows)
{
    CsvReader reader(device, {options.encoding, options.delimiter});
    if (auto started = reader.start(); !started)
        return started.error();
    ImportPreview preview;
    preview.encoding = reader.encodingName();
    preview.encodingDetected = reader.encodingDetected();
    preview.delimiter = reader.delimiter();
    preview.delimiterDetected = reader.delimiterDetected();
    CsvRecord record;
    if (!reader.next(record))
        return makeError(ErrorCode::InvalidInput, tr("The file is empty."));
    preview.headers = record.fields;
    while (preview.rows.size() < rows && reader.next(record)) {
        if (!allEmpty(record.fields))
            preview.rows.append(record.fields);
    }
    auto mapping = mappingFor(preview.headers, options);
    if (!mapping)
        return mapping.error();
    preview.mapping = *mapping;
    return preview;
}

Result<ImportSummary> ContactImporter::run(QIODevice* device, const ImportOptions& options)
{
    // A dry run may name a list that a real run would create first: it is empty.
    const auto list = Storage::ListRepository(m_db).byName(options.listName);
    if (!list && !(options.dryRun && list.error().code == ErrorCode::NotFound))
        return list.error();
    const qint64 listId = list ? list->id : 0;

    CsvReader reader(device, {options.encoding, options.delimiter});
    if (auto started = reader.start(); !started)
        return started.error();
    CsvRecord record;
    if (!reader.next(record))
        return makeError(ErrorCode::InvalidInput, tr("The file is empty."));
    const QStringList headers = record.fields;
    const auto mapping = mappingFor(headers, options);
    if (!mapping)
        return mapping.error();
    if (auto valid = mapping->validate(); !valid)
        return valid.error();

    const RowParser columns(*mapping);

    auto writer = Storage::ContactRepository(m_db).importWriter(listId);
    if (!writer)
        return writer.error();
    Storage::ContactImportWriter& db = **writer;

    std::optional<CsvWriter> rejectedCsv;

    ImportSummary summary;
    summary.encoding = reader.encodingName();
    summary.delimiter = reader.delimiter();
    RowWriter rows(db, options.dryRun);
    Counts& batch = rows.batch();
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    qint64 rowsSeen = 0;

    const auto reject = [&](qint64 line, const Rejection& rejection) {
        const QString& reason = rejection.reason;
        ++batch.invalid;
        if (summary.errors.size() + batch.errors.size() < ImportSummary::kMaxErrors)
            batch.errors.append({line, reason});
        if (m_rejected)
            m_rejected({line, reason, rejection.fields});
        if (options.rejectedOut) {
            if (!rejectedCsv) {
                rejectedCsv.emplace(options.rejectedOut);
                rejectedCsv->writeRow(
                    QStringList{QStringLiteral("line"), QStringLiteral("reason")} + headers);
            }
            rejectedCsv->writeRow(QStringList{QString::number(line), reason} + rejection.fields);
        }
    };

    // Above a few hundred thousand rows, rebuilding the name index once is cheaper than
    // keeping it sorted row by row.
    const qint64 bytesTotal = reader.bytesTotal(); // read here: the parser thread owns the device
    if (!options.dryRun && bytesTotal >= kBulkBytes) {
        if (auto deferred = db.deferIndexes(); !deferred)
            return deferred.error();
        db.checkpointInBackground();
    }
    // A dry run reads inside one transaction too: a consistent snapshot, and faster.
    if (auto begun = db.begin(!options.dryRun); !begun)
        return begun.error();

    // Two threads: this one writes (it owns the database connection), a parser thread
    // reads, decodes and validates rows ahead of it, so a large file keeps both cores
    // busy. Chunks of parsed rows go through a small bounded queue: memory stays flat,
    // rows stay in file order, and everything the caller sees (counts, callbacks,
    // progress, cancel) happens here as before.
    BoundedQueue<ParsedChunk> queue(kQueuedChunks);
    std::atomic_bool stopParsing = false;
    std::thread parser([&] {
        CsvRecord parsed;
        ParsedChunk chunk;
        KeySet seen;
        chunk.rows.reserve(kChunkRows);
        while (!stopParsing.load(std::memory_order_relaxed) && reader.next(parsed)) {
            if (allEmpty(parsed.fields) && parsed.isValid())
                continue;
            columns.parse(parsed, seen, chunk);
            if (chunk.rows.size() >= kChunkRows || chunk.encoded.byteSize() >= kChunkBytes) {
                chunk.bytesConsumed = reader.bytesConsumed();
                if (!queue.push(std::move(chunk)))
                    break;
                chunk = ParsedChunk{};
                chunk.rows.reserve(kChunkRows);
            }
        }
        chunk.bytesConsumed = reader.bytesConsumed();
        if (!chunk.rows.empty())
            queue.push(std::move(chunk));
        queue.close();
    });
    // Every way out of this function stops and joins the parser first.
    const auto stopParser = [&] {
        stopParsing = true;
        queue.close();
        if (parser.joinable())
            parser.join();
    };
    const auto joinParser = qScopeGuard(stopParser);

    qint64 bytesParsed = 0;
    const auto report = [&](bool force) {
        if (!m_progress || (!force && sinceProgress.elapsed() < 100))
            return;
        sinceProgress.restart();
        m_progress({bytesParsed, bytesTotal, rowsSeen});
    };
    while (std::optional<ParsedChunk> chunk = queue.pop()) {
        bytesParsed = chunk->bytesConsumed;
        for (const ParsedRow& parsed : chunk->rows) {
            if (m_cancel && m_cancel->load(std::memory_order_relaxed)) {
                db.rollback();
                summary.cancelled = true;
                report(true);
                return summary;
            }
            if ((++rowsSeen & 0x3FF) == 0)
                report(false);
            ++batch.rows;

            if (parsed.kind == ParsedRow::Kind::Rejected)
                reject(parsed.line, chunk->rejections[parsed.index]);
            else if (auto written = rows.write(parsed, chunk->encoded[parsed.index]); !written)
                return written.error();

            if (batch.rows >= std::max(1, options.batchSize)) {
                if (auto ended = rows.endBatch(summary); !ended)
                    return ended.error();
                if (options.dryRun)
                    continue;
                if (auto begun = db.begin(); !begun)
                    return begun.error();
            }
        }
        if (auto written = rows.flush(); !written) // the rows point into this chunk
            return written.error();
    }
    stopParser(); // it has closed the queue: it is done with the reader
    bytesParsed = reader.bytesConsumed();
    if (auto ended = rows.endBatch(summary); !ended)
        return ended.error();
    if (options.dryRun)
        db.rollback();
    else if (auto finished = db.finish(); !finished)
        return finished.error();
    report(true);
    qCDebug(lcContacts) << "import into" << options.listName << "rows" << summary.rows << "imported"
                        << summary.imported << "updated" << summary.updated;
    return summary;
}

} // namespace Postroom::Contacts
