#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace Postroom::Template {

/** An `<img>` without an `alt` attribute, where the source has it (1-based). */
struct ImageWithoutAlt
{
    QString src;
    int line = 0;
    int column = 0; ///< counted in characters (code points) from the line start
};

/** What HtmlChecks::inspect found in a template's HTML. */
struct HtmlReport
{
    int images = 0;                          ///< `<img>` elements in the body
    QList<ImageWithoutAlt> imagesWithoutAlt; ///< screen readers and blocked images show nothing
    qsizetype visibleTextChars = 0;          ///< non-space characters a reader would see

    /**
     * True when the message is pictures and nothing else: spam filters score image-only
     * mail high, and with images blocked (the default in many clients) it reads as empty.
     */
    bool imagesOnly() const { return images > 0 && visibleTextChars == 0; }
};

/**
 * Structure checks on a template's HTML, parsed with gumbo (the WHATWG HTML5
 * algorithm), never with regular expressions. Run on the template source: merge tags
 * count as text, which is right, since they render to text.
 */
class HtmlChecks
{
public:
    /** Inspects @p html (a whole document or a fragment). */
    static HtmlReport inspect(QStringView html);
};

} // namespace Postroom::Template
