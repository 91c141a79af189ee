#include "core/mime/TransferEncoding.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace Postroom::Mime {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr qsizetype kQpLine = 75;          // characters before a soft break's '='
constexpr qsizetype kBase64LineBytes = 57; // 57 bytes -> 76 characters

// 1 when the byte stands for itself in quoted-printable (RFC 2045 §6.7 rule 2).
constexpr auto kQpLiteral = [] {
    std::array<unsigned char, 256> table{};
    for (int c = 33; c <= 126; ++c)
        table[c] = 1;
    table['='] = 0;
    return table;
}();

// The same plus space and tab: bytes the fast path may copy (trailing whitespace aside).
constexpr auto kQpPlain = [] {
    auto table = kQpLiteral;
    table[' '] = 1;
    table['\t'] = 1;
    return table;
}();

// True when none of the 8 bytes at @p p needs escaping: no control byte (tab included,
// left to the byte loop), nothing above '~', no '='. Word-at-a-time tests, each exact
// about whether any byte matches: the QP bodies are the largest part of building a
// message, and almost all of them is plain ASCII.
bool plainWord(const unsigned char* p)
{
    constexpr quint64 kOnes = 0x0101010101010101ULL;
    constexpr quint64 kHighs = 0x8080808080808080ULL;
    quint64 x;
    std::memcpy(&x, p, 8);
    const quint64 below32 = (x - kOnes * 0x20) & ~x & kHighs;
    const quint64 above126 = ((x + kOnes * (127 - 126)) | x) & kHighs;
    const quint64 eq = x ^ (kOnes * '=');
    const quint64 equals = (eq - kOnes) & ~eq & kHighs;
    return (below32 | above126 | equals) == 0;
}

// RFC 2045 §2.7 and RFC 5322 §2.1.1: no NUL and no line over 998 octets. A bare CR is
// counted inside its line (it becomes a break later, so lines only get shorter). No
// "=_" either: multipart boundaries start with it (MessageComposer), and neither
// quoted-printable nor base64 can produce it, so no body can ever close its part.
bool fitsSevenBit(QByteArrayView text)
{
    constexpr qsizetype kMaxLine = 998;
    if (text.isEmpty())
        return true; // (memchr must not see the null pointer of an empty view)
    const char* data = text.data();
    const char* const end = data + text.size();
    const auto next = [end](const char* from, char c) {
        return static_cast<const char*>(std::memchr(from, c, size_t(end - from)));
    };
    if (next(data, '\0'))
        return false;
    // From one '_' to the next: HTML has an '=' in every attribute, '_' is rarer.
    for (const char* underscore = next(data, '_'); underscore;
         underscore = next(underscore + 1, '_')) {
        if (underscore > data && underscore[-1] == '=')
            return false;
    }
    for (const char* line = data; line < end;) {
        const char* lf = next(line, '\n');
        const char* lineEnd = lf ? lf : end;
        if (lineEnd - line - (lineEnd > line && lineEnd[-1] == '\r') > kMaxLine)
            return false;
        line = lineEnd + 1;
    }
    return true;
}

} // namespace

TransferEncoding TransferEncoder::choose(QByteArrayView text)
{
    // QP adds two octets per escaped byte, base64 a third of everything; the escaped
    // bytes that matter are the non-ASCII ones, counted eight at a time.
    const qsizetype n = text.size();
    const char* data = text.data();
    qsizetype highBytes = 0;
    qsizetype i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 word;
        std::memcpy(&word, data + i, 8);
        // One bit per byte with the high bit set, summed by the multiply into the top byte.
        const quint64 high = (word >> 7) & 0x0101010101010101ULL;
        highBytes += qsizetype((high * 0x0101010101010101ULL) >> 56);
    }
    for (; i < n; ++i)
        highBytes += (static_cast<unsigned char>(data[i]) & 0x80) != 0;
    if (highBytes == 0 && fitsSevenBit(text))
        return TransferEncoding::SevenBit;
    return highBytes * 2 * 3 <= n ? TransferEncoding::QuotedPrintable : TransferEncoding::Base64;
}

QByteArrayView TransferEncoder::name(TransferEncoding encoding)
{
    switch (encoding) {
    case TransferEncoding::SevenBit:
        return "7bit";
    case TransferEncoding::QuotedPrintable:
        return "quoted-printable";
    case TransferEncoding::Base64:
        break;
    }
    return "base64";
}

