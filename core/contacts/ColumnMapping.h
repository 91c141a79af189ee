#pragma once

#include "core/common/Result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Postroom::Contacts {

/** What a CSV column feeds. */
enum class ContactField
{
    Ignore,    ///< dropped
    Email,     ///< the address (required)
    FirstName, ///< given name
    LastName,  ///< family name
    FullName,  ///< a whole name; used only when first and last name are both empty
    Status,    ///< a status word: "unsubscribed", "cleaned", "bounced", 退订 … suppress the row
    Unsubscribed, ///< non-empty = unsubscribed (Mailchimp UNSUB_TIME, UNSUB_CAMPAIGN_TITLE)
    Cleaned,      ///< non-empty = cleaned/bounced (Mailchimp CLEAN_TIME, CLEAN_CAMPAIGN_TITLE)
    Custom,       ///< a custom field keyed by ColumnAssignment::customKey
};

/** One column's role. */
struct ColumnAssignment
{
    ContactField field = ContactField::Ignore;
    QString customKey; ///< for ContactField::Custom: the field name templates use

    friend bool operator==(const ColumnAssignment&, const ColumnAssignment&) = default;
};

/** One `FIELD=COLUMN` pair of the CLI's `--map` (FIELD may be "ignore" or a custom name). */
struct MappingOverride
{
    QString field;
    QString column; ///< a header (matched like auto-mapping) or a 1-based column number
};

/**
 * Which CSV column goes to which contact field.
 *
 * guess() matches headers case- and punctuation-insensitively against the exports people
 * actually have: Mailchimp (`Email Address`, `First Name`, `UNSUB_TIME`, `CLEAN_TIME`, …),
 * Google Contacts (`E-mail 1 - Value`, `Given Name`, `Family Name`, `Name`), Outlook
 * (`E-mail Address`), generic English and Chinese headers (邮箱, 电子邮件, 姓名, 名, 姓 …).
 * Every unmatched column becomes a custom field keyed by its header.
 */
class ColumnMapping
{
    Q_DECLARE_TR_FUNCTIONS(ColumnMapping)

public:
    ColumnMapping() = default;

    /** The automatic mapping for @p headers. Only the first column matching a field wins. */
    static ColumnMapping guess(const QStringList& headers);

    /** The field a single header would map to (Custom when nothing matches). */
    static ContactField guessField(const QString& header);

    /** Lower-case letters and digits of @p header only: "E-mail 1 - Value" → "email1value". */
    static QString normaliseHeader(const QString& header);

    /**
     * Parses the CLI's `--map` value: `FIELD=COLUMN[,FIELD=COLUMN…]`. FIELD is one of
     * email, first_name, last_name, name, status, unsubscribed, cleaned, ignore, or any
     * other word for a custom field.
     */
    static Result<QList<MappingOverride>> parseOverrides(const QString& spec);

    /**
     * Applies @p overrides on top of this mapping: the named column takes the field, and a
     * standard field moves (its previous column becomes a custom field again).
     */
    Result<void> apply(const QList<MappingOverride>& overrides);

    /** Checks that an e-mail column exists; InvalidInput with a hint otherwise. */
    Result<void> validate() const;

    const QStringList& headers() const { return m_headers; }
    const QList<ColumnAssignment>& columns() const { return m_columns; }
    int columnCount() const { return static_cast<int>(m_columns.size()); }

    /** Sets column @p index's role (the GUI's mapping table). A standard field is unique:
     *  assigning it here turns its previous column into a custom field. */
    void setColumn(int index, ColumnAssignment assignment);

    /** The first column mapped to @p field, or -1. */
    int columnOf(ContactField field) const;

    /** The field's stable name for `--map`: "email", "first_name", …, "ignore", "custom". */
    static QString fieldName(ContactField field);
    /** The inverse of fieldName(); nullopt for a custom-field name. */
    static std::optional<ContactField> fieldFromName(const QString& name);
    /** The field's translated label for the wizard. */
    static QString fieldLabel(ContactField field);

private:
    /** A custom key for @p header that no other column uses yet. */
    QString uniqueCustomKey(int index) const;
    std::optional<int> findColumn(const QString& column) const;

    QStringList m_headers;
    QList<ColumnAssignment> m_columns;
};

} // namespace Postroom::Contacts
