#include "core/mime/MessageRef.h"

#include <QRandomGenerator>

#include <algorithm>

namespace Postroom::Mime {
namespace {

constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
constexpr qsizetype kLength = 16;

} // namespace

QByteArray MessageRef::generate()
{
    quint64 bits[2];
    QRandomGenerator::system()->fillRange(bits, 2);
    QByteArray ref(kLength, Qt::Uninitialized);
    quint64 a = bits[0];
    for (qsizetype i = 0; i < kLength; ++i) {
        if (i == 12)
            a = bits[1]; // 12 x 5 = 60 bits from the first word, 20 from the second
        ref[i] = kAlphabet[a & 31];
        a >>= 5;
    }
    return ref;
}

bool MessageRef::isValid(QByteArrayView ref)
{
    if (ref.size() != kLength)
        return false;
    return std::all_of(ref.begin(), ref.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); });
}

QByteArray MessageRef::verpAddress(QByteArrayView returnPath, QByteArrayView ref)
{
    const qsizetype at = returnPath.lastIndexOf('@');
    if (at <= 0)
        return returnPath.toByteArray();
    const QByteArrayView local = returnPath.first(at);
    const QByteArrayView domain = returnPath.sliced(at);
    const qsizetype plus = local.indexOf('+');
    if (plus >= 0 && plus != local.size() - 1)
        return returnPath.toByteArray();
    QByteArray address;
    address.reserve(returnPath.size() + ref.size() + 1);
    address.append(local.data(), plus < 0 ? local.size() : plus);
    address.append('+');
    address.append(ref.data(), ref.size());
    address.append(domain.data(), domain.size());
    return address;
}

QByteArray MessageRef::refFromVerp(QByteArrayView address)
{
    const qsizetype at = address.lastIndexOf('@');
    if (at <= 0)
        return {};
    const QByteArrayView local = address.first(at);
    const qsizetype plus = local.lastIndexOf('+');
    if (plus < 0)
        return {};
    const QByteArray ref = local.sliced(plus + 1).toByteArray().toLower();
    return isValid(ref) ? ref : QByteArray();
}

} // namespace Postroom::Mime
