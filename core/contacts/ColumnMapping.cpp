#include "core/contacts/ColumnMapping.h"

#include <QHash>

namespace Postroom::Contacts {
namespace {

// Normalised headers (see ColumnMapping::normaliseHeader) of real exports: Mailchimp
// audience exports, Google Contacts (old and new CSV), Outlook, common CRMs, and the
// headers Chinese users type in Excel (simplified and traditional).
const QHash<QString, ContactField>& knownHeaders()
{
    static const QHash<QString, ContactField> headers = [] {
        QHash<QString, ContactField> map;
        const auto add = [&map](ContactField field, std::initializer_list<const char*> names) {
            for (const char* name : names)
                map.insert(QString::fromUtf8(name), field);
        };
        add(ContactField::Email,
            {"email",        "emailaddress", "email1value",  "email1",       "mail",
             "emails",       "emailaddr",    "primaryemail", "emailprimary", "mailaddress",
             "emailadresse", "adresseemail", "courriel",     "correo",       "correoelectrónico",
             "邮箱",         "邮箱地址",     "电子邮件",     "电子邮箱",     "电子邮件地址",
             "邮件地址",     "邮件",         "email地址",    "電子郵件",     "電子郵箱",
             "郵箱",         "電郵",         "電子郵件地址", "郵件地址",     "メールアドレス"});
        add(ContactField::FirstName, {"firstname", "givenname", "first", "fname", "forename",
                                      "vorname", "prénom", "prenom", "nombre", "名", "名字"});
        add(ContactField::LastName, {"lastname", "familyname", "surname", "last", "lname",
                                     "nachname", "nom", "apellido", "apellidos", "姓", "姓氏"});
        add(ContactField::FullName,
            {"name", "fullname", "displayname", "contactname", "emaildisplayname", "姓名", "全名",
             "联系人", "联系人姓名", "聯絡人", "名前"});
        add(ContactField::Status, {"status", "memberstatus", "subscriptionstatus",
                                   "subscriberstatus", "状态", "订阅状态", "狀態"});
        add(ContactField::Unsubscribed,
            {"unsubtime", "unsubcampaigntitle", "unsubcampaignid", "unsubreason", "unsubscribedat",
             "unsubscribedate", "unsubscribetime", "退订时间"});
        add(ContactField::Cleaned, {"cleantime", "cleancampaigntitle", "cleancampaignid"});
        return map;
    }();
    return headers;
}

bool isUniqueField(ContactField field)
{
    return field != ContactField::Ignore && field != ContactField::Custom;
}

} // namespace

QString ColumnMapping::normaliseHeader(const QString& header)
{
    QString out;
    out.reserve(header.size());
    for (QChar c : header) {
        if (c.isLetterOrNumber())
            out.append(c.toLower());
    }
    return out;
}

ContactField ColumnMapping::guessField(const QString& header)
{
    return knownHeaders().value(normaliseHeader(header), ContactField::Custom);
}

ColumnMapping ColumnMapping::guess(const QStringList& headers)
{
    ColumnMapping mapping;
    mapping.m_headers = headers;
    mapping.m_columns.resize(headers.size());
    for (int i = 0; i < headers.size(); ++i) {
        ContactField field = guessField(headers[i]);
        if (isUniqueField(field) && mapping.columnOf(field) >= 0)
            field = ContactField::Custom;
        mapping.m_columns[i].field = field;
        if (field == ContactField::Custom)
            mapping.m_columns[i].customKey = mapping.uniqueCustomKey(i);
    }
    return mapping;
}

QString ColumnMapping::uniqueCustomKey(int index) const
{
    QString base = index < m_headers.size() ? m_headers[index].simplified() : QString();
    if (base.isEmpty())
        base = tr("Column %1").arg(index + 1);
    // Keys feed templates and JSON; keep them short.
    base.truncate(100);
    QString key = base;
    for (int suffix = 2;; ++suffix) {
        bool taken = false;
        for (int i = 0; i < m_columns.size(); ++i) {
            if (i != index && m_columns[i].field == ContactField::Custom &&
                m_columns[i].customKey == key) {
                taken = true;
                break;
            }
        }
        if (!taken)
            return key;
        key = base + QLatin1Char(' ') + QString::number(suffix);
    }
}

int ColumnMapping::columnOf(ContactField field) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].field == field)
            return i;
    }
    return -1;
}

