#include "core/contacts/CsvReader.h"

#include <array>
#include <utility>

namespace Postroom::Contacts {
namespace {

constexpr qint64 kSampleBytes = 1024 * 1024;
constexpr int kSniffRecords = 20;

// Counts well-formed multi-byte UTF-8 sequences and malformed ones (RFC 3629 §4),
// tolerating a sequence cut off by the end of the sample.
struct Utf8Scan
{
    qint64 multiByte = 0;
    qint64 invalid = 0;
};

// Qt 6.4's multi-byte decoders (UTF-8 and GB18030 at least), fed a sequence in two
// calls, drop the byte after it when it turns out malformed: a line break could vanish.
// In these encodings a byte below 0x30 (line breaks, comma, space, quotes) is never part
// of a multi-byte sequence, so the reader feeds a decoder up to such a byte only.
bool hasMultiByteSequences(const QString& encoding)
{
    static const QStringList names = {
        QStringLiteral("UTF-8"),      QStringLiteral("GB18030"),   QStringLiteral("Big5"),
        QStringLiteral("Big5-HKSCS"), QStringLiteral("Shift_JIS"), QStringLiteral("EUC-JP"),
        QStringLiteral("EUC-KR"),     QStringLiteral("KSC_5601"),  QStringLiteral("cp949"),
    };
    return names.contains(encoding);
}

constexpr qsizetype kMaxHeldBackBytes = 1024 * 1024;

/** Where @p bytes may be cut between two decoder calls: after its last byte below 0x30. */
qsizetype safeCut(QByteArrayView bytes)
{
    for (qsizetype i = bytes.size(); i > 0; --i) {
        if (uchar(bytes[i - 1]) < 0x30)
            return i;
    }
    return 0;
}

// How many bytes at the end of @p bytes start a UTF-8 sequence left incomplete (0 to 3).
qsizetype incompleteUtf8Tail(QByteArrayView bytes)
{
    for (qsizetype back = 1; back <= std::min<qsizetype>(3, bytes.size()); ++back) {
        const uchar c = uchar(bytes[bytes.size() - back]);
        if ((c & 0xC0) == 0x80)
            continue; // a continuation byte: the lead is further back
        const qsizetype length = c >= 0xF8 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return length > back ? back : 0;
    }
    return 0;
}

Utf8Scan scanUtf8(const QByteArray& bytes)
{
    Utf8Scan scan;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0; // overlong
            else if (c == 0xED)
                high = 0x9F; // surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F;
        } else {
            ++scan.invalid;
            ++i;
            continue;
        }
        if (i + length > n) { // cut by the sample's end
            if (n == kSampleBytes)
                break;
            ++scan.invalid;
            break;
        }
        bool good = p[i + 1] >= low && p[i + 1] <= high;
        for (int k = 2; good && k < length; ++k)
            good = p[i + k] >= 0x80 && p[i + k] <= 0xBF;
        if (good) {
            ++scan.multiByte;
            i += length;
        } else {
            ++scan.invalid;
            ++i;
        }
    }
    return scan;
}

// GB18030 byte structure: ASCII, two-byte (lead 81–FE, trail 40–7E/80–FE) and four-byte
// (81–FE 30–39 81–FE 30–39) sequences. Returns the share of two-byte pairs inside the
// GB2312 block (both bytes A1–FE), which real Chinese text is almost entirely made of
// and Latin-1 text, whose accented letters are followed by ASCII, almost never is.
std::optional<double> gb2312Share(const QByteArray& bytes)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype n = bytes.size();
    qint64 pairs = 0;
    qint64 gb2312 = 0;
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c == 0x80 || c == 0xFF)
            return std::nullopt;
        if (i + 1 >= n)
            break; // cut by the sample's end
        const unsigned char t = p[i + 1];
        if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) {
            ++pairs;
            if (c >= 0xA1 && t >= 0xA1)
                ++gb2312;
            i += 2;
        } else if (t >= 0x30 && t <= 0x39) {
            if (i + 3 >= n)
                break;
            if (p[i + 2] < 0x81 || p[i + 2] > 0xFE || p[i + 3] < 0x30 || p[i + 3] > 0x39)
                return std::nullopt;
            i += 4;
        } else {
            return std::nullopt;
        }
    }
    if (pairs == 0)
        return std::nullopt;
    return double(gb2312) / double(pairs);
}

