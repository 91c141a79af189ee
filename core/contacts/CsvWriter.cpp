#include "core/contacts/CsvWriter.h"

namespace Postroom::Contacts {

CsvWriter::CsvWriter(QIODevice* device, QChar delimiter, bool protectFormulas)
    : m_device(device), m_delimiter(delimiter), m_protectFormulas(protectFormulas)
{
}

void CsvWriter::writeBom()
{
    if (m_ok && m_device->write("\xEF\xBB\xBF", 3) != 3)
        m_ok = false;
}

QString CsvWriter::encodeField(const QString& field, QChar delimiter, bool protectFormulas)
{
    QString cell = field;
    if (protectFormulas && !cell.isEmpty()) {
        const char16_t first = cell.front().unicode();
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' ||
            first == u'\r')
            cell.prepend(QLatin1Char('\''));
    }
    bool quote = false;
    for (QChar c : std::as_const(cell)) {
        if (c == delimiter || c == u'"' || c == u'\r' || c == u'\n') {
            quote = true;
            break;
        }
    }
    if (!quote)
        return cell;
    cell.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + cell + QLatin1Char('"');
}

void CsvWriter::writeRow(const QStringList& fields)
{
    if (!m_ok)
        return;
    m_line.clear();
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            m_line.append(QString(m_delimiter).toUtf8());
        m_line.append(encodeField(fields[i], m_delimiter, m_protectFormulas).toUtf8());
    }
    m_line.append("\r\n");
    if (m_device->write(m_line) != m_line.size())
        m_ok = false;
}

} // namespace Postroom::Contacts
