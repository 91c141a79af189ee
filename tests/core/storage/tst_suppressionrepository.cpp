#include "core/storage/SuppressionRepository.h"
#include "tests/support/TempDatabase.h"

#include <QStandardPaths>
#include <QTest>

using namespace Postroom;
using namespace Postroom::Storage;

class TestSuppressionRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void addContainsRemove()
    {
        Test::TempDatabase temp;
        SuppressionRepository suppressions(temp.db());
        QCOMPARE(*suppressions.add(QStringLiteral("b@example.com"), QStringLiteral("complaint")),
                 true);
        QCOMPARE(*suppressions.add(QStringLiteral("b@example.com"), QStringLiteral("again")),
                 false);
        QVERIFY(*suppressions.add(QStringLiteral("a@example.com"), {}, QStringLiteral("bounce")));
        QCOMPARE(suppressions.add({}, {}).error().code, ErrorCode::InvalidInput);
        QVERIFY(*suppressions.contains(QStringLiteral("a@example.com")));
        QVERIFY(!*suppressions.contains(QStringLiteral("c@example.com")));

        const auto all = suppressions.all();
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).emailKey, QStringLiteral("a@example.com"));
        QCOMPARE(all->at(0).source, QStringLiteral("bounce"));
        QCOMPARE(all->at(1).reason, QStringLiteral("complaint")); // the first reason stays
        QCOMPARE(all->at(1).source, QStringLiteral("manual"));
        QVERIFY(all->at(1).createdAtMs > 0);

        QVERIFY(suppressions.remove(QStringLiteral("a@example.com")).ok());
        QCOMPARE(suppressions.remove(QStringLiteral("a@example.com")).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(*suppressions.count(), 1);
    }

    void windowAndSearch()
    {
        Test::TempDatabase temp;
        SuppressionRepository suppressions(temp.db());
        for (int i = 0; i < 25; ++i)
            QVERIFY(suppressions
                        .add(QStringLiteral("u%1@example.com").arg(i, 2, 10, QLatin1Char('0')), {})
                        .ok());
        QVERIFY(suppressions.add(QStringLiteral("under_score@example.org"), {}).ok());
        QCOMPARE(*suppressions.count(), 26);
        QCOMPARE(*suppressions.count(QStringLiteral("U1")), 10);
        QCOMPARE(*suppressions.count(QStringLiteral("r_s")), 1); // '_' is literal
        QCOMPARE(*suppressions.count(QStringLiteral("%")), 0);
        const auto page = suppressions.window(QStringLiteral("example.com"), 20, 10);
        QVERIFY(page.ok());
        QCOMPARE(page->size(), 5);
        QCOMPARE(page->first().emailKey, QStringLiteral("u20@example.com"));
    }
};

QTEST_GUILESS_MAIN(TestSuppressionRepository)
#include "tst_suppressionrepository.moc"