// Excel's "Unicode text" has a BOM, but other tools write UTF-16 without one: then
// nearly every other byte of mostly-ASCII text is zero.
QString utf16WithoutBom(const QByteArray& bytes)
{
    const qsizetype n = std::min<qsizetype>(bytes.size(), 4096) & ~qsizetype(1);
    if (n < 4)
        return {};
    qsizetype evenZeros = 0;
    qsizetype oddZeros = 0;
    for (qsizetype i = 0; i < n; i += 2) {
        evenZeros += bytes[i] == 0;
        oddZeros += bytes[i + 1] == 0;
    }
    const qsizetype pairs = n / 2;
    if (oddZeros * 10 >= pairs * 7 && evenZeros * 10 <= pairs)
        return QStringLiteral("UTF-16LE");
    if (evenZeros * 10 >= pairs * 7 && oddZeros * 10 <= pairs)
        return QStringLiteral("UTF-16BE");
    return {};
}

std::unique_ptr<QStringDecoder> makeDecoder(const QString& name)
{
    static const std::array<std::pair<const char*, QStringConverter::Encoding>, 7> builtIn = {{
        {"UTF-8", QStringConverter::Utf8},
        {"UTF-16", QStringConverter::Utf16},
        {"UTF-16LE", QStringConverter::Utf16LE},
        {"UTF-16BE", QStringConverter::Utf16BE},
        {"UTF-32", QStringConverter::Utf32},
        {"UTF-32LE", QStringConverter::Utf32LE},
        {"UTF-32BE", QStringConverter::Utf32BE},
    }};
    for (const auto& [label, encoding] : builtIn) {
        if (name == QLatin1String(label))
            return std::make_unique<QStringDecoder>(encoding);
    }
    auto decoder = std::make_unique<QStringDecoder>(name.toLatin1().constData());
    if (!decoder->isValid())
        return nullptr;
    return decoder;
}

} // namespace

CsvReader::CsvReader(QIODevice* device) : CsvReader(device, Options{}) {}

CsvReader::CsvReader(QIODevice* device, Options options)
    : m_device(device), m_options(std::move(options))
{
}

CsvReader::~CsvReader() = default;

QString CsvReader::canonicalEncodingName(const QString& name)
{
    const QString lower = name.trimmed().toLower().remove(QLatin1Char('_'));
    if (lower.isEmpty())
        return {};
    struct Alias
    {
        const char* alias;
        const char* canonical;
    };
    // GBK and GB2312 are subsets of GB18030, so one decoder reads all three.
    static const Alias aliases[] = {
        {"utf8", "UTF-8"},
        {"utf-8", "UTF-8"},
        {"utf-8-sig", "UTF-8"},
        {"utf16", "UTF-16"},
        {"utf-16", "UTF-16"},
        {"utf16le", "UTF-16LE"},
        {"utf-16le", "UTF-16LE"},
        {"utf16be", "UTF-16BE"},
        {"utf-16be", "UTF-16BE"},
        {"ucs-2", "UTF-16"},
        {"unicode", "UTF-16"},
        {"utf32", "UTF-32"},
        {"utf-32", "UTF-32"},
        {"utf-32le", "UTF-32LE"},
        {"utf-32be", "UTF-32BE"},
        {"gb18030", "GB18030"},
        {"gbk", "GB18030"},
        {"gb2312", "GB18030"},
        {"cp936", "GB18030"},
        {"windows-936", "GB18030"},
        {"euc-cn", "GB18030"},
        {"cp1252", "windows-1252"},
        {"windows-1252", "windows-1252"},
    };
    for (const Alias& alias : aliases) {
        if (lower == QLatin1String(alias.alias))
            return QString::fromLatin1(alias.canonical);
    }
    const QStringDecoder probe(name.trimmed().toLatin1().constData());
    if (!probe.isValid())
        return {};
    const char* canonical = probe.name();
    return canonical ? QString::fromLatin1(canonical) : name.trimmed();
}

