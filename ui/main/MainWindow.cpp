#include "ui/main/MainWindow.h"

#include "ui/accounts/AccountsPage.h"
#include "ui/campaigns/CampaignsPage.h"
#include "ui/common/PlaceholderPage.h"
#include "ui/common/UiSettings.h"
#include "ui/contacts/ContactsPage.h"
#include "ui/contacts/ListsPanel.h"
#include "ui/settings/SettingsPage.h"
#include "ui/templates/TemplatesPage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>

namespace Postroom::Ui {

MainWindow::MainWindow(Storage::DatabasePtr db, QWidget* parent)
    : QMainWindow(parent), m_db(std::move(db))
{
    setWindowTitle(tr("Postroom"));
    setObjectName(QStringLiteral("mainWindow"));

    m_sidebar = new QListWidget(this);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setIconSize(QSize(24, 24));
    m_sidebar->setUniformItemSizes(true);
    m_sidebar->setSpacing(3);
    m_sidebar->setFixedWidth(180);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_pages = new QStackedWidget(this);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_sidebar);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    createPages();
    createMenus();
    connect(m_sidebar, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    statusBar()->showMessage(tr("Database: %1").arg(QDir::toNativeSeparators(m_db->path())));
    restoreSettings();
}

void MainWindow::addPage(const QString& id, const QString& title, const QIcon& icon, QWidget* page)
{
    page->setObjectName(id + QStringLiteral("Page"));
    new QListWidgetItem(icon, title, m_sidebar);
    m_pages->addWidget(page);
    m_pageIds.append(id);
}

void MainWindow::createPages()
{
    QStyle* s = style();
    m_contactsPage = new ContactsPage(m_db, this);
    connect(m_contactsPage, &ContactsPage::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    addPage(QStringLiteral("contacts"), tr("Contacts"), s->standardIcon(QStyle::SP_DirHomeIcon),
            m_contactsPage);
    m_templatesPage = new TemplatesPage(m_db, this);
    connect(m_templatesPage, &TemplatesPage::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    addPage(QStringLiteral("templates"), tr("Templates"),
            s->standardIcon(QStyle::SP_FileDialogDetailedView), m_templatesPage);
    m_campaignsPage = new CampaignsPage(m_db, this);
    connect(m_campaignsPage, &CampaignsPage::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    addPage(QStringLiteral("campaigns"), tr("Campaigns"), s->standardIcon(QStyle::SP_MediaPlay),
            m_campaignsPage);
    auto* accountsPage = new AccountsPage(m_db, this);
    connect(accountsPage, &AccountsPage::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    addPage(QStringLiteral("accounts"), tr("Accounts"), s->standardIcon(QStyle::SP_DriveNetIcon),
            accountsPage);
    addPage(QStringLiteral("reports"), tr("Reports"),
            s->standardIcon(QStyle::SP_FileDialogInfoView),
            new PlaceholderPage(tr("Reports"),
                                tr("Delivery, bounces, opens, clicks and unsubscribes per "
                                   "campaign, with charts and CSV/PDF export, will appear here."),
                                this));
    addPage(QStringLiteral("settings"), tr("Settings"),
            s->standardIcon(QStyle::SP_FileDialogContentsView),
            new SettingsPage(m_db->path(), this));
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newList = file->addAction(tr("&New List…"), this, [this] {
        showPage(QStringLiteral("contacts"));
        m_contactsPage->listsPanel()->createList();
    });
    newList->setShortcut(QKeySequence::New);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    for (int i = 0; i < m_pageIds.size(); ++i) {
        QAction* action = go->addAction(m_sidebar->item(i)->icon(), m_sidebar->item(i)->text(),
                                        this, [this, i] { m_sidebar->setCurrentRow(i); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    QAction* refresh =
        go->addAction(tr("&Refresh"), m_contactsPage->listsPanel(), &ListsPanel::reload);
    refresh->setShortcut(QKeySequence::Refresh);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Postroom"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Postroom"),
        tr("<h3>Postroom %1</h3>"
           "<p>A desktop e-mail campaign manager: contact lists, templates, and delivery "
           "through your own SMTP accounts.</p>"
           "<p>Free and open-source software.</p>")
            .arg(QApplication::applicationVersion().toHtmlEscaped()));
}

QStringList MainWindow::pageIds() const
{
    return m_pageIds;
}

QString MainWindow::currentPageId() const
{
    return m_pageIds.value(m_pages->currentIndex());
}

void MainWindow::showPage(const QString& pageId)
{
    const qsizetype index = m_pageIds.indexOf(pageId);
    if (index >= 0)
        m_sidebar->setCurrentRow(static_cast<int>(index));
}

void MainWindow::restoreSettings()
{
    const UiSettings settings;
    if (!restoreGeometry(settings.windowGeometry()))
        resize(1100, 720);
    restoreState(settings.windowState());
    const QString last = settings.lastPage();
    m_sidebar->setCurrentRow(0);
    showPage(last);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Unsaved template edits: the page asks; after an asynchronous save it closes us again.
    if (m_templatesPage->isModified()) {
        showPage(QStringLiteral("templates"));
        if (!m_templatesPage->maybeSave([this] { close(); })) {
            event->ignore();
            return;
        }
    }
    // Campaigns being sent: the page asks; stopping leaves them to resume on the next start.
    if (m_campaignsPage->isSending()) {
        showPage(QStringLiteral("campaigns"));
        if (!m_campaignsPage->maybeStopSending()) {
            event->ignore();
            return;
        }
    }
    UiSettings settings;
    settings.setWindowGeometry(saveGeometry());
    settings.setWindowState(saveState());
    settings.setLastPage(currentPageId());
    event->accept();
}

} // namespace Postroom::Ui
