#include "core/storage/CampaignRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/TemplateRepository.h"
#include "tests/support/TempDatabase.h"

#include <QStandardPaths>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Storage;

namespace {

StoredTemplate sample(const QString& name)
{
    StoredTemplate tmpl;
    tmpl.name = name;
    tmpl.subject = QStringLiteral("你好 {{first_name|朋友}}");
    tmpl.html = QStringLiteral("<p>Hi {{first_name}}</p><img src=\"cid:logo\">");
    return tmpl;
}

TemplateAsset asset(AssetKind kind, const QString& fileName, const QString& contentId = {})
{
    TemplateAsset a;
    a.kind = kind;
    a.fileName = fileName;
    a.mimeType =
        kind == AssetKind::Inline ? QStringLiteral("image/PNG") : QStringLiteral("application/pdf");
    a.contentId = contentId;
    a.data = QByteArray("\x89PNG\r\n\x1a\n\0binary", 15);
    return a;
}

} // namespace

class TestTemplateRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void addAndReadBackWithAssets()
    {
        Test::TempDatabase temp;
        TemplateRepository templates(temp.db());
        StoredTemplate tmpl = sample(QStringLiteral("  Welcome "));
        tmpl.assets = {
            asset(AssetKind::Attachment, QStringLiteral("价目表.pdf")),
            asset(AssetKind::Inline, QStringLiteral("logo.png"), QStringLiteral("logo"))};
        const auto added = templates.add(tmpl);
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().describe()));
        QVERIFY(added->id > 0);
        QCOMPARE(added->name, QStringLiteral("Welcome"));
        QVERIFY(added->createdAtMs > 0);
        QCOMPARE(added->assetCount, 2);

        const auto read = templates.byName(QStringLiteral("Welcome"));
        QVERIFY(read.ok());
        QCOMPARE(read->subject, tmpl.subject);
        QCOMPARE(read->html, tmpl.html);
        QVERIFY(read->text.isNull()); // no text part stays "none", not ""
        QCOMPARE(read->assets.size(), 2);
        QCOMPARE(read->assets[0].kind, AssetKind::Inline); // inline images first
        QCOMPARE(read->assets[0].contentId, QStringLiteral("logo"));
        QCOMPARE(read->assets[0].mimeType, QStringLiteral("image/png"));
        QCOMPARE(read->assets[0].data, tmpl.assets[1].data);
        QCOMPARE(read->assets[1].fileName, QStringLiteral("价目表.pdf"));
        QVERIFY(read->assets[1].contentId.isEmpty());
        QCOMPARE(read->assetBytes, 30);
        QCOMPARE(templates.byId(added->id)->name, QStringLiteral("Welcome"));
    }

    void textPartRoundTripsIncludingEmpty()
    {
        Test::TempDatabase temp;
        TemplateRepository templates(temp.db());
        StoredTemplate tmpl = sample(QStringLiteral("T"));
        tmpl.text = QStringLiteral("Hi {{first_name}}\r\n");
        QVERIFY(templates.add(tmpl).ok());
        QCOMPARE(templates.byName(QStringLiteral("T"))->text, tmpl.text);
        tmpl.name = QStringLiteral("E");
        tmpl.text = QLatin1String("");
        QVERIFY(templates.add(tmpl).ok());
        const auto empty = templates.byName(QStringLiteral("E"));
        QVERIFY(!empty->text.isNull());
        QVERIFY(empty->text.isEmpty());
    }

    void nullPartsAreStoredAsEmpty()
    {
        Test::TempDatabase temp;
        TemplateRepository templates(temp.db());
        StoredTemplate blank;
        blank.name = QStringLiteral("Draft");
        const auto added = templates.add(blank);
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().describe()));
        QVERIFY(templates.update(*added).ok());
        const auto read = templates.byName(QStringLiteral("Draft"));
        QVERIFY(read->subject.isEmpty());
        QVERIFY(read->html.isEmpty());
        QVERIFY(read->text.isNull());
    }

    void namesAreUniqueNonEmptyAndOneLine()
    {
        Test::TempDatabase temp;
        TemplateRepository templates(temp.db());
        QVERIFY(templates.add(sample(QStringLiteral("A"))).ok());
        const auto again = templates.add(sample(QStringLiteral(" A ")));
        QCOMPARE(again.error().code, ErrorCode::AlreadyExists);
        QCOMPARE(templates.add(sample(QStringLiteral("  "))).error().code, ErrorCode::InvalidInput);
        QCOMPARE(templates.add(sample(QStringLiteral("a\nb"))).error().code,
                 ErrorCode::InvalidInput);
        StoredTemplate badSubject = sample(QStringLiteral("B"));
        badSubject.subject = QStringLiteral("Hi\r\nBcc: x@example.com");
        QCOMPARE(templates.add(badSubject).error().code, ErrorCode::InvalidInput);
        QCOMPARE(templates.byName(QStringLiteral("missing")).error().code, ErrorCode::NotFound);
        QCOMPARE(templates.all()->size(), 1);
    }

    void badAssetsAreRefusedAndNothingIsStored()
    {
        Test::TempDatabase temp;
        TemplateRepository templates(temp.db());
        StoredTemplate tmpl = sample(QStringLiteral("A"));
        tmpl.assets = {asset(AssetKind::Inline, QStringLiteral("logo.png"))}; // no content id
        QCOMPARE(templates.add(tmpl).error().code, ErrorCode::InvalidInput);
        tmpl.assets = {asset(AssetKind::Attachment, QStringLiteral("../etc/passwd"))};
        QCOMPARE(templates.add(tmpl).error().code, ErrorCode::InvalidInput);
        TemplateAsset badType = asset(AssetKind::Attachment, QStringLiteral("a.pdf"));
        badType.mimeType = QStringLiteral("pdf");
        tmpl.assets = {badType};
        QCOMPARE(templates.add(tmpl).error().code, ErrorCode::InvalidInput);
        // Two inline images with one content id: the transaction leaves no template behind.
        tmpl.assets = {asset(AssetKind::Inline, QStringLiteral("a.png"), QStringLiteral("x")),
                       asset(AssetKind::Inline, QStringLiteral("b.png"), QStringLiteral("x"))};
        QCOMPARE(templates.add(tmpl).error().code, ErrorCode::AlreadyExists);
        QVERIFY(templates.all()->isEmpty());
    }

    void updateListAndRemove()
    {
        Test::TempDatabase temp;
        TemplateRepository templates(temp.db());
        auto a = templates.add(sample(QStringLiteral("b-first")));
        QVERIFY(templates.add(sample(QStringLiteral("a-second"))).ok());
        StoredTemplate changed = *a;
        changed.name = QStringLiteral("c-renamed");
        changed.html = QStringLiteral("<p>new</p>");
        changed.text = QStringLiteral("new");
        const auto updated = templates.update(changed);
        QVERIFY(updated.ok());
        QCOMPARE(updated->html, QStringLiteral("<p>new</p>"));
        QCOMPARE(updated->text, QStringLiteral("new"));
        changed.name = QStringLiteral("a-second");
        QCOMPARE(templates.update(changed).error().code, ErrorCode::AlreadyExists);

        const auto all = templates.all();
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).name, QStringLiteral("a-second"));
        QCOMPARE(all->at(1).name, QStringLiteral("c-renamed"));

        const auto added =
            templates.addAsset(a->id, asset(AssetKind::Attachment, QStringLiteral("x.pdf")));
        QVERIFY(added.ok());
        QCOMPARE(templates.assets(a->id)->size(), 1);
        QVERIFY(templates.removeAsset(added->id).ok());
        QCOMPARE(templates.removeAsset(added->id).error().code, ErrorCode::NotFound);
        QCOMPARE(templates.addAsset(9999, asset(AssetKind::Attachment, QStringLiteral("x.pdf")))
                     .error()
                     .code,
                 ErrorCode::NotFound);

        QVERIFY(
            templates.addAsset(a->id, asset(AssetKind::Attachment, QStringLiteral("y.pdf"))).ok());
        QVERIFY(templates.remove(a->id).ok());
        QCOMPARE(templates.remove(a->id).error().code, ErrorCode::NotFound);
        QCOMPARE(templates.assets(a->id)->size(), 0); // assets went with it
    }

    void aTemplateInUseIsNotDeleted()
    {
        Test::TempDatabase temp;
        TemplateRepository templates(temp.db());
        const auto tmpl = templates.add(sample(QStringLiteral("T")));
        const auto list = ListRepository(temp.db()).create(QStringLiteral("L"));
        CampaignSettings settings;
        settings.fromAddress = QStringLiteral("news@example.com");
        settings.accounts = {QStringLiteral("main")};
        QVERIFY(CampaignRepository(temp.db())
                    .create(QStringLiteral("Spring"), list->id, tmpl->id, settings)
                    .ok());
        const auto removed = templates.remove(tmpl->id);
        QCOMPARE(removed.error().code, ErrorCode::InvalidInput);
        QVERIFY(removed.error().message.contains(QLatin1String("Spring")));
        QVERIFY(templates.byId(tmpl->id).ok());
    }
};

QTEST_GUILESS_MAIN(TestTemplateRepository)
#include "tst_templaterepository.moc"
