#include "ui/contacts/SuppressionsTableModel.h"

#include <QDateTime>
#include <QLocale>

namespace Postroom::Ui {

using Storage::Suppression;

SuppressionsTableModel::SuppressionsTableModel(Storage::DatabasePtr db, QObject* parent)
    : WindowedTableModel(parent), m_db(std::move(db))
{
}

int SuppressionsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SuppressionsTableModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return WindowedTableModel::headerData(section, orientation, role);
    switch (section) {
    case AddressColumn:
        return tr("Address");
    case ReasonColumn:
        return tr("Reason");
    case SourceColumn:
        return tr("Source");
    case DateColumn:
        return tr("Since");
    default:
        return {};
    }
}

void SuppressionsTableModel::setSearch(const QString& text)
{
    const QString search = text.trimmed();
    if (search == m_search)
        return;
    m_search = search;
    restart();
}

QString SuppressionsTableModel::keyAt(int row) const
{
    const QVariant value = rowAt(row);
    return value.isValid() ? value.value<Suppression>().emailKey : QString{};
}

WindowedTableModel::CountJob SuppressionsTableModel::countJob() const
{
    return
        [db = m_db, search = m_search] { return Storage::SuppressionRepository(db).count(search); };
}

WindowedTableModel::PageJob SuppressionsTableModel::pageJob() const
{
    return [db = m_db, search = m_search](qint64 offset, int limit, bool) -> Result<Rows> {
        const auto suppressions = Storage::SuppressionRepository(db).window(search, offset, limit);
        if (!suppressions)
            return suppressions.error();
        Rows rows;
        rows.reserve(suppressions->size());
        for (const Suppression& suppression : *suppressions)
            rows.append(QVariant::fromValue(suppression));
        return rows;
    };
}

QVariant SuppressionsTableModel::cell(const QVariant& row, int column, int role) const
{
    const auto* suppression = static_cast<const Suppression*>(row.constData());
    if (role == Qt::UserRole)
        return suppression->emailKey;
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case AddressColumn:
        return suppression->emailKey;
    case ReasonColumn:
        return suppression->reason;
    case SourceColumn:
        return suppression->source;
    case DateColumn:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(suppression->createdAtMs),
                                  QLocale::ShortFormat);
    default:
        return {};
    }
}

} // namespace Postroom::Ui
