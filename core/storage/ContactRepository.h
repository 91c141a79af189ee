#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace Postroom::Storage {

/** A contact's subscription state (the contacts.status column). */
enum class ContactStatus
{
    Subscribed,
    Unsubscribed,
    Bounced,
    Complained,
};

/** "subscribed", "unsubscribed", "bounced", "complained". */
QString contactStatusName(ContactStatus status);
/** The inverse of contactStatusName(); nullopt for anything else. */
std::optional<ContactStatus> contactStatusFromName(const QString& name);

/** One contact as stored. */
struct Contact
{
    qint64 id = 0;
    QString email;    ///< display form (Unicode domain)
    QString emailKey; ///< case-folded identity (unique)
    QString firstName;
    QString lastName;
    QString fieldsJson = QStringLiteral("{}"); ///< custom fields, a JSON object of strings
    ContactStatus status = ContactStatus::Subscribed;
    bool suppressed = false; ///< the key is on the global suppression list
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
};

/** Which contacts a window, count or export covers. */
struct ContactFilter
{
    qint64 listId = 0; ///< 0: every contact; else members of that list
    /// Case-insensitive (ASCII, for names), as you type: contacts whose e-mail, first name,
    /// last name or "first last" starts with it; if none does, those where it appears
    /// anywhere in the e-mail, first or last name.
    QString search;
    std::optional<ContactStatus> status; ///< only contacts in this status
    bool excludeSuppressed = false;      ///< leave out keys on the suppression list
};

/** The orders a window can be read in; each is backed by an index. */
enum class ContactSort
{
    Id,       ///< insertion order (for a list: the membership key)
    Email,    ///< by email_key
    LastName, ///< by last name, first name, ignoring ASCII case (as the prefix search)
};

/** A row for the importer's batch upsert, already normalised by the caller. */
struct ContactUpsert
{
    QString email;
    QString emailKey;
    QString firstName;  ///< empty: keep the stored value
    QString lastName;   ///< empty: keep the stored value
    QString fieldsJson; ///< empty or "{}": no custom fields; else merged into the stored ones
};

/** One ContactUpsert encoded as UTF-8: a view into an EncodedUpserts, valid as long as it is. */
class EncodedUpsert
{
public:
    enum Field
    {
        Email,
        EmailKey,
        FirstName,
        LastName,
        FieldsJson, ///< "{}" when the row has no custom fields
        FieldCount,
    };

    QByteArrayView operator[](Field field) const
    {
        return QByteArrayView(m_bytes + m_start[field], m_start[field + 1] - m_start[field]);
    }

private:
    friend class EncodedUpserts;
    EncodedUpsert(const char* bytes, const quint32* start) : m_bytes(bytes), m_start(start) {}

    const char* m_bytes;
    const quint32* m_start; ///< FieldCount + 1 offsets into m_bytes
};

/**
 * ContactUpserts encoded as UTF-8 one after another in one buffer, for the import writer.
 * Whoever fills it does the encoding: the importer's parser thread, so the writer
 * thread, which limits a large import, does not. One buffer for many rows also spares an
 * allocation per row, and the writer reads the rows from consecutive memory.
 */
class EncodedUpserts
{
public:
    void append(const ContactUpsert& row);
    qsizetype size() const { return qsizetype(m_start.size()) / kOffsetsPerRow; }
    /** The bytes held, which stay below 4 GiB (the offsets are 32-bit). */
    qsizetype byteSize() const { return m_bytes.size(); }
    /** Valid until the next append(). */
    EncodedUpsert operator[](qsizetype row) const
    {
        return EncodedUpsert(m_bytes.constData(), m_start.data() + row * kOffsetsPerRow);
    }

private:
    static constexpr qsizetype kOffsetsPerRow = EncodedUpsert::FieldCount + 1;
    QByteArray m_bytes;
    std::vector<quint32> m_start;
};

/** What the batch upsert did with one row. */
enum class UpsertOutcome
{
    Inserted,   ///< a new contact, added to the list
    Updated,    ///< an existing subscribed contact: fields merged, added to the list
    Suppressed, ///< on the suppression list, or not subscribed: left alone, not added
    Repeated,   ///< an address this import already wrote (a repeat in the file): merged again
};

/**
 * The prepared statements of one import: reused for every row, one transaction per
 * batch. Created by ContactRepository::importWriter(); use from the creating thread only.
 *
 * This is the one place that talks to SQLite's C API directly (through the Qt driver's
 * handle): a million-row import spends most of its time in per-statement overhead, and
 * QSqlQuery's QVariant binding doubled it. A new contact costs one INSERT; list
 * memberships of new contacts are added set-wise when the batch commits.
 */
class ContactImportWriter
{
    Q_DECLARE_TR_FUNCTIONS(ContactImportWriter)

public:
    ~ContactImportWriter();

