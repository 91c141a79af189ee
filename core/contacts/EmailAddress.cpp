#include "core/contacts/EmailAddress.h"

#include <QUrl>

namespace Postroom::Contacts {
namespace {

// RFC 5321 §4.5.3.1.1 and .2; 254 = the 256-octet path minus the angle brackets (errata 1690).
constexpr qsizetype kMaxLocalPart = 64;
constexpr qsizetype kMaxDomain = 253;
constexpr qsizetype kMaxAddress = 254;
constexpr qsizetype kMaxLabel = 63;

// atext of RFC 5322 §3.2.3, without the dot (dot-atom rules are checked separately).
bool isAtext(char16_t c)
{
    if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9'))
        return true;
    switch (c) {
    case u'!':
    case u'#':
    case u'$':
    case u'%':
    case u'&':
    case u'\'':
    case u'*':
    case u'+':
    case u'-':
    case u'/':
    case u'=':
    case u'?':
    case u'^':
    case u'_':
    case u'`':
    case u'{':
    case u'|':
    case u'}':
    case u'~':
        return true;
    default:
        return false;
    }
}

bool isLdh(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
}

// Characters an Excel cell or a copy from a web page leaves around an address.
bool isInvisibleEdge(QChar c)
{
    return c.isSpace() || c == QChar(0xFEFF) || c == QChar(0x200B);
}

QStringView trimEdges(QStringView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isInvisibleEdge(text[begin]))
        ++begin;
    while (end > begin && isInvisibleEdge(text[end - 1]))
        --end;
    return text.mid(begin, end - begin);
}

Error invalid(const QString& why)
{
    return makeError(ErrorCode::InvalidInput, why);
}

} // namespace

