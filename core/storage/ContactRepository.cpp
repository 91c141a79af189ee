#include "core/storage/ContactRepository.h"

#include "core/common/Clock.h"
#include "core/storage/SqlError.h"
#include "core/storage/Transaction.h"

#include <QSet>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QStringEncoder>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

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

/** How a search matches: see ContactFilter::search. */
enum class SearchMode
{
    Prefix,    ///< the e-mail, a name or "first last" starts with the text
    Substring, ///< the text appears anywhere (a scan of every contact)
};

// Upper bound of a prefix range: every string starting with @p prefix sorts below it
// (U+10FFFF is the highest code point, and UTF-8 and UTF-16 order agree on it).
QString prefixEnd(const QString& prefix)
{
    return prefix + QChar(QChar::highSurrogate(0x10FFFF)) + QChar(QChar::lowSurrogate(0x10FFFF));
}

// The keys of the name indexes (migration 3): both names lowered (ASCII, as SQLite's
// lower() folds) and joined by U+0001, which sorts below any character of a name.
constexpr char kLastFirstKey[] = "lower(last_name || char(1) || first_name)";
constexpr char kFirstLastKey[] = "lower(first_name || char(1) || last_name)";

// The prefix search, one condition per way to match, on unqualified columns: ranges on
// indexes (email_key, and the name keys above). A key starts with a name prefix exactly
// when its leading name does, as the prefix holds no U+0001. Names are lowered by the
// database on both sides, so a range agrees with its index whatever lower() folds.
QStringList prefixConditions(QString search, QVariantList& binds)
{
    search.remove(QChar(1));
    const QString emailKey = search.toCaseFolded();
    const auto range = [](const char* key) {
        return QLatin1String(key) + QStringLiteral(" >= lower(?) AND ") + QLatin1String(key) +
               QStringLiteral(" < lower(?)");
    };
    QStringList conditions{QStringLiteral("email_key >= ? AND email_key < ?"), range(kFirstLastKey),
                           range(kLastFirstKey)};
    binds << emailKey << prefixEnd(emailKey) << search << prefixEnd(search) << search
          << prefixEnd(search);
    // "Anna Kow": a whole first name, then the start of the last name. Every space may
    // be the split ("Mary Ann Smith"); a few are plenty.
    constexpr int kMaxSplits = 3;
    int splits = 0;
    for (qsizetype space = search.indexOf(QLatin1Char(' ')); space > 0 && splits < kMaxSplits;
         space = search.indexOf(QLatin1Char(' '), space + 1), ++splits) {
        const QString first = search.left(space).trimmed();
        const QString last = search.mid(space + 1).trimmed();
        if (first.isEmpty() || last.isEmpty())
            continue;
        const QString both = first + QChar(1) + last;
        conditions << range(kFirstLastKey);
        binds << both << prefixEnd(both);
    }
    return conditions;
}

// Each condition as its own SELECT, so each reads its index and a narrow search reads
// its matches instead of every contact.
void appendPrefixSearch(const QString& search, QStringList& where, QVariantList& binds)
{
    QStringList parts = prefixConditions(search, binds);
    for (QString& part : parts)
        part.prepend(QStringLiteral("SELECT id FROM contacts WHERE "));
    where << QStringLiteral("c.id IN (") + parts.join(QStringLiteral(" UNION ALL ")) +
                 QLatin1Char(')');
}

FilterSql filterSql(const ContactFilter& filter, ContactSort sort,
                    SearchMode mode = SearchMode::Prefix)
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
    if (!search.isEmpty() && mode == SearchMode::Prefix) {
        appendPrefixSearch(search, where, out.binds);
    } else if (!search.isEmpty()) {
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
        // The key of contacts_by_last_first, so the index gives the order.
        return QStringLiteral(" ORDER BY ") + QLatin1String(kLastFirstKey) + dir +
               QStringLiteral(", c.id") + dir;
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

namespace {

/** One prepared sqlite3 statement, finalized with its owner. */
class Statement
{
public:
    Statement() = default;
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool prepare(sqlite3* db, const QByteArray& sql)
    {
        return sqlite3_prepare_v3(db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                  &m_stmt, nullptr) == SQLITE_OK;
    }
    sqlite3_stmt* get() const { return m_stmt; }

    // The UTF-8 bytes stay alive in m_text until the next bind of the same index, so
    // SQLite may keep a pointer to them (SQLITE_STATIC) instead of copying.
    void bind(int index, const QString& value)
    {
        QByteArray& slot = m_text[index];
        slot = value.toUtf8();
        sqlite3_bind_text(m_stmt, index, slot.isNull() ? "" : slot.constData(), int(slot.size()),
                          SQLITE_STATIC);
    }
    void bind(int index, qint64 value) { sqlite3_bind_int64(m_stmt, index, value); }
    // Bytes the caller keeps alive until the statement is stepped and reset.
    void bindView(int index, QByteArrayView value)
    {
        sqlite3_bind_text(m_stmt, index, value.data() ? value.data() : "", int(value.size()),
                          SQLITE_STATIC);
    }

    /** Steps once: SQLITE_ROW, SQLITE_DONE or an error code. */
    int step() { return sqlite3_step(m_stmt); }
    void reset() { sqlite3_reset(m_stmt); }
    qint64 int64(int column) const { return sqlite3_column_int64(m_stmt, column); }

private:
    sqlite3_stmt* m_stmt = nullptr;
    QByteArray m_text[10];
};

sqlite3* sqliteHandle(const QSqlDatabase& db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.data());
}

} // namespace