QString CsvReader::detectEncoding(const QByteArray& sample)
{
    const auto starts = [&sample](std::initializer_list<unsigned char> bom) {
        if (sample.size() < qsizetype(bom.size()))
            return false;
        qsizetype i = 0;
        for (unsigned char b : bom) {
            if (static_cast<unsigned char>(sample[i++]) != b)
                return false;
        }
        return true;
    };
    if (starts({0xEF, 0xBB, 0xBF}))
        return QStringLiteral("UTF-8");
    if (starts({0xFF, 0xFE, 0x00, 0x00}))
        return QStringLiteral("UTF-32LE");
    if (starts({0x00, 0x00, 0xFE, 0xFF}))
        return QStringLiteral("UTF-32BE");
    if (starts({0xFF, 0xFE}))
        return QStringLiteral("UTF-16LE");
    if (starts({0xFE, 0xFF}))
        return QStringLiteral("UTF-16BE");
    if (const QString utf16 = utf16WithoutBom(sample); !utf16.isEmpty())
        return utf16;

    // A few stray bytes in an otherwise UTF-8 file are reported row by row rather than
    // turning the whole file into mojibake.
    const Utf8Scan utf8 = scanUtf8(sample);
    if (utf8.invalid == 0 || utf8.multiByte > 20 * utf8.invalid)
        return QStringLiteral("UTF-8");
    if (const auto share = gb2312Share(sample); share && *share >= 0.5)
        return QStringLiteral("GB18030");
    return QStringLiteral("windows-1252");
}

QChar CsvReader::sniffDelimiter(QStringView text)
{
    static const char16_t candidates[] = {u',', u';', u'\t', u'|'};
    QChar best = QLatin1Char(',');
    double bestRatio = -1;
    qsizetype bestFields = 1;
    for (char16_t delimiter : candidates) {
        QList<qsizetype> counts;
        qsizetype fields = 1;
        bool quoted = false;
        bool blankLine = true;
        for (qsizetype i = 0; i < text.size() && counts.size() < kSniffRecords; ++i) {
            const char16_t c = text[i].unicode();
            if (c == u'"') {
                quoted = !quoted;
                blankLine = false;
            } else if (quoted) {
                continue;
            } else if (c == delimiter) {
                ++fields;
                blankLine = false;
            } else if (c == u'\n' || c == u'\r') {
                if (!blankLine)
                    counts.append(fields);
                fields = 1;
                blankLine = true;
            } else {
                blankLine = false;
            }
        }
        if (!blankLine && counts.size() < kSniffRecords && !quoted)
            counts.append(fields);
        if (counts.isEmpty() || counts.first() < 2)
            continue;
        const qsizetype header = counts.first();
        qsizetype consistent = 0;
        for (qsizetype i = 1; i < counts.size(); ++i)
            consistent += counts[i] == header;
        const double ratio =
            counts.size() > 1 ? double(consistent) / double(counts.size() - 1) : 1.0;
        if (ratio > bestRatio || (ratio == bestRatio && header > bestFields)) {
            best = QChar(delimiter);
            bestRatio = ratio;
            bestFields = header;
        }
    }
    return best;
}

Result<void> CsvReader::start()
{
    if (m_started)
        return {};
    if (!m_device || !m_device->isReadable())
        return makeError(ErrorCode::Io, tr("The file is not open for reading."));
    // The sample is read (not peeked) so that pipes work too; next() decodes it first.
    // It grows in steps, so a small file does not cost a megabyte.
    while (m_sample.size() < kSampleBytes) {
        const qsizetype used = m_sample.size();
        const qint64 step = std::min<qint64>(64 * 1024, kSampleBytes - used);
        m_sample.resize(used + step);
        qint64 got = m_device->read(m_sample.data() + used, step);
        if (got == 0 && m_device->isSequential() && m_device->waitForReadyRead(30000))
            got = m_device->read(m_sample.data() + used, step);
        m_sample.resize(used + std::max<qint64>(got, 0));
        if (got <= 0)
            break;
    }
    const QByteArray& sample = m_sample;

    const QString requested = m_options.encoding.trimmed();
    if (requested.isEmpty() || requested.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0) {
        m_encodingName = detectEncoding(sample);
        m_encodingDetected = true;
    } else {
        m_encodingName = canonicalEncodingName(requested);
        if (m_encodingName.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             tr("Unknown encoding \"%1\".").arg(requested.left(64)));
    }
    m_decoder = makeDecoder(m_encodingName);
    m_cutBetweenCharacters = hasMultiByteSequences(m_encodingName);
    if (!m_decoder)
        return makeError(ErrorCode::InvalidInput,
                         tr("Unknown encoding \"%1\".").arg(m_encodingName.left(64)));

    if (m_options.delimiter.isNull()) {
        auto sniffer = makeDecoder(m_encodingName);
        // The delimiter shows in the first records; 64 KiB of text holds plenty of them.
        const QString text =
            sniffer->decode(sample.first(std::min<qsizetype>(sample.size(), 64 * 1024)));
        m_delimiter = sniffDelimiter(text);
        m_delimiterDetected = true;
    } else {
        m_delimiter = m_options.delimiter;
    }
    m_started = true;
    return {};
}

