#include "app/cli/CampaignsCommand.h"

#include "app/cli/Command.h"
#include "app/cli/ShowCommand.h"
#include "core/mime/MailAddress.h"
#include "core/storage/AccountRepository.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/TemplateRepository.h"
#include "core/template/MessageTemplate.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace Postroom::Cli {
namespace {

QJsonObject campaignJson(const Storage::Campaign& campaign)
{
    return QJsonObject{{QStringLiteral("name"), campaign.name},
                       {QStringLiteral("list"), campaign.listName},
                       {QStringLiteral("template"), campaign.templateName},
                       {QStringLiteral("control"), campaign.control},
                       {QStringLiteral("settings"), campaign.settings.toJson()}};
}

/** The DKIM key file must exist and look like an unencrypted private key; never printed. */
Result<QString> checkedKeyPath(CommandContext& context, const QString& path)
{
    const QFileInfo info(path);
    QFile file(path);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read the DKIM key %1").arg(path),
                         info.exists() ? file.errorString() : QStringLiteral("no such file"));
    // A PEM key is a few KB; anything large is the wrong file.
    const QByteArray pem = file.read(64 * 1024);
    if (auto looks = Storage::CampaignSettings::looksLikePrivateKeyPem(pem); !looks)
        return makeError(looks.error().code,
                         QStringLiteral("%1: %2").arg(path, looks.error().message));
    if (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
        context.err() << "postroom-cli: warning: the DKIM key " << path
                      << " is readable by other users; chmod 600 it\n";
    return info.canonicalFilePath();
}

int createCampaign(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Create a draft campaign. Durations are a whole number and a unit: 30s, 5m, 24h, 2d."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The campaign's name."));
    const auto valued = [](const char* name, const char* help, const char* valueName) {
        return QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                                  QString::fromLatin1(valueName));
    };
    const QCommandLineOption list = valued("list", "The contact list to send to.", "L");
    const QCommandLineOption templateName = valued("template", "The template to send.", "T");
    const QCommandLineOption from = valued("from", "The sender: \"Name <addr>\".", "MAILBOX");
    const QCommandLineOption accounts =
        valued("accounts", "Sending accounts, comma-separated.", "A[,B...]");
    const QCommandLineOption replyTo = valued("reply-to", "Where replies go.", "ADDR");
    const QCommandLineOption returnPath =
        valued("return-path", "The envelope sender that receives bounces.", "ADDR");
    const QCommandLineOption trackOpens(QStringLiteral("track-opens"),
                                        QStringLiteral("Count opens with a tracking image."));
    const QCommandLineOption trackClicks(QStringLiteral("track-clicks"),
                                         QStringLiteral("Count clicks through tracked links."));
    const QCommandLineOption trackingUrl =
        valued("tracking-url", "The tracking endpoint (default: the configured one).", "URL");
    const QCommandLineOption unsubscribeUrl =
        valued("unsubscribe-url", "The unsubscribe endpoint (default: the tracking URL).", "URL");
    const QCommandLineOption dkimDomain = valued("dkim-domain", "The DKIM signing domain.", "D");
    const QCommandLineOption dkimSelector = valued("dkim-selector", "The DKIM selector.", "S");
    const QCommandLineOption dkimKey =
        valued("dkim-key", "The private key (PEM, RSA or Ed25519); its path is stored.", "PEMFILE");
    const QCommandLineOption retryBase =
        valued("retry-base", "First retry delay, doubling after (default 5m).", "DURATION");
    const QCommandLineOption retryExpiry =
        valued("retry-expiry", "Give up retrying after (default 24h).", "DURATION");
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the created campaign as JSON."));
    parser.addOptions({list, templateName, from, accounts, replyTo, returnPath, trackOpens,
                       trackClicks, trackingUrl, unsubscribeUrl, dkimDomain, dkimSelector, dkimKey,
                       retryBase, retryExpiry, json});
    if (auto exit = context.parse(parser, args, 1, 1))
        return *exit;
    for (const auto* required : {&list, &templateName, &from, &accounts}) {
        if (!parser.isSet(*required))
            return context.usageError(
                QStringLiteral("'campaigns create' needs --%1").arg(required->names().first()));
    }
    const int dkimFlags = int(parser.isSet(dkimDomain)) + int(parser.isSet(dkimSelector)) +
                          int(parser.isSet(dkimKey));
    if (dkimFlags != 0 && dkimFlags != 3)
        return context.usageError(QStringLiteral(
            "DKIM needs all three of --dkim-domain, --dkim-selector and --dkim-key"));

    // Malformed values are usage errors (exit 2); missing things are failures (exit 1).
    Storage::CampaignSettings settings;
    const auto sender = Mime::MailAddress::parse(parser.value(from));
    if (!sender)
        return context.usageError(QStringLiteral("--from: %1").arg(sender.error().message));
    settings.fromName = sender->name;
    settings.fromAddress = sender->address;
    for (const auto& [option, target] :
         {std::pair{&replyTo, &settings.replyTo}, std::pair{&returnPath, &settings.returnPath}}) {
        if (!parser.isSet(*option))
            continue;
        const auto address = Mime::MailAddress::parse(parser.value(*option));
        if (!address || !address->name.isEmpty())
            return context.usageError(QStringLiteral("--%1: '%2' is not an e-mail address")
                                          .arg(option->names().first(), parser.value(*option)));
        *target = address->address;
    }
    for (const QString& account : parser.value(accounts).split(QLatin1Char(','))) {
        if (account.trimmed().isEmpty())
            return context.usageError(QStringLiteral("--accounts: empty account name in '%1'")
                                          .arg(parser.value(accounts)));
        settings.accounts.append(account.trimmed());
    }
    settings.trackOpens = parser.isSet(trackOpens);
    settings.trackClicks = parser.isSet(trackClicks);
    settings.trackingUrl = parser.value(trackingUrl);
    settings.unsubscribeUrl = parser.value(unsubscribeUrl);
    settings.dkimDomain = parser.value(dkimDomain).trimmed().toLower();
    settings.dkimSelector = parser.value(dkimSelector).trimmed();
    for (const auto& [option, target] : {std::pair{&retryBase, &settings.retryBaseSeconds},
                                         std::pair{&retryExpiry, &settings.retryExpirySeconds}}) {
        if (!parser.isSet(*option))
            continue;
        const auto seconds = Storage::CampaignSettings::parseDuration(parser.value(*option));
        if (!seconds)
            return context.usageError(
                QStringLiteral("--%1: %2").arg(option->names().first(), seconds.error().message));
        *target = *seconds;
    }
    settings.dkimKeyPath = parser.value(dkimKey); // made canonical once the file is checked
    if (auto valid = settings.validate(); !valid)
        return context.usageError(valid.error().message);
    if (parser.isSet(dkimKey)) {
        const auto keyPath = checkedKeyPath(context, parser.value(dkimKey));
        if (!keyPath)
            return context.fail(keyPath.error());
        settings.dkimKeyPath = *keyPath;
    }

    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    const auto contactList = Storage::ListRepository(*db).byName(parser.value(list));
    if (!contactList)
        return context.fail(contactList.error());
    const auto tmpl = Storage::TemplateRepository(*db).byName(parser.value(templateName));
    if (!tmpl)
        return context.fail(tmpl.error());
    // A template saved as a draft in the app may not parse yet; refuse it here, not mid-send.
    if (const auto parsed = Template::MessageTemplate::parse(tmpl->subject, tmpl->html, tmpl->text);
        !parsed)
        return context.fail(
            makeError(ErrorCode::InvalidInput,
                      QStringLiteral("template '%1': %2").arg(tmpl->name, parsed.error().message)));
    Storage::CampaignRepository campaigns(*db);
    const auto created =
        campaigns.create(parser.positionalArguments().first(), contactList->id, tmpl->id, settings);
    if (!created)
        return context.fail(created.error());
    // Accounts are resolved by name when sending; a name without an account is only a warning
    // now (a script may add the accounts after the campaign).
    QStringList unknown;
    for (const QString& account : settings.accounts) {
        const auto found = Storage::AccountRepository(*db).byName(account);
        if (!found && found.error().code == ErrorCode::NotFound)
            unknown.append(account);
    }
    if (!unknown.isEmpty())
        context.err() << "postroom-cli: warning: no account called "
                      << unknown.join(QStringLiteral(", "))
                      << " yet; add it with 'accounts add' before sending\n";
    context.err().flush();
    if (parser.isSet(json))
        context.printJson(QJsonDocument(campaignJson(*created)));
    return ExitSuccess;
}

int showCampaigns(CommandContext& context, const QStringList& args)
{
    return ShowCommand<Storage::Campaign>{
        QStringLiteral("Show the campaigns."),
        [](const Storage::DatabasePtr& db) { return Storage::CampaignRepository(db).all(); },
        campaignJson,
        [](const Storage::Campaign& campaign) {
            return QStringList{campaign.name, campaign.control, campaign.listName,
                               campaign.templateName};
        }}
        .run(context, args);
}

} // namespace

int runCampaigns(CommandContext& context, const QStringList& args)
{
    // One row per sub-command; the send engine adds send, status, pause... here.
    return dispatchSubcommand(context, QStringLiteral("campaigns"), args,
                              {
                                  {QStringLiteral("create"), createCampaign},
                                  {QStringLiteral("ls"), showCampaigns},
                              });
}

} // namespace Postroom::Cli
