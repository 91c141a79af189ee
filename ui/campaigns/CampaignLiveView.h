#pragma once

#include "core/send/SendProgress.h"

#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;
class QTableWidget;

namespace Postroom::Ui {

/**
 * The live view of one campaign: counters (sent, deferred, failed, bounced, …), the
 * current rate and ETA, one row per account (rate, in flight, errors) and the latest
 * errors with the servers' replies. Fed by the engine's progress signals; it never
 * reads the database itself.
 */
class CampaignLiveView : public QWidget
{
    Q_OBJECT

public:
    explicit CampaignLiveView(QWidget* parent = nullptr);

    /** Shows @p name with the counts of @p status; live parts from @p last when given. */
    void showCampaign(const QString& name, const Send::CampaignStatus& status,
                      const std::optional<Send::SendProgress>& last);
    /** Nothing chosen. */
    void clear();

    /** A progress report of the campaign shown. */
    void showProgress(const Send::SendProgress& progress);
    /** The sender stopped; @p error says why when it failed. */
    void showStopped(const Send::CampaignStatus& status, const QString& error);

    /** "about 3 min", "less than a minute", … */
    static QString etaText(qint64 seconds);

private:
    void showCounts(const Send::CampaignStatus& status);
    void showAccounts(const QList<Send::AccountProgress>& accounts);
    void showErrors(const QList<Send::SendErrorInfo>& errors);

    QLabel* m_title = nullptr;
    QLabel* m_state = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_total = nullptr;
    QLabel* m_sent = nullptr;
    QLabel* m_deferred = nullptr;
    QLabel* m_failed = nullptr;
    QLabel* m_bounced = nullptr;
    QLabel* m_queued = nullptr;
    QLabel* m_skipped = nullptr;
    QLabel* m_rate = nullptr;
    QLabel* m_eta = nullptr;
    QLabel* m_message = nullptr;
    QTableWidget* m_accounts = nullptr;
    QTableWidget* m_errors = nullptr;
};

} // namespace Postroom::Ui
