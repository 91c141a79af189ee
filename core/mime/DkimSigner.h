#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>

// OpenSSL's key type, kept out of this header.
struct evp_pkey_st;

namespace Postroom::Mime {

/**
 * DKIM signing (RFC 6376) with relaxed/relaxed canonicalisation, `rsa-sha256` or
 * `ed25519-sha256` (RFC 8463), the algorithm taken from the key. Load the key once
 * per campaign and sign every message with the same signer; sign() is const and safe
 * to call from several threads at once.
 */
class DkimSigner
{
    Q_DECLARE_TR_FUNCTIONS(DkimSigner)

public:
    enum class Algorithm
    {
        RsaSha256,
        Ed25519Sha256,
    };

    /**
     * A signer for @p domain and @p selector from a PEM private key (PKCS#8, or
     * PKCS#1 for RSA). RSA keys under 1024 bits are refused (RFC 8301 §3.2).
     */
    static Result<DkimSigner> fromPem(const QByteArray& pem, const QString& domain,
                                      const QString& selector);

    /** Same, reading the PEM from @p path. */
    static Result<DkimSigner> fromFile(const QString& path, const QString& domain,
                                       const QString& selector);

    Algorithm algorithm() const { return m_algorithm; }

    /** `rsa-sha256` or `ed25519-sha256`. */
    QByteArray algorithmName() const;

    /**
     * The header fields that are signed when present (each also signed once more
     * than it occurs, so that none can be added later: RFC 6376 §8.15).
     */
    static const QList<QByteArray>& signedFields();

    /**
     * The DKIM-Signature field (folded, CRLF-terminated) for @p message, which must
     * be the complete message with CRLF line ends. @p timestamp is the t= tag.
     */
    Result<QByteArray> signatureField(QByteArrayView message, qint64 timestamp) const;

    /** Prepends the DKIM-Signature field to @p message, stamped with the current time. */
    Result<void> sign(QByteArray& message) const;

    /**
     * The TXT record a receiver looks up at `selector._domainkey.domain`
     * (`v=DKIM1; k=rsa; p=...`), from the public half of the key.
     */
    QByteArray dnsRecord() const;

private:
    DkimSigner() = default;

    std::shared_ptr<evp_pkey_st> m_key;
    Algorithm m_algorithm = Algorithm::RsaSha256;
    QByteArray m_domain;
    QByteArray m_selector;
};

} // namespace Postroom::Mime
