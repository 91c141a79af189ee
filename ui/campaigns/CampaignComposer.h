#pragma once

#include "core/send/Account.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/Database.h"
#include "ui/campaigns/CampaignCheck.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QRadioButton;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTableWidget;
class QTimer;

namespace Postroom::Ui {

/**
 * Composes a campaign: name, list, template, sender, accounts with their weights,
 * tracking, DKIM, retries and an optional start time. Beside the form it shows how many recipients
 * remain after suppressions and what the pre-send check finds (both computed off the GUI thread as
 * the form changes). Saves a draft, or the new settings of an existing draft.
 */
class CampaignComposer : public QDialog
{
    Q_OBJECT

public:
    /** A new campaign when @p campaign is nullopt; else edits its settings. */
    CampaignComposer(Storage::DatabasePtr db, std::optional<Storage::Campaign> campaign,
                     QWidget* parent = nullptr);

    /** The campaign as saved (valid after accepted()). */
    Storage::Campaign savedCampaign() const { return m_saved; }

    /** The settings as entered; @p error is set when a field cannot be read. */
    Storage::CampaignSettings enteredSettings(QString* error = nullptr) const;

    /** The start time chosen (ms since the epoch), or 0 for "when I press Send". */
    qint64 enteredScheduleMs() const;

    /** The last check shown (recipients and problems). */
    const CampaignCheckResult& lastCheck() const { return m_lastCheck; }

    /** Runs the check now instead of after the typing pause. */
    void checkNow();

signals:
    /** A check finished and is shown. */
    void checked();
    /** The lists, templates and accounts were read and the form filled. */
    void loaded();

protected:
    void accept() override;

private:
    QWidget* createForm();
    QWidget* createCheckPanel();
    QWidget* createSchedule(QWidget* parent);
    void load();
    void scheduleCheck();
    void showCheck(const CampaignCheckResult& result);
    void accountToggled();
    void chooseKeyFile();
    void setBusy(bool busy);

    Storage::DatabasePtr m_db;
    std::optional<Storage::Campaign> m_original;
    Storage::Campaign m_saved;
    QList<Send::Account> m_accounts;

    QLineEdit* m_name = nullptr;
    QComboBox* m_list = nullptr;
    QComboBox* m_template = nullptr;
    QLineEdit* m_from = nullptr;
    QLineEdit* m_replyTo = nullptr;
    QLineEdit* m_returnPath = nullptr;
    QTableWidget* m_accountTable = nullptr;
    QCheckBox* m_trackOpens = nullptr;
    QCheckBox* m_trackClicks = nullptr;
    QLineEdit* m_trackingUrl = nullptr;
    QLineEdit* m_unsubscribeUrl = nullptr;
    QLineEdit* m_dkimDomain = nullptr;
    QLineEdit* m_dkimSelector = nullptr;
    QLineEdit* m_dkimKey = nullptr;
    QLineEdit* m_retryBase = nullptr;
    QLineEdit* m_retryExpiry = nullptr;
    QRadioButton* m_sendManually = nullptr;
    QRadioButton* m_sendAt = nullptr;
    QDateTimeEdit* m_startTime = nullptr;
    QLabel* m_recipients = nullptr;
    QListWidget* m_findings = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_saveButton = nullptr;
    QTimer* m_debounce = nullptr;

    bool m_loading = true;
    bool m_busy = false;
    quint64 m_generation = 0;
    bool m_checkRunning = false;
    bool m_checkPending = false;
    CampaignCheckResult m_lastCheck;
};

} // namespace Postroom::Ui
