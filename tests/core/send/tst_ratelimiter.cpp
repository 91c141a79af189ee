// Token buckets and the retry policy: smoothness, back-off, RFC 3463 bounce kinds.
#include "core/send/RetryPolicy.h"
#include "core/send/TokenBucket.h"

#include <QTest>

using namespace Postroom::Send;

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void unlimitedAlwaysGives()
    {
        TokenBucket bucket;
        for (int i = 0; i < 1000; ++i)
            QVERIFY(bucket.tryTake(0));
    }

    void smoothAtTheRate()
    {
        // Simulated clock in 1 ms steps: 20/s may never give more than 20 + margin in
        // any second, and about 20 per second over time.
        TokenBucket bucket = TokenBucket::forRate(*SendRate::parse(QStringLiteral("20/s")));
        QList<qint64> taken;
        for (qint64 t = 0; t < 10000; ++t) {
            while (bucket.tryTake(t))
                taken.append(t);
        }
        QVERIFY2(taken.size() >= 199 && taken.size() <= 203,
                 qPrintable(QString::number(taken.size())));
        for (qint64 start = 0; start < 9000; start += 100) {
            const auto inWindow = std::count_if(taken.begin(), taken.end(), [&](qint64 t) {
                return t >= start && t < start + 1000;
            });
            QVERIFY2(inWindow <= 23, qPrintable(QString::number(inWindow)));
        }
    }

    void noBurstAfterIdle()
    {
        TokenBucket bucket = TokenBucket::forRate(*SendRate::parse(QStringLiteral("600/min")));
        QVERIFY(bucket.tryTake(0));
        // A minute of silence does not bank 600 messages.
        int burst = 0;
        while (bucket.tryTake(60000))
            ++burst;
        QCOMPARE(burst, 3);
        QVERIFY(bucket.msUntilToken(60000) > 0);
        QVERIFY(bucket.msUntilToken(60000) <= 100);
    }

    void backoffDoublesWithJitterUpToTheExpiry()
    {
        const RetryPolicy policy(1000, 3600 * 1000);
        QCOMPARE(policy.delayMs(1, 0.5), 1000);
        QCOMPARE(policy.delayMs(2, 0.5), 2000);
        QCOMPARE(policy.delayMs(5, 0.5), 16000);
        QCOMPARE(policy.delayMs(3, 0.0), 3000);
        QCOMPARE(policy.delayMs(3, 0.999), 4998); // ≈ +25 %
        QVERIFY(policy.delayMs(40, 0.5) <= 3600 * 1000);
        QVERIFY(!policy.expired(0, 3600 * 1000));
        QVERIFY(policy.expired(0, 3600 * 1000 + 1));
    }

    void bounceKindsFollowRfc3463()
    {
        QCOMPARE(RetryPolicy::bounceKind(550, QStringLiteral("5.1.1")), QStringLiteral("hard"));
        QCOMPARE(RetryPolicy::bounceKind(550, QStringLiteral("5.2.1")), QStringLiteral("hard"));
        QCOMPARE(RetryPolicy::bounceKind(552, QStringLiteral("5.2.2")), QStringLiteral("soft"));
        QCOMPARE(RetryPolicy::bounceKind(550, QStringLiteral("5.7.1")), QStringLiteral("soft"));
        QCOMPARE(RetryPolicy::bounceKind(554, QStringLiteral("5.7.26")), QStringLiteral("soft"));
        QCOMPARE(RetryPolicy::bounceKind(550, QString()), QStringLiteral("hard"));
        QCOMPARE(RetryPolicy::bounceKind(554, QString()), QStringLiteral("soft"));
    }

    void classification()
    {
        const auto reply = [](int code, const char* text, SmtpStage stage) {
            return RetryPolicy::classify(
                DeliveryResult::fromReply(code, QString::fromLatin1(text), stage));
        };
        QCOMPARE(reply(250, "2.0.0 ok", SmtpStage::Data), ResultAction::Sent);
        QCOMPARE(reply(451, "4.3.0 later", SmtpStage::RcptTo), ResultAction::Retry);
        QCOMPARE(reply(421, "4.7.0 closing", SmtpStage::Greeting), ResultAction::BackPressure);
        QCOMPARE(reply(454, "4.7.0 TLS not available", SmtpStage::MailFrom),
                 ResultAction::BackPressure);
        QCOMPARE(reply(450, "4.7.1 slow down", SmtpStage::RcptTo), ResultAction::BackPressure);
        QCOMPARE(reply(550, "5.1.1 unknown", SmtpStage::RcptTo), ResultAction::Bounce);
        QCOMPARE(reply(554, "5.6.0 content", SmtpStage::Data), ResultAction::Bounce);
        QCOMPARE(reply(553, "5.7.1 sender", SmtpStage::MailFrom), ResultAction::Fail);
        QCOMPARE(reply(535, "5.7.8 bad", SmtpStage::Auth), ResultAction::AccountDown);
        QCOMPARE(RetryPolicy::classify(DeliveryResult::failure(DeliveryOutcome::Refused,
                                                               SmtpStage::Connect, QString())),
                 ResultAction::BackPressure);
        QCOMPARE(RetryPolicy::classify(
                     DeliveryResult::failure(DeliveryOutcome::Timeout, SmtpStage::Data, QString())),
                 ResultAction::Retry);
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
