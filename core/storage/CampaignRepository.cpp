#include "core/storage/CampaignRepository.h"

#include "core/common/Clock.h"
#include "core/mime/MailAddress.h"
#include "core/storage/SqlError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

namespace Postroom::Storage {
namespace {

const QString kSelectCampaigns = QStringLiteral(
    "SELECT c.id, c.name, c.list_id, l.name, c.template_id, t.name, c.control, c.settings,"
    " c.created_at, c.updated_at, c.scheduled_at, c.queued_at FROM campaigns c"
    " JOIN lists l ON l.id = c.list_id JOIN templates t ON t.id = c.template_id");

// Keys of the settings snapshot; the send engine reads the same names.
const QString kFromName = QStringLiteral("from_name");
const QString kFromAddress = QStringLiteral("from_address");
const QString kReplyTo = QStringLiteral("reply_to");
const QString kReturnPath = QStringLiteral("return_path");
const QString kAccounts = QStringLiteral("accounts");
const QString kAccountWeights = QStringLiteral("account_weights");
const QString kTrackOpens = QStringLiteral("track_opens");
const QString kTrackClicks = QStringLiteral("track_clicks");
const QString kTrackingUrl = QStringLiteral("tracking_url");
const QString kUnsubscribeUrl = QStringLiteral("unsubscribe_url");
const QString kDkimDomain = QStringLiteral("dkim_domain");
const QString kDkimSelector = QStringLiteral("dkim_selector");
const QString kDkimKeyPath = QStringLiteral("dkim_key_path");
const QString kRetryBase = QStringLiteral("retry_base_s");
const QString kRetryExpiry = QStringLiteral("retry_expiry_s");

// Keys of the frozen snapshot (campaigns.snapshot): the template, its assets, the settings.
const QString kSnapshotTemplateId = QStringLiteral("template_id");
const QString kSnapshotTemplateName = QStringLiteral("template_name");
const QString kSnapshotSubject = QStringLiteral("subject");
const QString kSnapshotHtml = QStringLiteral("html");
const QString kSnapshotText = QStringLiteral("text");
const QString kSnapshotAssets = QStringLiteral("assets");
const QString kSnapshotInline = QStringLiteral("inline");
const QString kSnapshotFileName = QStringLiteral("file_name");
const QString kSnapshotMimeType = QStringLiteral("mime_type");
const QString kSnapshotContentId = QStringLiteral("content_id");
const QString kSnapshotData = QStringLiteral("data_base64");
const QString kSnapshotSettings = QStringLiteral("settings");

constexpr qint64 kMaxDurationSeconds = 365LL * 24 * 60 * 60;

bool hasControl(const QString& text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
}

/** A DNS name: dot-separated labels of letters, digits, hyphens (and `_` for selectors). */
bool isDomainName(const QString& name, bool allowUnderscore)
{
    if (name.isEmpty() || name.size() > 253)
        return false;
    const QStringList labels = name.split(QLatin1Char('.'));
    return std::all_of(labels.cbegin(), labels.cend(), [&](const QString& label) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith(QLatin1Char('-')) ||
            label.endsWith(QLatin1Char('-')))
            return false;
        return std::all_of(label.cbegin(), label.cend(), [&](QChar c) {
            // Non-ASCII letters are an IDN in U-label form; the sender converts it.
            return c.isLetterOrNumber() || c == QLatin1Char('-') ||
                   (allowUnderscore && c == QLatin1Char('_'));
        });
    });
}

bool isAddress(const QString& address)
{
    return Mime::MailAddress{QString(), address}.wireAddress().ok();
}

bool isWebUrl(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty() && !hasControl(text) &&
           (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
}

Campaign campaignFrom(const QSqlQuery& query)
{
    Campaign campaign;
    campaign.id = query.value(0).toLongLong();
    campaign.name = query.value(1).toString();
    campaign.listId = query.value(2).toLongLong();
    campaign.listName = query.value(3).toString();
    campaign.templateId = query.value(4).toLongLong();
    campaign.templateName = query.value(5).toString();
    campaign.control = query.value(6).toString();
    campaign.settings = CampaignSettings::fromJson(
        QJsonDocument::fromJson(query.value(7).toString().toUtf8()).object());
    campaign.createdAtMs = query.value(8).toLongLong();
    campaign.updatedAtMs = query.value(9).toLongLong();
    campaign.scheduledAtMs = query.value(10).toLongLong();
    campaign.queued = !query.value(11).isNull();
    return campaign;
}

QByteArray settingsText(const CampaignSettings& settings)
{
    return QJsonDocument(settings.toJson()).toJson(QJsonDocument::Compact);
}

} // namespace

