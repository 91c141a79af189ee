#include "core/storage/AccountRepository.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/TemplateRepository.h"
#include "tests/support/TempDatabase.h"
#include "ui/main/MainWindow.h"
#include "ui/templates/AssetsPanel.h"
#include "ui/templates/HtmlHighlighter.h"
#include "ui/templates/PreviewBrowser.h"
#include "ui/templates/PreviewPane.h"
#include "ui/templates/ProblemsPanel.h"
#include "ui/templates/SendTestDialog.h"
#include "ui/templates/SourceEditor.h"
#include "ui/templates/TemplateListPanel.h"
#include "ui/templates/TemplatesPage.h"

#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QTimer>
#include <QToolButton>

#include <functional>

using namespace Postroom;
using namespace Postroom::Ui;

namespace {

/** Answers the next modal dialog once it is up (it runs its own event loop). */
void answerNextDialog(std::function<void(QWidget*)> answer)
{
    auto* timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, answer] {
        if (QWidget* dialog = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            answer(dialog);
        }
    });
    timer->start();
}

void clickMessageBoxButton(QMessageBox::StandardButton which)
{
    answerNextDialog([which](QWidget* dialog) {
        auto* box = qobject_cast<QMessageBox*>(dialog);
        QVERIFY(box);
        QCOMPARE(box->objectName(), QStringLiteral("unsavedChangesDialog"));
        box->button(which)->click();
    });
}

qint64 addContact(const Storage::DatabasePtr& db, qint64 listId, const QString& email,
                  const QString& first, const QString& fieldsJson = QStringLiteral("{}"))
{
    Storage::ContactUpsert contact;
    contact.email = email;
    contact.emailKey = email.toLower();
    // Non-null empties: the repository binds a null QString as SQL NULL.
    contact.firstName = first.isNull() ? QStringLiteral("") : first;
    contact.lastName = QStringLiteral("");
    contact.fieldsJson = fieldsJson;
    auto added = Storage::ContactRepository(db).add(contact, listId);
    if (!added)
        qFatal("cannot add contact: %s", qPrintable(added.error().describe()));
    return added->id;
}

qint64 addTemplate(const Storage::DatabasePtr& db, const QString& name, const QString& html)
{
    Storage::StoredTemplate tmpl;
    tmpl.name = name;
    tmpl.subject = QStringLiteral("Hello {{first_name|friend}}");
    tmpl.html = html;
    auto added = Storage::TemplateRepository(db).add(tmpl);
    if (!added)
        qFatal("cannot add template: %s", qPrintable(added.error().describe()));
    return added->id;
}

QStringList problemMessages(const TemplatesPage& page)
{
    QStringList messages;
    for (const TemplateProblem& problem : page.problemsPanel()->problems())
        messages.append(problem.message);
    return messages;
}

bool anyContains(const QStringList& messages, const QString& part)
{
    return std::any_of(messages.cbegin(), messages.cend(),
                       [&](const QString& message) { return message.contains(part); });
}

const QString kGoodHtml =
    QStringLiteral("<p>Hi {{first_name}} from {{city|nowhere}}</p>\n"
                   "<p><a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p>\n");

} // namespace

