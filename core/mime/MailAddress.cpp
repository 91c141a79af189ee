#include "core/mime/MailAddress.h"

#include "core/mime/Rfc2047.h"

#include <QUrl>

namespace Postroom::Mime {
namespace {

// RFC 5322 §3.2.3 atext, the characters of a dot-atom local part.
bool isAtext(QChar ch)
{
    const char16_t c = ch.unicode();
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c < 0x80 && QByteArrayView("!#$%&'*+-/=?^_`{|}~").contains(char(c));
}

bool isDotAtom(QStringView text)
{
    if (text.isEmpty() || text.startsWith(QLatin1Char('.')) || text.endsWith(QLatin1Char('.')) ||
        text.contains(QLatin1String("..")))
        return false;
    return std::all_of(text.begin(), text.end(),
                       [](QChar ch) { return ch == QLatin1Char('.') || isAtext(ch); });
}

Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

} // namespace

Result<MailAddress> MailAddress::parse(const QString& text)
{
    const QString trimmed = text.trimmed();
    MailAddress mailbox;
    const qsizetype open = trimmed.lastIndexOf(QLatin1Char('<'));
    if (open >= 0 && trimmed.endsWith(QLatin1Char('>'))) {
        mailbox.address = trimmed.sliced(open + 1, trimmed.size() - open - 2).trimmed();
        QString name = trimmed.first(open).trimmed();
        if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) &&
            name.endsWith(QLatin1Char('"'))) {
            name = name.sliced(1, name.size() - 2);
            name.replace(QLatin1String("\\\""), QLatin1String("\""));
            name.replace(QLatin1String("\\\\"), QLatin1String("\\"));
        }
        mailbox.name = Rfc2047::singleLine(name);
    } else {
        mailbox.address = trimmed;
    }
    if (const auto wire = mailbox.wireAddress(); !wire)
        return wire.error();
    return mailbox;
}

Result<QByteArray> MailAddress::wireAddress() const
{
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    if (at <= 0 || at == address.size() - 1)
        return invalid(AddressHeader::tr("'%1' is not an e-mail address").arg(address));
    const QStringView local = QStringView(address).first(at);
    if (!isDotAtom(local))
        return invalid(AddressHeader::tr("The address '%1' has a local part that cannot be sent")
                           .arg(address));
    const QByteArray domain = QUrl::toAce(address.sliced(at + 1).toLower());
    if (domain.isEmpty() || domain.startsWith('.') || domain.endsWith('.') ||
        !std::all_of(domain.begin(), domain.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        }))
        return invalid(AddressHeader::tr("The address '%1' has an invalid domain").arg(address));
    return local.toLatin1() + '@' + domain;
}

Result<QByteArray> MailAddress::wireDomain() const
{
    auto wire = wireAddress();
    if (!wire)
        return wire.error();
    return wire->mid(wire->lastIndexOf('@') + 1);
}

Result<QByteArray> AddressHeader::format(QByteArrayView fieldName,
                                         const QList<MailAddress>& mailboxes)
{
    HeaderWriter header(fieldName);
    for (qsizetype i = 0; i < mailboxes.size(); ++i) {
        const MailAddress& mailbox = mailboxes.at(i);
        const auto wire = mailbox.wireAddress();
        if (!wire)
            return wire.error();
        const QString name = Rfc2047::singleLine(mailbox.name);
        Rfc2047::appendPhrase(header, name);
        QByteArray angle = '<' + *wire + '>';
        if (i + 1 < mailboxes.size())
            angle.append(',');
        header.addToken(angle);
    }
    return header.finish();
}

} // namespace Postroom::Mime
