#pragma once

#include "core/common/Result.h"
#include "core/mime/DkimSigner.h"
#include "core/mime/MailAddress.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace Postroom::Mime {

/** A file sent with every message of a campaign. */
struct MessageAsset
{
    bool isInline = false; ///< an image shown by the HTML as `cid:<contentId>`; else attached
    QString fileName;
    QString mimeType;  ///< `type/subtype`
    QString contentId; ///< for inline images, without angle brackets
    QByteArray data;
};

/** What stays the same for every message of a campaign. */
struct ComposerSettings
{
    MailAddress from;
    std::optional<MailAddress> replyTo;
    QString returnPath; ///< envelope sender; empty: the From address (VERP applies either way)
    QList<MessageAsset> assets;
    QString unsubscribeMailto; ///< an address for `List-Unsubscribe: <mailto:...>`, or empty
    std::optional<DkimSigner> dkim;
};

/** One recipient's rendered message. */
struct MessageContent
{
    MailAddress to;
    QString subject; ///< rendered; made single-line here whatever it holds
    QByteArray html; ///< UTF-8
    QByteArray text; ///< UTF-8; generated from the HTML when generateText
    bool generateText = false;
    QByteArray ref;            ///< MessageRef: X-Postroom-Ref, Message-ID, VERP
    QByteArray unsubscribeUrl; ///< the one-click URL (http or https), or empty
    QDateTime date;            ///< the Date field; invalid: now
};

/** A message ready for SMTP. */
struct ComposedMessage
{
    QByteArray data;         ///< the RFC 5322 message, CRLF line ends, signed when configured
    QByteArray envelopeFrom; ///< MAIL FROM (VERP-encoded)
    QByteArray envelopeTo;   ///< RCPT TO (A-label domain)
    QByteArray messageId;    ///< without angle brackets
};

/**
 * Builds the bytes of campaign messages (RFC 5322, MIME RFC 2045–2049):
 * `multipart/alternative` with the text part first, `multipart/related` for inline
 * images, `multipart/mixed` for attachments; UTF-8 bodies in quoted-printable or
 * base64 (whichever is smaller), CRLF only, no line over 78 characters except header
 * tokens that cannot fold (never over 998). Assets are encoded once, when the
 * composer is made. compose() is const and thread-safe.
 */
class MessageComposer
{
    Q_DECLARE_TR_FUNCTIONS(MessageComposer)

public:
    /** Checks the settings and encodes the assets once. */
    static Result<MessageComposer> create(ComposerSettings settings);

    /** The Message-ID (no angle brackets) a message with @p ref gets: `<ref>@<From domain>`. */
    QByteArray messageId(QByteArrayView ref) const;

    /** The whole message for one recipient. */
    Result<ComposedMessage> compose(const MessageContent& content) const;

    /** The date-time as RFC 5322 §3.3 writes it: `Thu, 26 Nov 2026 10:40:00 +0000`. */
    static QByteArray formatDate(const QDateTime& dateTime);

private:
    MessageComposer() = default;

    ComposerSettings m_settings;
    QByteArray m_fromField;
    QByteArray m_replyToField;
    QByteArray m_fromDomain;
    QByteArray m_returnPath;
    QByteArray m_unsubscribeMailto;
    QList<QByteArray> m_inlineParts;     ///< inline images, headers and body encoded
    QList<QByteArray> m_attachmentParts; ///< attachments, headers and body encoded
    qsizetype m_assetBytes = 0;
};

} // namespace Postroom::Mime
