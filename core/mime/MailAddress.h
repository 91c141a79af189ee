#pragma once

#include "core/common/Result.h"
#include "core/mime/HeaderWriter.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace Postroom::Mime {

/** A mailbox: an optional display name and an address (the domain may be Unicode). */
struct MailAddress
{
    QString name;
    QString address;

    /**
     * Parses `Name <addr>`, `"Name" <addr>` or a bare `addr` as typed by a user
     * (for --from, --reply-to); the address is checked with wireAddress().
     */
    static Result<MailAddress> parse(const QString& text);

    /**
     * The address as it goes on the wire: local part kept (it must be printable ASCII,
     * RFC 5321 §4.1.2 without SMTPUTF8), domain lower-cased and in A-label form
     * (RFC 5890). Fails on anything that could not be sent or would break a header.
     */
    Result<QByteArray> wireAddress() const;

    /** The domain of wireAddress(), e.g. for the Message-ID. */
    Result<QByteArray> wireDomain() const;
};

/** Formats address header fields (From, To, Reply-To) with RFC 2047 display names. */
class AddressHeader
{
    Q_DECLARE_TR_FUNCTIONS(AddressHeader)

public:
    /**
     * `Name: "Display Name" <addr>` folded, CRLF-terminated (RFC 5322 §3.4). The
     * display name is made single-line first, so contact data cannot add a field.
     */
    static Result<QByteArray> format(QByteArrayView fieldName, const QList<MailAddress>& mailboxes);
};

} // namespace Postroom::Mime
