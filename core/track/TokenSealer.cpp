#include "core/track/TokenSealer.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace Postroom::Track {
namespace {

constexpr char kVersion = 1;
constexpr qsizetype kMacLength = 16;
constexpr qsizetype kMaxTokenLength = 4096; // longer input is refused before decoding
constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray hmacSha256(QByteArrayView key, QByteArrayView data)
{
    QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), int(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), size_t(data.size()),
         reinterpret_cast<unsigned char*>(digest.data()), &length);
    digest.truncate(length);
    return digest;
}

} // namespace

TokenSealer::TokenSealer(QByteArrayView secret)
    : m_key(hmacSha256(secret, "postroom token sealing key v1"))
{
}

QByteArray TokenSealer::bearerToken(QByteArrayView secret)
{
    return hmacSha256(secret, "postroom event feed bearer v1").toBase64(kBase64Url);
}

QByteArray TokenSealer::mac(QByteArrayView data) const
{
    return hmacSha256(m_key, data).left(kMacLength);
}

QByteArray TokenSealer::seal(TokenKind kind, QByteArrayView messageRef, QByteArrayView url) const
{
    const qsizetype refLength = std::min<qsizetype>(messageRef.size(), 255);
    QByteArray raw;
    raw.reserve(3 + refLength + url.size() + kMacLength);
    raw.append(kVersion);
    raw.append(char(kind));
    raw.append(char(refLength));
    raw.append(messageRef.data(), refLength);
    raw.append(url.data(), url.size());
    raw.append(mac(raw));
    return raw.toBase64(kBase64Url);
}

Result<TokenPayload> TokenSealer::open(QByteArrayView token) const
{
    const auto bad = [] {
        return makeError(ErrorCode::InvalidInput, tr("The link is invalid or was altered"));
    };
    if (token.isEmpty() || token.size() > kMaxTokenLength)
        return bad();
    const auto decoded = QByteArray::fromBase64Encoding(
        token.toByteArray(), kBase64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < 3 + kMacLength)
        return bad();
    const QByteArray& raw = decoded.decoded;
    const QByteArrayView body = QByteArrayView(raw).first(raw.size() - kMacLength);
    const QByteArray expected = mac(body);
    // CRYPTO_memcmp takes the same time wherever the first difference is.
    if (CRYPTO_memcmp(expected.constData(), raw.constData() + body.size(), kMacLength) != 0)
        return bad();
    const auto kind = static_cast<unsigned char>(body.at(1));
    const auto refLength = static_cast<unsigned char>(body.at(2));
    if (body.at(0) != kVersion || kind < 1 || kind > 3 || 3 + refLength > body.size())
        return bad();
    TokenPayload payload;
    payload.kind = static_cast<TokenKind>(kind);
    payload.messageRef = body.sliced(3, refLength).toByteArray();
    payload.url = body.sliced(3 + refLength).toByteArray();
    return payload;
}

} // namespace Postroom::Track
