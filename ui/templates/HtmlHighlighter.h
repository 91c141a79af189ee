#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace Postroom::Ui {

/**
 * Colours HTML source: tag names, attribute names, quoted values, comments, and the
 * merge tags ({{…}}) in a colour of their own. A display lexer only — it never decides
 * what the HTML means; the core's gumbo-based checks do that.
 */
class HtmlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    enum class Kind
    {
        Tag,
        Attribute,
        String,
        Comment,
        MergeTag,
    };

    /** Lines longer than this get only their merge tags coloured (editors do the same). */
    static constexpr qsizetype kMaxColouredLine = 20000;

    explicit HtmlHighlighter(QTextDocument* parent);

    /** The format given to text of @p kind (tests compare against it). */
    QTextCharFormat format(Kind kind) const;

protected:
    void highlightBlock(const QString& text) override;

private:
    // Where the previous line ended, carried over in the block state.
    enum State
    {
        Text = 0,
        InComment = 1,
        InTag = 2,
        InDoubleQuoted = 3,
        InSingleQuoted = 4,
    };

    void highlightMergeTags(const QString& text);

    QTextCharFormat m_tag;
    QTextCharFormat m_attribute;
    QTextCharFormat m_string;
    QTextCharFormat m_comment;
    QTextCharFormat m_mergeTag;
};

} // namespace Postroom::Ui
