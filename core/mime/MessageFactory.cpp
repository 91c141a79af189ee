#include "core/mime/MessageFactory.h"

#include "core/mime/HtmlToText.h"
#include "core/storage/SettingsRepository.h"
#include "core/template/TemplateRenderer.h"
#include "core/track/TrackingSecret.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>

namespace Postroom::Mime {
namespace {

QList<MessageAsset> messageAssets(const QList<Storage::TemplateAsset>& assets)
{
    QList<MessageAsset> result;
    result.reserve(assets.size());
    for (const Storage::TemplateAsset& asset : assets)
        result.append(MessageAsset{asset.kind == Storage::AssetKind::Inline, asset.fileName,
                                   asset.mimeType, asset.contentId, asset.data});
    return result;
}

Result<Template::MessageTemplate> parseTemplate(const Storage::StoredTemplate& tmpl)
{
    return Template::MessageTemplate::parse(tmpl.subject, tmpl.html, tmpl.text);
}

// Han, kana and hangul names are written family name first and without a space.
bool isCjk(const QString& text)
{
    return std::any_of(text.begin(), text.end(), [](QChar ch) {
        const char16_t c = ch.unicode();
        return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
               (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF);
    });
}

QString displayName(const QString& first, const QString& last)
{
    if (isCjk(first) || isCjk(last))
        return (last.trimmed() + first.trimmed()).trimmed();
    return (first.trimmed() + QLatin1Char(' ') + last.trimmed()).trimmed();
}

Result<QString> configuredTrackingUrl(const Storage::DatabasePtr& db)
{
    const auto url = Storage::SettingsRepository(db).value(MessageFactory::trackingUrlSettingKey());
    if (!url)
        return url.error();
    return url->value_or(QString());
}

} // namespace

QString MessageFactory::previewFrom()
{
    return QStringLiteral("Postroom Preview <preview@postroom.invalid>");
}

QString MessageFactory::placeholderBaseUrl()
{
    return QStringLiteral("https://unsubscribe.postroom.invalid");
}

QString MessageFactory::trackingUrlSettingKey()
{
    return QStringLiteral("track.url");
}

MessageFactory::MessageFactory(MessageComposer composer, Track::TokenSealer sealer)
    : m_composer(std::move(composer)), m_sealer(std::move(sealer))
{
}

Result<MessageFactory> MessageFactory::create(const Template::MessageTemplate& tmpl,
                                              ComposerSettings composer,
                                              const QString& campaignName,
                                              const QString& unsubscribeBase,
                                              Track::TokenSealer sealer)
{
    auto made = MessageComposer::create(std::move(composer));
    if (!made)
        return made.error();
    MessageFactory factory(std::move(*made), std::move(sealer));
    factory.m_template = tmpl;
    factory.m_campaignName = campaignName;
    QString base = unsubscribeBase.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    factory.m_unsubscribeBase = base.toUtf8();
    if (tmpl.hasText) {
        factory.m_textTemplate = tmpl.text;
    } else if (!tmpl.html.source().contains(QLatin1String("{{#"))) {
        // Without blocks, converting the template itself gives the same text as
        // converting each rendered HTML (values are plain text in both), once.
        auto text = Template::Template::parse(HtmlToText::convert(tmpl.html.source()));
        if (text)
            factory.m_textTemplate = *text;
        else
            factory.m_generateTextPerMessage = true;
    } else {
        // A block may wrap table rows, which HTML parsing moves around (foster
        // parenting), so the text is made from each rendered HTML instead.
        factory.m_generateTextPerMessage = true;
    }
    return factory;
}

Result<MessageFactory> MessageFactory::forCampaign(const Storage::DatabasePtr& db,
                                                   const Storage::Campaign& campaign)
{
    // Once queued, a campaign sends what was frozen then, not the template as edited since.
    const auto frozen = Storage::CampaignRepository(db).snapshot(campaign.id);
    if (!frozen)
        return frozen.error();
    Result<Storage::StoredTemplate> stored =
        *frozen ? Result<Storage::StoredTemplate>((*frozen)->tmpl)
                : Storage::TemplateRepository(db).byId(campaign.templateId);
    if (!stored)
        return stored.error();
    const auto tmpl = parseTemplate(*stored);
    if (!tmpl)
        return tmpl.error();
    const Storage::CampaignSettings settings = *frozen ? (*frozen)->settings : campaign.settings;
    ComposerSettings composer;
    composer.from = MailAddress{settings.fromName, settings.fromAddress};
    if (!settings.replyTo.isEmpty())
        composer.replyTo = MailAddress{QString(), settings.replyTo};
    composer.returnPath = settings.returnPath;
    composer.assets = messageAssets(stored->assets);
    if (settings.hasDkim()) {
        auto signer =
            DkimSigner::fromFile(settings.dkimKeyPath, settings.dkimDomain, settings.dkimSelector);
        if (!signer)
            return signer.error();
        composer.dkim = std::move(*signer);
    }
    QString base =
        settings.unsubscribeUrl.isEmpty() ? settings.trackingUrl : settings.unsubscribeUrl;
    if (base.isEmpty()) {
        const auto configured = configuredTrackingUrl(db);
        if (!configured)
            return configured.error();
        base = *configured;
    }
    if (base.isEmpty())
        base = placeholderBaseUrl();
    const auto secret = Track::TrackingSecret::load(db);
    if (!secret)
        return secret.error();
    return create(*tmpl, std::move(composer), campaign.name, base, Track::TokenSealer(*secret));
}

Result<MessageFactory> MessageFactory::forPreview(const Storage::DatabasePtr& db,
                                                  const Storage::StoredTemplate& stored)
{
    const auto tmpl = parseTemplate(stored);
    if (!tmpl)
        return tmpl.error();
    ComposerSettings composer;
    composer.from = *MailAddress::parse(previewFrom());
    composer.assets = messageAssets(stored.assets);
    const auto configured = configuredTrackingUrl(db);
    if (!configured)
        return configured.error();
    // A preview has no campaign to unsubscribe from: its links are sealed with a
    // throw-away key unless a tracking endpoint is configured (then they look real).
    QByteArray secret;
    if (!configured->isEmpty()) {
        auto loaded = Track::TrackingSecret::load(db);
        if (!loaded)
            return loaded.error();
        secret = *loaded;
    } else {
        secret = QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    }
    return create(*tmpl, std::move(composer), QString(),
                  configured->isEmpty() ? placeholderBaseUrl() : *configured,
                  Track::TokenSealer(secret));
}

QByteArray MessageFactory::unsubscribeUrl(QByteArrayView ref) const
{
    return m_unsubscribeBase + "/u/" + m_sealer.seal(Track::TokenKind::Unsubscribe, ref);
}

Result<ComposedMessage> MessageFactory::build(Template::FieldValues values, const MailAddress& to,
                                              QByteArrayView ref) const
{
    using Template::RenderMode;
    using Template::TemplateRenderer;
    MessageContent content;
    content.to = to;
    content.ref = ref.toByteArray();
    content.unsubscribeUrl = unsubscribeUrl(ref);
    values.setUnsubscribeUrl(QString::fromLatin1(content.unsubscribeUrl));
    values.setCampaignName(m_campaignName);
    values.setMessageId(QString::fromLatin1(m_composer.messageId(ref)));
    // Text mode: the composer makes the subject single-line and encodes anything that
    // could pass for an encoded-word, so the subject round-trips exactly.
    content.subject = TemplateRenderer::render(m_template.subject, values, RenderMode::Text);
    TemplateRenderer::renderUtf8(m_template.html, values, RenderMode::Html, content.html);
    if (m_generateTextPerMessage)
        content.generateText = true;
    else
        TemplateRenderer::renderUtf8(m_textTemplate, values, RenderMode::Text, content.text);
    return m_composer.compose(content);
}

Result<ComposedMessage> MessageFactory::build(const Storage::Contact& contact,
                                              QByteArrayView ref) const
{
    QHash<QString, QString> custom;
    const QJsonObject fields = QJsonDocument::fromJson(contact.fieldsJson.toUtf8()).object();
    for (auto it = fields.begin(); it != fields.end(); ++it)
        custom.insert(it.key(), it.value().toVariant().toString());
    const QString name = displayName(contact.firstName, contact.lastName);
    return build(Template::FieldValues::forContact(contact.email, contact.firstName,
                                                   contact.lastName, custom),
                 MailAddress{name, contact.email}, ref);
}

} // namespace Postroom::Mime
