#pragma once

#include "core/storage/Database.h"

#include <QMainWindow>

class QListWidget;
class QStackedWidget;
class QLabel;

namespace Postroom::Ui {

class CampaignsPage;
class ContactsPage;
class TemplatesPage;

/** The main window: a navigation sidebar on the left, the chosen page on the right. */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Storage::DatabasePtr db, QWidget* parent = nullptr);

    /** Stable ids of the pages, in sidebar order. */
    QStringList pageIds() const;
    QString currentPageId() const;
    void showPage(const QString& pageId);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void addPage(const QString& id, const QString& title, const QIcon& icon, QWidget* page);
    void createPages();
    void createMenus();
    void restoreSettings();
    void showAbout();

    Storage::DatabasePtr m_db;
    QListWidget* m_sidebar = nullptr;
    QStackedWidget* m_pages = nullptr;
    ContactsPage* m_contactsPage = nullptr;
    TemplatesPage* m_templatesPage = nullptr;
    CampaignsPage* m_campaignsPage = nullptr;
    QStringList m_pageIds;
};

} // namespace Postroom::Ui
