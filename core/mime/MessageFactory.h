#pragma once

#include "core/common/Result.h"
#include "core/mime/MessageComposer.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/Database.h"
#include "core/storage/TemplateRepository.h"
#include "core/template/FieldValues.h"
#include "core/template/MessageTemplate.h"
#include "core/track/TokenSealer.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace Postroom::Mime {

/**
 * Renders and builds one campaign's messages: the template parsed once, the assets
 * encoded once, the DKIM key loaded once; then build() per recipient (const and
 * thread-safe). When the template has no text part and no `{{#if}}` blocks, the
 * text template is made once from the HTML template (merge tags survive HTML to text
 * unchanged), so the per-message cost is rendering, not HTML parsing; with blocks,
 * the text is made from each rendered HTML.
 */
class MessageFactory
{
    Q_DECLARE_TR_FUNCTIONS(MessageFactory)

public:
    /** The From address of previews made without a campaign (`.invalid`: never deliverable). */
    static QString previewFrom();
    /** The unsubscribe base URL when none is configured anywhere. */
    static QString placeholderBaseUrl();
    /** The settings key of the tracking endpoint's public URL (`track configure --url`). */
    static QString trackingUrlSettingKey();

    /**
     * A factory for @p tmpl. @p unsubscribeBase is the endpoint's base URL; each
     * message gets `<base>/u/<token>` sealed with @p sealer.
     */
    static Result<MessageFactory> create(const Template::MessageTemplate& tmpl,
                                         ComposerSettings composer, const QString& campaignName,
                                         const QString& unsubscribeBase, Track::TokenSealer sealer);

    /**
     * A factory for a stored campaign: its template and assets, From, Reply-To,
     * return path, DKIM key, and the unsubscribe URL (the campaign's, else its tracking
     * URL, else the configured tracking URL) with tokens sealed by the tracking secret.
     */
    static Result<MessageFactory> forCampaign(const Storage::DatabasePtr& db,
                                              const Storage::Campaign& campaign);

    /** A factory for previewing @p tmpl without a campaign (From is previewFrom()). */
    static Result<MessageFactory> forPreview(const Storage::DatabasePtr& db,
                                             const Storage::StoredTemplate& tmpl);

    /** The message for one recipient: @p values are the contact's fields (built-ins are set here).
     */
    Result<ComposedMessage> build(Template::FieldValues values, const MailAddress& to,
                                  QByteArrayView ref) const;

    /** The message for a stored contact (custom fields from its JSON). */
    Result<ComposedMessage> build(const Storage::Contact& contact, QByteArrayView ref) const;

    /** The unsubscribe URL of the message with @p ref. */
    QByteArray unsubscribeUrl(QByteArrayView ref) const;

    const MessageComposer& composer() const { return m_composer; }

private:
    MessageFactory(MessageComposer composer, Track::TokenSealer sealer);

    MessageComposer m_composer;
    Track::TokenSealer m_sealer;
    Template::MessageTemplate m_template;
    Template::Template m_textTemplate; ///< the text part, given or made from the HTML
    bool m_generateTextPerMessage = false;
    QString m_campaignName;
    QByteArray m_unsubscribeBase;
};

} // namespace Postroom::Mime
