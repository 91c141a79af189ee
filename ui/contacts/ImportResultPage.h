#pragma once

#include <QWizardPage>

class QLabel;
class QPushButton;

namespace Postroom::Ui {

class ImportSummaryView;
class ImportWizard;

/** What the import did, with the rejected rows to save as a CSV for fixing. */
class ImportResultPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ImportResultPage(ImportWizard* wizard);

    void initializePage() override;

private:
    void saveRejected();

    ImportWizard* m_wizard;
    QLabel* m_status = nullptr;
    ImportSummaryView* m_summary = nullptr;
    QPushButton* m_save = nullptr;
};

} // namespace Postroom::Ui
