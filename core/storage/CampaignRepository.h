#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"
#include "core/storage/TemplateRepository.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Postroom::Storage {

/**
 * A campaign's settings, kept as one JSON object in `campaigns.settings` (the snapshot
 * the send engine reads). Empty strings mean "not set".
 *
 * - Accounts are kept by name in `accounts` (the JSON), not in `campaign_accounts`:
 *   a draft may name accounts that are added later; the send engine resolves the
 *   names when it queues the campaign and fills `campaign_accounts` then, with each
 *   account's weight (`account_weights`, 1 when not given).
 * - Tracking and unsubscribe URLs are stored only when given for this campaign;
 *   empty means "use the tracking URL configured with `track configure`" at send time.
 * - DKIM: only the PATH of the private key is stored, never the key: the key is a
 *   secret and stays in its file (which the user protects), read at send time.
 */
struct CampaignSettings
{
    Q_DECLARE_TR_FUNCTIONS(CampaignSettings)

public:
    QString fromName;    ///< display name, may be empty
    QString fromAddress; ///< addr-spec
    QString replyTo;     ///< addr-spec or empty
    QString returnPath;  ///< addr-spec or empty (then the From address)
    QStringList accounts;
    /** Rotation weights by account name (1..kMaxAccountWeight); a name not here weighs 1. */
    QHash<QString, int> accountWeights;
    bool trackOpens = false;
    bool trackClicks = false;
    QString trackingUrl;    ///< base URL of the tracking endpoint, or empty
    QString unsubscribeUrl; ///< base URL for unsubscribe links, or empty
    QString dkimDomain;
    QString dkimSelector;
    QString dkimKeyPath; ///< absolute path of the PEM file; the key itself is never stored
    qint64 retryBaseSeconds = 5 * 60;
    qint64 retryExpirySeconds = 24 * 60 * 60;

    /** The largest rotation weight (the smallest is 1). */
    static constexpr int kMaxAccountWeight = 1000;

    /** The rotation weight of @p account (1 unless set). */
    int weightOf(const QString& account) const { return accountWeights.value(account, 1); }

    /** True when DKIM signing is configured. */
    bool hasDkim() const { return !dkimDomain.isEmpty(); }

    /** The JSON snapshot (keys: from_name, from_address, reply_to, return_path, accounts,
     *  account_weights (an object of the weights other than 1), track_opens, track_clicks,
     * tracking_url, unsubscribe_url, dkim_domain, dkim_selector, dkim_key_path, retry_base_s,
     * retry_expiry_s). */
    QJsonObject toJson() const;

    /** Reads a snapshot; missing keys keep their defaults. */
    static CampaignSettings fromJson(const QJsonObject& json);

    /**
     * Checks the settings: addresses can be sent (Mime::MailAddress::wireAddress), URLs are
     * absolute http(s), at least one account, weights within 1..kMaxAccountWeight and only
     * for accounts named, DKIM domain, selector and key path all set or all
     * empty, retry base positive and not above the expiry. InvalidInput naming the setting
     * otherwise. Does not open the key file (see looksLikePrivateKeyPem).
     */
    Result<void> validate() const;

    /** Parses a duration such as `2s`, `5m`, `24h` or `7d` into seconds (positive). */
    static Result<qint64> parseDuration(const QString& text);

    /** Formats seconds back into the largest exact unit (`300` → `5m`). */
    static QString formatDuration(qint64 seconds);

    /**
     * A light check that @p pem is an unencrypted private key in PEM form (PKCS#8
     * `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`); the message builder loads it for real.
     */
    static Result<void> looksLikePrivateKeyPem(const QByteArray& pem);
};

/** A campaign as stored. */
struct Campaign
{
    qint64 id = 0;
    QString name;
    qint64 listId = 0;
    QString listName;
    qint64 templateId = 0;
    QString templateName;
    QString control; ///< draft, running, paused or cancelled
    CampaignSettings settings;
    qint64 scheduledAtMs = 0; ///< when the app starts it (ms since the epoch); 0 = not scheduled
    bool queued = false;      ///< its queue exists (sending started once)
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
};

/** What a queued campaign sends: its template and settings as they were when it was queued. */
struct CampaignSnapshot
{
    StoredTemplate tmpl; ///< subject, HTML, text and the assets with their bytes
    CampaignSettings settings;
};

/**
 * Campaigns: create drafts, read them back, change settings. Sending state lives in
 * the send engine's tables; this repository keeps what the user configured.
 */
class CampaignRepository
{
    Q_DECLARE_TR_FUNCTIONS(CampaignRepository)

public:
    explicit CampaignRepository(DatabasePtr db);

    /** Creates a draft; the name is trimmed, must be new, on one line, at most 200 characters. */
    Result<Campaign> create(const QString& name, qint64 listId, qint64 templateId,
                            const CampaignSettings& settings);

    /** The campaign called @p name (exact, after trimming), or NotFound. */
    Result<Campaign> byName(const QString& name) const;

    Result<Campaign> byId(qint64 id) const;

    /** All campaigns, by name. */
    Result<QList<Campaign>> all() const;

    /** Replaces the settings snapshot. */
    Result<void> updateSettings(qint64 id, const CampaignSettings& settings);

    /**
     * Freezes the campaign's template (with its assets) and settings into its snapshot,
     * unless it has one already. Opens no transaction: the queue calls it inside the
     * transaction that writes the first message rows, so rows never exist without it.
     */
    Result<void> freezeSnapshot(qint64 id);

    /** The frozen snapshot, or nullopt while the campaign has not been queued. */
    Result<std::optional<CampaignSnapshot>> snapshot(qint64 id) const;

    /**
     * Sets (@p atMs > 0) or clears (0) the time a draft starts by itself while the app runs.
     * Only a draft that was never queued can be scheduled: InvalidInput otherwise.
     */
    Result<void> setSchedule(qint64 id, qint64 atMs);

    /** Drafts never queued whose scheduled time is at or before @p nowMs, earliest first. */
    Result<QList<Campaign>> dueScheduled(qint64 nowMs) const;

    /** Removes a campaign with its queue and events. */
    Result<void> remove(qint64 id);

private:
    Result<Campaign> fetchOne(const QString& where, const QVariant& key) const;

    DatabasePtr m_db;
};

} // namespace Postroom::Storage
