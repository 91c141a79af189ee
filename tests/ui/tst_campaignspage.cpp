#include "core/send/SendEngine.h"
#include "core/storage/AccountRepository.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/MessageRepository.h"
#include "core/storage/SuppressionRepository.h"
#include "core/storage/TemplateRepository.h"
#include "tests/support/TempDatabase.h"
#include "tests/ui/UiTestSupport.h"
#include "ui/campaigns/CampaignComposer.h"
#include "ui/campaigns/CampaignLiveView.h"
#include "ui/campaigns/CampaignsPage.h"
#include "ui/campaigns/CampaignsTableModel.h"
#include "ui/main/MainWindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Postroom;
using namespace Postroom::Ui;
using Postroom::Test::child;

namespace {

constexpr int kContacts = 30;

QString text(QObject* parent, const char* label)
{
    return child<QLabel>(parent, label)->text();
}

QStringList findings(CampaignComposer* composer)
{
    QStringList lines;
    auto* list = child<QListWidget>(composer, "checkFindings");
    for (int row = 0; row < list->count(); ++row)
        lines.append(list->item(row)->text());
    return lines;
}

/** A list of kContacts, two of them suppressed and one unsubscribed; two templates. */
struct Fixture
{
    Test::TempDatabase temp;
    QTemporaryDir outbox;
    qint64 listId = 0;

    explicit Fixture(const QString& rate = QStringLiteral("unlimited"))
    {
        const auto db = temp.db();
        listId = Storage::ListRepository(db).create(QStringLiteral("Customers"))->id;
        Storage::ContactRepository contacts(db);
        qint64 unsubscribe = 0;
        for (int i = 0; i < kContacts; ++i) {
            Storage::ContactUpsert contact;
            contact.email = QStringLiteral("person%1@example.com").arg(i);
            contact.emailKey = contact.email;
            contact.firstName = QStringLiteral("Person%1").arg(i);
            contact.lastName = QStringLiteral("");
            contact.fieldsJson = QStringLiteral("{}");
            const auto added = contacts.add(contact, listId);
            if (!added)
                qFatal("%s", qPrintable(added.error().describe()));
            if (i == 5)
                unsubscribe = added->id;
        }
        Storage::SuppressionRepository suppressions(db);
        (void)suppressions.add(QStringLiteral("person1@example.com"), QStringLiteral("test"));
        (void)suppressions.add(QStringLiteral("person2@example.com"), QStringLiteral("test"));
        (void)contacts.setStatus({unsubscribe}, Storage::ContactStatus::Unsubscribed);

        Storage::StoredTemplate good;
        good.name = QStringLiteral("Welcome");
        good.subject = QStringLiteral("Hello {{first_name}}");
        good.html = QStringLiteral("<p>Hi {{first_name|friend}}, here is our news.</p>");
        (void)Storage::TemplateRepository(db).add(good);
        Storage::StoredTemplate bad = good;
        bad.name = QStringLiteral("Broken");
        bad.html = QStringLiteral("<p>Your code: {{coupon_code}}</p>");
        (void)Storage::TemplateRepository(db).add(bad);

        Send::Account account;
        account.name = QStringLiteral("sandbox");
        account.url = QStringLiteral("outbox://") + outbox.path();
        account.fromAddress = QStringLiteral("Shop <shop@example.com>");
        account.rate = *Send::SendRate::parse(rate);
        if (!Storage::AccountRepository(db).create(account))
            qFatal("cannot add the account");
    }

    /** A draft of the Welcome (or another) template to the list through "sandbox". */
    qint64 draft(const QString& name, const QString& templateName = QStringLiteral("Welcome"))
    {
        const auto tmpl = Storage::TemplateRepository(temp.db()).byName(templateName);
        Storage::CampaignSettings settings;
        settings.fromAddress = QStringLiteral("shop@example.com");
        settings.accounts = {QStringLiteral("sandbox")};
        const auto created =
            Storage::CampaignRepository(temp.db()).create(name, listId, tmpl->id, settings);
        if (!created)
            qFatal("%s", qPrintable(created.error().describe()));
        return created->id;
    }