void ColumnMapping::setColumn(int index, ColumnAssignment assignment)
{
    if (index < 0 || index >= m_columns.size())
        return;
    if (isUniqueField(assignment.field)) {
        const int previous = columnOf(assignment.field);
        if (previous >= 0 && previous != index) {
            m_columns[previous] = {ContactField::Custom, {}};
            m_columns[previous].customKey = uniqueCustomKey(previous);
        }
        assignment.customKey.clear();
    } else if (assignment.field == ContactField::Custom) {
        assignment.customKey = assignment.customKey.simplified();
        if (assignment.customKey.isEmpty()) {
            m_columns[index] = assignment;
            assignment.customKey = uniqueCustomKey(index);
        }
    } else {
        assignment.customKey.clear();
    }
    m_columns[index] = assignment;
}

std::optional<int> ColumnMapping::findColumn(const QString& column) const
{
    const QString trimmed = column.trimmed();
    for (int i = 0; i < m_headers.size(); ++i) {
        if (m_headers[i].trimmed() == trimmed)
            return i;
    }
    const QString normalised = normaliseHeader(trimmed);
    if (!normalised.isEmpty()) {
        for (int i = 0; i < m_headers.size(); ++i) {
            if (normaliseHeader(m_headers[i]) == normalised)
                return i;
        }
    }
    bool isNumber = false;
    const int number = trimmed.toInt(&isNumber);
    if (isNumber && number >= 1 && number <= m_columns.size())
        return number - 1;
    return std::nullopt;
}

Result<QList<MappingOverride>> ColumnMapping::parseOverrides(const QString& spec)
{
    QList<MappingOverride> overrides;
    for (const QString& part : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        const QString field = eq < 0 ? QString() : part.first(eq).trimmed();
        const QString column = eq < 0 ? QString() : part.sliced(eq + 1).trimmed();
        if (field.isEmpty() || column.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             tr("\"%1\" is not FIELD=COLUMN.").arg(part.trimmed()));
        overrides.append({field, column});
    }
    return overrides;
}

Result<void> ColumnMapping::apply(const QList<MappingOverride>& overrides)
{
    for (const MappingOverride& override : overrides) {
        const auto index = findColumn(override.column);
        if (!index)
            return makeError(ErrorCode::InvalidInput,
                             tr("The file has no column \"%1\". Its columns are: %2")
                                 .arg(override.column, m_headers.join(QStringLiteral(", "))));
        const auto field = fieldFromName(override.field);
        if (field)
            setColumn(*index, {*field, {}});
        else
            setColumn(*index, {ContactField::Custom, override.field.trimmed()});
    }
    return {};
}

Result<void> ColumnMapping::validate() const
{
    if (columnOf(ContactField::Email) < 0)
        return makeError(ErrorCode::InvalidInput,
                         tr("No column holds the e-mail address. Columns: %1. Map one "
                            "explicitly (email=COLUMN).")
                             .arg(m_headers.join(QStringLiteral(", "))));
    return {};
}

QString ColumnMapping::fieldName(ContactField field)
{
    switch (field) {
    case ContactField::Ignore:
        return QStringLiteral("ignore");
    case ContactField::Email:
        return QStringLiteral("email");
    case ContactField::FirstName:
        return QStringLiteral("first_name");
    case ContactField::LastName:
        return QStringLiteral("last_name");
    case ContactField::FullName:
        return QStringLiteral("name");
    case ContactField::Status:
        return QStringLiteral("status");
    case ContactField::Unsubscribed:
        return QStringLiteral("unsubscribed");
    case ContactField::Cleaned:
        return QStringLiteral("cleaned");
    case ContactField::Custom:
        return QStringLiteral("custom");
    }
    return {};
}

std::optional<ContactField> ColumnMapping::fieldFromName(const QString& name)
{
    const QString normalised = normaliseHeader(name);
    static const ContactField named[] = {
        ContactField::Ignore,       ContactField::Email,    ContactField::FirstName,
        ContactField::LastName,     ContactField::FullName, ContactField::Status,
        ContactField::Unsubscribed, ContactField::Cleaned,
    };
    for (ContactField field : named) {
        if (normalised == normaliseHeader(fieldName(field)))
            return field;
    }
    if (normalised == QLatin1String("fullname"))
        return ContactField::FullName;
    return std::nullopt;
}

QString ColumnMapping::fieldLabel(ContactField field)
{
    switch (field) {
    case ContactField::Ignore:
        return tr("Ignore");
    case ContactField::Email:
        return tr("E-mail");
    case ContactField::FirstName:
        return tr("First name");
    case ContactField::LastName:
        return tr("Last name");
    case ContactField::FullName:
        return tr("Full name");
    case ContactField::Status:
        return tr("Status");
    case ContactField::Unsubscribed:
        return tr("Unsubscribed marker");
    case ContactField::Cleaned:
        return tr("Cleaned marker");
    case ContactField::Custom:
        return tr("Custom field");
    }
    return {};
}

} // namespace Postroom::Contacts