class TestTemplatesPage : public QObject
{
    Q_OBJECT

public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("PostroomTest"));
        QCoreApplication::setApplicationName(QStringLiteral("PostroomTest"));
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void createsTemplateAndPreviewsForAContact()
    {
        Test::TempDatabase temp;
        auto list = Storage::ListRepository(temp.db()).create(QStringLiteral("News"));
        QVERIFY(list.ok());
        addContact(temp.db(), list->id, QStringLiteral("ann@example.com"), QStringLiteral("Ann"),
                   QStringLiteral(R"({"city":"Lyon"})"));
        const qint64 ada = addContact(temp.db(), list->id, QStringLiteral("ada@example.com"),
                                      QStringLiteral("Ada"), QStringLiteral(R"({"city":"Paris"})"));

        TemplatesPage page(temp.db());
        QSignalSpy reloaded(page.listPanel(), &TemplateListPanel::reloaded);
        page.resize(1300, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_COMPARE(reloaded.count(), 1);
        QCOMPARE(page.currentTemplateId(), 0);

        // New…: the name dialog is answered, the template is stored and shown.
        answerNextDialog([](QWidget* dialog) {
            auto* input = qobject_cast<QInputDialog*>(dialog);
            QVERIFY(input);
            input->setTextValue(QStringLiteral("Welcome"));
            input->accept();
        });
        page.listPanel()->createTemplate();
        QTRY_VERIFY(page.currentTemplateId() > 0);
        auto stored = Storage::TemplateRepository(temp.db()).byName(QStringLiteral("Welcome"));
        QVERIFY(stored.ok());
        QCOMPARE(stored->id, page.currentTemplateId());
        QVERIFY(!page.isModified());

        page.previewPane()->choose(list->id, ada);
        auto* contactCombo = page.findChild<QComboBox*>(QStringLiteral("previewContactCombo"));
        QTRY_COMPARE(contactCombo->currentData().toLongLong(), ada);

        page.subjectEdit()->setText(QStringLiteral("News for {{first_name}}"));
        page.htmlEditor()->setPlainText(kGoodHtml);
        QVERIFY(page.isModified());
        auto* title = page.findChild<QLabel*>(QStringLiteral("templateTitle"));
        QCOMPARE(title->text(), QStringLiteral("Welcome *"));

        auto* browser = page.findChild<PreviewBrowser*>(QStringLiteral("previewBrowser"));
        auto* subject = page.findChild<QLabel*>(QStringLiteral("previewSubject"));
        QTRY_VERIFY(browser->toPlainText().contains(QStringLiteral("Hi Ada from Paris")));
        QCOMPARE(subject->text(), QStringLiteral("News for Ada"));

        // A list made elsewhere shows up when the page is shown again.
        auto* listCombo = page.findChild<QComboBox*>(QStringLiteral("previewListCombo"));
        const int lists = listCombo->count();
        QVERIFY(Storage::ListRepository(temp.db()).create(QStringLiteral("Later")).ok());
        page.hide();
        page.show();
        QTRY_COMPARE(listCombo->count(), lists + 1);
        QCOMPARE(listCombo->currentData().toLongLong(), list->id);
        QTRY_COMPARE(contactCombo->currentData().toLongLong(), ada);

        // Another contact of the list: the preview follows.
        contactCombo->setCurrentIndex(contactCombo->findData(ada - 1));
        QTRY_VERIFY(browser->toPlainText().contains(QStringLiteral("Hi Ann from Lyon")));

        // The merge-field menu lists the list's own field.
        auto* fieldButton = page.findChild<QToolButton*>(QStringLiteral("mergeFieldButton"));
        QStringList fields;
        for (QAction* action : fieldButton->menu()->actions())
            fields.append(action->data().toString());
        QVERIFY2(fields.contains(QStringLiteral("city")), qPrintable(fields.join(u',')));
        QVERIFY(fields.contains(QStringLiteral("unsubscribe_url")));
        // …and inserts {{field}} at the cursor of the editor last used.
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        page.subjectEdit()->setFocus();
        page.subjectEdit()->setCursorPosition(0);
        QTRY_COMPARE(QApplication::focusWidget(), page.subjectEdit());
        for (QAction* action : fieldButton->menu()->actions()) {
            if (action->data().toString() == QLatin1String("city"))
                action->trigger();
        }
        QCOMPARE(page.subjectEdit()->text(), QStringLiteral("{{city}}News for {{first_name}}"));
    }

    void problemsPanelListsUnknownFieldAndMissingUnsubscribe()
    {
        Test::TempDatabase temp;
        auto list = Storage::ListRepository(temp.db()).create(QStringLiteral("Two"));
        addContact(temp.db(), list->id, QStringLiteral("a@example.com"), QStringLiteral("Al"));
        addContact(temp.db(), list->id, QStringLiteral("b@example.com"), QString());
        addTemplate(temp.db(), QStringLiteral("T"),
                    QStringLiteral("<p>Dear {{nickname}},</p>\n<img src=\"cid:x\">\n"
                                   "<p>{{first_name|friend}}</p>"));
        TemplatesPage page(temp.db());
        page.show();
        QTRY_VERIFY(page.currentTemplateId() > 0);
        page.previewPane()->choose(list->id, 0);
        QTRY_VERIFY(anyContains(problemMessages(page), QStringLiteral("nickname")));
        QStringList messages = problemMessages(page);
        QVERIFY2(anyContains(messages, QStringLiteral("{{unsubscribe_url}}")),
                 qPrintable(messages.join(u'\n')));
        QVERIFY(anyContains(messages, QStringLiteral("alt text")));
        // One of the two contacts has no first name: it gets the fallback.
        QTRY_VERIFY2(anyContains(problemMessages(page), QStringLiteral("1 of 2 contacts")),
                     qPrintable(problemMessages(page).join(u'\n')));

        // A syntax error: listed with its place; activating it puts the cursor there.
        page.htmlEditor()->setPlainText(QStringLiteral("<p>ok</p>\n<p>{{#if first_name}}x</p>"));
        QTRY_VERIFY(std::any_of(page.problemsPanel()->problems().cbegin(),
                                page.problemsPanel()->problems().cend(),
                                [](const TemplateProblem& p) {
                                    return p.severity == TemplateProblem::Severity::Error &&
                                           p.source == TemplateProblem::Source::Html &&
                                           p.line == 2 && p.column == 4;
                                }));
        ProblemsPanel* panel = page.problemsPanel();
        for (int i = 0; i < panel->topLevelItemCount(); ++i) {
            if (panel->problems().at(i).line == 2)
                emit panel->itemActivated(panel->topLevelItem(i), 0);
        }
        QCOMPARE(page.htmlEditor()->textCursor().blockNumber(), 1);
        QCOMPARE(page.htmlEditor()->textCursor().positionInBlock(), 3);

        // Over 102 KB: Gmail clips it.
        page.htmlEditor()->setPlainText(
            kGoodHtml +
            QStringLiteral("<p>Our spring range, now in every store.</p>\n").repeated(3000));
        QTRY_VERIFY2(anyContains(problemMessages(page), QStringLiteral("102 KB")),
                     qPrintable(problemMessages(page).join(u'\n')));
        QVERIFY(!anyContains(problemMessages(page), QStringLiteral("{{unsubscribe_url}}")));
    }

    void ctrlSSavesToTheDatabase()
    {
        Test::TempDatabase temp;
        const qint64 id = addTemplate(temp.db(), QStringLiteral("Saved"), kGoodHtml);
        TemplatesPage page(temp.db());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_COMPARE(page.currentTemplateId(), id);
        page.subjectEdit()->setFocus();
        page.subjectEdit()->end(false);
        QTest::keyClicks(page.subjectEdit(), QStringLiteral("!"));
        page.htmlEditor()->appendPlainText(QStringLiteral("<p>PS</p>"));
        QVERIFY(page.isModified());

        QSignalSpy saved(&page, &TemplatesPage::saved);
        QTest::keySequence(page.subjectEdit(), QKeySequence::Save);
        QVERIFY(saved.wait());
        auto stored = Storage::TemplateRepository(temp.db()).byId(id);
        QVERIFY(stored.ok());
        QCOMPARE(stored->subject, QStringLiteral("Hello {{first_name|friend}}!"));
        QVERIFY(stored->html.endsWith(QStringLiteral("<p>PS</p>")));
        QVERIFY(stored->text.isNull()); // automatic text part
        QVERIFY(!page.isModified());
        QCOMPARE(page.findChild<QLabel*>(QStringLiteral("templateTitle"))->text(),
                 QStringLiteral("Saved"));

        // Undo (the page's action) walks back through the editor's own history; the marker
        // comes back, and redo returns to the saved state.
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        page.htmlEditor()->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), page.htmlEditor());
        auto* undo = page.findChild<QAction*>(QStringLiteral("undoAction"));
        auto* redo = page.findChild<QAction*>(QStringLiteral("redoAction"));
        QVERIFY(undo->isEnabled());
        QVERIFY(!redo->isEnabled());
        undo->trigger();
        QVERIFY(!page.htmlEditor()->toPlainText().contains(QLatin1String("<p>PS</p>")));
        QVERIFY(page.isModified());
        QVERIFY(redo->isEnabled());
        redo->trigger();
        QVERIFY(page.htmlEditor()->toPlainText().endsWith(QLatin1String("<p>PS</p>")));
        QVERIFY(!page.isModified());
    }

    void unsavedChangesAreNotLostSilently()
    {
        Test::TempDatabase temp;
        const qint64 first = addTemplate(temp.db(), QStringLiteral("A first"), kGoodHtml);
        const qint64 second = addTemplate(temp.db(), QStringLiteral("B second"), kGoodHtml);
        MainWindow window(temp.db());
        window.show();
        window.showPage(QStringLiteral("templates"));
        auto* page = window.findChild<TemplatesPage*>();
        QVERIFY(page);
        QTRY_COMPARE(page->currentTemplateId(), first);
        page->subjectEdit()->setText(QStringLiteral("Changed"));

        // Switching template: Cancel keeps the edit and the selection.
        auto* view = page->findChild<QListWidget*>(QStringLiteral("templatesView"));
        clickMessageBoxButton(QMessageBox::Cancel);
        view->setCurrentRow(1);
        QCOMPARE(page->currentTemplateId(), first);
        QCOMPARE(view->currentRow(), 0);
        QCOMPARE(page->subjectEdit()->text(), QStringLiteral("Changed"));

        // Closing the window: Cancel keeps it open.
        clickMessageBoxButton(QMessageBox::Cancel);
        QVERIFY(!window.close());
        QVERIFY(window.isVisible());

        // Discard when switching: the other template shows, nothing was written.
        clickMessageBoxButton(QMessageBox::Discard);
        view->setCurrentRow(1);
        QTRY_COMPARE(page->currentTemplateId(), second);
        QCOMPARE(Storage::TemplateRepository(temp.db()).byId(first)->subject,
                 QStringLiteral("Hello {{first_name|friend}}"));

        // Save when closing: written first, then the window closes by itself.
        page->subjectEdit()->setText(QStringLiteral("Saved on close"));
        clickMessageBoxButton(QMessageBox::Save);
        QVERIFY(!window.close());
        QTRY_VERIFY(!window.isVisible());
        QCOMPARE(Storage::TemplateRepository(temp.db()).byId(second)->subject,
                 QStringLiteral("Saved on close"));
    }

    void sendsATestThroughTheOutbox()
    {
        Test::TempDatabase temp;
        QTemporaryDir outbox;
        Send::Account account;
        account.name = QStringLiteral("Sandbox");
        account.url = QUrl::fromLocalFile(outbox.path())
                          .toString()
                          .replace(QLatin1String("file:"), QLatin1String("outbox:"));
        account.tls = Send::TlsMode::None;
        account.fromAddress = QStringLiteral("Shop <news@shop.example>");
        QVERIFY2(
            Storage::AccountRepository(temp.db()).create(account).ok(),
            qPrintable(Storage::AccountRepository(temp.db()).create(account).error().describe()));
        auto list = Storage::ListRepository(temp.db()).create(QStringLiteral("L"));
        const qint64 ada = addContact(temp.db(), list->id, QStringLiteral("ada@example.com"),
                                      QStringLiteral("Ada"));
        addTemplate(temp.db(), QStringLiteral("T"), kGoodHtml);

        TemplatesPage page(temp.db());
        page.show();
        QTRY_VERIFY(page.currentTemplateId() > 0);
        page.previewPane()->choose(list->id, ada);
        QTRY_COMPARE(page.previewPane()->contactId(), ada);
        page.subjectEdit()->setText(
            QStringLiteral("Test for {{first_name}}")); // unsaved: sent as edited

        page.sendTest();
        auto* dialog = page.findChild<SendTestDialog*>();
        QVERIFY(dialog);
        auto* from = dialog->findChild<QLineEdit*>(QStringLiteral("testFromEdit"));
        QTRY_COMPARE(from->text(), QStringLiteral("Shop <news@shop.example>"));
        dialog->findChild<QLineEdit*>(QStringLiteral("testToEdit"))
            ->setText(QStringLiteral("me@example.org"));
        QSignalSpy sent(dialog, &SendTestDialog::sent);
        dialog->findChild<QPushButton*>(QStringLiteral("testSendButton"))->click();
        QVERIFY2(sent.wait(),
                 qPrintable(dialog->findChild<QLabel*>(QStringLiteral("testStatus"))->text()));

        const QStringList files = QDir(outbox.path()).entryList({QStringLiteral("*.eml")});
        QCOMPARE(files.size(), 1);
        QFile eml(QDir(outbox.path()).filePath(files.first()));
        QVERIFY(eml.open(QIODevice::ReadOnly));
        const QByteArray data = eml.readAll();
        QVERIFY(data.contains("Subject: Test for Ada\r\n"));
        QVERIFY(data.contains("\r\nTo: <me@example.org>\r\n"));
        QVERIFY(data.contains("\r\nFrom: \"Shop\" <news@shop.example>\r\n"));
    }

    void inlineImagesAreAddedInsertedAndShown()
    {
        Test::TempDatabase temp;
        const qint64 id = addTemplate(temp.db(), QStringLiteral("T"), kGoodHtml);
        QTemporaryDir dir;
        QImage picture(6, 3, QImage::Format_RGB32);
        picture.fill(Qt::blue);
        const QString path = dir.filePath(QStringLiteral("banner.png"));
        QVERIFY(picture.save(path));

        TemplatesPage page(temp.db());
        page.show();
        QTRY_COMPARE(page.currentTemplateId(), id);
        auto* assets = page.findChild<AssetsPanel*>();
        QSignalSpy changed(assets, &AssetsPanel::assetsChanged);
        assets->addFile(path, Storage::AssetKind::Inline);
        QVERIFY(changed.wait());
        QCOMPARE(assets->assets().size(), 1);
        const Storage::TemplateAsset stored = assets->assets().first();
        QCOMPARE(stored.mimeType, QStringLiteral("image/png"));
        QVERIFY(!stored.contentId.isEmpty());
        QCOMPARE(Storage::TemplateRepository(temp.db()).assets(id)->size(), 1);

        // "Insert into HTML" puts a cid: reference, with alt text, at the cursor.
        page.htmlEditor()->moveCursor(QTextCursor::Start);
        assets->findChild<QListWidget*>(QStringLiteral("assetsView"))->setCurrentRow(0);
        emit assets->findChild<QListWidget*>(QStringLiteral("assetsView"))
            ->itemDoubleClicked(
                assets->findChild<QListWidget*>(QStringLiteral("assetsView"))->item(0));
        const QString tag =
            QStringLiteral("<img src=\"cid:%1\" alt=\"banner\">").arg(stored.contentId);
        QVERIFY2(page.htmlEditor()->toPlainText().startsWith(tag),
                 qPrintable(page.htmlEditor()->toPlainText().left(80)));

        // The preview shows it from the template's own data.
        auto* browser = page.findChild<PreviewBrowser*>(QStringLiteral("previewBrowser"));
        QTRY_COMPARE(browser->document()
                         ->resource(QTextDocument::ImageResource,
                                    QUrl(QStringLiteral("cid:") + stored.contentId))
                         .value<QImage>()
                         .size(),
                     QSize(6, 3));
        QCOMPARE(browser->blockedCount(), 0);

        // Removing it is stored at once too.
        assets->findChild<QPushButton*>(QStringLiteral("removeAssetButton"))->click();
        QVERIFY(changed.wait());
        QVERIFY(assets->assets().isEmpty());
        QVERIFY(Storage::TemplateRepository(temp.db()).assets(id)->isEmpty());
    }

    void duplicatesRenamesAndDeletes()
    {
        Test::TempDatabase temp;
        const qint64 id = addTemplate(temp.db(), QStringLiteral("Base"), kGoodHtml);
        Storage::TemplateAsset file;
        file.kind = Storage::AssetKind::Attachment;
        file.fileName = QStringLiteral("terms.pdf");
        file.mimeType = QStringLiteral("application/pdf");
        file.data = QByteArrayLiteral("%PDF-1.4");
        QVERIFY(Storage::TemplateRepository(temp.db()).addAsset(id, file).ok());
        TemplatesPage page(temp.db());
        page.show();
        QTRY_COMPARE(page.currentTemplateId(), id);
        auto answerName = [](const QString& name) {
            answerNextDialog([name](QWidget* dialog) {
                auto* input = qobject_cast<QInputDialog*>(dialog);
                QVERIFY(input);
                input->setTextValue(name);
                input->accept();
            });
        };
        Storage::TemplateRepository repository(temp.db());

        answerName(QStringLiteral("Copy"));
        page.listPanel()->duplicateCurrent();
        QTRY_VERIFY(page.currentTemplateId() != id && page.currentTemplateId() > 0);
        auto copy = repository.byName(QStringLiteral("Copy"));
        QVERIFY(copy.ok());
        QCOMPARE(copy->html, kGoodHtml);
        QCOMPARE(copy->assets.size(), 1); // files go with the copy

        answerName(QStringLiteral("Copy renamed"));
        page.listPanel()->renameCurrent();
        QTRY_VERIFY(repository.byName(QStringLiteral("Copy renamed")).ok());
        QTRY_COMPARE(page.findChild<QLabel*>(QStringLiteral("templateTitle"))->text(),
                     QStringLiteral("Copy renamed"));

        answerNextDialog([](QWidget* dialog) {
            auto* box = qobject_cast<QMessageBox*>(dialog);
            QVERIFY(box);
            box->button(QMessageBox::Yes)->click();
        });
        page.listPanel()->deleteCurrent();
        QTRY_COMPARE(page.currentTemplateId(), id);
        QVERIFY(!repository.byName(QStringLiteral("Copy renamed")).ok());
        QCOMPARE(page.findChild<QListWidget*>(QStringLiteral("templatesView"))->count(), 1);
    }

    void fitsASmallWindow()
    {
        Test::TempDatabase temp;
        addTemplate(temp.db(), QStringLiteral("A template with a rather long name indeed"),
                    kGoodHtml);
        TemplatesPage page(temp.db());
        page.show();
        QTRY_VERIFY(page.currentTemplateId() > 0);
        // The main window must still fit 900 pixels wide beside its 180-pixel sidebar.
        QVERIFY2(page.minimumSizeHint().width() <= 700,
                 qPrintable(QString::number(page.minimumSizeHint().width())));
    }

    void highlighterColoursMergeTags()
    {
        QTextDocument document;
        HtmlHighlighter highlighter(&document);
        document.setPlainText(
            QStringLiteral("<a href=\"{{unsubscribe_url}}\">Hi {{first_name|x}}</a> <!-- c -->"));
        highlighter.rehighlight(); // a document without a view is not laid out by itself
        const QString text = document.firstBlock().text();
        const QList<QTextLayout::FormatRange> formats = document.firstBlock().layout()->formats();
        auto formatAt = [&](qsizetype position) {
            QTextCharFormat found;
            for (const QTextLayout::FormatRange& range : formats) {
                if (position >= range.start && position < range.start + range.length)
                    found = range.format;
            }
            return found;
        };
        const auto merge = highlighter.format(HtmlHighlighter::Kind::MergeTag);
        const qsizetype tag = text.indexOf(QLatin1String("{{first_name"));
        QCOMPARE(formatAt(tag), merge);
        QCOMPARE(formatAt(tag + 15), merge); // the closing braces
        QCOMPARE(formatAt(text.indexOf(QLatin1String("{{unsubscribe"))), merge);
        QCOMPARE(formatAt(0), highlighter.format(HtmlHighlighter::Kind::Tag));
        QCOMPARE(formatAt(text.indexOf(QLatin1String("href"))),
                 highlighter.format(HtmlHighlighter::Kind::Attribute));
        QCOMPARE(formatAt(text.indexOf(QLatin1String("\"{{"))),
                 highlighter.format(HtmlHighlighter::Kind::String));
        QCOMPARE(formatAt(text.indexOf(QLatin1String("c -->"))),
                 highlighter.format(HtmlHighlighter::Kind::Comment));
        QVERIFY(formatAt(text.indexOf(QLatin1String("Hi "))) != merge);
        QVERIFY(merge != highlighter.format(HtmlHighlighter::Kind::String));

        // Minified HTML on one huge line: only merge tags are coloured, so typing stays quick.
        document.setPlainText(QStringLiteral("<p class=\"x\">{{first_name}}</p>")
                                  .repeated(int(HtmlHighlighter::kMaxColouredLine / 20)));
        highlighter.rehighlight();
        const QList<QTextLayout::FormatRange> longLine = document.firstBlock().layout()->formats();
        QVERIFY(!longLine.isEmpty());
        QVERIFY(std::all_of(longLine.cbegin(), longLine.cend(),
                            [&](const QTextLayout::FormatRange& range) {
                                return range.format == merge && range.length == 14;
                            }));
    }

    void previewBlocksRemoteImages()
    {
        Test::TempDatabase temp;
        PreviewPane pane(temp.db());
        pane.show();
        PreviewBrowser* browser = pane.browser();
        QImage pixel(4, 4, QImage::Format_RGB32);
        pixel.fill(Qt::red);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(pixel.save(&buffer, "PNG"));
        Storage::TemplateAsset logo;
        logo.kind = Storage::AssetKind::Inline;
        logo.contentId = QStringLiteral("logo@x");
        logo.data = png;
        pane.setInlineImages({logo});

        QSignalSpy blocked(browser, &PreviewBrowser::remoteContentBlocked);
        // A real image on disk: a message must not be able to show (or probe) local files.
        QTemporaryDir dir;
        const QString localFile = dir.filePath(QStringLiteral("local.png"));
        QVERIFY(pixel.save(localFile));
        const QUrl localUrl = QUrl::fromLocalFile(localFile);
        pane.showRendering(QStringLiteral("S"),
                           QStringLiteral("<p>Hi</p><img src=\"http://127.0.0.1:9/pixel.gif\">"
                                          "<img src=\"cid:logo@x\"><img src=\"%1\"><img src=\"%2\">"
                                          "<a href=\"https://example.com/\">link</a>")
                               .arg(localUrl.toString(), localFile),
                           1000);
        QCOMPARE(blocked.count(), 1);
        QCOMPARE(browser->blockedCount(), 1);
        QCOMPARE(browser->fetchesStarted(), 0);
        auto* bar = pane.findChild<QWidget*>(QStringLiteral("remoteImagesBar"));
        QVERIFY(bar->isVisible());
        // Inline images are part of the message: shown.
        QTextDocument* doc = browser->document();
        const QVariant inlineImage =
            doc->resource(QTextDocument::ImageResource, QUrl(QStringLiteral("cid:logo@x")));
        QCOMPARE(inlineImage.value<QImage>().size(), QSize(4, 4));
        QCOMPARE(doc->resource(QTextDocument::ImageResource, localUrl).value<QImage>().size(),
                 QSize(1, 1));
        QCOMPARE(
            doc->resource(QTextDocument::ImageResource, QUrl(localFile)).value<QImage>().size(),
            QSize(1, 1));

        // Links never navigate.
        QVERIFY(!browser->openLinks() && !browser->openExternalLinks());

        // The user allows them: now (and only now) they are fetched.
        pane.findChild<QPushButton*>(QStringLiteral("showImagesButton"))->click();
        QVERIFY(browser->remoteImagesAllowed());
        QCOMPARE(browser->fetchesStarted(), 1);
        QVERIFY(!bar->isVisible());
    }
};

QTEST_MAIN(TestTemplatesPage)
#include "tst_templatespage.moc"
