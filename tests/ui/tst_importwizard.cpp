#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/SuppressionRepository.h"
#include "tests/support/TempDatabase.h"
#include "ui/contacts/ImportMappingPage.h"
#include "ui/contacts/ImportWizard.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStringEncoder>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Ui;
using Contacts::ContactField;

namespace {

constexpr int kWait = 20000;

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

QByteArray gb18030(const QString& text)
{
    QStringEncoder encoder("GB18030");
    QByteArray bytes = encoder.encode(text);
    if (encoder.hasError())
        qFatal("no GB18030 encoder");
    return bytes;
}

qint64 members(const Storage::DatabasePtr& db, qint64 listId)
{
    Storage::ContactFilter filter;
    filter.listId = listId;
    return *Storage::ContactRepository(db).count(filter);
}

QString label(const QWizardPage* page, const char* name)
{
    const auto* found = page->findChild<QLabel*>(QLatin1String(name));
    return found ? found->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
}

ContactField mappedField(const QWizardPage* page, int column)
{
    const auto* combo = page->findChild<QComboBox*>(QStringLiteral("mappingField%1").arg(column));
    return combo ? static_cast<ContactField>(combo->currentData().toInt()) : ContactField::Ignore;
}

/** Picks @p field for CSV column @p column in the mapping table, as a user would. */
void chooseField(QWizardPage* page, int column, ContactField field)
{
    auto* combo = page->findChild<QComboBox*>(QStringLiteral("mappingField%1").arg(column));
    QVERIFY(combo);
    const int index = combo->findData(static_cast<int>(field));
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
    emit combo->activated(index);
}

/** Selects the combo entry whose data is @p data and waits for the preview it causes. */
void pickAndWaitForPreview(ImportWizard& wizard, const char* comboName, const QVariant& data)
{
    auto* combo = wizard.currentPage()->findChild<QComboBox*>(QLatin1String(comboName));
    QVERIFY(combo);
    const int index = combo->findData(data);
    QVERIFY2(index >= 0, qPrintable(data.toString()));
    QSignalSpy ready(&wizard, &ImportWizard::previewReady);
    combo->setCurrentIndex(index);
    QVERIFY(ready.wait(kWait));
    QCOMPARE(ready.last().first().toString(), QString());
}

QTableWidget* previewTable(ImportWizard& wizard)
{
    return wizard.page(ImportWizard::PreviewPage)
        ->findChild<QTableWidget*>(QStringLiteral("importPreviewTable"));
}

/** Goes from the file page to a ready preview. */
void openPreview(ImportWizard& wizard, const QString& path)
{
    QSignalSpy ready(&wizard, &ImportWizard::previewReady);
    wizard.setFilePath(path);
    QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ImportWizard::PreviewPage));
    QVERIFY(ready.wait(kWait));
    QCOMPARE(ready.last().first().toString(), QString());
    QTRY_VERIFY(wizard.button(QWizard::NextButton)->isEnabled());
}

/** From the mapping page: runs the dry run, then the import, and lands on the result. */
void checkAndImport(ImportWizard& wizard)
{
    QSignalSpy finished(&wizard, &ImportWizard::importFinished);
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ImportWizard::CheckPage));
    QVERIFY(finished.wait(kWait));
    QCOMPARE(finished.last().at(0).toBool(), true);
    QCOMPARE(finished.last().at(1).toString(), QString());
    QTRY_VERIFY(wizard.button(QWizard::CommitButton)->isEnabled());
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ImportWizard::ProgressPage));
    QVERIFY(finished.wait(kWait));
    QCOMPARE(finished.last().at(0).toBool(), false);
    QCOMPARE(finished.last().at(1).toString(), QString());
    QTRY_COMPARE(wizard.currentId(), int(ImportWizard::ResultPage));
}

} // namespace

