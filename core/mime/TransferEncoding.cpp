#include "core/mime/TransferEncoding.h"

#include <algorithm>
#include <array>

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

} // namespace

TransferEncoding TransferEncoder::choose(QByteArrayView text)
{
    qsizetype escaped = 0;
    for (const char c : text)
        escaped += !kQpLiteral[static_cast<unsigned char>(c)] && c != ' ' && c != '\r' && c != '\n';
    // QP adds two octets per escaped byte; base64 adds a third of everything.
    return escaped * 2 * 3 <= text.size() ? TransferEncoding::QuotedPrintable
                                          : TransferEncoding::Base64;
}

QByteArrayView TransferEncoder::name(TransferEncoding encoding)
{
    return encoding == TransferEncoding::QuotedPrintable ? QByteArrayView("quoted-printable")
                                                         : QByteArrayView("base64");
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
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char c = in[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < n && in[i + 1] == '\n')
                ++i;
            *o++ = '\r';
            *o++ = '\n';
            lineStart = o;
            continue;
        }
        bool literal = kQpLiteral[c];
        if (c == ' ' || c == '\t') {
            // Whitespace at the end of a line would be stripped in transit (rule 3).
            literal = i + 1 < n && in[i + 1] != '\r' && in[i + 1] != '\n';
        }
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

void TransferEncoder::append(TransferEncoding encoding, QByteArrayView data, QByteArray& out)
{
    if (encoding == TransferEncoding::QuotedPrintable)
        appendQuotedPrintable(data, out);
    else
        appendBase64(data, out);
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