    qint64 emlFiles() const
    {
        return QDir(outbox.path()).entryList({QStringLiteral("*.eml")}, QDir::Files).size();
    }
};

/** Waits for @p page's first list of campaigns (it loads them in the background). */
void waitForLoad(CampaignsPage& page)
{
    QSignalSpy loaded(&page, &CampaignsPage::campaignsLoaded);
    QVERIFY(loaded.wait());
}

/** Opens a new composer and waits for its first check (*composer stays null on failure). */
void openComposer(CampaignsPage& page, CampaignComposer** composer)
{
    page.newCampaign();
    auto* opened = page.findChild<CampaignComposer*>();
    QVERIFY(opened);
    QSignalSpy checked(opened, &CampaignComposer::checked);
    QVERIFY(checked.wait(10000));
    *composer = opened;
}

/** Names the campaign @p name in @p composer and picks the Welcome template. */
void nameWelcomeCampaign(CampaignComposer* composer, const QString& name)
{
    child<QLineEdit>(composer, "campaignName")->setText(name);
    auto* templates = child<QComboBox>(composer, "campaignTemplate");
    templates->setCurrentIndex(templates->findText(QStringLiteral("Welcome")));
}

/** Composes "Autumn" through the composer: the list, the Welcome template, the outbox. */
void compose(CampaignsPage& page)
{
    CampaignComposer* composer = nullptr;
    openComposer(page, &composer);
    QVERIFY(composer);
    nameWelcomeCampaign(composer, QStringLiteral("Autumn"));
    composer->checkNow();
    QTRY_VERIFY(!composer->lastCheck().hasErrors());
    auto* save = child<QPushButton>(composer, "composerSaveButton");
    QSignalSpy loaded(&page, &CampaignsPage::campaignsLoaded);
    save->click();
    QVERIFY(loaded.wait(10000));
}

void confirmSend(CampaignsPage& page)
{
    page.sendCampaign();
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = page.findChild<QMessageBox*>(QStringLiteral("confirmSendDialog"))));
    QVERIFY2(box->text().contains(QStringLiteral("27 recipient")), qPrintable(box->text()));
    child<QPushButton>(box, "confirmSendButton")->click();
}

/** Composes "Autumn", sends it, and waits until the engine first reports progress. */
void startSending(CampaignsPage& page)
{
    compose(page);
    QSignalSpy progress(page.engine(), &Send::SendEngine::progress);
    confirmSend(page);
    QVERIFY(progress.wait(5000));
}

} // namespace