void TransferEncoder::appendQuotedPrintable(QByteArrayView text, QByteArray& out)
{
    const qsizetype n = text.size();
    const qsizetype start = out.size();
    // Worst case: every byte escaped (3), a 3-octet soft break per 73 output characters.
    out.resize(start + 3 * n + n / 8 + 8);
    const auto* in = reinterpret_cast<const unsigned char*>(text.data());
    char* const base = out.data();
    char* o = base + start;
    char* lineStart = o;
    qsizetype i = 0;
    while (i < n) {
        // Fast path: copy the run of bytes that stand for themselves and fit the line.
        const qsizetype limit = std::min(n, i + (kQpLine - (o - lineStart)));
        qsizetype j = i;
        while (j + 8 <= limit && plainWord(in + j))
            j += 8;
        while (j < limit && kQpPlain[in[j]])
            ++j;
        // Whitespace right before a line break or the end must be encoded (rule 3).
        if (j > i && (j == n || in[j] == '\r' || in[j] == '\n') &&
            (in[j - 1] == ' ' || in[j - 1] == '\t'))
            --j;
        std::memcpy(o, in + i, size_t(j - i));
        o += j - i;
        i = j;
        if (i >= n)
            break;

        const unsigned char c = in[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < n && in[i + 1] == '\n')
                ++i;
            *o++ = '\r';
            *o++ = '\n';
            lineStart = o;
            ++i;
            continue;
        }
        bool literal = kQpLiteral[c];
        if (c == ' ' || c == '\t')
            literal = i + 1 < n && in[i + 1] != '\r' && in[i + 1] != '\n';
        const qsizetype width = literal ? 1 : 3;
        if ((o - lineStart) + width > kQpLine) {
            *o++ = '=';
            *o++ = '\r';
            *o++ = '\n';
            lineStart = o;
        }
        if (literal) {
            *o++ = char(c);
        } else {
            *o++ = '=';
            *o++ = kHex[c >> 4];
            *o++ = kHex[c & 0xF];
        }
        ++i;
    }
    if (o != lineStart) {
        *o++ = '\r';
        *o++ = '\n';
    }
    out.resize(o - base);
}

void TransferEncoder::appendBase64(QByteArrayView data, QByteArray& out)
{
    const qsizetype n = data.size();
    const qsizetype start = out.size();
    const qsizetype lines = (n + kBase64LineBytes - 1) / kBase64LineBytes;
    out.resize(start + 4 * ((n + 2) / 3) + 2 * lines);
    const auto* in = reinterpret_cast<const unsigned char*>(data.data());
    char* o = out.data() + start;
    for (qsizetype lineStart = 0; lineStart < n; lineStart += kBase64LineBytes) {
        const qsizetype lineEnd = std::min(n, lineStart + kBase64LineBytes);
        qsizetype i = lineStart;
        for (; i + 3 <= lineEnd; i += 3) {
            const quint32 v = (quint32(in[i]) << 16) | (quint32(in[i + 1]) << 8) | in[i + 2];
            *o++ = kBase64[v >> 18];
            *o++ = kBase64[(v >> 12) & 63];
            *o++ = kBase64[(v >> 6) & 63];
            *o++ = kBase64[v & 63];
        }
        if (i < lineEnd) { // only on the last line
            const quint32 v =
                (quint32(in[i]) << 16) | (i + 1 < lineEnd ? quint32(in[i + 1]) << 8 : 0);
            *o++ = kBase64[v >> 18];
            *o++ = kBase64[(v >> 12) & 63];
            *o++ = i + 1 < lineEnd ? kBase64[(v >> 6) & 63] : '=';
            *o++ = '=';
        }
        *o++ = '\r';
        *o++ = '\n';
    }
}

void TransferEncoder::appendSevenBit(QByteArrayView text, QByteArray& out)
{
    const qsizetype n = text.size();
    const char* in = text.data();
    out.reserve(out.size() + n + n / 32 + 2);
    qsizetype i = 0;
    while (i < n) {
        // Copy up to the next line break, then write it as CRLF.
        const char* lf = static_cast<const char*>(std::memchr(in + i, '\n', size_t(n - i)));
        qsizetype end = lf ? lf - in : n;
        const char* cr = static_cast<const char*>(std::memchr(in + i, '\r', size_t(end - i)));
        if (cr)
            end = cr - in;
        out.append(in + i, end - i);
        if (end == n)
            break;
        out.append("\r\n", 2);
        i = end + (in[end] == '\r' && end + 1 < n && in[end + 1] == '\n' ? 2 : 1);
    }
    if (!out.endsWith("\r\n"))
        out.append("\r\n", 2);
}

void TransferEncoder::append(TransferEncoding encoding, QByteArrayView data, QByteArray& out)
{
    switch (encoding) {
    case TransferEncoding::SevenBit:
        appendSevenBit(data, out);
        return;
    case TransferEncoding::QuotedPrintable:
        appendQuotedPrintable(data, out);
        return;
    case TransferEncoding::Base64:
        appendBase64(data, out);
        return;
    }
}

QByteArray TransferEncoder::toCrlf(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size() + text.size() / 16);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text.at(i + 1) == '\n')
                ++i;
            out.append("\r\n", 2);
        } else {
            out.append(c);
        }
    }
    return out;
}

QByteArray TransferEncoder::decodeQuotedPrintable(QByteArrayView encoded)
{
    QByteArray out;
    out.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded.at(i);
        if (c != '=') {
            out.append(c);
            continue;
        }
        if (i + 2 < encoded.size() && encoded.at(i + 1) == '\r' && encoded.at(i + 2) == '\n') {
            i += 2; // soft line break
            continue;
        }
        if (i + 1 < encoded.size() && encoded.at(i + 1) == '\n') {
            i += 1;
            continue;
        }
        bool ok = false;
        const int byte =
            i + 2 < encoded.size() ? encoded.sliced(i + 1, 2).toByteArray().toInt(&ok, 16) : 0;
        if (!ok) {
            out.append(c);
            continue;
        }
        out.append(char(byte));
        i += 2;
    }
    return out;
}

} // namespace Postroom::Mime
