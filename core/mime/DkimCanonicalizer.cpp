#include "core/mime/DkimCanonicalizer.h"

namespace Postroom::Mime {
namespace {

bool isWsp(char c)
{
    return c == ' ' || c == '\t';
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

} // namespace

QByteArray DkimCanonicalizer::relaxedHeader(QByteArrayView field)
{
    QByteArray out;
    out.reserve(field.size() + 2);
    const qsizetype colon = field.indexOf(':');
    if (colon < 0)
        return out;
    // The name, lower-cased, without whitespace before the colon.
    qsizetype nameEnd = colon;
    while (nameEnd > 0 && isWsp(field.at(nameEnd - 1)))
        --nameEnd;
    for (qsizetype i = 0; i < nameEnd; ++i)
        out.append(lower(field.at(i)));
    out.append(':');
    // The value: unfolded (CR and LF dropped), whitespace runs collapsed, ends trimmed.
    bool pendingSpace = false;
    bool started = false;
    for (qsizetype i = colon + 1; i < field.size(); ++i) {
        const char c = field.at(i);
        if (c == '\r' || c == '\n')
            continue;
        if (isWsp(c)) {
            pendingSpace = started;
            continue;
        }
        if (pendingSpace)
            out.append(' ');
        pendingSpace = false;
        started = true;
        out.append(c);
    }
    out.append("\r\n", 2);
    return out;
}

QByteArray DkimCanonicalizer::relaxedBody(QByteArrayView body)
{
    QByteArray out;
    out.reserve(body.size() + 2);
    qsizetype keep = 0; // length of out up to the last non-empty line
    qsizetype i = 0;
    const qsizetype n = body.size();
    while (i < n) {
        // One line, up to CRLF (a bare LF also ends a line, as verifiers read it).
        qsizetype end = i;
        while (end < n && body.at(end) != '\n')
            ++end;
        qsizetype contentEnd = end;
        if (contentEnd > i && body.at(contentEnd - 1) == '\r')
            --contentEnd;
        bool pendingSpace = false;
        const qsizetype lineStart = out.size();
        for (qsizetype k = i; k < contentEnd; ++k) {
            const char c = body.at(k);
            if (isWsp(c)) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
                out.append(' ');
            pendingSpace = false;
            out.append(c);
        }
        const bool empty = out.size() == lineStart;
        out.append("\r\n", 2);
        if (!empty)
            keep = out.size();
        i = end + 1;
    }
    out.truncate(keep);
    return out;
}

QList<RawHeaderField> DkimCanonicalizer::splitHeaders(QByteArrayView message, QByteArrayView* body)
{
    QList<RawHeaderField> fields;
    qsizetype i = 0;
    const qsizetype n = message.size();
    while (i < n) {
        if (message.at(i) == '\r' || message.at(i) == '\n') { // the empty line
            i += (message.at(i) == '\r' && i + 1 < n && message.at(i + 1) == '\n') ? 2 : 1;
            break;
        }
        const qsizetype start = i;
        // A field runs until a line that does not start with whitespace.
        qsizetype end = i;
        while (true) {
            const qsizetype lf = message.indexOf('\n', end);
            end = lf < 0 ? n : lf + 1;
            if (end >= n || !isWsp(message.at(end)))
                break;
        }
        const QByteArrayView field = message.sliced(start, end - start);
        const qsizetype colon = field.indexOf(':');
        if (colon > 0) {
            qsizetype nameEnd = colon;
            while (nameEnd > 0 && isWsp(field.at(nameEnd - 1)))
                --nameEnd;
            fields.append(RawHeaderField{field.first(nameEnd), field});
        }
        i = end;
    }
    if (body)
        *body = i < n ? message.sliced(i) : QByteArrayView();
    return fields;
}

} // namespace Postroom::Mime
