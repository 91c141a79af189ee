#include "core/mime/HtmlToText.h"

#include <QList>

#include <gumbo.h>

#include <memory>

namespace Postroom::Mime {
namespace {

/** Collects text with collapsed whitespace and at most the asked-for line breaks. */
class TextWriter
{
public:
    void text(QStringView chunk)
    {
        for (const QChar ch : chunk) {
            if (ch.isSpace() && ch != QChar(0xA0)) {
                m_pendingSpace = true;
                continue;
            }
            put(ch == QChar(0xA0) ? QChar(QLatin1Char(' ')) : ch);
        }
    }

    /** Preformatted text: whitespace and line breaks kept. */
    void preformatted(QStringView chunk)
    {
        for (const QChar ch : chunk) {
            if (ch == QLatin1Char('\n')) {
                lineBreak();
            } else if (ch != QLatin1Char('\r')) {
                m_pendingSpace = false;
                put(ch);
            }
        }
    }

    /** Asks for @p lines line breaks before the next text (1: new line, 2: blank line). */
    void block(int lines)
    {
        m_pendingBreaks = std::max(m_pendingBreaks, lines);
        m_pendingSpace = false;
    }

    /** A forced line break (<br>): consecutive ones give blank lines. */
    void lineBreak()
    {
        if (m_out.isEmpty() && m_pendingBreaks == 0)
            return;
        flushBreaks();
        m_out.append(QLatin1Char('\n'));
        m_atLineStart = true;
        m_pendingSpace = false;
    }

    void space() { m_pendingSpace = true; }

    /** Text written so far, as a position for textSince(). */
    qsizetype position()
    {
        flushBreaks();
        return m_out.size();
    }
    QString textSince(qsizetype position) const { return m_out.mid(position).trimmed(); }

    void pushPrefix(const QString& prefix) { m_prefixes.append(prefix); }
    void popPrefix() { m_prefixes.removeLast(); }

    QString finish()
    {
        QString result = m_out;
        while (!result.isEmpty() && result.back().isSpace())
            result.chop(1);
        if (!result.isEmpty())
            result.append(QLatin1Char('\n'));
        return result;
    }

private:
    void put(QChar ch)
    {
        flushBreaks();
        if (m_atLineStart) {
            for (const QString& prefix : m_prefixes)
                m_out.append(prefix);
            m_atLineStart = false;
        } else if (m_pendingSpace && !m_out.isEmpty() && m_out.back() != QLatin1Char(' ')) {
            m_out.append(QLatin1Char(' '));
        }
        m_pendingSpace = false;
        m_out.append(ch);
    }

    void flushBreaks()
    {
        if (m_pendingBreaks == 0)
            return;
        if (!m_out.isEmpty()) {
            // A <br> may already have ended the line; count it towards the breaks.
            int already = 0;
            for (qsizetype i = m_out.size() - 1; i >= 0 && m_out.at(i) == QLatin1Char('\n'); --i)
                ++already;
            for (int i = already; i < m_pendingBreaks; ++i) {
                if (i > 0 && !m_prefixes.isEmpty() &&
                    m_prefixes.last().startsWith(QLatin1Char('>')))
                    m_out.append(QLatin1Char('>'));
                m_out.append(QLatin1Char('\n'));
            }
            m_atLineStart = true;
        }
        m_pendingBreaks = 0;
        m_pendingSpace = false;
    }

    QString m_out;
    QList<QString> m_prefixes;
    int m_pendingBreaks = 0;
    bool m_pendingSpace = false;
    bool m_atLineStart = true;
};

QString attribute(const GumboElement& element, const char* name)
{
    const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
    return attr ? QString::fromUtf8(attr->value).trimmed() : QString();
}

bool isBlock(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_CAPTION:
        return true;
    default:
        return false;
    }
}

bool isSkipped(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
        return true;
    default:
        return false;
    }
}

int headingLevel(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_H1:
        return 1;
    case GUMBO_TAG_H2:
        return 2;
    case GUMBO_TAG_H3:
        return 3;
    case GUMBO_TAG_H4:
        return 4;
    case GUMBO_TAG_H5:
        return 5;
    case GUMBO_TAG_H6:
        return 6;
    default:
        return 0;
    }
}

// Whether a link's target adds anything a reader of the text needs to see.
bool showsUrl(const QString& href)
{
    if (href.isEmpty() || href.startsWith(QLatin1Char('#')))
        return false;
    return !href.startsWith(QLatin1String("javascript:"), Qt::CaseInsensitive);
}

class Converter
{
public:
    void node(const GumboNode* node)
    {
        switch (node->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
            if (m_preDepth > 0)
                m_writer.preformatted(QString::fromUtf8(node->v.text.text));
            else
                m_writer.text(QString::fromUtf8(node->v.text.text));
            return;
        case GUMBO_NODE_DOCUMENT:
            children(node->v.document.children);
            return;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
            element(node->v.element);
            return;
        case GUMBO_NODE_COMMENT:
            return;
        }
    }

