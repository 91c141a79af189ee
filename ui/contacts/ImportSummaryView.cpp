#include "ui/contacts/ImportSummaryView.h"

#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Postroom::Ui {

ImportSummaryView::ImportSummaryView(QWidget* parent) : QWidget(parent)
{
    m_form = new QFormLayout;
    m_rows = addCount(tr("Rows read:"), "summaryRows");
    m_new = addCount(tr("New contacts:"), "summaryNew");
    m_updated = addCount(tr("Updated contacts:"), "summaryUpdated");
    m_duplicates = addCount(tr("Duplicates in the file:"), "summaryDuplicates");
    m_invalid = addCount(tr("Invalid rows:"), "summaryInvalid");
    m_suppressed = addCount(tr("Suppressed or unsubscribed:"), "summarySuppressed");

    m_errors = new QTableWidget(0, 2, this);
    m_errors->setObjectName(QStringLiteral("summaryErrors"));
    m_errors->setHorizontalHeaderLabels({tr("Line"), tr("Reason")});
    m_errors->horizontalHeader()->setStretchLastSection(true);
    m_errors->verticalHeader()->hide();
    m_errors->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_errors->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_form);
    layout->addWidget(m_errors, 1);
}

QLabel* ImportSummaryView::addCount(const QString& label, const char* objectName)
{
    auto* value = new QLabel(this);
    value->setObjectName(QLatin1String(objectName));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(label, value);
    return value;
}

void ImportSummaryView::setSummary(const Contacts::ImportSummary& summary)
{
    const QLocale locale;
    m_rows->setText(locale.toString(summary.rows));
    m_new->setText(locale.toString(summary.imported));
    m_updated->setText(locale.toString(summary.updated));
    m_duplicates->setText(locale.toString(summary.duplicates));
    m_invalid->setText(locale.toString(summary.invalid));
    m_suppressed->setText(locale.toString(summary.suppressed));
    m_errors->setRowCount(0);
    for (const Contacts::ImportError& error : summary.errors) {
        const int row = m_errors->rowCount();
        m_errors->insertRow(row);
        m_errors->setItem(row, 0, new QTableWidgetItem(locale.toString(error.line)));
        m_errors->setItem(row, 1, new QTableWidgetItem(error.reason));
    }
    m_errors->setVisible(!summary.errors.isEmpty());
}

void ImportSummaryView::clear()
{
    for (QLabel* label : {m_rows, m_new, m_updated, m_duplicates, m_invalid, m_suppressed})
        label->setText(QStringLiteral("…"));
    m_errors->setRowCount(0);
    m_errors->hide();
}

} // namespace Postroom::Ui