    /** Starts a batch: BEGIN IMMEDIATE for writing, a plain (read) BEGIN otherwise. */
    Result<void> begin(bool forWriting = true);
    /** Merges one row into the contacts and the list; see UpsertOutcome. */
    Result<UpsertOutcome> upsert(const ContactUpsert& row);
    /** The same for a row encoded beforehand. */
    Result<UpsertOutcome> upsert(EncodedUpsert row);

    /** How many rows upsertGroup() writes with one statement. */
    static constexpr qsizetype kGroupRows = 32;
    /**
     * The same as upsert() for each of @p rows in turn, kGroupRows of them in one INSERT:
     * for rows whose addresses the caller has not seen before in this import. Another
     * row of the same address is still merged correctly, only more slowly. A group in
     * which every row is new to the database costs half the time of single upserts.
     * @p outcomes receives one outcome per row.
     */
    Result<void> upsertGroup(std::span<const EncodedUpsert> rows,
                             std::span<UpsertOutcome> outcomes);
    /** Puts @p emailKey on the suppression list (no-op if already there). */
    Result<void> suppress(const QString& emailKey, const QString& reason, const QString& source);
    /** Adds the batch's new contacts to the list and commits. */
    Result<void> commit();
    /** Rolls the batch back (also done by the destructor for an open batch). */
    void rollback();

    /**
     * Read-only classification for a dry run: what upsert() would answer for this key,
     * without writing anything.
     */
    Result<UpsertOutcome> classify(QByteArrayView emailKey);

    /**
     * For a large import: drops the name indexes now and rebuilds them in one sorted pass
     * at finish() (or destruction), instead of a random-order insert per row. An import
     * that crashes in between is healed by the next importWriter().
     */
    Result<void> deferIndexes();
    /** Rebuilds what deferIndexes() dropped; call after the last commit. */
    Result<void> finish();

    /**
     * For a large import: copies committed pages from the write-ahead log into the
     * database file (checkpoints) on a thread and connection of its own, instead of on
     * this thread every few megabytes. Runs until the writer is destroyed.
     */
    void checkpointInBackground();

private:
    friend class ContactRepository;
    struct Impl;
    struct Existing;

    Result<Existing> lookUp(QByteArrayView emailKey);
    /** For a row its INSERT did not add: leaves it, or merges it into the contact. */
    Result<UpsertOutcome> mergeInto(const Existing& existing, EncodedUpsert row, qint64 now);

    explicit ContactImportWriter(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> m_impl;
};

/**
 * All SQL about contacts and list memberships. Reads for the contacts table come in
 * windows (offset + limit over an indexed order) so a million contacts stay smooth.
 */
class ContactRepository
{
    Q_DECLARE_TR_FUNCTIONS(ContactRepository)

public:
    explicit ContactRepository(DatabasePtr db);

    /** A writer for a bulk import into @p listId (the list must exist; 0 for a writer
     *  that only classifies, for a dry run into a list not created yet). */
    Result<std::unique_ptr<ContactImportWriter>> importWriter(qint64 listId) const;

    /** Adds one contact (or merges into the existing one) and puts it on @p listId (0: none). */
    Result<Contact> add(const ContactUpsert& contact, qint64 listId);

    Result<Contact> byId(qint64 id) const;
    /** The contact whose email_key is @p emailKey, or NotFound. */
    Result<Contact> byKey(const QString& emailKey) const;

    /** How many contacts match @p filter. */
    Result<qint64> count(const ContactFilter& filter) const;

    /**
     * Up to @p limit contacts matching @p filter, from position @p offset in @p sort order.
     * Windows near the end are read backwards, so jumping to the last row is as fast as
     * the first.
     */
    Result<QList<Contact>> window(const ContactFilter& filter, ContactSort sort,
                                  Qt::SortOrder order, qint64 offset, int limit) const;

    /** Subscribed, non-suppressed members of @p listId (`contacts count`). */
    Result<qint64> countDeliverable(qint64 listId) const;

    /**
     * Calls @p visit for every member of @p listId in id order (every contact for 0),
     * streaming; stops early when @p visit returns false.
     */
    Result<void> forEachInList(qint64 listId,
                               const std::function<bool(const Contact&)>& visit) const;

    /** Changes e-mail (already normalised by the caller), names, custom fields and status. */
    Result<void> update(const Contact& contact);
    /** Deletes contacts everywhere (memberships go with them). */
    Result<void> remove(const QList<qint64>& ids);
    Result<void> setStatus(const QList<qint64>& ids, ContactStatus status);

    Result<void> addToList(const QList<qint64>& ids, qint64 listId);
    Result<void> removeFromList(const QList<qint64>& ids, qint64 listId);
    /** Adds to @p toListId and removes from @p fromListId in one transaction. */
    Result<void> moveToList(const QList<qint64>& ids, qint64 fromListId, qint64 toListId);

private:
    DatabasePtr m_db;
};

} // namespace Postroom::Storage
