#include "ui/contacts/ImportMappingPage.h"

#include "ui/contacts/ImportWizard.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Postroom::Ui {

using Contacts::ColumnAssignment;
using Contacts::ColumnMapping;
using Contacts::ContactField;

namespace {
constexpr ContactField kFields[] = {
    ContactField::Email,        ContactField::FirstName, ContactField::LastName,
    ContactField::FullName,     ContactField::Custom,    ContactField::Status,
    ContactField::Unsubscribed, ContactField::Cleaned,   ContactField::Ignore};
} // namespace

ImportMappingPage::ImportMappingPage(ImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setTitle(tr("Match the Columns"));
    setSubTitle(tr("Each column of the file feeds one field. Columns that match nothing "
                   "become custom fields you can use in templates; rename or ignore them here."));
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(QStringLiteral("importMappingTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Column in the file"), tr("First value"), tr("Field"), tr("Custom field name")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("importMappingProblem"));
    m_problem->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_problem);
}

void ImportMappingPage::initializePage()
{
    const Contacts::ImportPreview& preview = m_wizard->preview();
    const ColumnMapping& mapping = m_wizard->mapping();
    m_table->setRowCount(0);
    m_table->setRowCount(mapping.columnCount());
    for (int row = 0; row < mapping.columnCount(); ++row) {
        m_table->setItem(row, HeaderColumn, new QTableWidgetItem(mapping.headers().value(row)));
        const QString sample = preview.rows.isEmpty() ? QString{} : preview.rows.first().value(row);
        m_table->setItem(row, SampleColumn, new QTableWidgetItem(sample));

        auto* field = new QComboBox(m_table);
        field->setObjectName(QStringLiteral("mappingField%1").arg(row));
        for (ContactField option : kFields)
            field->addItem(ColumnMapping::fieldLabel(option), static_cast<int>(option));
        m_table->setCellWidget(row, FieldColumn, field);
        auto* key = new QLineEdit(m_table);
        key->setObjectName(QStringLiteral("mappingKey%1").arg(row));
        key->setFrame(false);
        m_table->setCellWidget(row, CustomKeyColumn, key);

        connect(field, &QComboBox::activated, this, [this, row] { fieldChosen(row); });
        connect(key, &QLineEdit::textEdited, this,
                [this, row](const QString& text) { customKeyEdited(row, text); });
    }
    showMapping();
}

void ImportMappingPage::showMapping()
{
    const ColumnMapping& mapping = m_wizard->mapping();
    for (int row = 0; row < mapping.columnCount(); ++row) {
        const ColumnAssignment& assignment = mapping.columns().at(row);
        auto* field = static_cast<QComboBox*>(m_table->cellWidget(row, FieldColumn));
        auto* key = static_cast<QLineEdit*>(m_table->cellWidget(row, CustomKeyColumn));
        field->setCurrentIndex(field->findData(static_cast<int>(assignment.field)));
        const bool custom = assignment.field == ContactField::Custom;
        if (key->text() != assignment.customKey || !custom)
            key->setText(custom ? assignment.customKey : QString{});
        key->setEnabled(custom);
    }
    const auto valid = mapping.validate();
    m_problem->setText(valid ? QString{} : valid.error().describe());
    emit completeChanged();
}

void ImportMappingPage::fieldChosen(int row)
{
    auto* field = static_cast<QComboBox*>(m_table->cellWidget(row, FieldColumn));
    ColumnAssignment assignment;
    assignment.field = static_cast<ContactField>(field->currentData().toInt());
    if (assignment.field == ContactField::Custom) {
        // A new custom field starts with the column's header as its name.
        const auto* key = static_cast<QLineEdit*>(m_table->cellWidget(row, CustomKeyColumn));
        assignment.customKey = key->text().trimmed().isEmpty()
                                   ? m_wizard->mapping().headers().value(row).trimmed()
                                   : key->text().trimmed();
    }
    m_wizard->mapping().setColumn(row, assignment);
    showMapping();
}

void ImportMappingPage::customKeyEdited(int row, const QString& key)
{
    m_wizard->mapping().setColumn(row, ColumnAssignment{ContactField::Custom, key.trimmed()});
    const auto valid = m_wizard->mapping().validate();
    m_problem->setText(valid ? QString{} : valid.error().describe());
    emit completeChanged();
}

bool ImportMappingPage::isComplete() const
{
    const ColumnMapping& mapping = m_wizard->mapping();
    if (!mapping.validate())
        return false;
    // A custom field needs a name to be used by.
    for (const ColumnAssignment& column : mapping.columns()) {
        if (column.field == ContactField::Custom && column.customKey.isEmpty())
            return false;
    }
    return true;
}

} // namespace Postroom::Ui
