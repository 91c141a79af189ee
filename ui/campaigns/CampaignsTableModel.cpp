#include "ui/campaigns/CampaignsTableModel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace Postroom::Ui {

using Send::CampaignState;

CampaignsTableModel::CampaignsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void CampaignsTableModel::setRows(QList<CampaignRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const CampaignRow* CampaignsTableModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int CampaignsTableModel::rowOf(qint64 campaignId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).campaign.id == campaignId)
            return row;
    }
    return -1;
}

void CampaignsTableModel::setStatus(qint64 campaignId, const Send::CampaignStatus& status)
{
    const int row = rowOf(campaignId);
    if (row < 0)
        return;
    m_rows[row].status = status;
    m_rows[row].campaign.control = status.control;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int CampaignsTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CampaignsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString CampaignsTableModel::progressText(const Send::CampaignStatus& status)
{
    if (status.total == 0)
        return status.isDraft() ? QStringLiteral("—") : tr("no recipients");
    const QLocale locale;
    const int percent = static_cast<int>(status.finished() * 100 / status.total);
    return tr("%1 of %2 (%3%)")
        .arg(locale.toString(status.finished()), locale.toString(status.total))
        .arg(percent);
}

QString CampaignsTableModel::stateText(const Send::CampaignStatus& status)
{
    if (status.state == CampaignState::Scheduled)
        return tr("Scheduled for %1")
            .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(status.scheduledAtMs),
                                    QLocale::ShortFormat));
    return Send::CampaignStatus::stateLabel(status.state);
}

QVariant CampaignsTableModel::data(const QModelIndex& index, int role) const
{
    const CampaignRow* row = rowAt(index.row());
    if (!row || !index.isValid())
        return {};
    const Send::CampaignStatus& status = row->status;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return row->campaign.name;
        case StateColumn:
            return stateText(status);
        case ProgressColumn:
            return progressText(status);
        case ListColumn:
            return row->campaign.listName;
        case TemplateColumn:
            return row->campaign.templateName;
        default:
            return {};
        }
    }
    if (role == FractionRole && index.column() == ProgressColumn)
        return status.total > 0 ? double(status.finished()) / double(status.total) : -1.0;
    if (role == Qt::ForegroundRole && index.column() == StateColumn) {
        switch (status.state) {
        case CampaignState::Sending:
            return QBrush(QColor(0x1b, 0x5e, 0xb0));
        case CampaignState::Completed:
            return QBrush(QColor(0x1b, 0x7f, 0x3b));
        case CampaignState::Cancelled:
            return QBrush(QColor(0x80, 0x80, 0x80));
        case CampaignState::Paused:
        case CampaignState::Waiting:
            return QBrush(QColor(0xa0, 0x60, 0x00));
        case CampaignState::Scheduled:
            return QBrush(QColor(0x5a, 0x3e, 0x9e));
        case CampaignState::Draft:
            break;
        }
    }
    if (role == Qt::ToolTipRole && index.column() == StateColumn &&
        status.state == CampaignState::Scheduled)
        return tr("Postroom starts it at that time if it is running then, or as soon as it is "
                  "opened after that.");
    if (role == Qt::ToolTipRole && index.column() == ProgressColumn && status.total > 0) {
        return tr("Sent %1, deferred %2, failed %3, bounced %4, skipped %5, queued %6")
            .arg(status.sent)
            .arg(status.deferred)
            .arg(status.failed)
            .arg(status.bounced)
            .arg(status.skipped)
            .arg(status.queued + status.sending);
    }
    return {};
}

QVariant CampaignsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Campaign");
    case StateColumn:
        return tr("State");
    case ProgressColumn:
        return tr("Progress");
    case ListColumn:
        return tr("List");
    case TemplateColumn:
        return tr("Template");
    default:
        return {};
    }
}

} // namespace Postroom::Ui
