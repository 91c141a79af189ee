#pragma once

#include "core/common/Result.h"

#include <QSqlDatabase>

namespace Postroom::Storage {

/** RAII transaction: rolls back unless commit() succeeded. */
class Transaction
{
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    /** False when BEGIN failed; the error is in beginError(). */
    bool isActive() const { return m_active; }
    Error beginError() const;

    Result<void> commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

} // namespace Postroom::Storage