Result<EmailAddress> EmailAddress::parse(QStringView input)
{
    const QStringView text = trimEdges(input);
    if (text.isEmpty())
        return invalid(tr("The e-mail address is empty."));
    if (text.size() > 4 * kMaxAddress) // cheap guard before any copying
        return invalid(tr("The e-mail address is longer than 254 characters."));

    // A Chinese input method types the full-width ＠ (U+FF20); people mean '@'.
    qsizetype at = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c == u'@' || c == 0xFF20) {
            if (at >= 0)
                return invalid(tr("The e-mail address has more than one @."));
            at = i;
        } else if (c < 0x20 || c == 0x7F || QChar::isSpace(c) || (c >= 0x80 && c < 0xA0)) {
            return invalid(tr("The e-mail address contains a space or control character."));
        }
    }
    if (at < 0)
        return invalid(tr("The e-mail address has no @."));

    const QStringView local = text.first(at);
    const QStringView domainIn = text.sliced(at + 1);

    // Local part: RFC 5322 dot-atom only; quoted strings are legal but no provider
    // issues them and many refuse them, so they are rejected like SMTPUTF8 local parts.
    if (local.isEmpty())
        return invalid(tr("The e-mail address has nothing before the @."));
    if (local.size() > kMaxLocalPart)
        return invalid(tr("The part before the @ is longer than 64 characters."));
    if (local.front() == u'.' || local.back() == u'.')
        return invalid(tr("The part before the @ starts or ends with a dot."));
    for (qsizetype i = 0; i < local.size(); ++i) {
        const char16_t c = local[i].unicode();
        if (c == u'.') {
            if (local[i - 1] == u'.')
                return invalid(tr("The part before the @ has two dots in a row."));
        } else if (c >= 0x80) {
            return invalid(tr("The part before the @ has non-ASCII characters."));
        } else if (!isAtext(c)) {
            return invalid(tr("The part before the @ contains a character that is not "
                              "allowed (quotes, brackets, commas…)."));
        }
    }

    if (domainIn.isEmpty())
        return invalid(tr("The e-mail address has no domain after the @."));
    bool asciiOnly = true;
    for (QChar c : domainIn) {
        if (c.unicode() >= 0x80) {
            asciiOnly = false;
            break;
        }
    }
    if (domainIn.front() == u'[')
        return invalid(tr("Addresses with an IP literal as domain are not accepted."));

    // IDNA (RFC 5891) maps and validates non-ASCII domains; QUrl::toAce answers an empty
    // string for a domain it cannot convert.
    QString ace;
    if (asciiOnly) {
        ace = domainIn.toString().toLower();
    } else {
        ace = QString::fromLatin1(QUrl::toAce(domainIn.toString(), QUrl::IgnoreIDNWhitelist));
        if (ace.isEmpty())
            return invalid(tr("The domain is not a valid internationalised domain name."));
    }
    if (ace.size() > kMaxDomain)
        return invalid(tr("The domain is longer than 253 characters."));

    // Host name syntax: LDH labels (RFC 1035 §2.3.1, RFC 1123 §2.1), at least two of them
    // (dotless domains do not receive Internet mail), a top-level label not all digits.
    qsizetype labelStart = 0;
    int labels = 0;
    bool topAllDigits = true;
    for (qsizetype i = 0; i <= ace.size(); ++i) {
        if (i == ace.size() || ace[i] == u'.') {
            const qsizetype length = i - labelStart;
            if (length == 0)
                return invalid(i == ace.size() ? tr("The domain ends with a dot.")
                                               : tr("The domain has an empty part (two dots "
                                                    "in a row, or a dot at the start)."));
            if (length > kMaxLabel)
                return invalid(tr("A part of the domain is longer than 63 characters."));
            if (ace[labelStart] == u'-' || ace[i - 1] == u'-')
                return invalid(tr("A part of the domain starts or ends with a hyphen."));
            topAllDigits = true;
            for (qsizetype j = labelStart; j < i; ++j) {
                if (!ace[j].isDigit())
                    topAllDigits = false;
            }
            ++labels;
            labelStart = i + 1;
            continue;
        }
        if (!isLdh(ace[i].unicode()))
            return invalid(tr("The domain contains a character that is not allowed."));
    }
    if (labels < 2)
        return invalid(tr("The domain has no dot."));
    if (topAllDigits)
        return invalid(tr("The domain ends in a number; it is not a mail domain."));

    if (local.size() + 1 + ace.size() > kMaxAddress)
        return invalid(tr("The e-mail address is longer than 254 characters."));

    // The Unicode form is derived from the A-label so every spelling of one IDN (upper
    // case, full-width dots, xn-- typed by hand) gets the same display form and key.
    QString unicodeDomain = ace;
    if (!asciiOnly || ace.contains(QLatin1String("xn--"))) {
        unicodeDomain = QUrl::fromAce(ace.toLatin1(), QUrl::IgnoreIDNWhitelist);
        if (unicodeDomain.isEmpty())
            unicodeDomain = ace;
        // QUrl::fromAce gives an A-label back unchanged when it does not decode to a
        // valid U-label (RFC 5891 §5.4: e.g. a U-label ending in a hyphen).
        if (!asciiOnly && (unicodeDomain.startsWith(QLatin1String("xn--")) ||
                           unicodeDomain.contains(QLatin1String(".xn--"))))
            return invalid(tr("The domain is not a valid internationalised domain name."));
    }

    // The three forms usually coincide (an all-lower-case ASCII address), and then they
    // share one string: an import of a million rows allocates a million times less.
    EmailAddress address;
    address.m_at = local.size();
    address.m_asciiAt = local.size();
    address.m_ascii.reserve(local.size() + 1 + ace.size());
    address.m_ascii.append(local).append(QLatin1Char('@')).append(ace);
    if (unicodeDomain == ace) {
        address.m_display = address.m_ascii;
    } else {
        address.m_display.reserve(local.size() + 1 + unicodeDomain.size());
        address.m_display.append(local).append(QLatin1Char('@')).append(unicodeDomain);
    }
    // The local part is ASCII (checked above), so case folding is lower-casing.
    bool upper = false;
    for (QChar c : local)
        upper = upper || (c >= u'A' && c <= u'Z');
    if (!upper) {
        address.m_key = address.m_display;
    } else {
        address.m_key = address.m_display;
        for (qsizetype i = 0; i < local.size(); ++i) {
            const char16_t c = local[i].unicode();
            if (c >= u'A' && c <= u'Z')
                address.m_key[i] = QChar(c + (u'a' - u'A'));
        }
    }
    return address;
}

QString EmailAddress::localPart() const
{
    return m_at < 0 ? QString() : m_display.first(m_at);
}

QString EmailAddress::domain() const
{
    return m_at < 0 ? QString() : m_display.sliced(m_at + 1);
}

QString EmailAddress::asciiDomain() const
{
    return m_asciiAt < 0 ? QString() : m_ascii.sliced(m_asciiAt + 1);
}

} // namespace Postroom::Contacts
