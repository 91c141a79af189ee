#pragma once

#include <QPlainTextEdit>

namespace Postroom::Ui {

/** A monospace source editor with a line-number gutter, for template HTML and text. */
class SourceEditor : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit SourceEditor(QWidget* parent = nullptr);

    /** Moves the cursor to 1-based @p line and @p column, shows it and takes focus. */
    void goTo(int line, int column);

    /** Width the gutter needs for the current number of lines. */
    int lineNumberAreaWidth() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    friend class LineNumberArea;
    void paintLineNumbers(QPaintEvent* event);
    void updateLineNumberArea(const QRect& rect, int dy);
    void highlightCurrentLine();

    QWidget* m_lineNumbers = nullptr;
};

} // namespace Postroom::Ui
