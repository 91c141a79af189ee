#pragma once

#include <QString>
#include <QStringView>

namespace Postroom::Mime {

/**
 * A readable plain-text rendering of an HTML document, for the text/plain part of
 * messages whose template has none. Parsed with gumbo (the WHATWG HTML5 algorithm),
 * never with regular expressions: links become `text (url)`, list items get bullets
 * or numbers, top headings are marked `#` and `##`, paragraphs are separated by a blank line,
 * scripts, styles and the head are dropped, entities are decoded. Lines end in LF.
 */
class HtmlToText
{
public:
    /** Converts @p html (a whole document or a fragment). */
    static QString convert(QStringView html);

    /** Same, from UTF-8 bytes. */
    static QString convertUtf8(const QByteArray& html);
};

} // namespace Postroom::Mime
