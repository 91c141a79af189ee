#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace Postroom::Storage {

/** A contact list and how many contacts belong to it. */
struct ContactList
{
    qint64 id = 0;
    QString name;
    qint64 contacts = 0;
    qint64 createdAtMs = 0;
};

/** Lists of contacts: create, find, rename, remove. */
class ListRepository
{
    Q_DECLARE_TR_FUNCTIONS(ListRepository)

public:
    explicit ListRepository(DatabasePtr db);

    /** Creates a list; the name is trimmed and must be new and non-empty. */
    Result<ContactList> create(const QString& name);

    /** All lists with their member counts, by name. */
    Result<QList<ContactList>> all() const;

    /** The list called @p name (exact match), or NotFound. */
    Result<ContactList> byName(const QString& name) const;

    Result<void> rename(qint64 id, const QString& newName);

    /** Removes the list and its memberships; the contacts themselves stay. */
    Result<void> remove(qint64 id);

private:
    Result<QString> validName(const QString& name) const;

    DatabasePtr m_db;
};

} // namespace Postroom::Storage