class TestCampaignsPage : public QObject
{
    Q_OBJECT

public:
    static void initMain() { Test::usePrivateHomeWithFileSecrets(); }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void composerCountsRecipientsAndRunsTheChecks()
    {
        Fixture fixture;
        CampaignsPage page(fixture.temp.db());
        page.show();
        waitForLoad(page);
        QSignalSpy loaded(&page, &CampaignsPage::campaignsLoaded);
        CampaignComposer* composer = nullptr;
        openComposer(page, &composer);
        QVERIFY(composer);
        QSignalSpy checked(composer, &CampaignComposer::checked);

        // 30 on the list, 2 suppressed, 1 unsubscribed.
        QCOMPARE(composer->lastCheck().recipients, qint64(27));
        QCOMPARE(composer->lastCheck().listMembers, qint64(kContacts));
        QVERIFY2(text(composer, "recipientCount").contains(QStringLiteral("27 recipients")),
                 qPrintable(text(composer, "recipientCount")));
        // The only account is ticked, and its default From fills the From field.
        QCOMPARE(child<QLineEdit>(composer, "campaignFrom")->text(),
                 QStringLiteral("Shop <shop@example.com>"));

        // Templates come by name: "Broken" is chosen first.
        auto* templates = child<QComboBox>(composer, "campaignTemplate");
        QCOMPARE(templates->currentText(), QStringLiteral("Broken"));
        QVERIFY(composer->lastCheck().hasErrors());
        QVERIFY2(findings(composer).join(QLatin1Char('\n')).contains(QStringLiteral("coupon_code")),
                 qPrintable(findings(composer).join(QLatin1Char('\n'))));

        templates->setCurrentIndex(templates->findText(QStringLiteral("Welcome")));
        QVERIFY(checked.wait(10000));
        QVERIFY(!composer->lastCheck().hasErrors());
        // No unsubscribe link: a warning, listed.
        QVERIFY(!composer->lastCheck().problems.isEmpty());
        QVERIFY(findings(composer)
                    .join(QLatin1Char('\n'))
                    .contains(QStringLiteral("unsubscribe"), Qt::CaseInsensitive));

        // A bad retry duration is an error of the form, shown before anything is saved.
        child<QLineEdit>(composer, "retryBase")->setText(QStringLiteral("soon"));
        composer->checkNow();
        QVERIFY(checked.wait(10000));
        QVERIFY(composer->lastCheck().hasErrors());
        child<QLineEdit>(composer, "retryBase")->setText(QStringLiteral("2m"));

        child<QLineEdit>(composer, "campaignName")->setText(QStringLiteral("Autumn"));
        child<QPushButton>(composer, "composerSaveButton")->click();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(page.model()->rowCount(), 1);
        const CampaignRow* row = page.model()->rowAt(0);
        QCOMPARE(row->campaign.name, QStringLiteral("Autumn"));
        QCOMPARE(row->campaign.settings.accounts, QStringList{QStringLiteral("sandbox")});
        QCOMPARE(row->campaign.settings.retryBaseSeconds, qint64(120));
        QCOMPARE(row->status.state, Send::CampaignState::Draft);
        QVERIFY(child<QPushButton>(&page, "sendCampaignButton")->isEnabled());
        QVERIFY(!child<QPushButton>(&page, "pauseCampaignButton")->isEnabled());
    }

