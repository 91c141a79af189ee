#pragma once

#include <QWizardPage>

class QComboBox;
class QLabel;
class QTableWidget;

namespace Postroom::Ui {

class ImportWizard;

/** The first rows as decoded, with encoding and delimiter pickers that decode again live. */
class ImportPreviewPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ImportPreviewPage(ImportWizard* wizard);

    void initializePage() override;
    bool isComplete() const override;

    /** A user-facing name for @p delimiter ("comma", "tab", …). */
    static QString delimiterName(QChar delimiter);

private:
    void showPreview(const QString& error);

    ImportWizard* m_wizard;
    QComboBox* m_encoding = nullptr;
    QComboBox* m_delimiter = nullptr;
    QLabel* m_detected = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace Postroom::Ui
