#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Postroom::Mime {

/**
 * Writes one header field, folding it at whitespace so that no line is longer than
 * 78 characters where possible (RFC 5322 §2.1.1, §2.2.3). Tokens are added whole;
 * a fold is CRLF followed by the single space that separated two tokens, so
 * unfolding (removing the CRLF) gives back exactly the unfolded value.
 */
class HeaderWriter
{
public:
    /** Starts the field `Name: `; @p name must be printable ASCII without ':'. */
    explicit HeaderWriter(QByteArrayView name);

    /** Appends @p token, preceded by one space when @p spaceBefore (a fold point). */
    void addToken(QByteArrayView token, bool spaceBefore = true);

    /** Columns still free on the current line before it reaches 78 characters. */
    qsizetype remainingOnLine() const;

    /** The complete field with its terminating CRLF. */
    QByteArray finish();

    static constexpr qsizetype kFoldColumn = 78;

private:
    QByteArray m_field;
    qsizetype m_lineStart = 0;
    bool m_empty = true;
};

} // namespace Postroom::Mime