struct ContactImportWriter::Impl
{
    DatabasePtr database;
    QSqlDatabase db; ///< keeps the connection (and so the handle) alive
    sqlite3* handle = nullptr;
    qint64 listId = 0;
    qint64 maxIdBefore = 0;       ///< contacts above this id are new to this import
    qint64 batchStartId = 0;      ///< contacts above this id were inserted by this batch
    qint64 batchTime = 0;         ///< created_at / updated_at of this batch's rows
    std::vector<bool> mergedBits; ///< pre-existing ids merged so far (dense ids)
    QSet<qint64> mergedIds;       ///< the same when ids are too sparse for a bit set

    /** Remembers that @p id was merged; false when it already was. */
    bool markMerged(qint64 id)
    {
        if (maxIdBefore > (qint64(1) << 26)) {
            const auto before = mergedIds.size();
            mergedIds.insert(id);
            return mergedIds.size() != before;
        }
        if (mergedBits.empty())
            mergedBits.resize(size_t(maxIdBefore) + 1);
        if (mergedBits[size_t(id)])
            return false;
        mergedBits[size_t(id)] = true;
        return true;
    }
    bool inTransaction = false;

    Statement insertChecked; ///< with the suppression check
    Statement insertPlain;   ///< while the suppression list is empty
    Statement groupChecked;  ///< the same for kGroupRows rows
    Statement groupPlain;
    bool anySuppressed = true;
    Statement anySuppressions;
    Statement listExists;
    Statement lookup;
    Statement merge;
    Statement member;
    Statement membersSince;
    Statement suppress;
    Statement maxId;

    Error error(const QString& doing) const
    {
        return makeError(ErrorCode::Storage, doing, QString::fromUtf8(sqlite3_errmsg(handle)));
    }

