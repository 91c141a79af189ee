#pragma once

#include <QWizardPage>

class QLabel;
class QProgressBar;
class QPushButton;

namespace Postroom::Ui {

class ImportWizard;

/** The import itself, off the GUI thread: a progress bar and Cancel. */
class ImportProgressPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ImportProgressPage(ImportWizard* wizard);

    void initializePage() override;
    bool isComplete() const override;

    /** Shows progress in @p bar (bytes when the size is known) and rows in @p label. */
    static void showProgress(QProgressBar* bar, QLabel* label, qint64 rows, qint64 bytesDone,
                             qint64 bytesTotal);

private:
    void finished(bool dryRun, const QString& error);

    ImportWizard* m_wizard;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    bool m_done = false;
};

} // namespace Postroom::Ui