qint64 CsvReader::bytesTotal() const
{
    return m_device && !m_device->isSequential() ? m_device->size() : -1;
}

bool CsvReader::fillBuffer()
{
    if (m_eof || !m_device)
        return false;
    if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    const QByteArrayView bytes = readBytes();
    if (bytes.isEmpty()) { // the end of the file
        if (m_heldBack.isEmpty())
            return false;
        decodeLast(std::exchange(m_heldBack, QByteArray()));
        return true;
    }
    m_bytesConsumed += bytes.size();
    if (!m_cutBetweenCharacters) {
        decode(bytes);
    } else if (const qsizetype cut = safeCut(bytes); cut == 0) {
        // No line break, comma or space in a megabyte is no CSV file: decode it as it is
        // rather than hold it all.
        m_heldBack.append(bytes);
        if (m_heldBack.size() >= kMaxHeldBackBytes)
            decode(std::exchange(m_heldBack, QByteArray()));
    } else if (m_heldBack.isEmpty()) {
        decode(bytes.first(cut));
        m_heldBack = bytes.sliced(cut).toByteArray();
    } else {
        decode(std::exchange(m_heldBack, bytes.sliced(cut).toByteArray()).append(bytes.first(cut)));
    }
    if (!m_sample.isEmpty() && m_sampleUsed == m_sample.size()) {
        m_sample = QByteArray(); // the views above pointed into it; decoded now
        m_sampleUsed = 0;
    }
    return true;
}

void CsvReader::decode(QByteArrayView bytes)
{
    const qsizetype used = m_buffer.size();
    m_buffer.resize(used + m_decoder->requiredSpace(bytes.size()));
    QChar* end = m_decoder->appendToBuffer(m_buffer.data() + used, bytes);
    m_buffer.truncate(end - m_buffer.constData());
    if (m_decoder->hasError())
        m_sawDecodeError = true;
}

void CsvReader::decodeLast(QByteArrayView bytes)
{
    // A UTF-8 sequence the file cuts short is one U+FFFD. (Qt's decoder would keep it
    // pending, and so lose it without a word.)
    const qsizetype cutShort =
        m_encodingName == QLatin1String("UTF-8") ? incompleteUtf8Tail(bytes) : 0;
    decode(bytes.chopped(cutShort));
    if (cutShort > 0) {
        m_buffer.append(QChar::ReplacementCharacter);
        m_sawDecodeError = true;
    }
}

QByteArrayView CsvReader::readBytes()
{
    QByteArrayView bytes;
    if (m_sampleUsed < m_sample.size()) {
        bytes = QByteArrayView(m_sample).sliced(
            m_sampleUsed, std::min<qsizetype>(std::max<qint64>(1, m_options.readChunkBytes),
                                              m_sample.size() - m_sampleUsed));
        m_sampleUsed += bytes.size();
    } else {
        const qint64 chunkBytes = std::max<qint64>(1, m_options.readChunkBytes);
        m_chunk.resize(chunkBytes);
        qint64 got = m_device->read(m_chunk.data(), chunkBytes);
        if (got == 0 && m_device->isSequential() && m_device->waitForReadyRead(30000))
            got = m_device->read(m_chunk.data(), chunkBytes);
        if (got <= 0) {
            m_eof = true;
            return {};
        }
        bytes = QByteArrayView(m_chunk.constData(), got);
    }
    return bytes;
}

bool CsvReader::ensure(qsizetype chars)
{
    while (m_buffer.size() - m_pos < chars) {
        if (!fillBuffer())
            return m_buffer.size() - m_pos >= chars;
    }
    return true;
}

void CsvReader::flag(CsvRecord& record, CsvProblem problem)
{
    if (record.problem == CsvProblem::None)
        record.problem = problem;
}

void CsvReader::append(const QChar* begin, qsizetype length, CsvRecord& record)
{
    if (length <= 0)
        return;
    const qsizetype room = m_options.maxRecordChars - m_recordChars;
    m_recordChars += length;
    if (length > room) {
        flag(record, CsvProblem::RecordTooLong);
        if (room > 0)
            m_field.append(begin, room);
        return;
    }
    m_field.append(begin, length);
}