QJsonObject CampaignSettings::toJson() const
{
    // Only the weights that differ from the default, and only of accounts in use.
    QJsonObject weights;
    for (const QString& account : accounts) {
        if (weightOf(account) != 1)
            weights.insert(account, weightOf(account));
    }
    return QJsonObject{
        {kFromName, fromName},
        {kFromAddress, fromAddress},
        {kReplyTo, replyTo},
        {kReturnPath, returnPath},
        {kAccounts, QJsonArray::fromStringList(accounts)},
        {kAccountWeights, weights},
        {kTrackOpens, trackOpens},
        {kTrackClicks, trackClicks},
        {kTrackingUrl, trackingUrl},
        {kUnsubscribeUrl, unsubscribeUrl},
        {kDkimDomain, dkimDomain},
        {kDkimSelector, dkimSelector},
        {kDkimKeyPath, dkimKeyPath},
        {kRetryBase, retryBaseSeconds},
        {kRetryExpiry, retryExpirySeconds},
    };
}

CampaignSettings CampaignSettings::fromJson(const QJsonObject& json)
{
    CampaignSettings settings;
    settings.fromName = json.value(kFromName).toString();
    settings.fromAddress = json.value(kFromAddress).toString();
    settings.replyTo = json.value(kReplyTo).toString();
    settings.returnPath = json.value(kReturnPath).toString();
    for (const QJsonValue& account : json.value(kAccounts).toArray())
        settings.accounts.append(account.toString());
    const QJsonObject weights = json.value(kAccountWeights).toObject();
    for (auto it = weights.begin(); it != weights.end(); ++it)
        settings.accountWeights.insert(it.key(), it.value().toInt(1));
    settings.trackOpens = json.value(kTrackOpens).toBool();
    settings.trackClicks = json.value(kTrackClicks).toBool();
    settings.trackingUrl = json.value(kTrackingUrl).toString();
    settings.unsubscribeUrl = json.value(kUnsubscribeUrl).toString();
    settings.dkimDomain = json.value(kDkimDomain).toString();
    settings.dkimSelector = json.value(kDkimSelector).toString();
    settings.dkimKeyPath = json.value(kDkimKeyPath).toString();
    settings.retryBaseSeconds = json.value(kRetryBase).toInteger(settings.retryBaseSeconds);
    settings.retryExpirySeconds = json.value(kRetryExpiry).toInteger(settings.retryExpirySeconds);
    return settings;
}

Result<qint64> CampaignSettings::parseDuration(const QString& text)
{
    const QString trimmed = text.trimmed().toLower();
    const auto invalid = [&] {
        return makeError(ErrorCode::InvalidInput,
                         tr("\"%1\" is not a duration: write a whole number and a unit, like "
                            "30s, 5m, 24h or 2d.")
                             .arg(text));
    };
    if (trimmed.size() < 2)
        return invalid();
    qint64 unit = 0;
    switch (trimmed.back().unicode()) {
    case 's':
        unit = 1;
        break;
    case 'm':
        unit = 60;
        break;
    case 'h':
        unit = 60 * 60;
        break;
    case 'd':
        unit = 24 * 60 * 60;
        break;
    default:
        return invalid();
    }
    const QStringView digits = QStringView(trimmed).chopped(1);
    if (!std::all_of(digits.cbegin(), digits.cend(),
                     [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); }))
        return invalid();
    bool ok = false;
    const qint64 count = digits.toLongLong(&ok);
    if (!ok || count <= 0)
        return invalid();
    if (count > kMaxDurationSeconds / unit)
        return makeError(ErrorCode::InvalidInput,
                         tr("\"%1\" is too long: at most 365 days.").arg(text));
    return count * unit;
}

QString CampaignSettings::formatDuration(qint64 seconds)
{
    const std::pair<qint64, char> units[] = {{24 * 60 * 60, 'd'}, {60 * 60, 'h'}, {60, 'm'}};
    for (const auto& [size, suffix] : units) {
        if (seconds > 0 && seconds % size == 0)
            return QString::number(seconds / size) + QLatin1Char(suffix);
    }
    return QString::number(seconds) + QLatin1Char('s');
}

