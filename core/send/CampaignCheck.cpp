#include "core/send/CampaignCheck.h"

#include "core/mime/DkimSigner.h"
#include "core/mime/MessageFactory.h"
#include "core/storage/AccountRepository.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/MessageRepository.h"
#include "core/storage/SettingsRepository.h"
#include "core/storage/TemplateRepository.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace Postroom::Send {
namespace {

Template::TemplateFinding finding(Template::Severity severity, const QString& code,
                                  const QString& message, const QString& fix)
{
    Template::TemplateFinding result;
    result.severity = severity;
    result.code = code;
    result.message = message;
    result.fix = fix;
    return result;
}

} // namespace

Result<QList<Template::TemplateFinding>> CampaignCheck::run(const Storage::DatabasePtr& db,
                                                            const Storage::Campaign& campaign)
{
    using Template::Severity;
    QList<Template::TemplateFinding> findings;
    const Storage::CampaignSettings& settings = campaign.settings;
    if (campaign.control == QLatin1String("cancelled"))
        findings.append(finding(Severity::Error, QStringLiteral("campaign-cancelled"),
                                tr("The campaign was cancelled."),
                                tr("Create a new campaign to send again.")));

    // The template against the fields the list's contacts have (custom fields are
    // the keys of their JSON objects; one streaming pass).
    const auto stored = Storage::TemplateRepository(db).byId(campaign.templateId);
    if (!stored)
        return stored.error();
    const auto message =
        Template::MessageTemplate::parse(stored->subject, stored->html, stored->text);
    if (!message)
        return message.error();
    QSet<QString> seen;
    QStringList known;
    auto visited = Storage::ContactRepository(db).forEachInList(
        campaign.listId, [&](const Storage::Contact& contact) {
            if (contact.fieldsJson.size() > 2) {
                const QJsonObject fields =
                    QJsonDocument::fromJson(contact.fieldsJson.toUtf8()).object();
                for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
                    if (!seen.contains(it.key())) {
                        seen.insert(it.key());
                        known.append(it.key());
                    }
                }
            }
            return true;
        });
    if (!visited)
        return visited.error();
    findings += Template::TemplateCheck::check(*message, known);

    const auto recipients = Storage::ContactRepository(db).countDeliverable(campaign.listId);
    if (!recipients)
        return recipients.error();
    if (*recipients == 0)
        findings.append(finding(Severity::Error, QStringLiteral("no-recipients"),
                                tr("Nobody on list \"%1\" can receive it (no subscribed, "
                                   "unsuppressed contacts).")
                                    .arg(campaign.listName),
                                tr("Import contacts into the list, or pick another list.")));

    QHash<qint64, QString> disabled;
    if (const auto attached = Storage::MessageRepository(db).campaignAccounts(campaign.id)) {
        for (const Storage::CampaignAccount& account : *attached) {
            if (!account.disabledReason.isEmpty())
                disabled.insert(account.accountId, account.disabledReason);
        }
    }
    for (const QString& name : settings.accounts) {
        const auto account = Storage::AccountRepository(db).byName(name);
        if (!account) {
            findings.append(finding(Severity::Error, QStringLiteral("account-missing"),
                                    tr("There is no account called \"%1\".").arg(name),
                                    tr("Add it with 'accounts add', or change the campaign's "
                                       "accounts.")));
            continue;
        }
        if (disabled.contains(account->id))
            findings.append(finding(Severity::Warning, QStringLiteral("account-disabled"),
                                    tr("Account \"%1\" was taken out of this campaign: %2")
                                        .arg(name, disabled.value(account->id)),
                                    tr("Fix the account (password, TLS) and test it; the other "
                                       "accounts carry on meanwhile.")));
        if (account->kind() == AccountKind::Outbox)
            findings.append(finding(Severity::Info, QStringLiteral("account-outbox"),
                                    tr("Account \"%1\" is the sandbox: messages are written to %2, "
                                       "nothing is sent.")
                                        .arg(name, account->outboxPath()),
                                    tr("Use an SMTP account to send for real.")));
    }

    if (settings.hasDkim()) {
        if (auto signer = Mime::DkimSigner::fromFile(settings.dkimKeyPath, settings.dkimDomain,
                                                     settings.dkimSelector);
            !signer)
            findings.append(
                finding(Severity::Error, QStringLiteral("dkim-key"),
                        tr("The DKIM key cannot be used: %1").arg(signer.error().describe()),
                        tr("Point the campaign at a readable, unencrypted private "
                           "key (PEM).")));
    }

    if (settings.unsubscribeUrl.isEmpty() && settings.trackingUrl.isEmpty()) {
        const auto configured =
            Storage::SettingsRepository(db).value(Mime::MessageFactory::trackingUrlSettingKey());
        if (configured && configured->value_or(QString()).isEmpty())
            findings.append(finding(
                Severity::Warning, QStringLiteral("unsubscribe-placeholder"),
                tr("No tracking or unsubscribe URL is configured: unsubscribe links would point "
                   "at a placeholder that does not work."),
                tr("Run 'track configure --url URL', or give the campaign --unsubscribe-url.")));
    }
    return findings;
}

} // namespace Postroom::Send
