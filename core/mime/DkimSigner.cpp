#include "core/mime/DkimSigner.h"

#include "core/mime/DkimCanonicalizer.h"
#include "core/mime/HeaderWriter.h"

#include <QDateTime>
#include <QFile>
#include <QUrl>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

namespace Postroom::Mime {
namespace {

constexpr qsizetype kSignatureChunk = 64; // b= is folded in chunks this long

bool validTagValue(const QByteArray& value)
{
    if (value.isEmpty())
        return false;
    return std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_';
    });
}

QByteArray sha256(QByteArrayView data)
{
    QByteArray digest(SHA256_DIGEST_LENGTH, Qt::Uninitialized);
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), size_t(data.size()),
           reinterpret_cast<unsigned char*>(digest.data()));
    return digest;
}

} // namespace

const QList<QByteArray>& DkimSigner::signedFields()
{
    static const QList<QByteArray> fields = {"from",
                                             "to",
                                             "subject",
                                             "date",
                                             "message-id",
                                             "mime-version",
                                             "content-type",
                                             "list-unsubscribe",
                                             "list-unsubscribe-post",
                                             "reply-to"};
    return fields;
}

Result<DkimSigner> DkimSigner::fromPem(const QByteArray& pem, const QString& domain,
                                       const QString& selector)
{
    const QByteArray aceDomain = QUrl::toAce(domain.trimmed().toLower());
    const QByteArray selectorBytes = selector.trimmed().toLatin1();
    if (!validTagValue(aceDomain))
        return makeError(ErrorCode::InvalidInput,
                         tr("'%1' is not a valid DKIM signing domain").arg(domain));
    if (!validTagValue(selectorBytes) || selector.trimmed() != QString::fromLatin1(selectorBytes))
        return makeError(ErrorCode::InvalidInput,
                         tr("'%1' is not a valid DKIM selector").arg(selector));

    BIO* bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    // A null password callback: an encrypted key fails instead of prompting on a tty.
    EVP_PKEY* raw = PEM_read_bio_PrivateKey(
        bio, nullptr, [](char*, int, int, void*) { return 0; }, nullptr);
    BIO_free(bio);
    if (!raw)
        return makeError(ErrorCode::InvalidInput,
                         tr("The DKIM key is not an unencrypted PEM private key"));
    DkimSigner signer;
    signer.m_key.reset(raw, EVP_PKEY_free);
    switch (EVP_PKEY_get_base_id(raw)) {
    case EVP_PKEY_RSA:
        if (EVP_PKEY_get_bits(raw) < 1024)
            return makeError(ErrorCode::InvalidInput,
                             tr("The DKIM RSA key has %1 bits; at least 1024 are needed (2048 "
                                "recommended)")
                                 .arg(EVP_PKEY_get_bits(raw)));
        signer.m_algorithm = Algorithm::RsaSha256;
        break;
    case EVP_PKEY_ED25519:
        signer.m_algorithm = Algorithm::Ed25519Sha256;
        break;
    default:
        return makeError(ErrorCode::InvalidInput,
                         tr("The DKIM key must be an RSA or Ed25519 private key"));
    }
    signer.m_domain = aceDomain;
    signer.m_selector = selectorBytes;
    return signer;
}

Result<DkimSigner> DkimSigner::fromFile(const QString& path, const QString& domain,
                                        const QString& selector)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Could not read the DKIM key %1").arg(path),
                         file.errorString());
    return fromPem(file.readAll(), domain, selector);
}

QByteArray DkimSigner::algorithmName() const
{
    return m_algorithm == Algorithm::RsaSha256 ? QByteArrayLiteral("rsa-sha256")
                                               : QByteArrayLiteral("ed25519-sha256");
}

