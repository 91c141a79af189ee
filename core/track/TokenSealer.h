#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>

namespace Postroom::Track {

/** What a tracking token stands for (the endpoint's /o/, /c/ and /u/ paths). */
enum class TokenKind : quint8
{
    Open = 1,
    Click = 2,
    Unsubscribe = 3,
};

/** The content of a verified token. */
struct TokenPayload
{
    TokenKind kind = TokenKind::Open;
    QByteArray messageRef; ///< the X-Postroom-Ref of the message
    QByteArray url;        ///< for clicks: the only URL the endpoint may redirect to
};

/**
 * Seals tracking and unsubscribe tokens: the payload followed by a 128-bit truncated
 * HMAC-SHA256 (RFC 2104; truncation per RFC 2104 §5), base64url without padding
 * (RFC 4648 §5), so a token is URL-safe and compact (47 characters for an
 * unsubscribe link). The sealing key and the event-feed bearer token are both
 * derived from the one shared secret with HMAC and distinct labels, so knowing one
 * reveals nothing about the other.
 */
class TokenSealer
{
    Q_DECLARE_TR_FUNCTIONS(TokenSealer)

public:
    /** A sealer whose key is derived from the shared @p secret (any length, non-empty). */
    explicit TokenSealer(QByteArrayView secret);

    /** A token for @p kind and @p messageRef (at most 255 bytes); @p url for clicks. */
    QByteArray seal(TokenKind kind, QByteArrayView messageRef, QByteArrayView url = {}) const;

    /**
     * Verifies @p token in constant time and returns what it carries; InvalidInput for
     * anything malformed or tampered with.
     */
    Result<TokenPayload> open(QByteArrayView token) const;

    /** The bearer token of `GET /api/events`, derived from the shared @p secret. */
    static QByteArray bearerToken(QByteArrayView secret);

private:
    QByteArray mac(QByteArrayView data) const;

    QByteArray m_key;
};

} // namespace Postroom::Track
