#include "core/mime/MessageComposer.h"

#include "core/mime/HeaderWriter.h"
#include "core/mime/HtmlToText.h"
#include "core/mime/MessageRef.h"
#include "core/mime/Rfc2047.h"
#include "core/mime/TransferEncoding.h"

#include <QLocale>
#include <QUrl>

namespace Postroom::Mime {
namespace {

constexpr QByteArrayView kCrlf = "\r\n";
// Longer ASCII file names go in RFC 2231 form, which can be split and folded.
constexpr qsizetype kMaxQuotedParam = 60;
constexpr qsizetype kRfc2231Chunk = 60;
constexpr qsizetype kMaxUrl = 900;

void add(QByteArray& out, QByteArrayView text)
{
    out.append(text.data(), text.size());
}

// RFC 2045 §5.1 token characters, for type/subtype.
bool isToken(QStringView text)
{
    if (text.isEmpty())
        return false;
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c <= 0x20 || c >= 0x7F || QByteArrayView("()<>@,;:\\\"/[]?=").contains(char(c)))
            return false;
    }
    return true;
}

bool isMimeType(const QString& type)
{
    const qsizetype slash = type.indexOf(QLatin1Char('/'));
    return slash > 0 && isToken(QStringView(type).first(slash)) &&
           isToken(QStringView(type).sliced(slash + 1));
}

// Content-ID (RFC 2392): printable ASCII without the characters that end or break it.
bool isContentId(const QString& id)
{
    if (id.isEmpty() || id.size() > 200)
        return false;
    for (const QChar ch : id) {
        const char16_t c = ch.unicode();
        if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '"' || c == '\\')
            return false;
    }
    return true;
}

// A parameter such as filename: quoted when short ASCII, else RFC 2231 §3–4 (UTF-8,
// percent-encoded, split into numbered sections that the header writer can fold).
void addParameter(HeaderWriter& header, QByteArrayView name, const QString& value, bool last)
{
    const QString clean = Rfc2047::singleLine(value);
    const QByteArray end = last ? QByteArray() : QByteArray(";");
    if (!Rfc2047::needsEncoding(clean) && clean.size() <= kMaxQuotedParam) {
        QByteArray quoted = name.toByteArray() + "=\"";
        for (const QChar ch : clean) {
            if (ch == QLatin1Char('"') || ch == QLatin1Char('\\'))
                quoted.append('\\');
            quoted.append(char(ch.unicode()));
        }
        header.addToken(quoted + '"' + end);
        return;
    }
    const QByteArray encoded =
        clean.toUtf8().toPercentEncoding(QByteArray(), QByteArray("=?\"'*%;,()<>@/[]\\:"));
    QList<QByteArray> chunks;
    for (qsizetype i = 0; i < encoded.size();) {
        qsizetype length = std::min(kRfc2231Chunk, encoded.size() - i);
        // Never split a %XX triplet.
        if (i + length < encoded.size()) {
            if (encoded.at(i + length - 1) == '%')
                length -= 1;
            else if (length >= 2 && encoded.at(i + length - 2) == '%')
                length -= 2;
        }
        chunks.append(encoded.mid(i, length));
        i += length;
    }
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        QByteArray token = name.toByteArray() + '*' + QByteArray::number(i) + "*=";
        if (i == 0)
            token += "utf-8''";
        token += chunks.at(i);
        const bool lastChunk = i + 1 == chunks.size();
        header.addToken(token + (lastChunk ? end : QByteArray(";")));
    }
}

QByteArray encodeAsset(const MessageAsset& asset)
{
    QByteArray part;
    part.reserve(asset.data.size() * 4 / 3 + asset.data.size() / 38 + 512);
    const QByteArray type =
        isMimeType(asset.mimeType) ? asset.mimeType.toLatin1() : "application/octet-stream";
    const QString fileName = asset.fileName.isEmpty() ? QStringLiteral("file") : asset.fileName;
    {
        HeaderWriter header("Content-Type");
        header.addToken(type + ';');
        addParameter(header, "name", fileName, true);
        add(part, header.finish());
    }
    add(part, "Content-Transfer-Encoding: base64\r\n");
    if (asset.isInline)
        add(part, "Content-ID: <" + asset.contentId.toLatin1() + ">\r\n");
    {
        HeaderWriter header("Content-Disposition");
        header.addToken(asset.isInline ? "inline;" : "attachment;");
        addParameter(header, "filename", fileName, true);
        add(part, header.finish());
    }
    add(part, kCrlf);
    TransferEncoder::appendBase64(asset.data, part);
    if (asset.data.isEmpty())
        add(part, kCrlf);
    return part;
}

