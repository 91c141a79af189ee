#include "core/storage/Transaction.h"

#include "core/storage/SqlError.h"

namespace Postroom::Storage {

Transaction::Transaction(QSqlDatabase db) : m_db(std::move(db))
{
    m_active = m_db.transaction();
}

Transaction::~Transaction()
{
    if (m_active)
        m_db.rollback();
}

Error Transaction::beginError() const
{
    return sqlError(QStringLiteral("Could not start a transaction"), m_db.lastError());
}

Result<void> Transaction::commit()
{
    if (!m_active)
        return beginError();
    if (!m_db.commit())
        return sqlError(QStringLiteral("Could not commit"), m_db.lastError());
    m_active = false;
    return {};
}

} // namespace Postroom::Storage
