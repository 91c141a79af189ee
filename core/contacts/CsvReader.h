#pragma once

#include "core/common/Result.h"
#include "core/contacts/CsvRecord.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QIODevice>
#include <QString>
#include <QStringDecoder>

#include <memory>

namespace Postroom::Contacts {

/**
 * A streaming CSV reader (RFC 4180 §2, read leniently): quoted fields may hold the
 * delimiter, doubled quotes and line breaks; records end at CRLF, LF or a lone CR.
 * It reads the device in chunks, so memory stays bounded whatever the file size: a field
 * longer than the limits is truncated and its record flagged, never loaded whole.
 *
 * Encoding "auto" detects UTF-8 (with or without BOM), UTF-16/32 LE/BE with a BOM and
 * GB18030/GBK (Excel on Chinese Windows) from the first megabyte; any other name goes
 * to QStringDecoder (ICU on Debian's Qt: windows-1252, Shift_JIS, Big5, …).
 * Delimiter "auto" picks comma, semicolon, tab or pipe from the header and first rows.
 *
 * Usage: construct, call start() once, then next() until it returns false.
 */
class CsvReader
{
    Q_DECLARE_TR_FUNCTIONS(CsvReader)

public:
    struct Options
    {
        QString encoding; ///< empty or "auto" to detect; else a codec name
        QChar delimiter;  ///< null to sniff; else ',', ';', '\t', '|' or any other
        qsizetype maxRecordChars = 1 << 20; ///< characters kept per record before truncating
        int maxFields = 4096;               ///< fields kept per record
        qint64 readChunkBytes = 64 * 1024;  ///< bytes per device read (tests use tiny ones)
    };

    explicit CsvReader(QIODevice* device);
    CsvReader(QIODevice* device, Options options);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    /**
     * Detects (or sets up) the encoding and delimiter. Fails when the device cannot be
     * read or the encoding name is unknown. The device must be open for reading.
     */
    Result<void> start();

    /** Reads the next record into @p record; false at the end of the input. */
    bool next(CsvRecord& record);

    /** The canonical name of the encoding in use, e.g. "UTF-8", "GB18030", "UTF-16LE". */
    QString encodingName() const { return m_encodingName; }
    /** True when start() detected the encoding (rather than being told). */
    bool encodingDetected() const { return m_encodingDetected; }
    /** The delimiter in use. */
    QChar delimiter() const { return m_delimiter; }
    bool delimiterDetected() const { return m_delimiterDetected; }

    /** Bytes read from the device so far (for progress; may run ahead of records). */
    qint64 bytesConsumed() const { return m_bytesConsumed; }
    /** The device's size, or -1 for a sequential device. */
    qint64 bytesTotal() const;

    /** A user-facing sentence for @p problem. */
    static QString describe(CsvProblem problem);

    /** The canonical name for @p name ("gbk" → "GB18030", "utf8" → "UTF-8"), empty if unknown. */
    static QString canonicalEncodingName(const QString& name);

    /**
     * Detects the encoding of @p sample (the start of a file): a BOM, else valid UTF-8,
     * else GB18030 when the bytes read as Chinese text, else windows-1252.
     */
    static QString detectEncoding(const QByteArray& sample);

    /** Picks the delimiter that splits the first records of @p text most consistently. */
    static QChar sniffDelimiter(QStringView text);

private:
    enum class State
    {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
    };

    bool fillBuffer();
    QByteArrayView readBytes();
    void decode(QByteArrayView bytes);
    void decodeLast(QByteArrayView bytes);
    bool ensure(qsizetype chars);
    void append(const QChar* begin, qsizetype length, CsvRecord& record);
    void finishField(CsvRecord& record);
    void flag(CsvRecord& record, CsvProblem problem);

    QIODevice* m_device;
    Options m_options;
    std::unique_ptr<QStringDecoder> m_decoder;
    QString m_encodingName;
    QChar m_delimiter;
    bool m_encodingDetected = false;
    bool m_delimiterDetected = false;
    bool m_started = false;
    bool m_eof = false;
    bool m_sawDecodeError = false;

    QString m_buffer; ///< decoded text; parsing starts at m_pos
    qsizetype m_pos = 0;
    QString m_field; ///< the field being assembled
    qsizetype m_recordChars = 0;
    qint64 m_line = 1; ///< physical line at m_pos
    qint64 m_bytesConsumed = 0;
    QByteArray m_chunk;
    QByteArray m_heldBack; ///< read but not decoded yet: it may end inside a character
    bool m_cutBetweenCharacters = false; ///< see hasMultiByteSequences()
    QByteArray m_sample; ///< the start of the file, read for detection, decoded first
    qsizetype m_sampleUsed = 0;
};

} // namespace Postroom::Contacts