    bool exec(const char* sql)
    {
        return sqlite3_exec(handle, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    }

    bool indexesDeferred = false;
    QByteArray restorePragmas; ///< the connection's settings before the import

    // Background checkpoints (checkpointInBackground()): the writer's thread appends to
    // the log, this thread copies it into the database file (and syncs both) meanwhile.
    std::thread checkpointer;
    std::mutex checkpointMutex;
    std::condition_variable checkpointWake;
    bool checkpointWanted = false;  ///< a commit asked for one
    bool checkpointRunning = false; ///< the thread is copying
    bool checkpointStop = false;
    int walPages = 0; ///< the log's length at the last commit (writer's thread only)

    // Checkpoint once the log holds 16 MB; each is a sync of the log and the file.
    static constexpr int kCheckpointPages = 4096;
    // The log can only start over from a checkpoint that caught up with the last
    // commit, which one running beside a busy writer never does: at 64 MB the writer
    // waits for the running one and copies the rest itself, keeping the log that small.
    static constexpr int kRestartPages = 16384;

    // SQLite's WAL hook, called on the writer's connection after each commit with the
    // log's length in pages; it replaces the automatic checkpoint (the same hook).
    static int walCommitted(void* context, sqlite3*, const char*, int pages)
    {
        auto* d = static_cast<Impl*>(context);
        d->walPages = pages;
        if (pages >= kCheckpointPages) {
            {
                const std::lock_guard lock(d->checkpointMutex);
                d->checkpointWanted = true;
            }
            d->checkpointWake.notify_one();
        }
        return SQLITE_OK;
    }

    void runCheckpoints()
    {
        // This thread's own connection, closed when the thread ends.
        sqlite3* const own = sqliteHandle(database->connection());
        std::unique_lock lock(checkpointMutex);
        for (;;) {
            checkpointWake.wait(lock, [this] { return checkpointWanted || checkpointStop; });
            if (checkpointStop)
                return;
            checkpointWanted = false;
            checkpointRunning = true;
            lock.unlock();
            // PASSIVE: copies what is committed without blocking the writer.
            if (own)
                sqlite3_wal_checkpoint_v2(own, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                          nullptr);
            lock.lock();
            checkpointRunning = false;
            checkpointWake.notify_all();
        }
    }

    /** Between batches: lets the log start over once it is long (see kRestartPages). */
    void catchUpCheckpoint()
    {
        if (!checkpointer.joinable() || walPages < kRestartPages)
            return;
        {
            std::unique_lock lock(checkpointMutex);
            checkpointWanted = false; // this thread does it now
            checkpointWake.wait(lock, [this] { return !checkpointRunning; });
        }
        sqlite3_wal_checkpoint_v2(handle, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        walPages = 0;
    }

    void stopCheckpoints()
    {
        if (!checkpointer.joinable())
            return;
        {
            const std::lock_guard lock(checkpointMutex);
            checkpointStop = true;
        }
        checkpointWake.notify_all();
        checkpointer.join();
        sqlite3_wal_hook(handle, nullptr, nullptr);
    }
};

namespace {

// The secondary indexes a bulk import rebuilds instead of maintaining row by row (not
// list_members_by_contact: new ids append to it, which is cheaper than a rebuild). Keep
// them in step with the indexes of the same names in Migrations.cpp (migration 3).
struct DeferredIndex
{
    const char* name;
    const char* key;

    QByteArray drop() const { return QByteArrayLiteral("DROP INDEX IF EXISTS ") + name; }
    QByteArray create() const
    {
        return QByteArrayLiteral("CREATE INDEX IF NOT EXISTS ") + name + " ON contacts(" + key +
               ')';
    }
};
const DeferredIndex kDeferredIndexes[] = {
    {"contacts_by_last_first", kLastFirstKey},
    {"contacts_by_first_last", kFirstLastKey},
};

// The import writer's INSERT of @p rows contacts: ?1 is the time, then each row binds its
// EncodedUpsert fields in order. A suppressed key inserts nothing when @p checked (WHERE
// NOT EXISTS); an existing key inserts nothing (DO NOTHING). Several rows in one statement
// halve the time per row: binding, stepping and resetting a statement cost as much as
// writing the row.
QByteArray contactInsertSql(qsizetype rows, bool checked)
{
    QByteArray values;
    for (qsizetype row = 0; row < rows; ++row) {
        values += row == 0 ? "(" : ",(";
        for (int field = 0; field < EncodedUpsert::FieldCount; ++field) {
            if (field > 0)
                values += ',';
            values += '?' + QByteArray::number(2 + row * EncodedUpsert::FieldCount + field);
        }
        values += ')';
    }
    // After a SELECT, SQLite reads ON CONFLICT only behind a WHERE clause.
    return "INSERT INTO contacts (email, email_key, first_name, last_name, fields, created_at,"
           " updated_at) SELECT column1, column2, column3, column4, column5, ?1, ?1 FROM (VALUES " +
           values + ") WHERE " +
           (checked ? "NOT EXISTS (SELECT 1 FROM suppressions"
                      " WHERE suppressions.email_key = column2)"
                    : "true") +
           " ON CONFLICT (email_key) DO NOTHING";
}

} // namespace

ContactImportWriter::ContactImportWriter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

ContactImportWriter::~ContactImportWriter()
{
    rollback();
    if (m_impl->indexesDeferred)
        (void)finish();
    m_impl->stopCheckpoints();
    // Also puts the automatic checkpoint back (wal_autocheckpoint installs its WAL hook).
    if (!m_impl->restorePragmas.isEmpty())
        m_impl->exec(m_impl->restorePragmas.constData());
}

void ContactImportWriter::checkpointInBackground()
{
    Impl& d = *m_impl;
    if (d.checkpointer.joinable())
        return;
    // The writer's thread then only appends to the log: reading the log back, writing
    // the file and syncing both (half a second of waiting per million rows) happen on
    // the second core, which the parser leaves mostly idle.
    sqlite3_wal_hook(d.handle, &Impl::walCommitted, &d);
    d.checkpointer = std::thread([&d] { d.runCheckpoints(); });
}

Result<void> ContactImportWriter::deferIndexes()
{
    Impl& d = *m_impl;
    if (d.inTransaction || d.indexesDeferred)
        return {};
    d.indexesDeferred = true; // set first: a partial drop is still rebuilt
    for (const DeferredIndex& index : kDeferredIndexes) {
        if (!d.exec(index.drop().constData()))
            return d.error(tr("Could not prepare the import"));
    }
    return {};
}

Result<void> ContactImportWriter::finish()
{
    Impl& d = *m_impl;
    rollback();
    if (!d.indexesDeferred)
        return {};
    // Each CREATE INDEX sorts every contact. SQLite's sorter sorts runs of up to
    // cache_size bytes in memory before merging them: 1 MB runs stay in the CPU cache,
    // 16 MB ones miss it at every step. 1,000,000 rows, three indexes: 3.6 s -> 1.7 s
    // of CPU, peak RSS 83 -> 45 MB. Sorter worker threads (PRAGMA threads) made it
    // slower, even in wall time, at this run size. The destructor restores cache_size.
    if (!d.exec("PRAGMA cache_size=-1024"))
        return d.error(tr("Could not rebuild the name index"));
    for (const DeferredIndex& index : kDeferredIndexes) {
        if (!d.exec(index.create().constData()))
            return d.error(tr("Could not rebuild the name index"));
    }
    d.indexesDeferred = false;
    return {};
}

Result<void> ContactImportWriter::begin(bool forWriting)
{
    Impl& d = *m_impl;
    if (d.inTransaction)
        return {};
    d.catchUpCheckpoint();
    // IMMEDIATE takes the write lock now, so a concurrent writer makes us wait (busy
    // timeout) instead of failing halfway through the batch.
    if (!d.exec(forWriting ? "BEGIN IMMEDIATE" : "BEGIN"))
        return d.error(tr("Could not start a transaction"));
    d.inTransaction = true;
    // One timestamp per batch: the clock read per row showed in profiles.
    d.batchTime = nowMs();
    // Foreign keys are off (see importWriter()): no memberships of a deleted list.
    if (forWriting && d.listId > 0) {
        d.listExists.bind(1, d.listId);
        const int found = d.listExists.step();
        d.listExists.reset();
        if (found != SQLITE_ROW) {
            Error error = found == SQLITE_DONE
                              ? makeError(ErrorCode::NotFound, tr("The list no longer exists."))
                              : d.error(tr("Could not read the list"));
            rollback();
            return error;
        }
    }
    // Read inside the transaction: no other writer can add a suppression until commit.
    d.anySuppressed = d.anySuppressions.step() != SQLITE_ROW || d.anySuppressions.int64(0) != 0;
    d.anySuppressions.reset();
    const int rc = d.maxId.step();
    d.batchStartId = rc == SQLITE_ROW ? d.maxId.int64(0) : 0;
    d.maxId.reset();
    if (rc != SQLITE_ROW)
        return d.error(tr("Could not read the contacts"));
    return {};
}

void EncodedUpserts::append(const ContactUpsert& row)
{
    const QString* const parts[] = {&row.email, &row.emailKey, &row.firstName, &row.lastName,
                                    &row.fieldsJson};
    QStringEncoder utf8(QStringEncoder::Utf8, QStringEncoder::Flag::Stateless);
    qsizetype room = 2;
    for (const QString* part : parts)
        room += utf8.requiredSpace(part->size());
    const qsizetype used = m_bytes.size();
    Q_ASSERT(used + room <= std::numeric_limits<quint32>::max()); // the offsets are 32-bit
    if (m_bytes.capacity() < used + room)
        m_bytes.reserve(std::max(2 * m_bytes.capacity(), used + room));
    m_bytes.resize(used + room);
    char* const begin = m_bytes.data();
    char* out = begin + used;
    for (int field = 0; field < EncodedUpsert::FieldCount; ++field) {
        m_start.push_back(quint32(out - begin));
        if (field == EncodedUpsert::FieldsJson && parts[field]->isEmpty()) {
            *out++ = '{';
            *out++ = '}';
        } else {
            out = utf8.appendToBuffer(out, *parts[field]);
        }
    }
    m_start.push_back(quint32(out - begin));
    m_bytes.truncate(out - begin);
}

Result<UpsertOutcome> ContactImportWriter::upsert(const ContactUpsert& row)
{
    EncodedUpserts encoded;
    encoded.append(row);
    return upsert(encoded[0]);
}

struct ContactImportWriter::Existing
{
    bool suppressed = false; ///< on the suppression list
    qint64 id = 0;           ///< the contact, when it exists
    bool subscribed = false; ///< the contact exists and is subscribed
};

Result<ContactImportWriter::Existing> ContactImportWriter::lookUp(QByteArrayView emailKey)
{
    Impl& d = *m_impl;
    d.lookup.bindView(1, emailKey);
    const int looked = d.lookup.step();
    Existing existing;
    if (looked == SQLITE_ROW) {
        existing.suppressed = d.lookup.int64(0) != 0;
        existing.id = d.lookup.int64(1);
        existing.subscribed = d.lookup.int64(2) != 0;
    }
    d.lookup.reset();
    if (looked != SQLITE_ROW)
        return d.error(tr("Could not look up the contact"));
    return existing;
}

Result<UpsertOutcome> ContactImportWriter::upsert(EncodedUpsert row)
{
    Impl& d = *m_impl;
    const qint64 now = d.inTransaction ? d.batchTime : nowMs();

    // The common case, a new address, is this one statement.
    // With nobody suppressed (common for a first import) the per-row check is skipped.
    Statement& insert = d.anySuppressed ? d.insertChecked : d.insertPlain;
    insert.bind(1, now);
    for (int field = 0; field < EncodedUpsert::FieldCount; ++field)
        insert.bindView(2 + field, row[EncodedUpsert::Field(field)]);
    const int inserted = insert.step();
    insert.reset();
    if (inserted != SQLITE_DONE)
        return d.error(tr("Could not save the contact"));
    if (sqlite3_changes(d.handle) > 0)
        return UpsertOutcome::Inserted;
    const auto existing = lookUp(row[EncodedUpsert::EmailKey]);
    if (!existing)
        return existing.error();
    return mergeInto(*existing, row, now);
}

Result<void> ContactImportWriter::upsertGroup(std::span<const EncodedUpsert> rows,
                                              std::span<UpsertOutcome> outcomes)
{
    Impl& d = *m_impl;
    Q_ASSERT(outcomes.size() >= rows.size());
    if (qsizetype(rows.size()) != kGroupRows) {
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto outcome = upsert(rows[i]);
            if (!outcome)
                return outcome.error();
            outcomes[i] = *outcome;
        }
        return {};
    }
    const qint64 now = d.inTransaction ? d.batchTime : nowMs();
    Statement& insert = d.anySuppressed ? d.groupChecked : d.groupPlain;
    insert.bind(1, now);
    int parameter = 2;
    for (const EncodedUpsert& row : rows) {
        for (int field = 0; field < EncodedUpsert::FieldCount; ++field)
            insert.bindView(parameter++, row[EncodedUpsert::Field(field)]);
    }
    const int inserted = insert.step();
    insert.reset();
    if (inserted != SQLITE_DONE)
        return d.error(tr("Could not save the contacts"));
    const qint64 added = sqlite3_changes64(d.handle);
    if (added == qint64(rows.size())) {
        std::fill_n(outcomes.begin(), rows.size(), UpsertOutcome::Inserted);
        return {};
    }
    // Some rows were not added: look each up. Contact ids are handed out in order, so
    // the rows this INSERT added have the ids after `before`; a second row of the same
    // address finds the first one's id already claimed and is merged into it.
    const qint64 before = added > 0 ? sqlite3_last_insert_rowid(d.handle) - added
                                    : std::numeric_limits<qint64>::max();
    std::array<qint64, kGroupRows> claimed{};
    qsizetype claimedCount = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        const auto existing = lookUp(rows[i][EncodedUpsert::EmailKey]);
        if (!existing)
            return existing.error();
        const auto claimedEnd = claimed.begin() + claimedCount;
        if (existing->id > before &&
            std::find(claimed.begin(), claimedEnd, existing->id) == claimedEnd) {
            claimed[claimedCount++] = existing->id;
            outcomes[i] = UpsertOutcome::Inserted;
            continue;
        }
        const auto outcome = mergeInto(*existing, rows[i], now);
        if (!outcome)
            return outcome.error();
        outcomes[i] = *outcome;
    }
    return {};
}

