// Reply classification (RFC 5321 §4.2.1, RFC 4954 §6) and RFC 3463 status codes.
#include "core/send/DeliveryResult.h"

#include <QTest>

using namespace Postroom::Send;

class TestDeliveryResult : public QObject
{
    Q_OBJECT

private slots:
    void enhancedStatus_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("status");
        QTest::newRow("user unknown") << "5.1.1 No such user"
                                      << "5.1.1";
        QTest::newRow("three digits") << "4.7.123 policy"
                                      << "4.7.123";
        QTest::newRow("none") << "mailbox unavailable"
                              << "";
        QTest::newRow("bad class") << "3.1.1 what"
                                   << "";
        QTest::newRow("glued") << "5.1.1x"
                               << "";
        QTest::newRow("too long") << "5.1111.1 x"
                                  << "";
    }

    void enhancedStatus()
    {
        QFETCH(QString, text);
        QFETCH(QString, status);
        QCOMPARE(DeliveryResult::enhancedStatusOf(text), status);
    }

    void classifies_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("stage");
        QTest::addColumn<DeliveryOutcome>("outcome");
        QTest::newRow("250") << 250 << int(SmtpStage::Data) << DeliveryOutcome::Success;
        QTest::newRow("421") << 421 << int(SmtpStage::Greeting) << DeliveryOutcome::Transient;
        QTest::newRow("452 rcpt") << 452 << int(SmtpStage::RcptTo) << DeliveryOutcome::Transient;
        QTest::newRow("550 rcpt") << 550 << int(SmtpStage::RcptTo) << DeliveryOutcome::Permanent;
        QTest::newRow("530 at MAIL")
            << 530 << int(SmtpStage::MailFrom) << DeliveryOutcome::AuthFailure;
        QTest::newRow("535") << 535 << int(SmtpStage::Auth) << DeliveryOutcome::AuthFailure;
        QTest::newRow("504 at AUTH") << 504 << int(SmtpStage::Auth) << DeliveryOutcome::AuthFailure;
        QTest::newRow("454 at AUTH") << 454 << int(SmtpStage::Auth) << DeliveryOutcome::Transient;
    }

    void classifies()
    {
        QFETCH(int, code);
        QFETCH(int, stage);
        QFETCH(DeliveryOutcome, outcome);
        const DeliveryResult result =
            DeliveryResult::fromReply(code, QStringLiteral("x.y reply"), SmtpStage(stage));
        QCOMPARE(result.outcome, outcome);
        QCOMPARE(result.smtpCode, code);
    }

    void describesOnOneLine()
    {
        const DeliveryResult result =
            DeliveryResult::fromReply(550, QStringLiteral("5.1.1 No such user"), SmtpStage::RcptTo);
        QCOMPARE(result.kindName(), QStringLiteral("permanent"));
        QVERIFY(result.describe().contains(QStringLiteral("550 5.1.1 No such user")));
        QVERIFY(result.describe().contains(QStringLiteral("rcpt")));
        QVERIFY(!result.describe().contains(QLatin1Char('\n')));
    }
};

QTEST_GUILESS_MAIN(TestDeliveryResult)
#include "tst_deliveryresult.moc"
