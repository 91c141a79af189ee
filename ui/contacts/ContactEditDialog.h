#pragma once

#include "core/storage/ContactRepository.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace Postroom::Ui {

/** Edits one contact: address, names, status and custom fields. */
class ContactEditDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ContactEditDialog(const Storage::Contact& contact, QWidget* parent = nullptr);

    /** The contact as edited; valid after accept() (the address is normalised). */
    Storage::Contact contact() const { return m_contact; }

    void accept() override;

private:
    void addFieldRow(const QString& key, const QString& value);

    Storage::Contact m_contact;
    QLineEdit* m_email = nullptr;
    QLineEdit* m_firstName = nullptr;
    QLineEdit* m_lastName = nullptr;
    QComboBox* m_status = nullptr;
    QTableWidget* m_fields = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace Postroom::Ui
