// The outbox sandbox: byte-exact .eml files, written atomically, nothing sent.
#include "core/send/OutboxTransport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Postroom::Send;

class TestOutboxTransport : public QObject
{
    Q_OBJECT

private slots:
    void writesEachMessageAsEml()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("out/nested"));
        OutboxTransport outbox(folder);
        OutgoingMessage message;
        message.ref = "abcdefghijklmnop";
        message.envelopeFrom = "a@example.org";
        message.recipients = {"b@example.net"};
        message.data = QByteArray("Subject: x\r\n\r\n.dot line\r\n\0binary\xff\r\n", 35);
        const DeliveryResult result = outbox.deliver(message);
        QVERIFY2(result.ok(), qPrintable(result.describe()));
        QFile file(QDir(folder).filePath(QStringLiteral("abcdefghijklmnop.eml")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), message.data);
        // Written under a temporary name and renamed: nothing else is left behind.
        QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("abcdefghijklmnop.eml")});
        message.data = "Subject: again\r\n\r\n";
        QVERIFY(outbox.deliver(message).ok());
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), message.data);
    }

    void refNeverLeavesTheFolder()
    {
        QCOMPARE(OutboxTransport::fileNameFor("../../etc/passwd"),
                 QStringLiteral("______etc_passwd.eml"));
        QCOMPARE(OutboxTransport::fileNameFor(".hidden"), QStringLiteral("_hidden.eml"));
        QVERIFY(OutboxTransport::fileNameFor(QByteArray()).endsWith(QLatin1String(".eml")));
        QVERIFY(OutboxTransport::fileNameFor(QByteArray()).size() > 4);
    }

    void unwritableFolderIsALocalError()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        OutboxTransport outbox(dir.filePath(QStringLiteral("file/sub")));
        const DeliveryResult result = outbox.deliver(OutgoingMessage{"r", "", {}, "x"});
        QCOMPARE(result.outcome, DeliveryOutcome::LocalError);
        QVERIFY(!result.isRetryable());
        QCOMPARE(outbox.test().result.outcome, DeliveryOutcome::LocalError);
    }

    void testReportsTheSandbox()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("box"));
        const ConnectionReport report = OutboxTransport(folder).test();
        QVERIFY(report.result.ok());
        QVERIFY(QFileInfo(folder).isDir());
        QCOMPARE(report.capabilities, QStringList{QStringLiteral("OUTBOX")});
    }
};

QTEST_GUILESS_MAIN(TestOutboxTransport)
#include "tst_outboxtransport.moc"
