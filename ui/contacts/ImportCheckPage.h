#pragma once

#include <QWizardPage>

class QLabel;
class QProgressBar;

namespace Postroom::Ui {

class ImportSummaryView;
class ImportWizard;

/** The dry run: what the import would do, before anything is written. */
class ImportCheckPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ImportCheckPage(ImportWizard* wizard);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

private:
    void finished(bool dryRun, const QString& error);

    ImportWizard* m_wizard;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    ImportSummaryView* m_summary = nullptr;
    bool m_done = false;
};

} // namespace Postroom::Ui
