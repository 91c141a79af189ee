#include "core/send/OutboxTransport.h"

#include "core/mime/MessageRef.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace Postroom::Send {

OutboxTransport::OutboxTransport(QString folder) : m_folder(std::move(folder)) {}

QString OutboxTransport::fileNameFor(const QByteArray& ref)
{
    // A ref from the queue is base32; anything else (a hand-made ref) must still not
    // climb out of the folder or make a hidden file.
    QByteArray safe = ref.isEmpty() ? Mime::MessageRef::generate() : ref;
    for (char& c : safe) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!plain)
            c = '_';
    }
    return QString::fromLatin1(safe.left(200)) + QStringLiteral(".eml");
}

DeliveryResult OutboxTransport::ensureFolder() const
{
    if (!QDir().mkpath(m_folder))
        return DeliveryResult::failure(DeliveryOutcome::LocalError, SmtpStage::Local,
                                       tr("Could not create the outbox folder %1").arg(m_folder));
    const QFileInfo info(m_folder);
    if (!info.isDir() || !info.isWritable())
        return DeliveryResult::failure(DeliveryOutcome::LocalError, SmtpStage::Local,
                                       tr("The outbox folder %1 is not writable").arg(m_folder));
    return DeliveryResult::failure(DeliveryOutcome::Success, SmtpStage::Local, {});
}

DeliveryResult OutboxTransport::deliver(const OutgoingMessage& message)
{
    if (auto folder = ensureFolder(); !folder.ok())
        return folder;
    const QString path = QDir(m_folder).filePath(fileNameFor(message.ref));
    // QSaveFile writes to a temporary name in the same folder and renames on commit.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(message.data) != message.data.size() ||
        !file.commit())
        return DeliveryResult::failure(DeliveryOutcome::LocalError, SmtpStage::Local,
                                       tr("Could not write %1: %2").arg(path, file.errorString()));
    DeliveryResult result;
    result.stage = SmtpStage::Data;
    result.reply = tr("written to %1").arg(path);
    return result;
}

ConnectionReport OutboxTransport::test()
{
    ConnectionReport report;
    report.result = ensureFolder();
    if (report.result.ok()) {
        report.greeting = tr("outbox %1 (messages are written as .eml files, nothing is sent)")
                              .arg(QDir::cleanPath(m_folder));
        report.capabilities = {QStringLiteral("OUTBOX")};
    }
    return report;
}

} // namespace Postroom::Send
