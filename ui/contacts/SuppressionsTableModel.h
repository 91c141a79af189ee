#pragma once

#include "core/storage/Database.h"
#include "core/storage/SuppressionRepository.h"
#include "ui/contacts/WindowedTableModel.h"

namespace Postroom::Ui {

/** The global suppression list, by address, read in windows. */
class SuppressionsTableModel : public WindowedTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        AddressColumn,
        ReasonColumn,
        SourceColumn,
        DateColumn,
        ColumnCount
    };

    explicit SuppressionsTableModel(Storage::DatabasePtr db, QObject* parent = nullptr);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /** Shows only addresses containing @p text. */
    void setSearch(const QString& text);
    /** The suppressed key in @p row if loaded, else empty. */
    QString keyAt(int row) const;

    /** Loads the list (the first time the view is shown). */
    void load() { restart(); }

protected:
    CountJob countJob() const override;
    PageJob pageJob() const override;
    bool canReadBackwards() const override { return false; }
    QVariant cell(const QVariant& row, int column, int role) const override;

private:
    Storage::DatabasePtr m_db;
    QString m_search;
};

} // namespace Postroom::Ui

Q_DECLARE_METATYPE(Postroom::Storage::Suppression)