Result<void> CampaignSettings::looksLikePrivateKeyPem(const QByteArray& pem)
{
    const auto invalid = [](const QString& why) { return makeError(ErrorCode::InvalidInput, why); };
    if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
        pem.contains("Proc-Type: 4,ENCRYPTED"))
        return invalid(tr("The DKIM key is encrypted; store it without a passphrase "
                          "(openssl pkey -in KEY -out PLAIN) and protect the file instead."));
    for (const char* kind : {"PRIVATE KEY", "RSA PRIVATE KEY"}) {
        const QByteArray begin = QByteArray("-----BEGIN ") + kind + "-----";
        const QByteArray end = QByteArray("-----END ") + kind + "-----";
        const qsizetype from = pem.indexOf(begin);
        if (from >= 0 && pem.indexOf(end, from + begin.size()) > from)
            return {};
    }
    if (pem.contains("PUBLIC KEY-----"))
        return invalid(tr("The DKIM key file holds a public key; give the private key."));
    if (pem.contains("-----BEGIN EC PRIVATE KEY-----"))
        return invalid(tr("The DKIM key is an EC key; DKIM signs with RSA or Ed25519."));
    return invalid(tr("The DKIM key file is not a private key in PEM form (-----BEGIN PRIVATE "
                      "KEY-----)."));
}

Result<void> CampaignSettings::validate() const
{
    const auto invalid = [](const QString& why) { return makeError(ErrorCode::InvalidInput, why); };
    if (!isAddress(fromAddress))
        return invalid(
            tr("The From address \"%1\" is not a valid e-mail address.").arg(fromAddress));
    if (hasControl(fromName))
        return invalid(tr("The From name must be on one line."));
    if (!replyTo.isEmpty() && !isAddress(replyTo))
        return invalid(
            tr("The reply-to address \"%1\" is not a valid e-mail address.").arg(replyTo));
    if (!returnPath.isEmpty() && !isAddress(returnPath))
        return invalid(tr("The return path \"%1\" is not a valid e-mail address.").arg(returnPath));
    if (accounts.isEmpty())
        return invalid(tr("A campaign needs at least one sending account."));
    for (const QString& account : accounts) {
        if (account.trimmed().isEmpty() || account.trimmed() != account || hasControl(account))
            return invalid(tr("\"%1\" is not an account name.").arg(account));
        if (accounts.count(account) > 1)
            return invalid(tr("The account \"%1\" is named twice.").arg(account));
    }
    for (auto it = accountWeights.cbegin(); it != accountWeights.cend(); ++it) {
        if (!accounts.contains(it.key()))
            return invalid(
                tr("A weight is given for \"%1\", which the campaign does not send through.")
                    .arg(it.key()));
        if (it.value() < 1 || it.value() > kMaxAccountWeight)
            return invalid(tr("The weight of \"%1\" must be a whole number from 1 to %2.")
                               .arg(it.key())
                               .arg(kMaxAccountWeight));
    }
    if (!trackingUrl.isEmpty() && !isWebUrl(trackingUrl))
        return invalid(tr("The tracking URL \"%1\" is not an http(s) URL.").arg(trackingUrl));
    if (!unsubscribeUrl.isEmpty() && !isWebUrl(unsubscribeUrl))
        return invalid(tr("The unsubscribe URL \"%1\" is not an http(s) URL.").arg(unsubscribeUrl));
    const int dkimParts =
        int(!dkimDomain.isEmpty()) + int(!dkimSelector.isEmpty()) + int(!dkimKeyPath.isEmpty());
    if (dkimParts != 0 && dkimParts != 3)
        return invalid(tr("DKIM needs a domain, a selector and a key file together."));
    if (!dkimDomain.isEmpty() && !isDomainName(dkimDomain, false))
        return invalid(tr("The DKIM domain \"%1\" is not a domain name.").arg(dkimDomain));
    // RFC 6376 section 3.1: a selector is dot-separated sub-domain labels.
    if (!dkimSelector.isEmpty() && !isDomainName(dkimSelector, true))
        return invalid(tr("The DKIM selector \"%1\" is not valid.").arg(dkimSelector));
    if (retryBaseSeconds <= 0 || retryExpirySeconds <= 0)
        return invalid(tr("Retry durations must be positive."));
    if (retryBaseSeconds > retryExpirySeconds)
        return invalid(
            tr("The retry base (%1) is longer than the retry expiry (%2).")
                .arg(formatDuration(retryBaseSeconds), formatDuration(retryExpirySeconds)));
    return {};
}

