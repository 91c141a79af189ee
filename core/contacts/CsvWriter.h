#pragma once

#include <QIODevice>
#include <QString>
#include <QStringList>

namespace Postroom::Contacts {

/**
 * Writes RFC 4180 CSV in UTF-8 with CRLF record ends: a field is quoted when it holds
 * the delimiter, a quote, CR or LF, and quotes are doubled (RFC 4180 §2.6–2.7).
 * With formula protection on, a cell starting with = + - @ TAB or CR gets a leading
 * apostrophe so spreadsheets do not evaluate it (OWASP "CSV injection").
 */
class CsvWriter
{
public:
    explicit CsvWriter(QIODevice* device, QChar delimiter = QLatin1Char(','),
                       bool protectFormulas = true);

    /** Writes an UTF-8 byte order mark (Excel needs one to read UTF-8). */
    void writeBom();
    /** Writes one record. */
    void writeRow(const QStringList& fields);
    /** False once a write to the device failed. */
    bool ok() const { return m_ok; }

    /** The cell as written (quoted and protected as needed), without the delimiter. */
    static QString encodeField(const QString& field, QChar delimiter, bool protectFormulas);

private:
    QIODevice* m_device;
    QChar m_delimiter;
    bool m_protectFormulas;
    bool m_ok = true;
    QByteArray m_line;
};

} // namespace Postroom::Contacts