    QString finish() { return m_writer.finish(); }

private:
    void children(const GumboVector& nodes)
    {
        // Recursion follows the document's nesting; a pathological template nested
        // thousands deep must not exhaust the stack, so its deepest content is dropped.
        if (m_depth >= kMaxDepth)
            return;
        ++m_depth;
        for (unsigned int i = 0; i < nodes.length; ++i)
            node(static_cast<const GumboNode*>(nodes.data[i]));
        --m_depth;
    }

    void element(const GumboElement& element)
    {
        const GumboTag tag = element.tag;
        if (isSkipped(tag))
            return;
        if (const int level = headingLevel(tag)) {
            heading(element, level);
            return;
        }
        switch (tag) {
        case GUMBO_TAG_BR:
            m_writer.lineBreak();
            return;
        case GUMBO_TAG_HR:
            m_writer.block(2);
            m_writer.text(QStringLiteral("----------------------------------------"));
            m_writer.block(2);
            return;
        case GUMBO_TAG_IMG: {
            const QString alt = attribute(element, "alt");
            if (!alt.isEmpty())
                m_writer.text(QLatin1Char('[') + alt + QLatin1Char(']'));
            return;
        }
        case GUMBO_TAG_A:
            link(element);
            return;
        case GUMBO_TAG_P:
        case GUMBO_TAG_PRE:
            m_writer.block(2);
            m_preDepth += tag == GUMBO_TAG_PRE;
            children(element.children);
            m_preDepth -= tag == GUMBO_TAG_PRE;
            m_writer.block(2);
            return;
        case GUMBO_TAG_BLOCKQUOTE:
            m_writer.block(2);
            m_writer.pushPrefix(QStringLiteral("> "));
            children(element.children);
            m_writer.block(2);
            m_writer.popPrefix();
            return;
        case GUMBO_TAG_UL:
        case GUMBO_TAG_OL:
            list(element, tag == GUMBO_TAG_OL);
            return;
        case GUMBO_TAG_LI:
            listItem(element);
            return;
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
            m_writer.space();
            children(element.children);
            m_writer.space();
            return;
        default:
            break;
        }
        const bool block = isBlock(tag);
        if (block)
            m_writer.block(1);
        children(element.children);
        if (block)
            m_writer.block(1);
    }

    void heading(const GumboElement& element, int level)
    {
        // "# Title" / "## Title" for the two top levels: visible in any client, and
        // independent of the title's length, so converting a template gives the same
        // text as converting each message rendered from it (MessageFactory relies on it).
        m_writer.block(2);
        if (level <= 2)
            m_writer.preformatted(level == 1 ? QStringLiteral("# ") : QStringLiteral("## "));
        children(element.children);
        m_writer.block(2);
    }

    void link(const GumboElement& element)
    {
        const QString href = attribute(element, "href");
        const qsizetype start = m_writer.position();
        children(element.children);
        if (!showsUrl(href))
            return;
        const QString text = m_writer.textSince(start);
        QString bare = href;
        if (bare.startsWith(QLatin1String("mailto:"), Qt::CaseInsensitive))
            bare = bare.mid(7);
        if (text == href || text == bare)
            return;
        if (text.isEmpty()) {
            m_writer.text(href);
            return;
        }
        m_writer.text(QStringLiteral(" (") + href + QLatin1Char(')'));
    }

    void list(const GumboElement& element, bool ordered)
    {
        m_writer.block(m_lists.isEmpty() ? 2 : 1);
        int start = 1;
        if (ordered) {
            bool ok = false;
            const int value = attribute(element, "start").toInt(&ok);
            if (ok)
                start = value;
        }
        m_lists.append(ListState{ordered, start});
        children(element.children);
        m_lists.removeLast();
        m_writer.block(m_lists.isEmpty() ? 2 : 1);
    }

    void listItem(const GumboElement& element)
    {
        m_writer.block(1);
        QString marker = QString(2 * std::max<qsizetype>(0, m_lists.size() - 1), QLatin1Char(' '));
        if (!m_lists.isEmpty() && m_lists.last().ordered)
            marker += QString::number(m_lists.last().next++) + QStringLiteral(". ");
        else
            marker += QStringLiteral("* ");
        // The marker is written verbatim: its trailing space must survive.
        m_writer.preformatted(marker);
        children(element.children);
        m_writer.block(1);
    }

    struct ListState
    {
        bool ordered = false;
        int next = 1;
    };

    static constexpr int kMaxDepth = 400;

    TextWriter m_writer;
    QList<ListState> m_lists;
    int m_preDepth = 0;
    int m_depth = 0;
};

} // namespace

QString HtmlToText::convertUtf8(const QByteArray& html)
{
    GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.constData(),
                                                   static_cast<size_t>(html.size()));
    const std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> guard(
        output, [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    Converter converter;
    converter.node(output->document);
    return converter.finish();
}

QString HtmlToText::convert(QStringView html)
{
    return convertUtf8(html.toUtf8());
}

} // namespace Postroom::Mime
