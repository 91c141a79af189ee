#pragma once

#include "core/template/FieldValues.h"
#include "core/template/Template.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace Postroom::Template {

/** How field values are written into the output. Template text is always written as is. */
enum class RenderMode
{
    Html,   ///< values HTML-escaped: & < > " ' become entities (safe in text and attributes)
    Text,   ///< values as they are
    Header, ///< the whole output made single-line and encoded-word-proof; see below
};

/**
 * Renders a parsed Template for one recipient. Stateless and thread-safe; every
 * function appends to the caller's buffer, so a campaign can reuse one buffer for
 * all recipients (`out.resize(0)` keeps the capacity) and a builder can render
 * straight into a message. No regular expressions and, with a reused buffer, no
 * allocation beyond the values' own.
 *
 * A field that is missing or empty renders its fallback, or nothing when it has none;
 * rendering never fails. Unknown fields are caught before sending by TemplateCheck.
 *
 * Header mode (RFC 5322 section 2.2 and RFC 2047 section 5): the output is meant to be
 * an unstructured header body such as Subject, later encoded and folded by the message
 * builder. So that no contact data can end the header, start a new one, or pose as an
 * encoded-word:
 * - every control character (Unicode Cc: CR, LF, NUL, TAB, DEL, C1 controls…) and the
 *   Unicode line and paragraph separators (U+2028, U+2029) are removed — from template
 *   text too, since a header has one line;
 * - every `=?` and `?=` (the delimiters of an RFC 2047 encoded-word) gets a ZERO WIDTH
 *   SPACE (U+200B) between its two characters, including pairs formed across a value's
 *   edge and with the text already in the buffer. The text reads the same, no decoder
 *   can see an encoded-word in it, and being non-ASCII it makes the builder encode the
 *   header itself rather than pass it through raw.
 */
class TemplateRenderer
{
public:
    /** Appends the rendering of @p tmpl to @p out. */
    static void render(const Template& tmpl, const FieldValues& values, RenderMode mode,
                       QString& out);

    /** The rendering of @p tmpl, in a new string reserved to fit. */
    static QString render(const Template& tmpl, const FieldValues& values, RenderMode mode);

    /** Appends the UTF-8 rendering of @p tmpl to @p out (no UTF-16 detour for bodies). */
    static void renderUtf8(const Template& tmpl, const FieldValues& values, RenderMode mode,
                           QByteArray& out);

    /** The UTF-8 rendering of @p tmpl. */
    static QByteArray renderUtf8(const Template& tmpl, const FieldValues& values, RenderMode mode);

    /** Appends @p text HTML-escaped (& < > " '). */
    static void appendHtmlEscaped(QString& out, QStringView text);

    /**
     * Makes the part of @p out from @p from on header-safe in place (the Header mode
     * rule above); the character before @p from is looked at for a split `=?`.
     */
    static void makeHeaderSafe(QString& out, qsizetype from = 0);
};

} // namespace Postroom::Template
