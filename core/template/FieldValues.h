#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace Postroom::Template {

/**
 * The values one recipient's message is rendered with: the contact's fields (`email`,
 * `first_name`, `last_name` and custom fields) and the built-ins. Names are matched
 * like template names: trimmed and case-insensitive. Cheap to refill for every
 * recipient: clearFields() keeps the hash's storage.
 */
class FieldValues
{
public:
    FieldValues() = default;

    /** A contact's standard fields plus its custom fields (keyed by their names). */
    static FieldValues forContact(const QString& email, const QString& firstName,
                                  const QString& lastName,
                                  const QHash<QString, QString>& customFields = {});

    /** Sets a contact field; a later set() of the same name (any case) replaces it. */
    void set(const QString& name, const QString& value);

    /** Forgets the contact fields, keeps the built-ins. */
    void clearFields();

    /** The value for @p key (Template::keyFor form); a null QString when missing. */
    QString value(const QString& key) const { return m_fields.value(key); }

    /** True when a field of this key (Template::keyFor form) was set. */
    bool contains(const QString& key) const { return m_fields.contains(key); }

    /** The keys of the contact fields set. */
    QStringList keys() const { return m_fields.keys(); }

    /** `{{unsubscribe_url}}`: this recipient's one-click unsubscribe link. */
    void setUnsubscribeUrl(const QString& url) { m_unsubscribeUrl = url; }
    /** `{{campaign_name}}`. */
    void setCampaignName(const QString& name) { m_campaignName = name; }
    /** `{{message_id}}`: this message's Message-ID (without angle brackets). */
    void setMessageId(const QString& id) { m_messageId = id; }

    const QString& unsubscribeUrl() const { return m_unsubscribeUrl; }
    const QString& campaignName() const { return m_campaignName; }
    const QString& messageId() const { return m_messageId; }

private:
    QHash<QString, QString> m_fields;
    QString m_unsubscribeUrl;
    QString m_campaignName;
    QString m_messageId;
};

} // namespace Postroom::Template
