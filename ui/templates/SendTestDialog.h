#pragma once

#include "core/send/Account.h"
#include "core/storage/Database.h"
#include "ui/templates/TemplateAnalysis.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Postroom::Ui {

/**
 * Sends the template as it is in the editor, rendered for the preview's contact, to
 * one address through a chosen account: the exact bytes a campaign would send.
 */
class SendTestDialog : public QDialog
{
    Q_OBJECT

public:
    /** @p snapshot is the editor's content and the preview's contact when opened. */
    SendTestDialog(Storage::DatabasePtr db, AnalysisInput snapshot, QWidget* parent = nullptr);

    /**
     * Renders, composes and delivers @p snapshot to @p to (blocking: for the thread
     * pool). Returns a one-line account of what happened, or why it failed.
     */
    static Result<QString> deliver(const AnalysisInput& snapshot, const Send::Account& account,
                                   const QString& from, const QString& to);

signals:
    /** A test went out; @p summary says where. */
    void sent(const QString& summary);

private:
    void loadAccounts();
    void accountChosen();
    void send();

    Storage::DatabasePtr m_db;
    AnalysisInput m_snapshot;
    QList<Send::Account> m_accounts;
    QComboBox* m_account = nullptr;
    QLineEdit* m_from = nullptr;
    QLineEdit* m_to = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_send = nullptr;
    QString m_prefilledFrom;
};

} // namespace Postroom::Ui