void CsvReader::finishField(CsvRecord& record)
{
    if (record.fields.size() >= m_options.maxFields) {
        flag(record, CsvProblem::TooManyFields);
    } else {
        if (m_sawDecodeError && m_field.contains(QChar::ReplacementCharacter))
            flag(record, CsvProblem::InvalidEncoding);
        record.fields.append(std::move(m_field));
    }
    m_field = QString();
}

bool CsvReader::next(CsvRecord& record)
{
    record.fields.clear();
    record.problem = CsvProblem::None;
    if (!m_started && !start())
        return false;

    // Blank lines between records are skipped (Excel leaves them at the end).
    for (;;) {
        if (!ensure(1))
            return false;
        const char16_t c = m_buffer[m_pos].unicode();
        if (c == u'\n') {
            ++m_pos;
            ++m_line;
        } else if (c == u'\r') {
            ++m_pos;
            if (ensure(1) && m_buffer[m_pos] == u'\n')
                ++m_pos;
            ++m_line;
        } else {
            break;
        }
    }

    record.line = m_line;
    m_field.clear();
    m_recordChars = 0;
    const char16_t delimiter = m_delimiter.unicode();
    State state = State::FieldStart;
    for (;;) {
        if (!ensure(1)) {
            if (state == State::Quoted)
                flag(record, CsvProblem::UnterminatedQuote);
            finishField(record);
            return true;
        }
        const QChar* data = m_buffer.constData();
        const qsizetype size = m_buffer.size();
        if (state == State::FieldStart) {
            if (data[m_pos] == u'"') {
                ++m_pos;
                state = State::Quoted;
                continue;
            }
            state = State::Unquoted;
        }
        if (state == State::Quoted) {
            const qsizetype start = m_pos;
            char16_t c = 0;
            while (m_pos < size) {
                c = data[m_pos].unicode();
                if (c == u'"' || c == u'\r' || c == u'\n' || c == 0)
                    break;
                ++m_pos;
            }
            append(data + start, m_pos - start, record);
            if (m_pos == size)
                continue;
            if (c == u'"') {
                // RFC 4180 §2.7: a doubled quote inside a quoted field is one quote.
                if (ensure(2) && m_buffer[m_pos + 1] == u'"') {
                    append(m_buffer.constData() + m_pos, 1, record);
                    m_pos += 2;
                } else {
                    ++m_pos;
                    state = State::AfterQuote;
                }
            } else if (c == 0) {
                flag(record, CsvProblem::NulCharacter);
                ++m_pos;
            } else {
                // A line break inside quotes is data (RFC 4180 §2.6) and still a physical line.
                static const QChar crlf[] = {QLatin1Char('\r'), QLatin1Char('\n')};
                ++m_pos;
                if (c == u'\r' && ensure(1) && m_buffer[m_pos] == u'\n') {
                    append(crlf, 2, record);
                    ++m_pos;
                } else {
                    append(c == u'\r' ? crlf : crlf + 1, 1, record);
                }
                ++m_line;
            }
            continue;
        }

        // Unquoted text, or text after a closing quote ("a"b): kept as written, the way
        // spreadsheet programs read it, rather than rejecting the row.
        const qsizetype start = m_pos;
        char16_t c = 0;
        while (m_pos < size) {
            c = data[m_pos].unicode();
            if (c == delimiter || c == u'\r' || c == u'\n' || c == 0)
                break;
            ++m_pos;
        }
        append(data + start, m_pos - start, record);
        if (m_pos == size)
            continue;
        ++m_pos;
        if (c == delimiter) {
            finishField(record);
            state = State::FieldStart;
        } else if (c == 0) {
            flag(record, CsvProblem::NulCharacter);
        } else {
            if (c == u'\r' && ensure(1) && m_buffer[m_pos] == u'\n')
                ++m_pos;
            ++m_line;
            finishField(record);
            return true;
        }
    }
}

QString CsvReader::describe(CsvProblem problem)
{
    switch (problem) {
    case CsvProblem::None:
        return {};
    case CsvProblem::UnterminatedQuote:
        return tr("A quoted field is not closed before the end of the file.");
    case CsvProblem::RecordTooLong:
        return tr("The row is too long (over a million characters).");
    case CsvProblem::TooManyFields:
        return tr("The row has too many columns.");
    case CsvProblem::NulCharacter:
        return tr("The row contains a NUL byte.");
    case CsvProblem::InvalidEncoding:
        return tr("The row contains bytes that are not valid in the file's encoding.");
    }
    return {};
}

} // namespace Postroom::Contacts
