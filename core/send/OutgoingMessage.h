#pragma once

#include <QByteArray>
#include <QList>

namespace Postroom::Send {

/** One message ready for the wire: the SMTP envelope and the RFC 5322 bytes. */
struct OutgoingMessage
{
    QByteArray ref;          ///< the per-message reference (X-Postroom-Ref); names outbox files
    QByteArray envelopeFrom; ///< MAIL FROM address without brackets; empty for the null sender
    QList<QByteArray> recipients; ///< RCPT TO addresses (A-label domains)
    QByteArray data;              ///< the message, CRLF line ends, not dot-stuffed
};

} // namespace Postroom::Send
