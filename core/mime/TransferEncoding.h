#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Postroom::Mime {

/** How a body part is made 7-bit safe (RFC 2045 §6). */
enum class TransferEncoding
{
    QuotedPrintable,
    Base64,
};

/** Body encoders and decoders. Every line they write ends in CRLF. */
class TransferEncoder
{
public:
    /**
     * Quoted-printable for mostly-ASCII text, base64 otherwise: whichever is shorter
     * for @p text (QP costs three octets per non-ASCII byte, base64 4/3 overall).
     */
    static TransferEncoding choose(QByteArrayView text);

    /** The Content-Transfer-Encoding value. */
    static QByteArrayView name(TransferEncoding encoding);

    /**
     * Appends @p text as quoted-printable (RFC 2045 §6.7) to @p out: every line
     * break (CRLF, LF or CR) becomes a hard CRLF, lines are at most 76 characters
     * with soft breaks, trailing whitespace is encoded. The last line ends in CRLF.
     */
    static void appendQuotedPrintable(QByteArrayView text, QByteArray& out);

    /** Appends @p data as base64 (RFC 2045 §6.8) in lines of 76 characters plus CRLF. */
    static void appendBase64(QByteArrayView data, QByteArray& out);

    /** Appends @p data in @p encoding (text breaks are normalised only by QP). */
    static void append(TransferEncoding encoding, QByteArrayView data, QByteArray& out);

    /** @p text with every line break (CRLF, LF or CR) as CRLF: canonical text (RFC 2045 §6.8). */
    static QByteArray toCrlf(QByteArrayView text);

    /** Decodes quoted-printable (for tests and bounce parsing). */
    static QByteArray decodeQuotedPrintable(QByteArrayView encoded);
};

} // namespace Postroom::Mime