void addTextPart(QByteArray& out, QByteArrayView subtype, QByteArrayView body)
{
    const TransferEncoding encoding = TransferEncoder::choose(body);
    add(out, "Content-Type: text/");
    add(out, subtype);
    add(out, "; charset=utf-8\r\nContent-Transfer-Encoding: ");
    add(out, TransferEncoder::name(encoding));
    add(out, "\r\n\r\n");
    const qsizetype before = out.size();
    if (encoding == TransferEncoding::Base64)
        TransferEncoder::appendBase64(TransferEncoder::toCrlf(body), out);
    else
        TransferEncoder::append(encoding, body, out);
    // The CRLF before a boundary belongs to the delimiter (RFC 2046 §5.1.1): an empty
    // body still needs one.
    if (out.size() == before)
        add(out, kCrlf);
}

QByteArray boundary(char level, QByteArrayView ref)
{
    // "=_" cannot occur in quoted-printable or base64 output, nor in a 7bit body
    // (TransferEncoder::choose sends a text holding it as QP), so this boundary never
    // collides with a body (RFC 2045 §6.7 note 8).
    return "=_pr" + QByteArray(1, level) + '_' + ref.toByteArray();
}

void openMultipart(QByteArray& out, QByteArrayView subtype, const QByteArray& b,
                   QByteArrayView extra = {})
{
    add(out, "Content-Type: multipart/");
    add(out, subtype);
    add(out, ";");
    if (!extra.isEmpty()) {
        add(out, " ");
        add(out, extra);
    }
    add(out, "\r\n boundary=\"");
    add(out, b);
    add(out, "\"\r\n\r\n");
}

void delimiter(QByteArray& out, const QByteArray& b, bool close = false)
{
    add(out, "--");
    add(out, b);
    add(out, close ? "--\r\n" : "\r\n");
}

Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

} // namespace

Result<MessageComposer> MessageComposer::create(ComposerSettings settings)
{
    MessageComposer composer;
    auto from = AddressHeader::format("From", {settings.from});
    if (!from)
        return from.error();
    composer.m_fromField = *from;
    auto domain = settings.from.wireDomain();
    if (!domain)
        return domain.error();
    composer.m_fromDomain = *domain;
    if (settings.replyTo) {
        auto replyTo = AddressHeader::format("Reply-To", {*settings.replyTo});
        if (!replyTo)
            return replyTo.error();
        composer.m_replyToField = *replyTo;
    }
    auto returnPath = settings.returnPath.isEmpty()
                          ? settings.from.wireAddress()
                          : MailAddress{QString(), settings.returnPath}.wireAddress();
    if (!returnPath)
        return returnPath.error();
    composer.m_returnPath = *returnPath;
    if (!settings.unsubscribeMailto.isEmpty()) {
        auto mailto = MailAddress{QString(), settings.unsubscribeMailto}.wireAddress();
        if (!mailto)
            return mailto.error();
        composer.m_unsubscribeMailto = *mailto;
    }
    for (const MessageAsset& asset : settings.assets) {
        if (asset.isInline && !isContentId(asset.contentId))
            return invalid(
                tr("The inline image '%1' has no usable content id").arg(asset.fileName));
        QByteArray part = encodeAsset(asset);
        composer.m_assetBytes += part.size();
        (asset.isInline ? composer.m_inlineParts : composer.m_attachmentParts).append(part);
    }
    composer.m_settings = std::move(settings);
    return composer;
}

QByteArray MessageComposer::messageId(QByteArrayView ref) const
{
    return ref.toByteArray() + '@' + m_fromDomain;
}

QByteArray MessageComposer::formatDate(const QDateTime& dateTime)
{
    const QDateTime utc = dateTime.toUTC();
    return QLocale::c().toString(utc, QStringLiteral("ddd, d MMM yyyy HH:mm:ss")).toLatin1() +
           " +0000";
}

