// libFuzzer target for the CSV reader (and what the importer runs on each field): any
// bytes, any options, must neither crash nor break the reader's promises. Built and run
// by run-csv-fuzz.sh only; not part of the CTest run.

#include "core/contacts/ColumnMapping.h"
#include "core/contacts/CsvReader.h"
#include "core/contacts/EmailAddress.h"

#include <QBuffer>

#include <cstdint>
#include <cstdlib>

using namespace Postroom::Contacts;

namespace {

struct Parsed
{
    QList<CsvRecord> records;
    bool replacement = false; ///< a U+FFFD was produced (decoders may split those differently)
};

Parsed readAll(const QByteArray& bytes, const CsvReader::Options& options)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, options);
    Parsed parsed;
    if (!reader.start())
        return parsed;
    CsvRecord record;
    qint64 lastLine = 0;
    while (reader.next(record)) {
        // Records start on increasing physical lines and stay inside the limits.
        if (record.line < 1 || record.line <= lastLine)
            abort();
        lastLine = record.line;
        if (record.fields.size() > options.maxFields)
            abort();
        qsizetype chars = 0;
        for (const QString& field : std::as_const(record.fields)) {
            chars += field.size();
            if (field.contains(QChar(0)))
                abort(); // NUL never reaches a caller
            parsed.replacement = parsed.replacement || field.contains(QChar::ReplacementCharacter);
        }
        if (chars > options.maxRecordChars)
            abort();
        if (reader.bytesConsumed() > bytes.size())
            abort();
        parsed.records.append(record);
    }
    if (reader.bytesConsumed() != bytes.size())
        abort(); // everything was read
    return parsed;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    // Byte 0 picks the options, byte 1 the read size; the rest is the file.
    static const char* const encodings[] = {"",         "",         "",        "UTF-8",
                                            "UTF-16LE", "UTF-16BE", "GB18030", "windows-1252"};
    static const char16_t delimiters[] = {0, 0, u',', u';', u'\t', u'|', u'"', u'\n'};
    const uint8_t pick = data[0];
    CsvReader::Options options;
    options.encoding = QString::fromLatin1(encodings[pick & 7]);
    options.delimiter = QChar(delimiters[(pick >> 3) & 7]);
    if (pick & 0x40) {
        options.maxRecordChars = 16;
        options.maxFields = 3;
    }
    const QByteArray bytes(reinterpret_cast<const char*>(data) + 2, qsizetype(size) - 2);

    options.readChunkBytes = 1 + (data[1] & 31);
    const Parsed small = readAll(bytes, options);
    options.readChunkBytes = 64 * 1024;
    const Parsed whole = readAll(bytes, options);
    // Where decoding was clean, how the bytes arrived must not change what was read.
    if (!small.replacement && !whole.replacement) {
        if (small.records.size() != whole.records.size())
            abort();
        for (qsizetype i = 0; i < small.records.size(); ++i) {
            const CsvRecord& a = small.records[i];
            const CsvRecord& b = whole.records[i];
            if (a.fields != b.fields || a.line != b.line || a.problem != b.problem)
                abort();
        }
    }

    // What the importer does next with the fields.
    if (!whole.records.isEmpty()) {
        const ColumnMapping mapping = ColumnMapping::guess(whole.records.first().fields);
        (void)mapping.validate();
        for (const CsvRecord& record : whole.records) {
            for (const QString& field : record.fields) {
                const auto address = EmailAddress::parse(field);
                if (address) {
                    // A valid address never carries a line break or control character.
                    for (QChar c : address->ascii()) {
                        if (c.unicode() < 0x21 || c.unicode() > 0x7E)
                            abort();
                    }
                    if (address->ascii().size() > 254)
                        abort();
                }
            }
        }
    }
    return 0;
}