    void composerStoresWeightsAndTheSchedule()
    {
        Fixture fixture;
        QTemporaryDir backupBox;
        Send::Account backup;
        backup.name = QStringLiteral("backup");
        backup.url = QStringLiteral("outbox://") + backupBox.path();
        QVERIFY(Storage::AccountRepository(fixture.temp.db()).create(backup));
        CampaignsPage page(fixture.temp.db());
        page.show();
        waitForLoad(page);
        QSignalSpy loaded(&page, &CampaignsPage::campaignsLoaded);
        CampaignComposer* composer = nullptr;
        openComposer(page, &composer);
        QVERIFY(composer);
        nameWelcomeCampaign(composer, QStringLiteral("Later"));

        // Both accounts ticked, "sandbox" weighing 4.
        auto* accounts = child<QTableWidget>(composer, "campaignAccounts");
        QCOMPARE(accounts->rowCount(), 2);
        for (int row = 0; row < accounts->rowCount(); ++row) {
            accounts->item(row, 0)->setCheckState(Qt::Checked);
            auto* weight = qobject_cast<QSpinBox*>(accounts->cellWidget(row, 1));
            QVERIFY(weight && weight->isEnabled());
            QCOMPARE(weight->value(), 1);
            if (accounts->item(row, 0)->text() == QLatin1String("sandbox"))
                weight->setValue(4);
        }

        // The schedule, with the note that the app must be running.
        QVERIFY(child<QLabel>(composer, "scheduleNote")
                    ->text()
                    .contains(QStringLiteral("must be running")));
        auto* time = child<QDateTimeEdit>(composer, "scheduleTime");
        QVERIFY(!time->isEnabled());
        child<QRadioButton>(composer, "scheduleAt")->setChecked(true);
        QVERIFY(time->isEnabled());
        // A time that has passed is refused before anything is saved.
        time->setDateTime(QDateTime::currentDateTime().addSecs(-3600));
        child<QPushButton>(composer, "composerSaveButton")->click();
        QVERIFY(!child<QLabel>(composer, "composerStatus")->text().isEmpty());
        QVERIFY(composer->isVisible());

        const QDateTime start(QDate::currentDate().addDays(2), QTime(9, 30));
        time->setDateTime(start);
        QCOMPARE(composer->enteredScheduleMs(), start.toMSecsSinceEpoch());
        child<QPushButton>(composer, "composerSaveButton")->click();
        QVERIFY(loaded.wait(10000));

        const CampaignRow* row = page.model()->rowAt(0);
        QVERIFY(row);
        QCOMPARE(row->campaign.name, QStringLiteral("Later"));
        QCOMPARE(row->campaign.settings.accounts.size(), 2);
        QCOMPARE(row->campaign.settings.weightOf(QStringLiteral("sandbox")), 4);
        QCOMPARE(row->campaign.settings.weightOf(QStringLiteral("backup")), 1);
        QCOMPARE(row->campaign.scheduledAtMs, start.toMSecsSinceEpoch());
        QCOMPARE(row->status.state, Send::CampaignState::Scheduled);
        const QString state =
            page.model()->index(0, CampaignsTableModel::StateColumn).data().toString();
        QVERIFY2(state.startsWith(QStringLiteral("Scheduled for")), qPrintable(state));
        // Still a draft: it can be edited, or sent now.
        QVERIFY(child<QPushButton>(&page, "editCampaignButton")->isEnabled());
        QVERIFY(child<QPushButton>(&page, "sendCampaignButton")->isEnabled());

        // Opened again, the composer shows what was stored.
        QTRY_VERIFY(page.findChildren<CampaignComposer*>().isEmpty()); // the first is gone
        page.editCampaign();
        auto* editor = page.findChild<CampaignComposer*>();
        QVERIFY(editor);
        QSignalSpy editorLoaded(editor, &CampaignComposer::loaded);
        QVERIFY(editorLoaded.wait(10000));
        QVERIFY(child<QRadioButton>(editor, "scheduleAt")->isChecked());
        QCOMPARE(child<QDateTimeEdit>(editor, "scheduleTime")->dateTime(), start);
        auto* editorAccounts = child<QTableWidget>(editor, "campaignAccounts");
        for (int r = 0; r < editorAccounts->rowCount(); ++r) {
            const bool sandbox = editorAccounts->item(r, 0)->text() == QLatin1String("sandbox");
            QCOMPARE(qobject_cast<QSpinBox*>(editorAccounts->cellWidget(r, 1))->value(),
                     sandbox ? 4 : 1);
        }
        // Back to "when I press Send": the schedule is cleared.
        child<QRadioButton>(editor, "scheduleManual")->setChecked(true);
        child<QPushButton>(editor, "composerSaveButton")->click();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(page.model()->rowAt(0)->campaign.scheduledAtMs, qint64(0));
        QCOMPARE(page.model()->rowAt(0)->status.state, Send::CampaignState::Draft);
    }

    void aScheduledCampaignStartsWhenItsTimeComes()
    {
        Fixture fixture;
        const qint64 id = fixture.draft(QStringLiteral("Soon"));
        const qint64 startMs = QDateTime::currentMSecsSinceEpoch() + 1500;
        QVERIFY(Storage::CampaignRepository(fixture.temp.db()).setSchedule(id, startMs));
        CampaignsPage page(fixture.temp.db());
        page.show();
        waitForLoad(page);
        QCOMPARE(page.model()->rowAt(0)->status.state, Send::CampaignState::Scheduled);
        QVERIFY(!page.isSending());
        QSignalSpy stopped(&page, &CampaignsPage::sendingStopped);
        // Not yet: nothing starts.
        page.startDueCampaigns();
        QTest::qWait(300);
        QVERIFY(!page.isSending());
        QCOMPARE(fixture.emlFiles(), qint64(0));
        // Its time has come (the page looks every few seconds; here at once).
        QTest::qWait(int(std::max<qint64>(0, startMs - QDateTime::currentMSecsSinceEpoch())) + 50);
        page.startDueCampaigns();
        QVERIFY(stopped.wait(20000));
        QCOMPARE(stopped.first().at(1).toString(), QString());
        QTRY_COMPARE(page.model()->rowAt(0)->status.state, Send::CampaignState::Completed);
        QCOMPARE(fixture.emlFiles(), qint64(27));
    }

