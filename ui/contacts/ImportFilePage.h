#pragma once

#include <QWizardPage>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Postroom::Ui {

class ImportWizard;

/** The first page: which file, into which list. */
class ImportFilePage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ImportFilePage(ImportWizard* wizard);

    bool isComplete() const override;
    bool validatePage() override;

private:
    void browse();

    ImportWizard* m_wizard;
    QLineEdit* m_path = nullptr;
    QComboBox* m_list = nullptr;
    QLabel* m_problem = nullptr;
};

} // namespace Postroom::Ui
