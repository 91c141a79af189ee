#include "ui/contacts/ContactsTableModel.h"

#include <QDateTime>
#include <QFont>
#include <QLocale>

namespace Postroom::Ui {

using Storage::Contact;
using Storage::ContactStatus;

ContactsTableModel::ContactsTableModel(Storage::DatabasePtr db, QObject* parent)
    : WindowedTableModel(parent), m_db(std::move(db))
{
}

int ContactsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ContactsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return WindowedTableModel::headerData(section, orientation, role);
    switch (section) {
    case EmailColumn:
        return tr("E-mail");
    case NameColumn:
        return tr("Name");
    case StatusColumn:
        return tr("Status");
    case AddedColumn:
        return tr("Added");
    default:
        return {};
    }
}

void ContactsTableModel::sort(int column, Qt::SortOrder order)
{
    Storage::ContactSort key = m_sort;
    switch (column) {
    case EmailColumn:
        key = Storage::ContactSort::Email;
        break;
    case NameColumn:
        key = Storage::ContactSort::LastName;
        break;
    case AddedColumn:
        key = Storage::ContactSort::Id; // contacts come in id order
        break;
    default:
        return; // status: filtered, not sorted (no index orders by it)
    }
    if (key == m_sort && order == m_order)
        return;
    m_sort = key;
    m_order = order;
    restart();
}

void ContactsTableModel::setListId(qint64 listId)
{
    if (listId == m_filter.listId)
        return;
    m_filter.listId = listId;
    restart();
}

void ContactsTableModel::setSearch(const QString& text)
{
    const QString search = text.trimmed();
    if (search == m_filter.search)
        return;
    m_filter.search = search;
    restart();
}

void ContactsTableModel::setStatusFilter(std::optional<ContactStatus> status)
{
    if (status == m_filter.status)
        return;
    m_filter.status = status;
    restart();
}

std::optional<Contact> ContactsTableModel::contactAt(int row) const
{
    const QVariant value = rowAt(row);
    if (!value.isValid())
        return std::nullopt;
    return value.value<Contact>();
}

QString ContactsTableModel::statusLabel(ContactStatus status)
{
    switch (status) {
    case ContactStatus::Subscribed:
        return tr("Subscribed");
    case ContactStatus::Unsubscribed:
        return tr("Unsubscribed");
    case ContactStatus::Bounced:
        return tr("Bounced");
    case ContactStatus::Complained:
        return tr("Complained");
    }
    return {};
}

WindowedTableModel::CountJob ContactsTableModel::countJob() const
{
    return [db = m_db, filter = m_filter]() -> Result<qint64> {
        if (filter.listId == 0) // no list chosen: an empty table, not every contact
            return qint64(0);
        return Storage::ContactRepository(db).count(filter);
    };
}

WindowedTableModel::PageJob ContactsTableModel::pageJob() const
{
    return [db = m_db, filter = m_filter, sort = m_sort,
            order = m_order](qint64 offset, int limit, bool reversed) -> Result<Rows> {
        if (filter.listId == 0)
            return Rows{};
        // The repository's orders are total (ties broken by id in the same direction), so
        // the opposite order is exactly this order backwards.
        const Qt::SortOrder direction =
            reversed ? (order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder)
                     : order;
        const auto contacts =
            Storage::ContactRepository(db).window(filter, sort, direction, offset, limit);
        if (!contacts)
            return contacts.error();
        Rows rows;
        rows.reserve(contacts->size());
        for (const Contact& contact : *contacts)
            rows.append(QVariant::fromValue(contact));
        return rows;
    };
}

QVariant ContactsTableModel::cell(const QVariant& row, int column, int role) const
{
    const auto* contact = static_cast<const Contact*>(row.constData());
    if (role == Qt::UserRole)
        return contact->id;
    if (role == Qt::ToolTipRole && contact->suppressed)
        return tr("On the suppression list: never sent to, whatever its status.");
    if (role == Qt::FontRole && contact->suppressed && column == StatusColumn) {
        QFont font;
        font.setItalic(true);
        return font;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case EmailColumn:
        return contact->email;
    case NameColumn:
        return QStringList{contact->firstName, contact->lastName}.join(QLatin1Char(' ')).trimmed();
    case StatusColumn:
        return contact->suppressed
                   ? tr("%1, suppressed", "contact status").arg(statusLabel(contact->status))
                   : statusLabel(contact->status);
    case AddedColumn:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(contact->createdAtMs),
                                  QLocale::ShortFormat);
    default:
        return {};
    }
}

} // namespace Postroom::Ui