    void aScheduledCampaignThatFailsItsCheckIsHeldBack()
    {
        Fixture fixture;
        const qint64 id = fixture.draft(QStringLiteral("Broken one"), QStringLiteral("Broken"));
        Storage::CampaignRepository campaigns(fixture.temp.db());
        QVERIFY(campaigns.setSchedule(id, QDateTime::currentMSecsSinceEpoch() + 200));
        QTest::qWait(300);
        CampaignsPage page(fixture.temp.db());
        page.show();
        waitForLoad(page);
        // The load itself looks for due campaigns: this one is checked and held back.
        page.selectCampaign(id);
        QTRY_VERIFY(text(page.liveView(), "liveMessage").contains(QStringLiteral("held back")));
        QVERIFY(text(page.liveView(), "liveMessage").contains(QStringLiteral("coupon_code")));
        QVERIFY(!page.isSending());
        QCOMPARE(fixture.emlFiles(), qint64(0));
        QCOMPARE(campaigns.byId(id)->queued, false);
    }

    void sendsThroughTheOutboxWithLiveCounters()
    {
        Fixture fixture;
        CampaignsPage page(fixture.temp.db());
        page.show();
        waitForLoad(page);
        compose(page);
        QSignalSpy stopped(&page, &CampaignsPage::sendingStopped);
        confirmSend(page);
        QVERIFY(stopped.wait(20000));
        QCOMPARE(stopped.first().at(1).toString(), QString());

        CampaignLiveView* live = page.liveView();
        QCOMPARE(text(live, "totalCount"), QStringLiteral("27"));
        QTRY_COMPARE(text(live, "sentCount"), QStringLiteral("27"));
        QCOMPARE(text(live, "failedCount"), QStringLiteral("0"));
        QCOMPARE(fixture.emlFiles(), qint64(27));
        const CampaignRow* row = page.model()->rowAt(0);
        QCOMPARE(row->status.state, Send::CampaignState::Completed);
        QVERIFY(page.model()
                    ->index(0, CampaignsTableModel::ProgressColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("27 of 27")));
        // Done: nothing to pause, resume or cancel; it may be deleted.
        for (const char* name : {"sendCampaignButton", "pauseCampaignButton",
                                 "resumeCampaignButton", "cancelCampaignButton"})
            QVERIFY2(!child<QPushButton>(&page, name)->isEnabled(), name);
        QVERIFY(child<QPushButton>(&page, "deleteCampaignButton")->isEnabled());
        QVERIFY(!page.isSending());
    }

    void pausesAndResumes()
    {
        Fixture fixture(QStringLiteral("15/s")); // about two seconds for 27
        CampaignsPage page(fixture.temp.db());
        page.show();
        waitForLoad(page);
        startSending(page);
        QSignalSpy stopped(&page, &CampaignsPage::sendingStopped);
        QVERIFY(page.isSending());
        // The live view follows the engine's reports.
        QVERIFY(!text(page.liveView(), "liveRate").isEmpty());
        QTRY_VERIFY(child<QPushButton>(&page, "pauseCampaignButton")->isEnabled());
        child<QPushButton>(&page, "pauseCampaignButton")->click();
        QVERIFY(stopped.wait(10000));
        QTRY_COMPARE(page.model()->rowAt(0)->status.state, Send::CampaignState::Paused);
        const qint64 sentWhilePaused = page.model()->rowAt(0)->status.sent;
        QVERIFY2(sentWhilePaused < 27, qPrintable(QString::number(sentWhilePaused)));
        QVERIFY(child<QPushButton>(&page, "resumeCampaignButton")->isEnabled());

        stopped.clear();
        child<QPushButton>(&page, "resumeCampaignButton")->click();
        QVERIFY(stopped.wait(20000));
        QCOMPARE(stopped.first().at(1).toString(), QString());
        QTRY_COMPARE(page.model()->rowAt(0)->status.state, Send::CampaignState::Completed);
        QCOMPARE(text(page.liveView(), "sentCount"), QStringLiteral("27"));
        QCOMPARE(fixture.emlFiles(), qint64(27));
    }