Result<UpsertOutcome> ContactImportWriter::mergeInto(const Existing& existing, EncodedUpsert row,
                                                     qint64 now)
{
    Impl& d = *m_impl;
    if (existing.suppressed || !existing.subscribed)
        return UpsertOutcome::Suppressed;
    const qint64 id = existing.id;
    d.merge.bindView(1, row[EncodedUpsert::FirstName]);
    d.merge.bindView(2, row[EncodedUpsert::LastName]);
    d.merge.bindView(3, row[EncodedUpsert::FieldsJson]);
    d.merge.bind(4, now);
    d.merge.bind(5, id);
    const int merged = d.merge.step();
    d.merge.reset();
    if (merged != SQLITE_DONE)
        return d.error(tr("Could not save the contact"));
    // A contact inserted earlier in this batch joins the list at commit.
    if (id <= d.batchStartId) {
        d.member.bind(1, d.listId);
        d.member.bind(2, id);
        d.member.bind(3, now);
        const int added = d.member.step();
        d.member.reset();
        if (added != SQLITE_DONE)
            return d.error(tr("Could not add the contact to the list"));
    }
    // Written by this import already: created by it, or merged by it before (only merged
    // ids are remembered).
    if (id > d.maxIdBefore || !d.markMerged(id))
        return UpsertOutcome::Repeated;
    return UpsertOutcome::Updated;
}

