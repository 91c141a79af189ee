#pragma once

#include "core/send/CampaignStatus.h"
#include "core/storage/CampaignRepository.h"

#include <QAbstractTableModel>
#include <QList>

namespace Postroom::Ui {

/** A campaign with the counts of its queue, as the Campaigns page lists it. */
struct CampaignRow
{
    Storage::Campaign campaign;
    Send::CampaignStatus status; ///< derived by core; Draft before the first send
};

/** The campaigns with their derived state and progress. */
class CampaignsTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        StateColumn,
        ProgressColumn,
        ListColumn,
        TemplateColumn,
        ColumnCount,
    };
    /** ProgressColumn's fraction done (0..1; -1 when there is no queue yet). */
    static constexpr int FractionRole = Qt::UserRole + 1;

    explicit CampaignsTableModel(QObject* parent = nullptr);

    void setRows(QList<CampaignRow> rows);
    const QList<CampaignRow>& rows() const { return m_rows; }
    const CampaignRow* rowAt(int row) const;
    int rowOf(qint64 campaignId) const;

    /** Replaces the counts of one campaign (from the engine's progress signals). */
    void setStatus(qint64 campaignId, const Send::CampaignStatus& status);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /** The state as listed: its label, or "Scheduled for <local time>". */
    static QString stateText(const Send::CampaignStatus& status);

    /** "120 of 500 (24%)", or "—" with no queue yet. */
    static QString progressText(const Send::CampaignStatus& status);

private:
    QList<CampaignRow> m_rows;
};

} // namespace Postroom::Ui
