#include "core/mime/Rfc2047.h"

#include <QStringDecoder>

#include <algorithm>

namespace Postroom::Mime {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr QByteArrayView kBPrefix = "=?UTF-8?B?";
constexpr QByteArrayView kQPrefix = "=?UTF-8?Q?";
constexpr qsizetype kWordOverhead = 12; // "=?UTF-8?B?" + "?="
constexpr qsizetype kMaxWord = 75;      // RFC 2047 §2
// A quoted ASCII display name longer than this is sent as encoded-words instead,
// which can be folded; a quoted-string is kept on one line.
constexpr qsizetype kMaxQuotedName = 70;
// An ASCII word longer than this cannot be folded under 78 columns; encoded-words can.
constexpr qsizetype kMaxPlainWord = 76;

// Characters that may stand for themselves in a "Q" word in any header context,
// including phrases (RFC 2047 §5 (3)).
bool qSafe(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '!' ||
           c == '*' || c == '+' || c == '-' || c == '/';
}

qsizetype qLength(unsigned char c)
{
    return (qSafe(c) || c == ' ') ? 1 : 3;
}

void appendUtf8(QByteArray& out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

qsizetype encodedLength(qsizetype byteCount, qsizetype qCost, bool useB)
{
    return kWordOverhead + (useB ? 4 * ((byteCount + 2) / 3) : qCost);
}

QByteArray makeWord(const QByteArray& bytes, bool useB)
{
    QByteArray word;
    word.reserve(kMaxWord);
    if (useB) {
        word.append(kBPrefix.data(), kBPrefix.size());
        word.append(bytes.toBase64());
    } else {
        word.append(kQPrefix.data(), kQPrefix.size());
        for (const char ch : bytes) {
            const auto c = static_cast<unsigned char>(ch);
            if (c == ' ') {
                word.append('_');
            } else if (qSafe(c)) {
                word.append(ch);
            } else {
                word.append('=');
                word.append(kHex[c >> 4]);
                word.append(kHex[c & 0xF]);
            }
        }
    }
    word.append("?=", 2);
    return word;
}

bool isWsp(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Parses one encoded-word at @p pos; on success sets charset, bytes and the end index.
bool parseEncodedWord(QByteArrayView value, qsizetype pos, QByteArray& charset, QByteArray& bytes,
                      qsizetype& end)
{
    if (!value.sliced(pos).startsWith("=?"))
        return false;
    const qsizetype q1 = value.indexOf('?', pos + 2);
    if (q1 < 0 || q1 + 2 >= value.size() || value.at(q1 + 2) != '?')
        return false;
    const char enc = value.at(q1 + 1);
    const qsizetype textStart = q1 + 3;
    const qsizetype close = value.indexOf("?=", textStart);
    if (close < 0)
        return false;
    const QByteArrayView text = value.sliced(textStart, close - textStart);
    for (const char c : text) {
        if (isWsp(c))
            return false;
    }
    charset = value.sliced(pos + 2, q1 - pos - 2).toByteArray();
    if (const qsizetype star = charset.indexOf('*'); star >= 0) // RFC 2231 §5 language
        charset.truncate(star);
    if (enc == 'B' || enc == 'b') {
        const auto decoded = QByteArray::fromBase64Encoding(text.toByteArray());
        if (!decoded)
            return false;
        bytes = *decoded;
    } else if (enc == 'Q' || enc == 'q') {
        bytes.clear();
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char c = text.at(i);
            if (c == '_') {
                bytes.append(' ');
            } else if (c == '=' && i + 2 < text.size()) {
                bool ok = false;
                const int byte = text.sliced(i + 1, 2).toByteArray().toInt(&ok, 16);
                if (!ok)
                    return false;
                bytes.append(char(byte));
                i += 2;
            } else {
                bytes.append(c);
            }
        }
    } else {
        return false;
    }
    end = close + 2;
    return true;
}

QString decodeCharset(const QByteArray& charset, const QByteArray& bytes)
{
    QStringDecoder decoder(charset.constData());
    if (!decoder.isValid())
        return QString::fromUtf8(bytes);
    return decoder.decode(bytes);
}

} // namespace

QString Rfc2047::singleLine(QStringView text)
{
    QString line;
    line.reserve(text.size());
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c == '\t')
            line.append(QLatin1Char(' '));
        else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029)
            continue;
        else
            line.append(ch);
    }
    return line.trimmed();
}

bool Rfc2047::needsEncoding(QStringView text)
{
    qsizetype wordLength = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c < 0x20 || c > 0x7E)
            return true;
        if (c == '=' && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('?'))
            return true;
        wordLength = (c == ' ') ? 0 : wordLength + 1;
        if (wordLength > kMaxPlainWord)
            return true;
    }
    return false;
}

