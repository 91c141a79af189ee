#pragma once

#include "core/send/Transport.h"

#include <QCoreApplication>

namespace Postroom::Send {

/**
 * The sandbox: each message is written as `<ref>.eml` into a folder (created on
 * first use), byte for byte as it would go on the wire; nothing is sent. The file
 * appears atomically (written under a temporary name, then renamed), so a reader
 * never sees half a message, and delivering the same ref again replaces the file.
 */
class OutboxTransport : public Transport
{
    Q_DECLARE_TR_FUNCTIONS(OutboxTransport)

public:
    explicit OutboxTransport(QString folder);

    DeliveryResult deliver(const OutgoingMessage& message) override;
    ConnectionReport test() override;

    /** The file name for @p ref: unsafe characters replaced, `.eml` appended. */
    static QString fileNameFor(const QByteArray& ref);

private:
    DeliveryResult ensureFolder() const;

    QString m_folder;
};

} // namespace Postroom::Send