class TestImportWizard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void semicolonFileWithAutoMappingDryRunAndImport()
    {
        Test::TempDatabase temp;
        const auto db = temp.db();
        QVERIFY(Storage::ListRepository(db).create(QStringLiteral("Other")).ok());
        const qint64 list = Storage::ListRepository(db).create(QStringLiteral("Customers"))->id;
        QVERIFY(Storage::SuppressionRepository(db)
                    .add(QStringLiteral("gone@example.com"), QStringLiteral("bounce"))
                    .ok());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("outlook.csv"));
        // European Excel: semicolons, a quoted field holding one, CRLF line ends.
        writeFile(path, "E-mail Address;First Name;Last Name;City\r\n"
                        "anna@example.de;Anna;Schmidt;Berlin\r\n"
                        "bert@example.de;Bert;\"M\xc3\xbcller; Jr.\";Hamburg\r\n"
                        "not-an-address;Carl;Kunz;Bonn\r\n"
                        "ANNA@Example.DE;Anna;Schmidt;Berlin\r\n"
                        "gone@example.com;Gone;Away;Köln\r\n"
                        "dora@example.de;Dora;Weber;München\r\n");

        ImportWizard wizard(db, list);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        auto* target = wizard.page(ImportWizard::FilePage)
                           ->findChild<QComboBox*>(QStringLiteral("importTargetList"));
        QTRY_COMPARE(target->count(), 2);
        QCOMPARE(wizard.listName(), QStringLiteral("Customers")); // the selected list
        openPreview(wizard, path);

        // Detected as semicolon-delimited; the quoted semicolon stays in its field.
        QCOMPARE(wizard.preview().delimiter, QLatin1Char(';'));
        QTableWidget* table = previewTable(wizard);
        QCOMPARE(table->columnCount(), 4);
        QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("E-mail Address"));
        QCOMPARE(table->item(1, 2)->text(), QStringLiteral("Müller; Jr."));
        const QString detected = label(wizard.currentPage(), "importDetected");
        QVERIFY2(detected.contains(QStringLiteral("Semicolon")), qPrintable(detected));

        // Live re-decode: forced to commas, the rows no longer split; back to auto, they do.
        pickAndWaitForPreview(wizard, "importDelimiter", QVariant(QChar(QLatin1Char(','))));
        QCOMPARE(table->columnCount(), 1);
        QVERIFY(table->item(0, 0)->text().startsWith(QStringLiteral("anna@example.de;Anna")));
        pickAndWaitForPreview(wizard, "importDelimiter", QVariant(QChar()));
        QCOMPARE(table->columnCount(), 4);

        // Auto mapping of Outlook's headers; City becomes a custom field.
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ImportWizard::MappingPage));
        QWizardPage* mapping = wizard.currentPage();
        QCOMPARE(mappedField(mapping, 0), ContactField::Email);
        QCOMPARE(mappedField(mapping, 1), ContactField::FirstName);
        QCOMPARE(mappedField(mapping, 2), ContactField::LastName);
        QCOMPARE(mappedField(mapping, 3), ContactField::Custom);
        auto* cityKey = mapping->findChild<QLineEdit*>(QStringLiteral("mappingKey3"));
        QCOMPARE(cityKey->text(), QStringLiteral("City"));
        // Renamed by the user: the custom field is called "town".
        cityKey->setText(QStringLiteral("town"));
        emit cityKey->textEdited(cityKey->text());
        // Without an e-mail column the wizard cannot go on.
        chooseField(mapping, 0, ContactField::Ignore);
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        QVERIFY(!label(mapping, "importMappingProblem").isEmpty());
        chooseField(mapping, 0, ContactField::Email);
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());

        // The dry run counts without writing.
        QSignalSpy finished(&wizard, &ImportWizard::importFinished);
        wizard.next();
        QVERIFY(finished.wait(kWait));
        QWizardPage* check = wizard.currentPage();
        QCOMPARE(label(check, "summaryRows"), QStringLiteral("6"));
        QCOMPARE(label(check, "summaryNew"), QStringLiteral("3"));
        QCOMPARE(label(check, "summaryUpdated"), QStringLiteral("0"));
        QCOMPARE(label(check, "summaryDuplicates"), QStringLiteral("1"));
        QCOMPARE(label(check, "summaryInvalid"), QStringLiteral("1"));
        QCOMPARE(label(check, "summarySuppressed"), QStringLiteral("1"));
        QCOMPARE(members(db, list), qint64(0));

        // The import itself, then the result page.
        QTRY_VERIFY(wizard.button(QWizard::CommitButton)->isEnabled());
        wizard.next();
        QVERIFY(finished.wait(kWait));
        QTRY_COMPARE(wizard.currentId(), int(ImportWizard::ResultPage));
        QWizardPage* result = wizard.currentPage();
        QCOMPARE(label(result, "summaryNew"), QStringLiteral("3"));
        QCOMPARE(label(result, "summaryInvalid"), QStringLiteral("1"));
        auto* errors = result->findChild<QTableWidget*>(QStringLiteral("summaryErrors"));
        QCOMPARE(errors->rowCount(), 1);
        QCOMPARE(errors->item(0, 0)->text(), QStringLiteral("4")); // the physical line

        QCOMPARE(members(db, list), qint64(3));
        Storage::ContactRepository contacts(db);
        const auto bert = contacts.byKey(QStringLiteral("bert@example.de"));
        QVERIFY(bert.ok());
        QCOMPARE(bert->lastName, QStringLiteral("Müller; Jr."));
        const QJsonObject fields = QJsonDocument::fromJson(bert->fieldsJson.toUtf8()).object();
        QCOMPARE(fields.value(QStringLiteral("town")).toString(), QStringLiteral("Hamburg"));
        QVERIFY(!fields.contains(QStringLiteral("City")));
        QCOMPARE(contacts.byKey(QStringLiteral("gone@example.com")).error().code,
                 ErrorCode::NotFound);

        // The rejected rows go to a CSV with their line and reason.
        auto* save = result->findChild<QPushButton*>(QStringLiteral("saveRejectedButton"));
        QVERIFY(save->isEnabled());
        const QString rejectedPath = dir.filePath(QStringLiteral("rejected.csv"));
        QVERIFY(wizard.saveRejected(rejectedPath).ok());
        QFile rejected(rejectedPath);
        QVERIFY(rejected.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(rejected.readAll());
        QVERIFY2(text.contains(QStringLiteral("not-an-address")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1Char('4')), qPrintable(text));
    }

    void gb18030FileDecodesLiveAndMapsChineseHeaders()
    {
        Test::TempDatabase temp;
        const auto db = temp.db();
        const qint64 list = Storage::ListRepository(db).create(QStringLiteral("客户"))->id;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("excel-zh.csv"));
        // What Excel on Chinese Windows writes: GB18030, commas, CRLF.
        writeFile(path, gb18030(QStringLiteral("邮箱,姓,名,城市\r\n"
                                               "zhang.wei@example.cn,张,伟,北京\r\n"
                                               "li.na@example.cn,李,娜,上海\r\n"
                                               "wang.fang@example.cn,王,芳,广州\r\n")));

        ImportWizard wizard(db, list);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        openPreview(wizard, path);
        QCOMPARE(wizard.preview().encoding, QStringLiteral("GB18030"));
        QTableWidget* table = previewTable(wizard);
        QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("邮箱"));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("北京"));

        // Read as UTF-8 the Chinese turns to replacement characters; back to GB18030 it heals.
        pickAndWaitForPreview(wizard, "importEncoding", QStringLiteral("UTF-8"));
        QVERIFY(table->item(0, 3)->text() != QStringLiteral("北京"));
        QVERIFY(!label(wizard.currentPage(), "importDetected").contains(QStringLiteral("GB18030")));
        pickAndWaitForPreview(wizard, "importEncoding", QStringLiteral("GB18030"));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("北京"));

        wizard.next();
        QWizardPage* mapping = wizard.currentPage();
        QCOMPARE(mappedField(mapping, 0), ContactField::Email);
        QCOMPARE(mappedField(mapping, 1), ContactField::LastName);
        QCOMPARE(mappedField(mapping, 2), ContactField::FirstName);
        QCOMPARE(mappedField(mapping, 3), ContactField::Custom);
        checkAndImport(wizard);

        QCOMPARE(members(db, list), qint64(3));
        const auto zhang =
            Storage::ContactRepository(db).byKey(QStringLiteral("zhang.wei@example.cn"));
        QVERIFY(zhang.ok());
        QCOMPARE(zhang->lastName, QStringLiteral("张"));
        QCOMPARE(zhang->firstName, QStringLiteral("伟"));
        QVERIFY(zhang->fieldsJson.contains(QStringLiteral("北京")));
        QVERIFY(!wizard.currentPage()
                     ->findChild<QPushButton*>(QStringLiteral("saveRejectedButton"))
                     ->isEnabled());
    }

    void newListNameCreatesTheList()
    {
        Test::TempDatabase temp;
        const auto db = temp.db();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.csv"));
        writeFile(path, "email\none@example.org\ntwo@example.org\n");
        ImportWizard wizard(db, 0);
        wizard.show();
        auto* target = wizard.page(ImportWizard::FilePage)
                           ->findChild<QComboBox*>(QStringLiteral("importTargetList"));
        target->setEditText(QStringLiteral("Fresh"));
        openPreview(wizard, path);
        wizard.next();
        // The dry run predicts without creating the list; only the import creates it.
        QSignalSpy finished(&wizard, &ImportWizard::importFinished);
        wizard.next();
        QVERIFY(finished.wait(kWait));
        QCOMPARE(finished.last().at(1).toString(), QString());
        QCOMPARE(label(wizard.currentPage(), "summaryNew"), QStringLiteral("2"));
        QCOMPARE(Storage::ListRepository(db).byName(QStringLiteral("Fresh")).error().code,
                 ErrorCode::NotFound);
        QTRY_VERIFY(wizard.button(QWizard::CommitButton)->isEnabled());
        wizard.next();
        QVERIFY(finished.wait(kWait));
        QTRY_COMPARE(wizard.currentId(), int(ImportWizard::ResultPage));
        const auto fresh = Storage::ListRepository(db).byName(QStringLiteral("Fresh"));
        QVERIFY(fresh.ok());
        QCOMPARE(fresh->contacts, qint64(2));
    }

    void cancelStopsTheImportAndKeepsTheDatabaseConsistent()
    {
        Test::TempDatabase temp;
        const auto db = temp.db();
        const qint64 list = Storage::ListRepository(db).create(QStringLiteral("Big"))->id;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.csv"));
        constexpr int kRows = 300000;
        {
            QByteArray bytes = "email,first name,last name\n";
            bytes.reserve(kRows * 40);
            for (int i = 0; i < kRows; ++i)
                bytes += "person" + QByteArray::number(i) + "@example.net,Ann,Lee\n";
            writeFile(path, bytes);
        }
        ImportWizard wizard(db, list);
        wizard.show();
        openPreview(wizard, path);
        wizard.next();
        // Skip the dry run's wait: start the import directly from the check page.
        QSignalSpy finished(&wizard, &ImportWizard::importFinished);
        wizard.next();
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY(wizard.button(QWizard::CommitButton)->isEnabled());

        QSignalSpy progress(&wizard, &ImportWizard::importProgress);
        QElapsedTimer clock;
        clock.start();
        wizard.next();
        QCOMPARE(wizard.currentId(), int(ImportWizard::ProgressPage));
        auto* stop =
            wizard.currentPage()->findChild<QPushButton*>(QStringLiteral("cancelImportButton"));
        // Let a batch or two be written, then stop.
        QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 2, kWait);
        QTest::mouseClick(stop, Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        const qint64 elapsedMs = clock.elapsed();
        QCOMPARE(finished.last().at(0).toBool(), false);
        QTRY_COMPARE(wizard.currentId(), int(ImportWizard::ResultPage));

        const Contacts::ImportSummary& summary = wizard.summary(false);
        QVERIFY(summary.cancelled);
        QVERIFY(summary.rows < kRows);
        // Whole batches only: what the summary says was imported is exactly what is there.
        QCOMPARE(members(db, list), summary.imported + summary.updated);
        // Progress reached the GUI at most about ten times a second.
        QVERIFY2(
            progress.size() <= elapsedMs / 100 + 2,
            qPrintable(QStringLiteral("%1 updates in %2 ms").arg(progress.size()).arg(elapsedMs)));
        QVERIFY(label(wizard.currentPage(), "resultStatus").contains(QStringLiteral("stopped")));
    }
};

QTEST_MAIN(TestImportWizard)
#include "tst_importwizard.moc"