Result<ComposedMessage> MessageComposer::compose(const MessageContent& content) const
{
    // The ref goes into a header, a local part and a boundary: keep it to [a-z0-9].
    if (content.ref.isEmpty() || content.ref.size() > 40 ||
        !std::all_of(content.ref.begin(), content.ref.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }))
        return makeError(ErrorCode::Internal, tr("Invalid message reference"));
    auto toWire = content.to.wireAddress();
    if (!toWire)
        return toWire.error();
    auto toField = AddressHeader::format("To", {content.to});
    if (!toField)
        return toField.error();

    QByteArray unsubscribeUrl;
    if (!content.unsubscribeUrl.isEmpty()) {
        const QUrl url = QUrl::fromEncoded(content.unsubscribeUrl, QUrl::StrictMode);
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
            return invalid(tr("The unsubscribe URL must be an absolute http or https URL"));
        unsubscribeUrl = url.toEncoded(QUrl::FullyEncoded);
        // One header token cannot fold: keep it well inside the 998-octet line limit.
        if (unsubscribeUrl.size() > kMaxUrl)
            return invalid(tr("The unsubscribe URL is longer than %1 characters").arg(kMaxUrl));
    }

    QByteArray text;
    QByteArrayView textView = content.text;
    if (content.generateText) {
        text = HtmlToText::convertUtf8(content.html).toUtf8();
        textView = text;
    }

    ComposedMessage message;
    message.messageId = messageId(content.ref);
    message.envelopeTo = *toWire;
    message.envelopeFrom = MessageRef::verpAddress(m_returnPath, content.ref);

    QByteArray& out = message.data;
    out.reserve(2048 + m_assetBytes + (content.html.size() + textView.size()) * 11 / 10);
    add(out, "Date: ");
    add(out, formatDate(content.date.isValid() ? content.date : QDateTime::currentDateTimeUtc()));
    add(out, kCrlf);
    add(out, m_fromField);
    add(out, m_replyToField);
    add(out, *toField);
    {
        HeaderWriter subject("Subject");
        Rfc2047::appendUnstructured(subject, Rfc2047::singleLine(content.subject));
        add(out, subject.finish());
    }
    add(out, "Message-ID: <");
    add(out, message.messageId);
    add(out, ">\r\nMIME-Version: 1.0\r\n");
    if (!unsubscribeUrl.isEmpty() || !m_unsubscribeMailto.isEmpty()) {
        // RFC 2369 §3.2: one or more URLs in angle brackets, preferred first.
        HeaderWriter header("List-Unsubscribe");
        if (!unsubscribeUrl.isEmpty())
            header.addToken('<' + unsubscribeUrl + '>' +
                            (m_unsubscribeMailto.isEmpty() ? "" : ","));
        if (!m_unsubscribeMailto.isEmpty())
            header.addToken("<mailto:" + m_unsubscribeMailto + "?subject=unsubscribe%20" +
                            content.ref + '>');
        add(out, header.finish());
        // RFC 8058 §3.1: one-click needs the HTTP(S) URL to take a POST.
        if (!unsubscribeUrl.isEmpty())
            add(out, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    }
    add(out, "X-Postroom-Ref: ");
    add(out, content.ref);
    add(out, kCrlf);

    const bool mixed = !m_attachmentParts.isEmpty();
    const QByteArray mixedBoundary = boundary('m', content.ref);
    if (mixed) {
        openMultipart(out, "mixed", mixedBoundary);
        delimiter(out, mixedBoundary);
    }
    const QByteArray alternative = boundary('a', content.ref);
    openMultipart(out, "alternative", alternative);
    delimiter(out, alternative);
    addTextPart(out, "plain", textView);
    delimiter(out, alternative);
    if (m_inlineParts.isEmpty()) {
        addTextPart(out, "html", content.html);
    } else {
        const QByteArray related = boundary('r', content.ref);
        openMultipart(out, "related", related, "type=\"text/html\";");
        delimiter(out, related);
        addTextPart(out, "html", content.html);
        for (const QByteArray& part : m_inlineParts) {
            delimiter(out, related);
            add(out, part);
        }
        delimiter(out, related, true);
    }
    delimiter(out, alternative, true);
    if (mixed) {
        for (const QByteArray& part : m_attachmentParts) {
            delimiter(out, mixedBoundary);
            add(out, part);
        }
        delimiter(out, mixedBoundary, true);
    }

    if (m_settings.dkim) {
        if (auto signedOk = m_settings.dkim->sign(out); !signedOk)
            return signedOk.error();
    }
    return message;
}

} // namespace Postroom::Mime
