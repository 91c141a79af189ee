#include "core/storage/ListRepository.h"
#include "tests/support/TempDatabase.h"
#include "ui/common/Translations.h"
#include "ui/common/UiSettings.h"
#include "ui/contacts/ListsPanel.h"
#include "ui/main/MainWindow.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Ui;

class TestMainWindow : public QObject
{
    Q_OBJECT

public:
    static void initMain()
    {
        // QSettings must not touch the developer's own configuration.
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("PostroomTest"));
        QCoreApplication::setApplicationName(QStringLiteral("PostroomTest"));
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void walksEveryPage()
    {
        Test::TempDatabase temp;
        MainWindow window(temp.db());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const QStringList expected{QStringLiteral("contacts"),  QStringLiteral("templates"),
                                   QStringLiteral("campaigns"), QStringLiteral("accounts"),
                                   QStringLiteral("reports"),   QStringLiteral("settings")};
        QCOMPARE(window.pageIds(), expected);
        auto* sidebar = window.findChild<QListWidget*>(QStringLiteral("sidebar"));
        auto* stack = window.findChild<QStackedWidget*>();
        QVERIFY(sidebar && stack);
        for (int row = 0; row < sidebar->count(); ++row) {
            sidebar->setCurrentRow(row);
            QCOMPARE(window.currentPageId(), expected.at(row));
            QCOMPARE(stack->currentWidget()->objectName(),
                     expected.at(row) + QStringLiteral("Page"));
            QVERIFY(stack->currentWidget()->isVisible());
        }
        // Ctrl+1 goes back to Contacts through the Go menu.
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentPageId(), QStringLiteral("contacts"));
        QVERIFY(window.menuBar()->actions().size() >= 3);
    }

    void contactsPageShowsAndCreatesLists()
    {
        Test::TempDatabase temp;
        QVERIFY(Storage::ListRepository(temp.db()).create(QStringLiteral("Existing")).ok());
        MainWindow window(temp.db());
        window.show();
        auto* panel = window.findChild<ListsPanel*>();
        auto* view = window.findChild<QListWidget*>(QStringLiteral("listsView"));
        QVERIFY(panel && view);
        QTRY_COMPARE(view->count(), 1);
        QVERIFY(view->item(0)->text().startsWith(QStringLiteral("Existing")));

        // Created elsewhere (another process, the CLI): a reload shows it.
        QVERIFY(Storage::ListRepository(temp.db()).create(QStringLiteral("Second")).ok());
        QSignalSpy reloaded(panel, &ListsPanel::reloaded);
        panel->reload();
        QVERIFY(reloaded.wait());
        QCOMPARE(view->count(), 2);
        auto* heading = window.findChild<QLabel*>(QStringLiteral("listHeading"));
        QVERIFY(heading);
        QCOMPARE(heading->text(), QStringLiteral("Existing"));
    }

    void remembersGeometryAndLastPage()
    {
        Test::TempDatabase temp;
        {
            MainWindow window(temp.db());
            window.show();
            // Larger than any page's minimum, so the window can take exactly this size.
            window.resize(1300, 820);
            window.showPage(QStringLiteral("reports"));
            window.close();
        }
        QCOMPARE(UiSettings().lastPage(), QStringLiteral("reports"));
        MainWindow reopened(temp.db());
        QCOMPARE(reopened.currentPageId(), QStringLiteral("reports"));
        QCOMPARE(reopened.size(), QSize(1300, 820));
    }

    void chineseTranslationIsComplete()
    {
        QCOMPARE(installTranslations(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        Test::TempDatabase temp;
        MainWindow window(temp.db());
        auto* sidebar = window.findChild<QListWidget*>(QStringLiteral("sidebar"));
        QCOMPARE(sidebar->item(0)->text(), QStringLiteral("联系人"));
        QCOMPARE(window.windowTitle(), QStringLiteral("Postroom"));
        QCOMPARE(window.menuBar()->actions().first()->text(), QStringLiteral("文件(&F)"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
