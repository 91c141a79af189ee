#include "core/mime/MailAddress.h"

#include "core/contacts/EmailAddress.h"
#include "core/mime/Rfc2047.h"

namespace Postroom::Mime {

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
    // The same rules as contact import: one validator for every address Postroom sends to.
    const auto parsed = Contacts::EmailAddress::parse(address);
    if (!parsed)
        return makeError(ErrorCode::InvalidInput,
                         AddressHeader::tr("'%1' cannot be used as an address: %2")
                             .arg(Rfc2047::singleLine(address), parsed.error().message));
    return parsed->ascii().toLatin1();
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
