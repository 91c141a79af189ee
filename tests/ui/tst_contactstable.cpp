#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/SuppressionRepository.h"
#include "tests/support/TempDatabase.h"
#include "ui/contacts/ContactEditDialog.h"
#include "ui/contacts/ContactsPage.h"
#include "ui/contacts/ContactsTableModel.h"
#include "ui/contacts/ImportWizard.h"
#include "ui/contacts/ListsPanel.h"
#include "ui/contacts/SuppressionsTableModel.h"
#include "ui/contacts/SuppressionsView.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

using namespace Postroom;
using namespace Postroom::Ui;
using Storage::ContactStatus;

namespace {

constexpr int kContacts = 1050; // a little over five pages of 200
constexpr int kWait = 10000;

QString emailOf(int i)
{
    return QStringLiteral("user%1@example.com").arg(i, 4, 10, QLatin1Char('0'));
}

// Every tenth contact is called Alice; every seventh is unsubscribed.
bool isAlice(int i)
{
    return i % 10 == 0;
}
bool isUnsubscribed(int i)
{
    return i % 7 == 0;
}

qint64 fillList(const Storage::DatabasePtr& db, const QString& name, int count)
{
    const auto list = Storage::ListRepository(db).create(name);
    if (!list)
        qFatal("cannot create a list: %s", qPrintable(list.error().describe()));
    Storage::ContactRepository contacts(db);
    auto writer = contacts.importWriter(list->id);
    if (!writer || !(*writer)->begin())
        qFatal("cannot start writing contacts");
    for (int i = 0; i < count; ++i) {
        Storage::ContactUpsert row;
        row.email = emailOf(i);
        row.emailKey = row.email;
        row.firstName = isAlice(i) ? QStringLiteral("Alice") : QStringLiteral("Bob");
        // Last names run backwards so sorting by name differs from sorting by e-mail.
        row.lastName = QStringLiteral("Name%1").arg(count - i, 4, 10, QLatin1Char('0'));
        if (!(*writer)->upsert(row))
            qFatal("cannot write a contact");
    }
    if (!(*writer)->commit())
        qFatal("cannot commit contacts");
    QList<qint64> unsubscribed;
    for (int i = 0; i < count; ++i) {
        if (isUnsubscribed(i))
            unsubscribed.append(contacts.byKey(emailOf(i))->id);
    }
    if (!contacts.setStatus(unsubscribed, ContactStatus::Unsubscribed))
        qFatal("cannot set statuses");
    return list->id;
}

void waitUntilSettled(const WindowedTableModel& model)
{
    QTRY_VERIFY_WITH_TIMEOUT(model.isCountKnown() && !model.isBusy(), kWait);
}

QString emailAt(const WindowedTableModel& model, int row)
{
    return model.index(row, ContactsTableModel::EmailColumn).data().toString();
}

/** Asks for @p row and waits until its page has arrived. */
QString fetchEmail(const WindowedTableModel& model, int row)
{
    emailAt(model, row);
    if (!QTest::qWaitFor([&] { return model.isRowLoaded(row); }, kWait))
        return QStringLiteral("<row %1 never loaded>").arg(row);
    return emailAt(model, row);
}

qint64 memberCount(const Storage::DatabasePtr& db, qint64 listId,
                   std::optional<ContactStatus> status = std::nullopt)
{
    Storage::ContactFilter filter;
    filter.listId = listId;
    filter.status = status;
    return *Storage::ContactRepository(db).count(filter);
}

/** Answers the next message box with @p button once it shows. */
void answerNextMessageBox(QMessageBox::StandardButton button)
{
    QTimer::singleShot(0, [button] {
        QTRY_VERIFY(qobject_cast<QMessageBox*>(QApplication::activeModalWidget()));
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        box->button(button)->click();
    });
}

} // namespace