Result<QByteArray> DkimSigner::signatureField(QByteArrayView message, qint64 timestamp) const
{
    QByteArrayView body;
    const QList<RawHeaderField> fields = DkimCanonicalizer::splitHeaders(message, &body);
    const QByteArray bodyHash = sha256(DkimCanonicalizer::relaxedBody(body)).toBase64();

    // h=: each present field once per occurrence, plus once more (an empty instance)
    // so a later hop cannot add another without breaking the signature. Signed from
    // the bottom up (RFC 6376 §5.4.2).
    QByteArray headerList;
    QByteArray signedData;
    signedData.reserve(1024);
    for (const QByteArray& name : signedFields()) {
        QList<QByteArrayView> instances;
        for (const RawHeaderField& field : fields) {
            if (field.name.compare(name, Qt::CaseInsensitive) == 0)
                instances.append(field.field);
        }
        if (instances.isEmpty())
            continue;
        for (qsizetype i = instances.size() - 1; i >= 0; --i) {
            signedData += DkimCanonicalizer::relaxedHeader(instances.at(i));
            headerList += (headerList.isEmpty() ? "" : ":") + name;
        }
        headerList += ':' + name;
    }

    HeaderWriter header("DKIM-Signature");
    header.addToken("v=1;");
    header.addToken("a=" + algorithmName() + ';');
    header.addToken("c=relaxed/relaxed;");
    header.addToken("d=" + m_domain + ';');
    header.addToken("s=" + m_selector + ';');
    header.addToken("t=" + QByteArray::number(timestamp) + ';');
    header.addToken("h=" + headerList + ';');
    header.addToken("bh=" + bodyHash + ';');
    HeaderWriter unsignedHeader = header;
    unsignedHeader.addToken("b=");
    QByteArray unsignedField = unsignedHeader.finish();
    // The signature field itself is signed with an empty b= and without its CRLF
    // (RFC 6376 §3.7).
    QByteArray canonical = DkimCanonicalizer::relaxedHeader(unsignedField);
    canonical.chop(2);
    signedData += canonical;

    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    QByteArray toSign;
    const EVP_MD* md = nullptr;
    if (m_algorithm == Algorithm::RsaSha256) {
        md = EVP_sha256();
        toSign = signedData;
    } else {
        // RFC 8463 §3: Ed25519 (PureEdDSA, so no digest for OpenSSL) over the SHA-256
        // hash of the canonicalised data.
        toSign = sha256(signedData);
    }
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, m_key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length,
                       reinterpret_cast<const unsigned char*>(toSign.constData()),
                       size_t(toSign.size())) != 1)
        return makeError(ErrorCode::Internal, tr("DKIM signing failed"));
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(toSign.constData()),
                       size_t(toSign.size())) != 1)
        return makeError(ErrorCode::Internal, tr("DKIM signing failed"));
    signature.truncate(qsizetype(length));

    const QByteArray b64 = signature.toBase64();
    // Whitespace inside b= is ignored by verifiers (RFC 6376 §3.5), so it may fold.
    header.addToken("b=" + b64.left(kSignatureChunk - 2));
    for (qsizetype i = kSignatureChunk - 2; i < b64.size(); i += kSignatureChunk)
        header.addToken(b64.mid(i, kSignatureChunk));
    return header.finish();
}

Result<void> DkimSigner::sign(QByteArray& message) const
{
    auto field = signatureField(message, QDateTime::currentSecsSinceEpoch());
    if (!field)
        return field.error();
    message.prepend(*field);
    return {};
}

QByteArray DkimSigner::dnsRecord() const
{
    QByteArray publicKey;
    if (m_algorithm == Algorithm::RsaSha256) {
        // p= is the DER SubjectPublicKeyInfo (RFC 6376 §3.6.1).
        unsigned char* der = nullptr;
        const int length = i2d_PUBKEY(m_key.get(), &der);
        if (length > 0)
            publicKey = QByteArray(reinterpret_cast<const char*>(der), length);
        OPENSSL_free(der);
    } else {
        // p= is the raw 32-byte public key (RFC 8463 §4).
        size_t length = 32;
        publicKey.resize(32);
        if (EVP_PKEY_get_raw_public_key(
                m_key.get(), reinterpret_cast<unsigned char*>(publicKey.data()), &length) != 1)
            publicKey.clear();
    }
    return "v=DKIM1; k=" + QByteArray(m_algorithm == Algorithm::RsaSha256 ? "rsa" : "ed25519") +
           "; p=" + publicKey.toBase64();
}

} // namespace Postroom::Mime