    void cancellingSkipsEveryoneLeftForGood()
    {
        Fixture fixture(QStringLiteral("15/s"));
        CampaignsPage page(fixture.temp.db());
        page.show();
        waitForLoad(page);
        startSending(page);
        QSignalSpy stopped(&page, &CampaignsPage::sendingStopped);
        QTRY_VERIFY(child<QPushButton>(&page, "cancelCampaignButton")->isEnabled());
        page.cancelCampaign();
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = page.findChild<QMessageBox*>(QStringLiteral("confirmCancelDialog"))));
        child<QPushButton>(box, "confirmCancelButton")->click();
        QVERIFY(stopped.wait(10000));

        QTRY_COMPARE(page.model()->rowAt(0)->status.state, Send::CampaignState::Cancelled);
        const Send::CampaignStatus status = page.model()->rowAt(0)->status;
        QVERIFY(!status.hasWork());
        QVERIFY2(status.skipped > 0, qPrintable(QString::number(status.skipped)));
        QCOMPARE(status.sent + status.skipped, qint64(27));
        QCOMPARE(fixture.emlFiles(), status.sent);
        QVERIFY(!child<QPushButton>(&page, "resumeCampaignButton")->isEnabled());
        QVERIFY(!child<QPushButton>(&page, "cancelCampaignButton")->isEnabled());
        QVERIFY(!child<QPushButton>(&page, "sendCampaignButton")->isEnabled());
    }

    void reopeningResumesARunningCampaign()
    {
        Fixture fixture(QStringLiteral("15/s"));
        {
            CampaignsPage page(fixture.temp.db());
            waitForLoad(page);
            startSending(page);
            QVERIFY(page.isSending());
            // The window closes here: the engine stops its workers, the campaign stays set
            // running.
        }
        const auto campaigns = Storage::CampaignRepository(fixture.temp.db()).all();
        QVERIFY(campaigns && campaigns->size() == 1);
        const qint64 id = campaigns->first().id;
        const auto before = Storage::MessageRepository(fixture.temp.db()).status(id);
        QVERIFY(before);
        QCOMPARE(before->control, QStringLiteral("running"));
        QVERIFY(before->sent < 27);

        CampaignsPage reopened(fixture.temp.db());
        QSignalSpy stopped(&reopened, &CampaignsPage::sendingStopped);
        QVERIFY(stopped.wait(20000));
        QTRY_COMPARE(reopened.model()->rowAt(0)->status.state, Send::CampaignState::Completed);
        QCOMPARE(fixture.emlFiles(), qint64(27));
    }

    void closingTheWindowWhileSendingAsks()
    {
        Fixture fixture(QStringLiteral("10/s"));
        qint64 id = 0;
        {
            MainWindow window(fixture.temp.db());
            window.show();
            auto* page = window.findChild<CampaignsPage*>();
            QVERIFY(page);
            waitForLoad(*page);
            compose(*page);
            id = page->currentCampaignId();
            confirmSend(*page);
            QTRY_VERIFY_WITH_TIMEOUT(page->isSending(), 5000);

            // Cancel: the window stays and keeps sending.
            answerStopDialog(false);
            QVERIFY(!window.close());
            QVERIFY(window.isVisible());
            QVERIFY(page->isSending());
            // Stop and quit: the window closes.
            answerStopDialog(true);
            QVERIFY(window.close());
        }
        const auto status = Storage::MessageRepository(fixture.temp.db()).status(id);
        QVERIFY(status);
        QCOMPARE(status->control, QStringLiteral("running")); // resumed on the next start
        QVERIFY(status->sent < 27);
    }

private:
    /** Clicks "Stop and Quit" (or Cancel) in the question the window asks on close. */
    static void answerStopDialog(bool stop)
    {
        auto* timer = new QTimer(qApp);
        timer->setInterval(20);
        QObject::connect(timer, &QTimer::timeout, timer, [timer, stop] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("stopSendingDialog"))
                return;
            timer->stop();
            timer->deleteLater();
            for (QAbstractButton* button : box->buttons()) {
                const bool isStop = box->buttonRole(button) == QMessageBox::AcceptRole;
                if (isStop == stop) {
                    button->click();
                    return;
                }
            }
        });
        timer->start();
    }
};

QTEST_MAIN(TestCampaignsPage)
#include "tst_campaignspage.moc"