QList<QByteArray> Rfc2047::encodeWords(QStringView text, qsizetype firstWordLimit)
{
    const QByteArray utf8 = text.toUtf8();
    qsizetype qCost = 0;
    for (const char c : utf8)
        qCost += qLength(static_cast<unsigned char>(c));
    // "Q" costs one column per safe byte and three per other byte, "B" four per three
    // bytes: pick whichever is shorter for this text.
    const bool useB = qCost * 3 > utf8.size() * 4;

    QList<QByteArray> words;
    qsizetype limit = std::clamp<qsizetype>(firstWordLimit, 24, kMaxWord);
    QByteArray current;
    qsizetype currentQ = 0;
    QByteArray charBytes;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t cp = text.at(i).unicode();
        if (QChar::isHighSurrogate(cp) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        } else if (QChar::isSurrogate(cp)) {
            cp = 0xFFFD; // a lone surrogate cannot be UTF-8 encoded
        }
        charBytes.clear();
        appendUtf8(charBytes, cp);
        qsizetype charQ = 0;
        for (const char c : charBytes)
            charQ += qLength(static_cast<unsigned char>(c));
        if (!current.isEmpty() &&
            encodedLength(current.size() + charBytes.size(), currentQ + charQ, useB) > limit) {
            words.append(makeWord(current, useB));
            current.clear();
            currentQ = 0;
            limit = kMaxWord;
        }
        current.append(charBytes);
        currentQ += charQ;
    }
    if (!current.isEmpty())
        words.append(makeWord(current, useB));
    return words;
}

void Rfc2047::appendUnstructured(HeaderWriter& header, QStringView text)
{
    if (text.isEmpty())
        return;
    if (!needsEncoding(text)) {
        bool first = true;
        for (const QStringView word : text.split(QLatin1Char(' '))) {
            header.addToken(word.toLatin1(), !first);
            first = false;
        }
        return;
    }
    // Adjacent encoded-words are joined without the space between them when decoded
    // (RFC 2047 §6.2), so the folds between them add nothing to the text.
    for (const QByteArray& word : encodeWords(text, header.remainingOnLine()))
        header.addToken(word);
}

void Rfc2047::appendPhrase(HeaderWriter& header, QStringView name)
{
    if (name.isEmpty())
        return;
    // Runs of words that need encoding become encoded-words, the others one quoted-string,
    // split only at spaces of the name: each run is one token and the single space
    // between two runs is real whitespace, kept by every decoder. One encoded-word per
    // run where it fits, because some decoders (Python's email, for one) wrongly keep
    // the whitespace between two encoded-words in a phrase (RFC 2047 §6.2 says drop it).
    struct Run
    {
        bool encode = false;
        qsizetype begin = 0;
        qsizetype end = 0;
    };
    QList<Run> runs;
    qsizetype wordStart = 0;
    while (wordStart <= name.size()) {
        qsizetype wordEnd = name.indexOf(QLatin1Char(' '), wordStart);
        if (wordEnd < 0)
            wordEnd = name.size();
        const QStringView word = name.sliced(wordStart, wordEnd - wordStart);
        // An empty word (a run of spaces) joins the run before it.
        const bool encode =
            word.isEmpty() ? (!runs.isEmpty() && runs.last().encode) : needsEncoding(word);
        if (!runs.isEmpty() && runs.last().encode == encode)
            runs.last().end = wordEnd;
        else
            runs.append(Run{encode, wordStart, wordEnd});
        wordStart = wordEnd + 1;
    }
    // A quoted-string is not folded: a long plain run is encoded instead, which can be.
    for (Run& run : runs) {
        if (!run.encode && run.end - run.begin > kMaxQuotedName)
            run.encode = true;
    }
    for (qsizetype i = 0; i < runs.size(); ++i) {
        Run run = runs.at(i);
        while (i + 1 < runs.size() && runs.at(i + 1).encode == run.encode)
            run.end = runs.at(++i).end;
        const QStringView text = name.sliced(run.begin, run.end - run.begin);
        if (run.encode) {
            // Full-length words (folded onto a new line when needed) keep the count of
            // encoded-words per run at its minimum.
            for (const QByteArray& word : encodeWords(text))
                header.addToken(word);
            continue;
        }
        // RFC 5322 §3.2.4: inside a quoted-string only '"' and '\' need a backslash.
        QByteArray quoted;
        quoted.reserve(text.size() + 4);
        quoted.append('"');
        for (const QChar ch : text) {
            if (ch == QLatin1Char('"') || ch == QLatin1Char('\\'))
                quoted.append('\\');
            quoted.append(char(ch.unicode()));
        }
        quoted.append('"');
        header.addToken(quoted);
    }
}

QString Rfc2047::decode(QByteArrayView value)
{
    QString result;
    QByteArray pendingCharset;
    QByteArray pendingBytes;
    auto flush = [&] {
        if (!pendingBytes.isEmpty() || !pendingCharset.isEmpty())
            result += decodeCharset(pendingCharset, pendingBytes);
        pendingBytes.clear();
        pendingCharset.clear();
    };
    qsizetype i = 0;
    QByteArray plain;
    while (i < value.size()) {
        QByteArray charset, bytes;
        qsizetype end = 0;
        if (parseEncodedWord(value, i, charset, bytes, end)) {
            result += QString::fromUtf8(plain);
            plain.clear();
            if (!pendingCharset.isEmpty() && pendingCharset.compare(charset, Qt::CaseInsensitive))
                flush();
            pendingCharset = charset;
            pendingBytes += bytes;
            // Whitespace between two encoded-words is not part of the text (§6.2).
            qsizetype next = end;
            while (next < value.size() && isWsp(value.at(next)))
                ++next;
            QByteArray c2, b2;
            qsizetype e2 = 0;
            i = (next > end && parseEncodedWord(value, next, c2, b2, e2)) ? next : end;
            continue;
        }
        flush();
        const char c = value.at(i);
        if (c != '\r' && c != '\n')
            plain.append(c);
        ++i;
    }
    flush();
    result += QString::fromUtf8(plain);
    return result;
}

} // namespace Postroom::Mime
