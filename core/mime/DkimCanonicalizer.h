#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace Postroom::Mime {

/** One header field of a message as written: its name and the whole raw field. */
struct RawHeaderField
{
    QByteArrayView name;  ///< as written, without the colon
    QByteArrayView field; ///< the complete field, from the name to the final CRLF
};

/** The "relaxed" canonicalisation of DKIM (RFC 6376 §3.4.2 and §3.4.4). */
class DkimCanonicalizer
{
public:
    /**
     * `name:value\r\n` of a raw field: the name lower-cased, the value unfolded, runs
     * of whitespace made one space, whitespace at the ends and around the colon removed.
     */
    static QByteArray relaxedHeader(QByteArrayView field);

    /**
     * The body with whitespace runs made one space, whitespace at line ends and empty
     * lines at the end removed; a non-empty result ends in CRLF.
     */
    static QByteArray relaxedBody(QByteArrayView body);

    /**
     * Splits @p message into its header fields and its body (what follows the empty
     * line; empty when there is none). The views point into @p message.
     */
    static QList<RawHeaderField> splitHeaders(QByteArrayView message, QByteArrayView* body);
};

} // namespace Postroom::Mime
