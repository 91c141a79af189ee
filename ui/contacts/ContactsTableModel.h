#pragma once

#include "core/storage/ContactRepository.h"
#include "core/storage/Database.h"
#include "ui/contacts/WindowedTableModel.h"

#include <optional>

namespace Postroom::Ui {

/** The contacts of one list, filtered and sorted in the database, read in windows. */
class ContactsTableModel : public WindowedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        EmailColumn,
        NameColumn,
        StatusColumn,
        AddedColumn,
        ColumnCount
    };

    explicit ContactsTableModel(Storage::DatabasePtr db, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    /** Sorts in the database: e-mail, last and first name, or the order contacts came in. */
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /** Shows the members of @p listId (0: no list, nothing shown). */
    void setListId(qint64 listId);
    /** Shows only contacts whose e-mail or name contains @p text. */
    void setSearch(const QString& text);
    /** Shows only contacts in @p status (nullopt: all). */
    void setStatusFilter(std::optional<Storage::ContactStatus> status);

    qint64 listId() const { return m_filter.listId; }
    const Storage::ContactFilter& filter() const { return m_filter; }
    Storage::ContactSort sortKey() const { return m_sort; }
    Qt::SortOrder sortOrder() const { return m_order; }

    /** The contact in @p row if loaded. */
    std::optional<Storage::Contact> contactAt(int row) const;

    /** The user-facing word for a status (translated). */
    static QString statusLabel(Storage::ContactStatus status);

protected:
    CountJob countJob() const override;
    PageJob pageJob() const override;
    QVariant cell(const QVariant& row, int column, int role) const override;

private:
    Storage::DatabasePtr m_db;
    Storage::ContactFilter m_filter;
    Storage::ContactSort m_sort = Storage::ContactSort::Email;
    Qt::SortOrder m_order = Qt::AscendingOrder;
};

} // namespace Postroom::Ui

Q_DECLARE_METATYPE(Postroom::Storage::Contact)
