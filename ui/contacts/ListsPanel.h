#pragma once

#include "core/storage/Database.h"
#include "core/storage/ListRepository.h"

#include <QWidget>

class QListWidget;
class QPushButton;

namespace Postroom::Ui {

/** The contact lists with their counts; create, rename and delete them. */
class ListsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ListsPanel(Storage::DatabasePtr db, QWidget* parent = nullptr);

    /** The selected list's id, or 0. */
    qint64 currentListId() const;

public slots:
    void reload();
    void createList();

signals:
    void currentListChanged(qint64 listId, const QString& name);
    void reloaded(int listCount);
    void errorOccurred(const QString& message);

private:
    void showLists(const QList<Storage::ContactList>& lists);
    void renameCurrent();
    void deleteCurrent();
    void runChange(std::function<Result<void>()> change);

    Storage::DatabasePtr m_db;
    QListWidget* m_view = nullptr;
    QPushButton* m_renameButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    qint64 m_selectAfterReload = 0;
};

} // namespace Postroom::Ui
