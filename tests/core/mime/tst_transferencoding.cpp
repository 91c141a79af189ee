#include "core/mime/TransferEncoding.h"

#include <QTest>

using namespace Postroom::Mime;

namespace {

void checkLines(const QByteArray& encoded, qsizetype maxLength)
{
    QVERIFY(encoded.isEmpty() || encoded.endsWith("\r\n"));
    qsizetype start = 0;
    while (start < encoded.size()) {
        const qsizetype crlf = encoded.indexOf("\r\n", start);
        QVERIFY(crlf >= 0);
        const QByteArray line = encoded.mid(start, crlf - start);
        QVERIFY2(line.size() <= maxLength, line.constData());
        QVERIFY(!line.contains('\r') && !line.contains('\n'));
        QVERIFY2(!line.endsWith(' ') && !line.endsWith('\t'), line.constData());
        for (const char c : line)
            QVERIFY(c == '\t' || (c >= 0x20 && c < 0x7F));
        start = crlf + 2;
    }
}

} // namespace

class TestTransferEncoding : public QObject
{
    Q_OBJECT

private slots:
    void quotedPrintableRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("ascii") << QByteArray("Hello world\r\nSecond line\r\n");
        QTest::newRow("trailing space") << QByteArray("ends with space \r\ntab\t\r\nlast ");
        QTest::newRow("equals") << QByteArray("a=b ==c =");
        QTest::newRow("long line") << QByteArray(5000, 'a');
        QTest::newRow("long escapes") << QString(700, QChar(0x00E9)).toUtf8();
        QTest::newRow("chinese") << QStringLiteral("你好，世界。\n第二行").toUtf8();
        QTest::newRow("binary-ish") << QByteArray("\x01\x7f\xff=\x00z", 6);
    }

    void quotedPrintableRoundTrip()
    {
        QFETCH(QByteArray, text);
        QByteArray encoded;
        TransferEncoder::appendQuotedPrintable(text, encoded);
        checkLines(encoded, 76);
        QByteArray decoded = TransferEncoder::decodeQuotedPrintable(encoded);
        // The final CRLF ends the encoded text; the original may not have had one.
        if (!text.endsWith('\n'))
            decoded.chop(2);
        QCOMPARE(decoded, TransferEncoder::toCrlf(text));
    }

    void quotedPrintableRandomised()
    {
        // Mixes of the characters with special rules, at every line position.
        const QList<QByteArray> pieces = {"a", " ", "\t", "\r\n", "=", "\xC3\xA9", "xyz", "  "};
        quint32 seed = 12345;
        for (int round = 0; round < 300; ++round) {
            QByteArray text;
            const int length = round % 120;
            for (int k = 0; k < length; ++k) {
                seed = seed * 1103515245u + 12345u;
                text += pieces.at((seed >> 16) % pieces.size());
            }
            QByteArray encoded;
            TransferEncoder::appendQuotedPrintable(text, encoded);
            checkLines(encoded, 76);
            QByteArray decoded = TransferEncoder::decodeQuotedPrintable(encoded);
            if (!text.endsWith('\n') && !text.isEmpty())
                decoded.chop(2);
            QCOMPARE(decoded, text);
        }
    }

    void quotedPrintableEveryByteAtEveryWordOffset()
    {
        // The encoder tests eight bytes at a time; each byte value must be caught in
        // every lane of a word, and at the end of a line.
        for (int value = 0; value < 256; ++value) {
            if (value == '\r' || value == '\n')
                continue;
            for (int offset = 0; offset < 80; ++offset) {
                QByteArray text(96, 'a');
                text[offset] = char(value);
                QByteArray encoded;
                TransferEncoder::appendQuotedPrintable(text, encoded);
                checkLines(encoded, 76);
                // Space and tab stand for themselves or not depending on what follows.
                if (value != ' ' && value != '\t') {
                    const bool literal = value >= 33 && value <= 126 && value != '=';
                    const QByteArray escaped =
                        '=' + QByteArray::number(value, 16).toUpper().rightJustified(2, '0');
                    QCOMPARE(encoded.contains(escaped), !literal);
                }
                QByteArray decoded = TransferEncoder::decodeQuotedPrintable(encoded);
                decoded.chop(2);
                QCOMPARE(decoded, text);
            }
        }
    }

    void sevenBitNormalisesLineBreaks_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("lf") << QByteArray("a\nb\n") << QByteArray("a\r\nb\r\n");
        QTest::newRow("cr") << QByteArray("a\rb") << QByteArray("a\r\nb\r\n");
        QTest::newRow("crlf") << QByteArray("a\r\n\r\nb") << QByteArray("a\r\n\r\nb\r\n");
        QTest::newRow("mixed") << QByteArray("a\n\rb\r\r\nc")
                               << QByteArray("a\r\n\r\nb\r\n\r\nc\r\n");
        QTest::newRow("empty") << QByteArray() << QByteArray("\r\n");
        QTest::newRow("spaces kept") << QByteArray("x = y \n") << QByteArray("x = y \r\n");
    }

    void sevenBitNormalisesLineBreaks()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        QByteArray encoded("head:");
        TransferEncoder::appendSevenBit(text, encoded);
        QCOMPARE(encoded, "head:" + expected);
        QCOMPARE(TransferEncoder::toCrlf(text) +
                     (text.endsWith('\n') || text.endsWith('\r') ? "" : "\r\n"),
                 expected);
    }

    void quotedPrintableNormalisesLineBreaks()
    {
        QByteArray encoded;
        TransferEncoder::appendQuotedPrintable("a\nb\rc\r\nd", encoded);
        QCOMPARE(encoded, QByteArray("a\r\nb\r\nc\r\nd\r\n"));
    }

    void quotedPrintableKnownOutput()
    {
        QByteArray encoded;
        TransferEncoder::appendQuotedPrintable(QStringLiteral("Grüße = ok ").toUtf8(), encoded);
        QCOMPARE(encoded, QByteArray("Gr=C3=BC=C3=9Fe =3D ok=20\r\n"));
    }

    void base64Lines()
    {
        for (const qsizetype size : {0, 1, 2, 3, 56, 57, 58, 114, 1000}) {
            QByteArray data(size, Qt::Uninitialized);
            for (qsizetype i = 0; i < size; ++i)
                data[i] = char((i * 37 + 11) & 0xFF);
            QByteArray encoded;
            TransferEncoder::appendBase64(data, encoded);
            checkLines(encoded, 76);
            QByteArray joined = encoded;
            joined.replace("\r\n", "");
            QCOMPARE(joined, data.toBase64());
        }
    }

    void choice()
    {
        QCOMPARE(TransferEncoder::choose("plain ASCII text with <a href=\"x\"> & stuff"),
                 TransferEncoding::SevenBit);
        QCOMPARE(TransferEncoder::choose(QByteArray(998, 'a') + "\r\n" + QByteArray(998, 'b')),
                 TransferEncoding::SevenBit);
        // Too long a line, a NUL, a boundary's "=_": quoted-printable.
        QCOMPARE(TransferEncoder::choose(QByteArray(999, 'a')), TransferEncoding::QuotedPrintable);
        QCOMPARE(TransferEncoder::choose(QByteArray("a\0b", 3)), TransferEncoding::QuotedPrintable);
        QCOMPARE(TransferEncoder::choose("--=_pra_x\r\n"), TransferEncoding::QuotedPrintable);
        QCOMPARE(
            TransferEncoder::choose(QStringLiteral("中文的内容比较多的时候用 base64").toUtf8()),
            TransferEncoding::Base64);
        QCOMPARE(TransferEncoder::choose(
                     QStringLiteral("Mostly English text with one café in it.").toUtf8()),
                 TransferEncoding::QuotedPrintable);
    }
};

QTEST_GUILESS_MAIN(TestTransferEncoding)
#include "tst_transferencoding.moc"
