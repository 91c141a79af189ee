#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Postroom::Mime {

/** How a body part is made 7-bit safe (RFC 2045 §6). */
enum class TransferEncoding
{
    SevenBit, ///< already 7-bit text in short lines: sent as it is, with CRLF breaks
    QuotedPrintable,
    Base64,
};

/** Body encoders and decoders. Every line they write ends in CRLF. */
class TransferEncoder
{
public:
    /**
     * 7bit for ASCII text whose lines fit (RFC 2045 §2.7: no NUL, at most 998 octets a
     * line) and that holds no "=_" (so no multipart boundary, which starts "=_", can
     * occur in it); otherwise quoted-printable for mostly-ASCII text and base64 for
     * the rest, whichever is shorter for @p text (QP costs three octets per non-ASCII
     * byte, base64 4/3 overall).
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

    /**
     * Appends @p text unchanged but for its line breaks (CRLF, LF or CR), which become
     * CRLF; the last line ends in CRLF. For text that choose() found 7bit.
     */
    static void appendSevenBit(QByteArrayView text, QByteArray& out);

    /** Appends @p data as base64 (RFC 2045 §6.8) in lines of 76 characters plus CRLF. */
    static void appendBase64(QByteArrayView data, QByteArray& out);

    /** Appends @p data in @p encoding (text breaks are normalised by 7bit and QP). */
    static void append(TransferEncoding encoding, QByteArrayView data, QByteArray& out);

    /** @p text with every line break (CRLF, LF or CR) as CRLF: canonical text (RFC 2045 §6.8). */
    static QByteArray toCrlf(QByteArrayView text);

    /** Decodes quoted-printable (for tests and bounce parsing). */
    static QByteArray decodeQuotedPrintable(QByteArrayView encoded);
};

} // namespace Postroom::Mime
