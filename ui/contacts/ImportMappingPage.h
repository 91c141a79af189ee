#pragma once

#include <QWizardPage>

class QLabel;
class QTableWidget;

namespace Postroom::Ui {

class ImportWizard;

/** Which CSV column feeds which contact field: guessed, and editable per column. */
class ImportMappingPage : public QWizardPage
{
    Q_OBJECT

public:
    enum Column
    {
        HeaderColumn,
        SampleColumn,
        FieldColumn,
        CustomKeyColumn
    };

    explicit ImportMappingPage(ImportWizard* wizard);

    void initializePage() override;
    bool isComplete() const override;

private:
    void fieldChosen(int row);
    void customKeyEdited(int row, const QString& key);
    /** Shows the wizard's mapping in the table's pickers (after a field moved columns). */
    void showMapping();

    ImportWizard* m_wizard;
    QTableWidget* m_table = nullptr;
    QLabel* m_problem = nullptr;
};

} // namespace Postroom::Ui
