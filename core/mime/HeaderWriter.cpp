#include "core/mime/HeaderWriter.h"

namespace Postroom::Mime {

HeaderWriter::HeaderWriter(QByteArrayView name)
{
    m_field.reserve(128);
    m_field.append(name.data(), name.size());
    m_field.append(':');
}

void HeaderWriter::addToken(QByteArrayView token, bool spaceBefore)
{
    const qsizetype lineLength = m_field.size() - m_lineStart;
    // The first token always follows "Name: " on the first line; a fold there would
    // leave the field name alone on a line, which some parsers mishandle.
    if (m_empty) {
        m_field.append(' ');
    } else if (spaceBefore) {
        // Never fold before an empty token: a line of only whitespace is forbidden
        // (RFC 5322 §3.2.2).
        if (!token.isEmpty() && lineLength + 1 + token.size() > kFoldColumn) {
            m_field.append("\r\n", 2);
            m_lineStart = m_field.size();
        }
        m_field.append(' ');
    }
    m_field.append(token.data(), token.size());
    m_empty = false;
}

qsizetype HeaderWriter::remainingOnLine() const
{
    // The separating space before the next token is counted as used.
    return kFoldColumn - (m_field.size() - m_lineStart) - 1;
}

QByteArray HeaderWriter::finish()
{
    if (m_empty)
        m_field.append(' ');
    m_field.append("\r\n", 2);
    return std::move(m_field);
}

} // namespace Postroom::Mime
