#pragma once

#include "core/storage/Database.h"

#include <QWidget>

class QLabel;

namespace Postroom::Ui {

class ListsPanel;

/** Contacts: the lists on the left, the chosen list's contacts on the right. */
class ContactsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ContactsPage(Storage::DatabasePtr db, QWidget* parent = nullptr);

    ListsPanel* listsPanel() const { return m_lists; }

signals:
    void statusMessage(const QString& message);

private:
    ListsPanel* m_lists = nullptr;
    QLabel* m_listHeading = nullptr;
};

} // namespace Postroom::Ui
