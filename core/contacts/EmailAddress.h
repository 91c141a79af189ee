#pragma once

#include "core/common/Result.h"

#include <QCoreApplication>
#include <QString>
#include <QStringView>

namespace Postroom::Contacts {

/**
 * A validated, normalised e-mail address.
 *
 * Syntax is the dot-atom form of RFC 5322 §3.4.1 with the limits of RFC 5321 §4.5.3.1
 * (local part ≤ 64 octets, domain ≤ 255, whole address ≤ 254 so it fits a 256-octet
 * path), narrowed to what mailbox providers actually accept: no quoted local parts, no
 * comments, no domain literals, no dotless domains, ASCII local parts only (SMTPUTF8 is
 * not assumed), host names made of LDH labels (RFC 1035 §2.3.1) after IDNA conversion.
 *
 * Three forms are kept:
 * - display(): the address as the user typed it, trimmed, domain lower-cased and in
 *   Unicode (IDN U-labels) — what the UI and exports show;
 * - ascii(): the domain in A-label (xn--) form — what goes into SMTP and headers;
 * - key(): the case-folded identity; two addresses are "the same contact" when their
 *   keys are equal (the CONTRACT: duplicates are the same address case-insensitively).
 */
class EmailAddress
{
    Q_DECLARE_TR_FUNCTIONS(EmailAddress)

public:
    EmailAddress() = default;

    /**
     * Trims, normalises and validates @p input. On failure the Error (code InvalidInput)
     * says why in one translated line, e.g. "the domain has no dot".
     */
    static Result<EmailAddress> parse(QStringView input);

    /** True for a default-constructed (never parsed) address. */
    bool isEmpty() const { return m_display.isEmpty(); }

    /** The address for people: local part as given, Unicode lower-cased domain. */
    const QString& display() const { return m_display; }
    /** The address for SMTP (RFC 5321) and headers: pure ASCII, A-label domain. */
    const QString& ascii() const { return m_ascii; }
    /** The identity used for de-duplication and suppression: case-folded, Unicode domain. */
    const QString& key() const { return m_key; }

    /** The local part as given (case preserved, it is significant to some servers). */
    QString localPart() const;
    /** The domain in lower-cased Unicode form. */
    QString domain() const;
    /** The domain in A-label form (RFC 5890), lower-case ASCII. */
    QString asciiDomain() const;

    friend bool operator==(const EmailAddress& a, const EmailAddress& b)
    {
        return a.m_key == b.m_key;
    }

private:
    QString m_display;
    QString m_ascii;
    QString m_key;
    qsizetype m_at = -1; ///< index of '@' in m_display
    qsizetype m_asciiAt = -1;
};

} // namespace Postroom::Contacts