Result<void> ContactImportWriter::suppress(const QString& emailKey, const QString& reason,
                                           const QString& source)
{
    Impl& d = *m_impl;
    d.anySuppressed = true;
    d.suppress.bind(1, emailKey);
    d.suppress.bind(2, reason);
    d.suppress.bind(3, source);
    d.suppress.bind(4, nowMs());
    const int rc = d.suppress.step();
    d.suppress.reset();
    if (rc != SQLITE_DONE)
        return d.error(tr("Could not add to the suppression list"));
    return {};
}

Result<UpsertOutcome> ContactImportWriter::classify(QByteArrayView emailKey)
{
    const auto existing = lookUp(emailKey);
    if (!existing)
        return existing.error();
    if (existing->suppressed || (existing->id != 0 && !existing->subscribed))
        return UpsertOutcome::Suppressed;
    return existing->id != 0 ? UpsertOutcome::Updated : UpsertOutcome::Inserted;
}

Result<void> ContactImportWriter::commit()
{
    Impl& d = *m_impl;
    if (!d.inTransaction)
        return {};
    d.membersSince.bind(1, d.listId);
    d.membersSince.bind(2, nowMs());
    d.membersSince.bind(3, d.batchStartId);
    const int added = d.membersSince.step();
    d.membersSince.reset();
    if (added != SQLITE_DONE) {
        Error error = d.error(tr("Could not add the contacts to the list"));
        rollback();
        return error;
    }
    if (!d.exec("COMMIT")) {
        Error error = d.error(tr("Could not commit the import batch"));
        rollback();
        return error;
    }
    d.inTransaction = false;
    return {};
}

