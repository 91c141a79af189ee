#include "core/mime/DkimCanonicalizer.h"
#include "core/mime/DkimSigner.h"
#include "tests/support/TestKeys.h"

#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

using namespace Postroom::Mime;

namespace {

using Postroom::Test::generatePrivateKeyPem;

const QByteArray kMessage = "From: Ada <ada@example.com>\r\n"
                            "To: bob@example.net\r\n"
                            "Subject:  Hello \t there \r\n"
                            "  folded\r\n"
                            "Date: Thu, 26 Nov 2026 10:40:00 +0000\r\n"
                            "Message-ID: <abc@example.com>\r\n"
                            "X-Other: not signed\r\n"
                            "\r\n"
                            "Hi  Bob \t\r\n"
                            "\r\n"
                            "Bye\r\n"
                            "\r\n"
                            "\r\n";

// Tag value of @p tag in a DKIM-Signature field (whitespace removed).
QByteArray tagValue(QByteArray field, const QByteArray& tag)
{
    field.replace("\r\n", "");
    field = field.mid(field.indexOf(':') + 1);
    for (QByteArray part : field.split(';')) {
        part = part.trimmed();
        if (part.startsWith(tag + '=')) {
            QByteArray value = part.mid(tag.size() + 1);
            value.replace(" ", "");
            value.replace("\t", "");
            return value;
        }
    }
    return {};
}

} // namespace

class TestDkim : public QObject
{
    Q_OBJECT

private slots:
    // RFC 6376 §3.4.5, the relaxed example.
    void relaxedRfcExample()
    {
        QCOMPARE(DkimCanonicalizer::relaxedHeader("A: X\r\n"), QByteArray("a:X\r\n"));
        QCOMPARE(DkimCanonicalizer::relaxedHeader("B : Y\t\r\n\tZ  \r\n"), QByteArray("b:Y Z\r\n"));
        QCOMPARE(DkimCanonicalizer::relaxedBody(" C \r\nD \t E\r\n\r\n\r\n"),
                 QByteArray(" C\r\nD E\r\n"));
    }

    void relaxedBodyEdges()
    {
        QCOMPARE(DkimCanonicalizer::relaxedBody(""), QByteArray());
        QCOMPARE(DkimCanonicalizer::relaxedBody("\r\n\r\n"), QByteArray());
        QCOMPARE(DkimCanonicalizer::relaxedBody("x"), QByteArray("x\r\n"));
        QCOMPARE(DkimCanonicalizer::relaxedBody("a  \r\n \r\nb"), QByteArray("a\r\n\r\nb\r\n"));
    }

    void splitHeaders()
    {
        QByteArrayView body;
        const auto fields = DkimCanonicalizer::splitHeaders(kMessage, &body);
        QCOMPARE(fields.size(), 6);
        QCOMPARE(fields.at(2).name, QByteArrayView("Subject"));
        QCOMPARE(fields.at(2).field, QByteArrayView("Subject:  Hello \t there \r\n  folded\r\n"));
        QVERIFY(body.startsWith("Hi  Bob"));
    }

    void signAndVerify_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<QByteArray>("algorithm");
        QTest::newRow("rsa") << generatePrivateKeyPem("RSA", 2048) << QByteArray("rsa-sha256");
        QTest::newRow("ed25519") << generatePrivateKeyPem("ED25519")
                                 << QByteArray("ed25519-sha256");
    }

    // Checks the signature with OpenSSL against canonical data rebuilt independently
    // (the Python integration test checks the same against dkimpy).
    void signAndVerify()
    {
        QFETCH(QByteArray, pem);
        QFETCH(QByteArray, algorithm);
        const auto signer =
            DkimSigner::fromPem(pem, QStringLiteral("Example.com"), QStringLiteral("s1"));
        QVERIFY2(signer.ok(), qPrintable(signer.ok() ? QString() : signer.error().describe()));
        QCOMPARE(signer->algorithmName(), algorithm);
        const auto field = signer->signatureField(kMessage, 1700000000);
        QVERIFY(field.ok());
        for (const QByteArray& line : field->split('\n'))
            QVERIFY(line.size() <= 79);
        QCOMPARE(tagValue(*field, "a"), algorithm);
        QCOMPARE(tagValue(*field, "d"), QByteArray("example.com"));
        QCOMPARE(tagValue(*field, "h"),
                 QByteArray("from:from:to:to:subject:subject:date:date:message-id:message-id"));
        QByteArray bodyHash(SHA256_DIGEST_LENGTH, Qt::Uninitialized);
        const QByteArray canonBody = "Hi Bob\r\n\r\nBye\r\n";
        SHA256(reinterpret_cast<const unsigned char*>(canonBody.constData()), canonBody.size(),
               reinterpret_cast<unsigned char*>(bodyHash.data()));
        QCOMPARE(tagValue(*field, "bh"), bodyHash.toBase64());

        // Rebuild the signed data the way a verifier does.
        QByteArray data = "from:Ada <ada@example.com>\r\n"
                          "to:bob@example.net\r\n"
                          "subject:Hello there folded\r\n"
                          "date:Thu, 26 Nov 2026 10:40:00 +0000\r\n"
                          "message-id:<abc@example.com>\r\n";
        QByteArray withoutB = *field;
        const qsizetype bPos = withoutB.indexOf(" b=") + 3;
        withoutB.truncate(bPos);
        QByteArray canonSig = DkimCanonicalizer::relaxedHeader(withoutB + "\r\n");
        canonSig.chop(2);
        data += canonSig;
        const QByteArray signature = QByteArray::fromBase64(tagValue(*field, "b"));

        BIO* bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
        EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        int verified = 0;
        if (algorithm == "rsa-sha256") {
            EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key);
            verified = EVP_DigestVerify(
                ctx, reinterpret_cast<const unsigned char*>(signature.constData()),
                signature.size(), reinterpret_cast<const unsigned char*>(data.constData()),
                data.size());
        } else {
            unsigned char hash[SHA256_DIGEST_LENGTH];
            SHA256(reinterpret_cast<const unsigned char*>(data.constData()), data.size(), hash);
            EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key);
            verified =
                EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.constData()),
                                 signature.size(), hash, sizeof hash);
        }
        EVP_MD_CTX_free(ctx);
        EVP_PKEY_free(key);
        QCOMPARE(verified, 1);

        const QByteArray record = signer->dnsRecord();
        QVERIFY(record.startsWith(algorithm == "rsa-sha256" ? "v=DKIM1; k=rsa; p=MII"
                                                            : "v=DKIM1; k=ed25519; p="));
    }

    void badKeys()
    {
        QVERIFY(
            !DkimSigner::fromPem("not a key", QStringLiteral("example.com"), QStringLiteral("s"))
                 .ok());
        QVERIFY(!DkimSigner::fromPem(generatePrivateKeyPem("RSA", 512),
                                     QStringLiteral("example.com"), QStringLiteral("s"))
                     .ok());
        const QByteArray ed = generatePrivateKeyPem("ED25519");
        QVERIFY(!DkimSigner::fromPem(ed, QStringLiteral("exa mple.com"), QStringLiteral("s")).ok());
        QVERIFY(
            !DkimSigner::fromPem(ed, QStringLiteral("example.com"), QStringLiteral("s;x=1")).ok());
    }
};

QTEST_GUILESS_MAIN(TestDkim)
#include "tst_dkim.moc"
