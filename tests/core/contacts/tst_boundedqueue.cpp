#include "core/contacts/BoundedQueue.h"

#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace Postroom::Contacts;

class TestBoundedQueue : public QObject
{
    Q_OBJECT

private slots:
    void deliversEverythingInOrderWhileHoldingAtMostItsCapacity()
    {
        BoundedQueue<int> queue(3);
        std::atomic_int pushed = 0;
        std::atomic_int popped = 0;
        std::atomic_int worstLead = 0;
        std::atomic_int refused = 0;
        std::thread producer([&] {
            for (int i = 0; i < 10000; ++i) {
                if (!queue.push(i))
                    ++refused;
                const int lead = ++pushed - popped;
                if (lead > worstLead)
                    worstLead = lead;
            }
            queue.close();
        });
        std::vector<int> received;
        while (auto item = queue.pop()) {
            received.push_back(*item);
            ++popped;
        }
        producer.join();
        QCOMPARE(refused.load(), 0);
        QCOMPARE(received.size(), size_t(10000));
        for (int i = 0; i < 10000; ++i)
            QCOMPARE(received[size_t(i)], i);
        // One in the consumer's hands, three queued, one on its way in.
        QVERIFY(worstLead <= 5);
    }

    void closingByTheConsumerReleasesABlockedProducer()
    {
        BoundedQueue<int> queue(1);
        QVERIFY(queue.push(1));
        std::atomic_bool refused = false;
        std::thread producer([&] { refused = !queue.push(2); }); // blocks: the queue is full
        QTest::qWait(50);
        QVERIFY(!refused);
        queue.close();
        producer.join();
        QVERIFY(refused);
        // What was queued before the close is still delivered, then the end.
        QCOMPARE(queue.pop().value_or(-1), 1);
        QVERIFY(!queue.pop());
        QVERIFY(!queue.push(3));
    }
};

QTEST_GUILESS_MAIN(TestBoundedQueue)
#include "tst_boundedqueue.moc"