void ContactImportWriter::rollback()
{
    Impl& d = *m_impl;
    if (!d.inTransaction)
        return;
    d.inTransaction = false;
    d.exec("ROLLBACK");
}

// ---------------------------------------------------------------------------------------
// ContactRepository

ContactRepository::ContactRepository(DatabasePtr db) : m_db(std::move(db)) {}

Result<std::unique_ptr<ContactImportWriter>> ContactRepository::importWriter(qint64 listId) const
{
    QSqlDatabase db = m_db->connection();
    QSqlQuery query(db);
    if (listId != 0) {
        query.prepare(QStringLiteral("SELECT COUNT(*) FROM lists WHERE id = ?"));
        query.addBindValue(listId);
        if (!query.exec() || !query.next())
            return sqlError(tr("Could not read the list"), query);
        if (query.value(0).toLongLong() == 0)
            return makeError(ErrorCode::NotFound, tr("The list no longer exists."));
    }
    // New rows get ids above this one, which tells an insert from a merge.
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM contacts")) || !query.next())
        return sqlError(tr("Could not read the contacts"), query);
    const qint64 maxIdBefore = query.value(0).toLongLong();
    // A bulk import that crashed after deferIndexes() left its indexes dropped.
    for (const DeferredIndex& index : kDeferredIndexes) {
        if (!query.exec(QString::fromLatin1(index.create())))
            return sqlError(tr("Could not rebuild the name index"), query);
    }
    // During the import: a larger page cache, so index pages are not spilled and re-read
    // for every batch, and synchronous=NORMAL, which in WAL mode still keeps the file
    // consistent after a crash but does not fsync each batch; a batch lost to a power cut
    // is re-merged by running the import again. Checkpoints every 10,000 WAL pages
    // (40 MB) instead of 1,000: the pages every batch touches again (the tops of the
    // b-trees) are copied into the database once per checkpoint, and each checkpoint is
    // an fsync. Foreign keys off: checking both parents of every new membership cost
    // 0.25 s per million rows, and the writer ensures them itself (contact ids come from
    // the same transaction; each batch checks that the list still exists). All are put
    // back afterwards.
    QByteArray restore;
    if (query.exec(QStringLiteral("PRAGMA synchronous")) && query.next())
        restore += "PRAGMA synchronous=" + QByteArray::number(query.value(0).toInt()) + ";";
    if (query.exec(QStringLiteral("PRAGMA cache_size")) && query.next())
        restore += "PRAGMA cache_size=" + QByteArray::number(query.value(0).toInt()) + ";";
    if (query.exec(QStringLiteral("PRAGMA wal_autocheckpoint")) && query.next())
        restore += "PRAGMA wal_autocheckpoint=" + QByteArray::number(query.value(0).toInt()) + ";";
    if (query.exec(QStringLiteral("PRAGMA foreign_keys")) && query.next())
        restore += "PRAGMA foreign_keys=" + QByteArray::number(query.value(0).toInt()) + ";";
    query.finish();
    if (!query.exec(QStringLiteral("PRAGMA synchronous=NORMAL")) ||
        !query.exec(QStringLiteral("PRAGMA cache_size=-16000")) ||
        !query.exec(QStringLiteral("PRAGMA wal_autocheckpoint=10000")) ||
        !query.exec(QStringLiteral("PRAGMA foreign_keys=OFF")))
        return sqlError(tr("Could not prepare the import"), query);
    query.finish();

    auto impl = std::make_unique<ContactImportWriter::Impl>();
    impl->database = m_db;
    impl->db = db;
    impl->handle = sqliteHandle(db);
    impl->listId = listId;
    if (!impl->handle)
        return makeError(ErrorCode::Storage, tr("Bulk import needs the SQLite driver."));
    sqlite3* h = impl->handle;
    // An existing key conflicts (DO NOTHING) and is then merged by id. Custom fields merge
    // with json_patch (RFC 7386 merge patch, SQLite JSON1).
    const bool prepared =
        impl->insertChecked.prepare(h, contactInsertSql(1, true)) &&
        impl->insertPlain.prepare(h, contactInsertSql(1, false)) &&
        impl->groupChecked.prepare(h, contactInsertSql(ContactImportWriter::kGroupRows, true)) &&
        impl->groupPlain.prepare(h, contactInsertSql(ContactImportWriter::kGroupRows, false)) &&
        impl->anySuppressions.prepare(h, "SELECT EXISTS (SELECT 1 FROM suppressions)") &&
        impl->listExists.prepare(h, "SELECT 1 FROM lists WHERE id = ?1") &&
        impl->lookup.prepare(
            h,
            "SELECT EXISTS (SELECT 1 FROM suppressions WHERE email_key = ?1), c.id,"
            " c.status = 'subscribed' FROM (SELECT 1) LEFT JOIN contacts c ON c.email_key = ?1") &&
        impl->merge.prepare(
            h, "UPDATE contacts SET"
               " first_name = CASE WHEN ?1 <> '' THEN ?1 ELSE first_name END,"
               " last_name = CASE WHEN ?2 <> '' THEN ?2 ELSE last_name END,"
               " fields = CASE WHEN ?3 = '{}' THEN fields ELSE json_patch(fields, ?3) END,"
               " updated_at = ?4 WHERE id = ?5") &&
        impl->member.prepare(h, "INSERT INTO list_members (list_id, contact_id, added_at)"
                                " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING") &&
        impl->membersSince.prepare(
            h, "INSERT INTO list_members (list_id, contact_id, added_at)"
               " SELECT ?1, id, ?2 FROM contacts WHERE id > ?3 ON CONFLICT DO NOTHING") &&
        impl->suppress.prepare(h, "INSERT INTO suppressions (email_key, reason, source,"
                                  " created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING") &&
        impl->maxId.prepare(h, "SELECT COALESCE(MAX(id), 0) FROM contacts");
    if (!prepared)
        return impl->error(tr("Could not prepare the import"));
    impl->maxIdBefore = maxIdBefore;
    impl->restorePragmas = restore;
    return std::unique_ptr<ContactImportWriter>(new ContactImportWriter(std::move(impl)));
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

namespace {

bool hasSearch(const ContactFilter& filter)
{
    return !filter.search.trimmed().isEmpty();
}

Result<qint64> countMatching(const QSqlDatabase& db, const ContactFilter& filter, SearchMode mode)
{
    QSqlQuery query(db);
    const bool membersOnly =
        filter.listId > 0 && !filter.status && !filter.excludeSuppressed && !hasSearch(filter);
    if (membersOnly) {
        // The whole list: the membership key alone answers, without touching contacts.
        query.prepare(QStringLiteral("SELECT COUNT(*) FROM list_members WHERE list_id = ?"));
        query.addBindValue(filter.listId);
    } else {
        const FilterSql from = filterSql(filter, ContactSort::Id, mode);
        query.prepare(QStringLiteral("SELECT COUNT(*)") + from.sql);
        bindAll(query, from.binds);
    }
    if (!query.exec() || !query.next())
        return sqlError(ContactRepository::tr("Could not count the contacts"), query);
    return query.value(0).toLongLong();
}

// Runs a prepared read of kContactColumns and collects its rows.
Result<QList<Contact>> readContacts(QSqlQuery& query, int expected)
{
    if (!query.exec())
        return sqlError(ContactRepository::tr("Could not read the contacts"), query);
    QList<Contact> contacts;
    contacts.reserve(expected);
    while (query.next())
        contacts.append(contactFrom(query));
    return contacts;
}

Result<QList<Contact>> readWindow(const QSqlDatabase& db, const ContactFilter& filter,
                                  ContactSort sort, Qt::SortOrder order, qint64 offset, int limit,
                                  SearchMode mode)
{
    // OFFSET walks the index from the start; far down a long table, walking from the
    // other end is shorter. Counting first costs one index scan without row decoding.
    bool reversed = false;
    if (offset >= 5000) {
        const auto total = countMatching(db, filter, mode);
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
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (offset == 0 && mode == SearchMode::Prefix && hasSearch(filter)) {
        // A broad search (a common surname) has its first page among the first rows in
        // this order; sorting all its matches would take far longer. So the first page
        // looks there first: the matches among the first kScanRows rows, if a page of
        // them, are the first matches of all. The inner LIMIT keeps SQLite from flattening
        // the scan into the indexed search.
        constexpr int kScanRows = 10000;
        ContactFilter unsearched = filter;
        unsearched.search.clear();
        const FilterSql from = filterSql(unsearched, sort);
        QVariantList binds = from.binds;
        const QStringList conditions = prefixConditions(filter.search.trimmed(), binds);
        query.prepare(
            QStringLiteral("SELECT ") + kContactColumns +
            QStringLiteral(" FROM (SELECT c.id, c.email, c.email_key, c.first_name, c.last_name,"
                           " c.fields, c.status, c.created_at, c.updated_at") +
            from.sql + orderBy(sort, filter.listId > 0, order) +
            QStringLiteral(" LIMIT %1) c WHERE (").arg(kScanRows) +
            conditions.join(QStringLiteral(") OR (")) + QStringLiteral(")") +
            orderBy(sort, false, order) + QStringLiteral(" LIMIT ?"));
        bindAll(query, binds);
        query.bindValue(binds.size(), limit);
        auto scanned = readContacts(query, limit);
        if (!scanned || scanned->size() == limit)
            return scanned;
        query.finish();
    }
    const FilterSql from = filterSql(filter, sort, mode);
    query.prepare(QStringLiteral("SELECT ") + kContactColumns + from.sql +
                  orderBy(sort, filter.listId > 0, order) + QStringLiteral(" LIMIT ? OFFSET ?"));
    bindAll(query, from.binds);
    query.bindValue(from.binds.size(), limit);
    query.bindValue(from.binds.size() + 1, offset);
    auto contacts = readContacts(query, limit);
    if (contacts && reversed)
        std::reverse(contacts.value().begin(), contacts.value().end());
    return contacts;
}

} // namespace

// A search matches by prefix (indexed, milliseconds); only text that starts no e-mail or
// name of the filtered contacts is looked for anywhere, which reads every contact.
Result<qint64> ContactRepository::count(const ContactFilter& filter) const
{
    const QSqlDatabase db = m_db->connection();
    auto counted = countMatching(db, filter, SearchMode::Prefix);
    if (!counted || *counted > 0 || !hasSearch(filter))
        return counted;
    return countMatching(db, filter, SearchMode::Substring);
}

Result<QList<Contact>> ContactRepository::window(const ContactFilter& filter, ContactSort sort,
                                                 Qt::SortOrder order, qint64 offset,
                                                 int limit) const
{
    if (limit <= 0 || offset < 0)
        return QList<Contact>{};
    const QSqlDatabase db = m_db->connection();
    auto rows = readWindow(db, filter, sort, order, offset, limit, SearchMode::Prefix);
    if (!rows || !rows->isEmpty() || !hasSearch(filter))
        return rows;
    // An empty window: the prefix search finds nothing (then the substring search is the
    // search), or this window lies past its last match.
    if (offset > 0) {
        const auto any =
            readWindow(db, filter, ContactSort::Id, Qt::AscendingOrder, 0, 1, SearchMode::Prefix);
        if (!any)
            return any.error();
        if (!any->isEmpty())
            return rows;
    }
    return readWindow(db, filter, sort, order, offset, limit, SearchMode::Substring);
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
