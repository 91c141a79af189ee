#pragma once

#include "core/mime/HeaderWriter.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringView>

namespace Postroom::Mime {

/**
 * RFC 2047 encoded-words (UTF-8, "B" or "Q") for header text that is not plain
 * ASCII, and the single-line rule that keeps contact data from adding or splitting
 * a header field.
 */
class Rfc2047
{
public:
    /**
     * @p text on one line: CR, LF, NUL, the other C0/C1 controls and the Unicode line
     * and paragraph separators are removed (a tab becomes a space), and the ends are
     * trimmed. Every header value from templates or contacts passes through this.
     */
    static QString singleLine(QStringView text);

    /**
     * Whether @p text (already single-line) must be sent as encoded-words: it holds
     * non-ASCII, something a decoder would take for an encoded-word ("=?"), or a word
     * too long to fold.
     */
    static bool needsEncoding(QStringView text);

    /**
     * Appends unstructured text (RFC 5322 §3.2.5, e.g. Subject) to @p header: as
     * ASCII words when possible, else as encoded-words (RFC 2047 §5 (1)).
     */
    static void appendUnstructured(HeaderWriter& header, QStringView text);

    /**
     * Appends a display name as a phrase (RFC 5322 §3.2.5): the runs of words that are
     * plain ASCII as quoted-strings, the others as encoded-words (RFC 2047 §5 (3)), split
     * at the name's own spaces. Nothing when the name is empty.
     */
    static void appendPhrase(HeaderWriter& header, QStringView name);

    /**
     * Encodes @p text as UTF-8 encoded-words of at most 75 characters each
     * (RFC 2047 §2); the first is at most @p firstWordLimit characters long (never
     * below 16, so a word always fits one character). A character is never split
     * across two words (RFC 2047 §5 (3) last paragraph).
     */
    static QList<QByteArray> encodeWords(QStringView text, qsizetype firstWordLimit = 75);

    /** Decodes encoded-words in an unfolded header value (for tests and bounce parsing). */
    static QString decode(QByteArrayView value);
};

} // namespace Postroom::Mime
