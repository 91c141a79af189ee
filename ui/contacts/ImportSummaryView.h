#pragma once

#include "core/contacts/ContactImporter.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QTableWidget;

namespace Postroom::Ui {

/** The counts of an import or dry run, and its first rejected rows with line and reason. */
class ImportSummaryView : public QWidget
{
    Q_OBJECT

public:
    explicit ImportSummaryView(QWidget* parent = nullptr);

    void setSummary(const Contacts::ImportSummary& summary);
    void clear();

private:
    QLabel* addCount(const QString& label, const char* objectName);

    QLabel* m_rows = nullptr;
    QLabel* m_new = nullptr;
    QLabel* m_updated = nullptr;
    QLabel* m_duplicates = nullptr;
    QLabel* m_invalid = nullptr;
    QLabel* m_suppressed = nullptr;
    QTableWidget* m_errors = nullptr;
    QFormLayout* m_form = nullptr;
};

} // namespace Postroom::Ui