CampaignRepository::CampaignRepository(DatabasePtr db) : m_db(std::move(db)) {}

Result<Campaign> CampaignRepository::create(const QString& name, qint64 listId, qint64 templateId,
                                            const CampaignSettings& settings)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("A campaign needs a name."));
    if (trimmed.size() > 200 || hasControl(trimmed))
        return makeError(ErrorCode::InvalidInput,
                         tr("A campaign name must be at most 200 characters, on one line."));
    if (auto valid = settings.validate(); !valid)
        return valid.error();
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("INSERT INTO campaigns (name, list_id, template_id, control,"
                                 " settings, created_at, updated_at)"
                                 " VALUES (?, ?, ?, 'draft', ?, ?, ?)"));
    const qint64 now = nowMs();
    query.addBindValue(trimmed);
    query.addBindValue(listId);
    query.addBindValue(templateId);
    query.addBindValue(QString::fromUtf8(settingsText(settings)));
    query.addBindValue(now);
    query.addBindValue(now);
    if (!query.exec()) {
        if (isUniqueViolation(query.lastError()))
            return makeError(ErrorCode::AlreadyExists,
                             tr("A campaign called \"%1\" already exists.").arg(trimmed));
        return sqlError(tr("Could not create the campaign"), query);
    }
    return byId(query.lastInsertId().toLongLong());
}

Result<Campaign> CampaignRepository::fetchOne(const QString& where, const QVariant& key) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(kSelectCampaigns + QStringLiteral(" WHERE ") + where);
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(tr("Could not read the campaign"), query);
    if (!query.next())
        return makeError(ErrorCode::NotFound, tr("There is no such campaign."));
    return campaignFrom(query);
}

Result<Campaign> CampaignRepository::byName(const QString& name) const
{
    auto found = fetchOne(QStringLiteral("c.name = ?"), name.trimmed());
    if (!found && found.error().code == ErrorCode::NotFound)
        return makeError(ErrorCode::NotFound,
                         tr("There is no campaign called \"%1\".").arg(name.trimmed()));
    return found;
}

Result<Campaign> CampaignRepository::byId(qint64 id) const
{
    return fetchOne(QStringLiteral("c.id = ?"), id);
}

Result<QList<Campaign>> CampaignRepository::all() const
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    if (!query.exec(kSelectCampaigns + QStringLiteral(" ORDER BY c.name")))
        return sqlError(tr("Could not read the campaigns"), query);
    QList<Campaign> campaigns;
    while (query.next())
        campaigns.append(campaignFrom(query));
    return campaigns;
}

Result<void> CampaignRepository::updateSettings(qint64 id, const CampaignSettings& settings)
{
    if (auto valid = settings.validate(); !valid)
        return valid;
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("UPDATE campaigns SET settings = ?, updated_at = ? WHERE id = ?"));
    query.addBindValue(QString::fromUtf8(settingsText(settings)));
    query.addBindValue(nowMs());
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("Could not save the campaign"), query);
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The campaign no longer exists."));
    return {};
}

Result<void> CampaignRepository::freezeSnapshot(qint64 id)
{
    const auto campaign = byId(id);
    if (!campaign)
        return campaign.error();
    const auto tmpl = TemplateRepository(m_db).byId(campaign->templateId);
    if (!tmpl)
        return tmpl.error();
    QJsonArray assets;
    for (const TemplateAsset& asset : tmpl->assets)
        assets.append(QJsonObject{
            {kSnapshotInline, asset.kind == AssetKind::Inline},
            {kSnapshotFileName, asset.fileName},
            {kSnapshotMimeType, asset.mimeType},
            {kSnapshotContentId, asset.contentId},
            {kSnapshotData, QString::fromLatin1(asset.data.toBase64())},
        });
    const QJsonObject frozen{
        {kSnapshotTemplateId, tmpl->id},
        {kSnapshotTemplateName, tmpl->name},
        {kSnapshotSubject, tmpl->subject},
        {kSnapshotHtml, tmpl->html},
        // A null text means "made from the HTML"; JSON null keeps that apart from "".
        {kSnapshotText, tmpl->text.isNull() ? QJsonValue() : QJsonValue(tmpl->text)},
        {kSnapshotAssets, assets},
        {kSnapshotSettings, campaign->settings.toJson()},
    };
    QSqlQuery query(m_db->connection());
    query.prepare(
        QStringLiteral("UPDATE campaigns SET snapshot = ? WHERE id = ? AND snapshot IS NULL"));
    query.addBindValue(QString::fromUtf8(QJsonDocument(frozen).toJson(QJsonDocument::Compact)));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("Could not save the campaign"), query);
    return {};
}

