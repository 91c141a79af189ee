#include "ui/contacts/ContactEditDialog.h"

#include "core/contacts/EmailAddress.h"
#include "ui/contacts/ContactsTableModel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Postroom::Ui {

using Storage::ContactStatus;

namespace {
constexpr ContactStatus kStatuses[] = {ContactStatus::Subscribed, ContactStatus::Unsubscribed,
                                       ContactStatus::Bounced, ContactStatus::Complained};

// Names and fields end up in headers and templates: one line each.
QString oneLine(const QString& text)
{
    QString line = text;
    for (QChar& c : line) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' ');
    }
    return line.trimmed();
}
} // namespace

ContactEditDialog::ContactEditDialog(const Storage::Contact& contact, QWidget* parent)
    : QDialog(parent), m_contact(contact)
{
    setWindowTitle(tr("Edit Contact"));
    m_email = new QLineEdit(contact.email, this);
    m_email->setObjectName(QStringLiteral("editEmail"));
    m_firstName = new QLineEdit(contact.firstName, this);
    m_firstName->setObjectName(QStringLiteral("editFirstName"));
    m_lastName = new QLineEdit(contact.lastName, this);
    m_lastName->setObjectName(QStringLiteral("editLastName"));
    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("editStatus"));
    for (ContactStatus status : kStatuses) {
        m_status->addItem(ContactsTableModel::statusLabel(status), static_cast<int>(status));
        if (status == contact.status)
            m_status->setCurrentIndex(m_status->count() - 1);
    }

    m_fields = new QTableWidget(0, 2, this);
    m_fields->setObjectName(QStringLiteral("editFields"));
    m_fields->setHorizontalHeaderLabels({tr("Field"), tr("Value")});
    m_fields->horizontalHeader()->setStretchLastSection(true);
    m_fields->verticalHeader()->hide();
    const QJsonObject fields = QJsonDocument::fromJson(contact.fieldsJson.toUtf8()).object();
    for (auto it = fields.begin(); it != fields.end(); ++it)
        addFieldRow(it.key(), it.value().toVariant().toString());
    auto* addField = new QPushButton(tr("Add Field"), this);
    auto* removeField = new QPushButton(tr("Remove Field"), this);
    connect(addField, &QPushButton::clicked, this, [this] {
        addFieldRow({}, {});
        m_fields->editItem(m_fields->item(m_fields->rowCount() - 1, 0));
    });
    connect(removeField, &QPushButton::clicked, this, [this] {
        if (m_fields->currentRow() >= 0)
            m_fields->removeRow(m_fields->currentRow());
    });
    auto* fieldButtons = new QHBoxLayout;
    fieldButtons->addWidget(addField);
    fieldButtons->addWidget(removeField);
    fieldButtons->addStretch();

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("editError"));
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    m_error->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ContactEditDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ContactEditDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("&First name:"), m_firstName);
    form->addRow(tr("&Last name:"), m_lastName);
    form->addRow(tr("&Status:"), m_status);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Custom fields:"), this));
    layout->addWidget(m_fields, 1);
    layout->addLayout(fieldButtons);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(460, 420);
}

void ContactEditDialog::addFieldRow(const QString& key, const QString& value)
{
    const int row = m_fields->rowCount();
    m_fields->insertRow(row);
    m_fields->setItem(row, 0, new QTableWidgetItem(key));
    m_fields->setItem(row, 1, new QTableWidgetItem(value));
}

void ContactEditDialog::accept()
{
    const auto address = Contacts::EmailAddress::parse(m_email->text());
    if (!address) {
        m_error->setText(address.error().message);
        m_error->show();
        m_email->setFocus();
        return;
    }
    QJsonObject fields;
    for (int row = 0; row < m_fields->rowCount(); ++row) {
        const QString key =
            oneLine(m_fields->item(row, 0) ? m_fields->item(row, 0)->text() : QString{});
        if (key.isEmpty())
            continue;
        fields.insert(key,
                      oneLine(m_fields->item(row, 1) ? m_fields->item(row, 1)->text() : QString{}));
    }
    m_contact.email = address->display();
    m_contact.emailKey = address->key();
    m_contact.firstName = oneLine(m_firstName->text());
    m_contact.lastName = oneLine(m_lastName->text());
    m_contact.status = static_cast<ContactStatus>(m_status->currentData().toInt());
    m_contact.fieldsJson = QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact));
    QDialog::accept();
}

} // namespace Postroom::Ui
