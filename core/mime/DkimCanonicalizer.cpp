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
    // The output is never longer than the input plus a final CRLF (and one CRLF per
    // bare LF), so it is written through a raw pointer into a buffer sized up front.
    const qsizetype n = body.size();
    QByteArray out(2 * n + 2, Qt::Uninitialized);
    const char* in = body.data();
    char* const base = out.data();
    char* o = base;
    char* keep = base; // end of the last non-empty line
    qsizetype i = 0;
    while (i < n) {
        char* const lineStart = o;
        bool pendingSpace = false;
        // One line, up to LF (CRLF, or a bare LF as verifiers read it).
        while (i < n && in[i] != '\n') {
            const char c = in[i++];
            if (c == ' ' || c == '\t') {
                pendingSpace = true;
            } else if (c == '\r' && (i == n || in[i] == '\n')) {
                // the CR of the line's CRLF
            } else {
                if (pendingSpace)
                    *o++ = ' ';
                pendingSpace = false;
                *o++ = c;
            }
        }
        const bool empty = o == lineStart;
        *o++ = '\r';
        *o++ = '\n';
        if (!empty)
            keep = o;
        ++i; // past the LF
    }
    out.truncate(keep - base);
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