Result<std::optional<CampaignSnapshot>> CampaignRepository::snapshot(qint64 id) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT snapshot FROM campaigns WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("Could not read the campaign"), query);
    if (!query.next())
        return makeError(ErrorCode::NotFound, tr("The campaign no longer exists."));
    if (query.value(0).isNull())
        return std::optional<CampaignSnapshot>();
    const QJsonObject frozen = QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object();
    CampaignSnapshot snapshot;
    snapshot.tmpl.id = frozen.value(kSnapshotTemplateId).toInteger();
    snapshot.tmpl.name = frozen.value(kSnapshotTemplateName).toString();
    snapshot.tmpl.subject = frozen.value(kSnapshotSubject).toString();
    snapshot.tmpl.html = frozen.value(kSnapshotHtml).toString();
    const QJsonValue text = frozen.value(kSnapshotText);
    snapshot.tmpl.text = text.isString() ? text.toString() : QString();
    const QJsonArray assets = frozen.value(kSnapshotAssets).toArray();
    for (const QJsonValue& value : assets) {
        const QJsonObject json = value.toObject();
        TemplateAsset asset;
        asset.kind =
            json.value(kSnapshotInline).toBool() ? AssetKind::Inline : AssetKind::Attachment;
        asset.fileName = json.value(kSnapshotFileName).toString();
        asset.mimeType = json.value(kSnapshotMimeType).toString();
        asset.contentId = json.value(kSnapshotContentId).toString();
        asset.data = QByteArray::fromBase64(json.value(kSnapshotData).toString().toLatin1());
        snapshot.tmpl.assetBytes += asset.data.size();
        snapshot.tmpl.assets.append(std::move(asset));
    }
    snapshot.tmpl.assetCount = snapshot.tmpl.assets.size();
    snapshot.settings = CampaignSettings::fromJson(frozen.value(kSnapshotSettings).toObject());
    return std::optional<CampaignSnapshot>(std::move(snapshot));
}

Result<void> CampaignRepository::setSchedule(qint64 id, qint64 atMs)
{
    QSqlQuery query(m_db->connection());
    // The guard is in the UPDATE: a sender that queues the campaign meanwhile wins.
    query.prepare(QStringLiteral("UPDATE campaigns SET scheduled_at = ?, updated_at = ?"
                                 " WHERE id = ? AND control = 'draft' AND queued_at IS NULL"));
    query.addBindValue(atMs > 0 ? QVariant(atMs) : QVariant(QMetaType(QMetaType::LongLong)));
    query.addBindValue(nowMs());
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("Could not save the campaign"), query);
    if (query.numRowsAffected() > 0)
        return {};
    const auto campaign = byId(id);
    if (!campaign)
        return campaign.error();
    return makeError(ErrorCode::InvalidInput,
                     tr("Campaign \"%1\" was already sent or cancelled; only a draft can be "
                        "scheduled.")
                         .arg(campaign->name));
}

Result<QList<Campaign>> CampaignRepository::dueScheduled(qint64 nowMs) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(kSelectCampaigns +
                  QStringLiteral(" WHERE c.control = 'draft' AND c.queued_at IS NULL"
                                 " AND c.scheduled_at IS NOT NULL AND c.scheduled_at <= ?"
                                 " ORDER BY c.scheduled_at, c.id"));
    query.addBindValue(nowMs);
    if (!query.exec())
        return sqlError(tr("Could not read the campaigns"), query);
    QList<Campaign> campaigns;
    while (query.next())
        campaigns.append(campaignFrom(query));
    return campaigns;
}

Result<void> CampaignRepository::remove(qint64 id)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("DELETE FROM campaigns WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("Could not delete the campaign"), query);
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The campaign no longer exists."));
    return {};
}

} // namespace Postroom::Storage
