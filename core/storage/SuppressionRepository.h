#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace Postroom::Storage {

/** One address nobody may send to, whatever list it is on. */
struct Suppression
{
    QString emailKey; ///< the case-folded identity (EmailAddress::key())
    QString reason;   ///< free text: "unsubscribed", "hard bounce 5.1.1", …
    QString source;   ///< who added it: "manual", "import", "bounce", "unsubscribe", …
    qint64 createdAtMs = 0;
};

/** The global suppression list (table suppressions). */
class SuppressionRepository
{
    Q_DECLARE_TR_FUNCTIONS(SuppressionRepository)

public:
    explicit SuppressionRepository(DatabasePtr db);

    /** Suppresses @p emailKey; true when it was new, false when it was already there. */
    Result<bool> add(const QString& emailKey, const QString& reason,
                     const QString& source = QStringLiteral("manual"));

    Result<bool> contains(const QString& emailKey) const;

    /** Lifts a suppression; NotFound when the key was not suppressed. */
    Result<void> remove(const QString& emailKey);

    /** How many keys match @p search (substring of the key; empty: all). */
    Result<qint64> count(const QString& search = {}) const;

    /** Suppressions by key, optionally filtered by a substring, @p limit from @p offset. */
    Result<QList<Suppression>> window(const QString& search, qint64 offset, int limit) const;

    /** Every suppression by key (`suppress ls`). */
    Result<QList<Suppression>> all() const;

private:
    DatabasePtr m_db;
};

} // namespace Postroom::Storage
