#pragma once

#include <QByteArray>

#include <openssl/evp.h>
#include <openssl/pem.h>

namespace Postroom::Test {

/**
 * A fresh private key in PEM (PKCS#8), made in memory for a test or benchmark:
 * @p type is "RSA" (with @p bits) or "ED25519". Private keys are never committed.
 */
inline QByteArray generatePrivateKeyPem(const char* type, int bits = 0)
{
    EVP_PKEY* key = bits ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, size_t(bits))
                         : EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, length);
    BIO_free(bio);
    EVP_PKEY_free(key);
    return pem;
}

} // namespace Postroom::Test
