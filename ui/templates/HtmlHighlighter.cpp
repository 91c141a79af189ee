#include "ui/templates/HtmlHighlighter.h"

#include <QPalette>
#include <QTextDocument>

namespace Postroom::Ui {
namespace {

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u':' || c == u'.';
}

// Colours that read on both light and dark palettes.
QColor pick(bool dark, const char* onLight, const char* onDark)
{
    return QColor(QLatin1String(dark ? onDark : onLight));
}

} // namespace

HtmlHighlighter::HtmlHighlighter(QTextDocument* parent) : QSyntaxHighlighter(parent)
{
    const bool dark = QPalette().color(QPalette::Base).lightness() < 128;
    m_tag.setForeground(pick(dark, "#1c4fb0", "#7fb0ff"));
    m_tag.setFontWeight(QFont::Bold);
    m_attribute.setForeground(pick(dark, "#9a4a00", "#f0b070"));
    m_string.setForeground(pick(dark, "#1a7f37", "#8fd694"));
    m_comment.setForeground(pick(dark, "#6e7781", "#8b949e"));
    m_comment.setFontItalic(true);
    m_mergeTag.setForeground(pick(dark, "#8250df", "#e0b0ff"));
    m_mergeTag.setBackground(pick(dark, "#f3ecff", "#3b2a55"));
    m_mergeTag.setFontWeight(QFont::Bold);
}

QTextCharFormat HtmlHighlighter::format(Kind kind) const
{
    switch (kind) {
    case Kind::Tag:
        return m_tag;
    case Kind::Attribute:
        return m_attribute;
    case Kind::String:
        return m_string;
    case Kind::Comment:
        return m_comment;
    case Kind::MergeTag:
        return m_mergeTag;
    }
    return {};
}

void HtmlHighlighter::highlightBlock(const QString& text)
{
    int state = qMax(previousBlockState(), 0);
    if (text.size() > kMaxColouredLine) {
        // Minified HTML on one huge line: colouring all of it on every key press made
        // typing lag by a second. Merge tags, what matters most here, stay coloured.
        setCurrentBlockState(state);
        highlightMergeTags(text);
        return;
    }
    const qsizetype length = text.size();
    qsizetype i = 0;
    while (i < length) {
        switch (state) {
        case InComment: {
            const qsizetype end = text.indexOf(QLatin1String("-->"), i);
            const qsizetype stop = end < 0 ? length : end + 3;
            setFormat(int(i), int(stop - i), m_comment);
            i = stop;
            if (end >= 0)
                state = Text;
            break;
        }
        case InDoubleQuoted:
        case InSingleQuoted: {
            const QChar quote = state == InDoubleQuoted ? u'"' : u'\'';
            const qsizetype end = text.indexOf(quote, i);
            const qsizetype stop = end < 0 ? length : end + 1;
            setFormat(int(i), int(stop - i), m_string);
            i = stop;
            if (end >= 0)
                state = InTag;
            break;
        }
        case InTag: {
            const QChar c = text.at(i);
            if (c == u'>' || (c == u'/' && i + 1 < length && text.at(i + 1) == u'>')) {
                const int len = c == u'>' ? 1 : 2;
                setFormat(int(i), len, m_tag);
                i += len;
                state = Text;
            } else if (c == u'"' || c == u'\'') {
                setFormat(int(i), 1, m_string);
                state = c == u'"' ? InDoubleQuoted : InSingleQuoted;
                ++i;
            } else if (isNameChar(c)) {
                const qsizetype start = i;
                while (i < length && isNameChar(text.at(i)))
                    ++i;
                setFormat(int(start), int(i - start), m_attribute);
            } else {
                ++i;
            }
            break;
        }
        default: { // Text
            const qsizetype open = text.indexOf(u'<', i);
            if (open < 0) {
                i = length;
                break;
            }
            if (text.mid(open, 4) == QLatin1String("<!--")) {
                setFormat(int(open), 4, m_comment);
                i = open + 4;
                state = InComment;
                break;
            }
            // "<" followed by a name, "/name" or "!doctype" opens a tag; a lone "<" is text.
            qsizetype j = open + 1;
            if (j < length && (text.at(j) == u'/' || text.at(j) == u'!'))
                ++j;
            if (j >= length || !text.at(j).isLetter()) {
                i = open + 1;
                break;
            }
            while (j < length && isNameChar(text.at(j)))
                ++j;
            setFormat(int(open), int(j - open), m_tag);
            i = j;
            state = InTag;
            break;
        }
        }
    }
    setCurrentBlockState(state);
    highlightMergeTags(text);
}

void HtmlHighlighter::highlightMergeTags(const QString& text)
{
    // Merge tags are drawn over whatever HTML colour lies beneath: they may sit in text,
    // attribute values (href="{{unsubscribe_url}}") or even comments.
    qsizetype from = 0;
    while (true) {
        const qsizetype open = text.indexOf(QLatin1String("{{"), from);
        if (open < 0)
            return;
        const qsizetype close = text.indexOf(QLatin1String("}}"), open + 2);
        const qsizetype stop = close < 0 ? text.size() : close + 2;
        setFormat(int(open), int(stop - open), m_mergeTag);
        from = stop;
    }
}

} // namespace Postroom::Ui