class TestContactsTable : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void countsWithoutLoadingEveryRow()
    {
        Test::TempDatabase temp;
        const qint64 list = fillList(temp.db(), QStringLiteral("Big"), kContacts);
        ContactsTableModel model(temp.db());
        QSignalSpy counted(&model, &WindowedTableModel::countKnown);
        model.setListId(list);
        QVERIFY(counted.wait(kWait));
        QCOMPARE(counted.first().first().toLongLong(), qint64(kContacts));
        QCOMPARE(model.rowCount(), kContacts);
        waitUntilSettled(model);
        // Only the first page was read, not the whole list.
        QCOMPARE(model.loadedPageCount(), 1);
        QVERIFY(model.isRowLoaded(0));
        QVERIFY(!model.isRowLoaded(kContacts - 1));
        QCOMPARE(emailAt(model, 0), emailOf(0));
    }

    void fetchesPagesOnDemandFromBothEnds()
    {
        Test::TempDatabase temp;
        const qint64 list = fillList(temp.db(), QStringLiteral("Big"), kContacts);
        ContactsTableModel model(temp.db());
        model.setListId(list);
        waitUntilSettled(model);

        // An unloaded row shows a placeholder and starts a fetch.
        QCOMPARE(emailAt(model, kContacts - 1), QStringLiteral("…"));
        QCOMPARE(fetchEmail(model, kContacts - 1), emailOf(kContacts - 1));
        // The last page is read backwards from the end; every row of it must be in place.
        for (int row = kContacts - 1; row >= 1000; --row)
            QCOMPARE(emailAt(model, row), emailOf(row));
        QCOMPARE(fetchEmail(model, 600), emailOf(600)); // a page in the second half
        QCOMPARE(emailAt(model, 799), emailOf(799));
        QCOMPARE(fetchEmail(model, 333), emailOf(333)); // and one in the first
        QCOMPARE(model.loadedPageCount(), 4);

        // Sorted descending, the first row is the last address.
        model.sort(ContactsTableModel::EmailColumn, Qt::DescendingOrder);
        waitUntilSettled(model);
        QCOMPARE(emailAt(model, 0), emailOf(kContacts - 1));
        QCOMPARE(fetchEmail(model, kContacts - 1), emailOf(0));
        QCOMPARE(model.index(5, ContactsTableModel::NameColumn).data().toString(),
                 QStringLiteral("Bob Name%1").arg(6, 4, 10, QLatin1Char('0')));
    }

    void modelMayGoAwayWhileFetching()
    {
        Test::TempDatabase temp;
        const qint64 list = fillList(temp.db(), QStringLiteral("Big"), kContacts);
        {
            ContactsTableModel model(temp.db());
            model.setListId(list);
            model.setSearch(QStringLiteral("alice")); // a second count and page in flight
        }
        // The fetches end after the model is gone; nothing may be delivered to it.
        QTest::qWait(300);
        ContactsTableModel next(temp.db());
        next.setListId(list);
        waitUntilSettled(next);
        QCOMPARE(next.rowCount(), kContacts);
    }

    void sortsByName()
    {
        Test::TempDatabase temp;
        const qint64 list = fillList(temp.db(), QStringLiteral("Big"), kContacts);
        ContactsTableModel model(temp.db());
        model.setListId(list);
        model.sort(ContactsTableModel::NameColumn, Qt::AscendingOrder);
        waitUntilSettled(model);
        // Last names run backwards, so the last address has the first name.
        QCOMPARE(emailAt(model, 0), emailOf(kContacts - 1));
        QCOMPARE(fetchEmail(model, kContacts - 1), emailOf(0));
    }

    void searchesAndFilters()
    {
        Test::TempDatabase temp;
        const qint64 list = fillList(temp.db(), QStringLiteral("Big"), kContacts);
        ContactsTableModel model(temp.db());
        model.setListId(list);
        waitUntilSettled(model);

        int alices = 0, unsubscribed = 0, unsubscribedAlices = 0;
        for (int i = 0; i < kContacts; ++i) {
            alices += isAlice(i);
            unsubscribed += isUnsubscribed(i);
            unsubscribedAlices += isAlice(i) && isUnsubscribed(i);
        }

        model.setSearch(QStringLiteral("alice"));
        waitUntilSettled(model);
        QCOMPARE(model.rowCount(), alices);
        QCOMPARE(emailAt(model, 1), emailOf(10));

        model.setSearch(QStringLiteral("user0042"));
        waitUntilSettled(model);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(emailAt(model, 0), emailOf(42));

        model.setSearch({});
        model.setStatusFilter(ContactStatus::Unsubscribed);
        waitUntilSettled(model);
        QCOMPARE(model.rowCount(), unsubscribed);
        QCOMPARE(model.index(0, ContactsTableModel::StatusColumn).data().toString(),
                 ContactsTableModel::statusLabel(ContactStatus::Unsubscribed));

        model.setSearch(QStringLiteral("Alice"));
        waitUntilSettled(model);
        QCOMPARE(model.rowCount(), unsubscribedAlices);

        model.setStatusFilter(std::nullopt);
        model.setSearch(QStringLiteral("nobody-has-this"));
        waitUntilSettled(model);
        QCOMPARE(model.rowCount(), 0);
    }

    void pageSearchesAsYouTypeAndFilters()
    {
        Test::TempDatabase temp;
        fillList(temp.db(), QStringLiteral("Big"), kContacts);
        ContactsPage page(temp.db());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        ContactsTableModel* model = page.contactsModel();
        waitUntilSettled(*model);
        QTRY_COMPARE(model->rowCount(), kContacts);
        auto* count = page.findChild<QLabel*>(QStringLiteral("contactCount"));
        QVERIFY(count->text().contains(QStringLiteral("1050")) ||
                count->text().contains(QStringLiteral("1,050")));

        auto* search = page.findChild<QLineEdit*>(QStringLiteral("contactSearch"));
        QTest::keyClicks(search, QStringLiteral("user000"));
        // Debounced: one query after typing pauses.
        QCOMPARE(model->filter().search, QString());
        QTRY_COMPARE(model->filter().search, QStringLiteral("user000"));
        waitUntilSettled(*model);
        QCOMPARE(model->rowCount(), 10);

        auto* status = page.findChild<QComboBox*>(QStringLiteral("statusFilter"));
        status->setCurrentIndex(
            status->findText(ContactsTableModel::statusLabel(ContactStatus::Unsubscribed)));
        waitUntilSettled(*model);
        QCOMPARE(model->rowCount(), 2); // user0000, user0007
    }

    void contextMenuActionsChangeTheDatabase()
    {
        Test::TempDatabase temp;
        const auto db = temp.db();
        const qint64 list = fillList(db, QStringLiteral("A"), 30);
        const qint64 other = Storage::ListRepository(db).create(QStringLiteral("B"))->id;
        ContactsPage page(db);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto* lists = page.findChild<QListWidget*>(QStringLiteral("listsView"));
        QTRY_COMPARE(lists->count(), 2);
        lists->setCurrentRow(0); // "A"
        ContactsTableModel* model = page.contactsModel();
        QTRY_COMPARE(model->listId(), list);
        waitUntilSettled(*model);
        QCOMPARE(model->rowCount(), 30);
        QTableView* table = page.contactsTable();
        QSignalSpy changed(&page, &ContactsPage::contactsChanged);
        auto trigger = [&](const char* name) {
            auto* action = page.findChild<QAction*>(QLatin1String(name));
            QVERIFY2(action, name);
            QVERIFY2(action->isEnabled(), name);
            action->trigger();
        };
        auto selectRows = [&](int first, int last) {
            table->clearSelection();
            table->selectionModel()->select(
                QItemSelection(model->index(first, 0), model->index(last, 0)),
                QItemSelectionModel::Select | QItemSelectionModel::Rows);
        };
        Storage::ContactRepository contacts(db);

        // Reloading the lists (their counts change after every action) keeps the selection.
        selectRows(1, 3);
        QSignalSpy reloaded(page.listsPanel(), &ListsPanel::reloaded);
        page.listsPanel()->reload();
        QVERIFY(reloaded.wait(kWait));
        QCOMPARE(table->selectionModel()->selectedRows().size(), 3);

        // Unsubscribe rows 1–3 (user0001..0003; none of them was unsubscribed).
        selectRows(1, 3);
        trigger("unsubscribeAction");
        QVERIFY(changed.wait(kWait));
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(contacts.byKey(emailOf(i))->status, ContactStatus::Unsubscribed);
        QCOMPARE(contacts.byKey(emailOf(4))->status, ContactStatus::Subscribed);

        // Copy two to B, then move two others there.
        selectRows(4, 5);
        page.moveSelectedToList(other, true);
        QVERIFY(changed.wait(kWait));
        QCOMPARE(memberCount(db, list), qint64(30));
        QCOMPARE(memberCount(db, other), qint64(2));
        waitUntilSettled(*model);
        selectRows(8, 9);
        page.moveSelectedToList(other, false);
        QVERIFY(changed.wait(kWait));
        QCOMPARE(memberCount(db, list), qint64(28));
        QCOMPARE(memberCount(db, other), qint64(4));
        waitUntilSettled(*model);
        QCOMPARE(model->rowCount(), 28);
        // The lists panel shows the new counts.
        QTRY_VERIFY(lists->item(1)->text().contains(QLatin1Char('4')));

        // Remove from list: the contact stays in the database.
        QCOMPARE(fetchEmail(*model, 0), emailOf(0));
        selectRows(0, 0);
        trigger("removeFromListAction");
        QVERIFY(changed.wait(kWait));
        QCOMPARE(memberCount(db, list), qint64(27));
        QVERIFY(contacts.byKey(emailOf(0)).ok());

        // Delete, after the confirmation: gone everywhere.
        waitUntilSettled(*model);
        QCOMPARE(fetchEmail(*model, 0), emailOf(1));
        selectRows(0, 0);
        answerNextMessageBox(QMessageBox::Yes);
        trigger("deleteContactAction");
        QVERIFY(changed.wait(kWait));
        QCOMPARE(contacts.byKey(emailOf(1)).error().code, ErrorCode::NotFound);
        QCOMPARE(memberCount(db, list), qint64(26));

        // Declining the confirmation deletes nothing.
        QCOMPARE(fetchEmail(*model, 0), emailOf(2));
        selectRows(0, 0);
        answerNextMessageBox(QMessageBox::No);
        trigger("deleteContactAction");
        QTest::qWait(200);
        QVERIFY(contacts.byKey(emailOf(2)).ok());

        // Edit: names and status through the dialog.
        QCOMPARE(fetchEmail(*model, 0), emailOf(2));
        selectRows(0, 0);
        trigger("editContactAction");
        ContactEditDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = page.findChild<ContactEditDialog*>()) != nullptr);
        dialog->findChild<QLineEdit*>(QStringLiteral("editFirstName"))
            ->setText(QStringLiteral("Carol\r\nBcc: x@evil.test"));
        auto* status = dialog->findChild<QComboBox*>(QStringLiteral("editStatus"));
        status->setCurrentIndex(
            status->findText(ContactsTableModel::statusLabel(ContactStatus::Subscribed)));
        dialog->accept();
        QVERIFY(changed.wait(kWait));
        const auto edited = contacts.byKey(emailOf(2));
        QVERIFY(!edited->firstName.contains(QLatin1Char('\n')));
        QVERIFY(edited->firstName.startsWith(QStringLiteral("Carol")));
        QCOMPARE(edited->status, ContactStatus::Subscribed);
    }

    void editRejectsAnInvalidAddress()
    {
        Storage::Contact contact;
        contact.id = 7;
        contact.email = QStringLiteral("a@example.com");
        contact.fieldsJson = QStringLiteral(R"({"city":"Berlin"})");
        ContactEditDialog dialog(contact);
        dialog.findChild<QLineEdit*>(QStringLiteral("editEmail"))->setText(QStringLiteral("nope"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.findChild<QLabel*>(QStringLiteral("editError"))->isHidden());
        dialog.findChild<QLineEdit*>(QStringLiteral("editEmail"))
            ->setText(QStringLiteral(" B@Example.COM "));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.contact().email, QStringLiteral("B@example.com"));
        QCOMPARE(dialog.contact().id, qint64(7));
        QVERIFY(dialog.contact().fieldsJson.contains(QStringLiteral("Berlin")));
    }

    void suppressionsViewAddsAndLifts()
    {
        Test::TempDatabase temp;
        QVERIFY(Storage::SuppressionRepository(temp.db())
                    .add(QStringLiteral("old@example.com"), QStringLiteral("bounce"))
                    .ok());
        SuppressionsView view(temp.db());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        SuppressionsTableModel* model = view.model();
        waitUntilSettled(*model);
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, SuppressionsTableModel::ReasonColumn).data().toString(),
                 QStringLiteral("bounce"));

        QSignalSpy changed(&view, &SuppressionsView::changed);
        view.suppress(QStringLiteral(" New@Example.COM "), QStringLiteral("asked by phone"));
        QVERIFY(changed.wait(kWait));
        QVERIFY(
            *Storage::SuppressionRepository(temp.db()).contains(QStringLiteral("new@example.com")));
        waitUntilSettled(*model);
        QCOMPARE(model->rowCount(), 2);

        auto* table = view.findChild<QTableView*>(QStringLiteral("suppressionsTable"));
        model->keyAt(0);
        QTRY_VERIFY(model->isRowLoaded(0));
        QCOMPARE(model->keyAt(0), QStringLiteral("new@example.com")); // sorted by address
        table->selectRow(0);
        answerNextMessageBox(QMessageBox::Yes);
        view.removeSelected();
        QVERIFY(changed.wait(kWait));
        QVERIFY(!*Storage::SuppressionRepository(temp.db()).contains(
            QStringLiteral("new@example.com")));
        waitUntilSettled(*model);
        QCOMPARE(model->rowCount(), 1);
    }

    void droppingACsvOpensTheWizard()
    {
        Test::TempDatabase temp;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("people.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("email\na@example.com\n");
        file.close();
        ContactsPage page(temp.db());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));

        QMimeData notCsv;
        notCsv.setUrls({QUrl::fromLocalFile(dir.filePath(QStringLiteral("photo.png")))});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &notCsv, Qt::LeftButton,
                                Qt::NoModifier);
        QApplication::sendEvent(&page, &refused);
        QVERIFY(!refused.isAccepted());

        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&page, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&page, &drop);
        ImportWizard* wizard = nullptr;
        QTRY_VERIFY((wizard = page.findChild<ImportWizard*>()) != nullptr);
        QCOMPARE(wizard->filePath(), path);
        wizard->reject();
    }
};

QTEST_MAIN(TestContactsTable)
#include "tst_contactstable.moc"
