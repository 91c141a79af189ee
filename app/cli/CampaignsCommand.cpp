#include "app/cli/CampaignsCommand.h"

#include "app/cli/Command.h"
#include "app/cli/ProgressLine.h"
#include "app/cli/ShowCommand.h"
#include "core/mime/MailAddress.h"
#include "core/send/CampaignCheck.h"
#include "core/send/SendWorker.h"
#include "core/storage/AccountRepository.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/MessageRepository.h"
#include "core/storage/TemplateRepository.h"
#include "core/template/MessageTemplate.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <unistd.h>

namespace Postroom::Cli {
namespace {

QJsonObject campaignJson(const Storage::Campaign& campaign)
{
    return QJsonObject{{QStringLiteral("name"), campaign.name},
                       {QStringLiteral("list"), campaign.listName},
                       {QStringLiteral("template"), campaign.templateName},
                       {QStringLiteral("control"), campaign.control},
                       {QStringLiteral("scheduled_at"),
                        campaign.scheduledAtMs > 0 && !campaign.queued
                            ? QJsonValue(Send::CampaignStatus::localIsoTime(campaign.scheduledAtMs))
                            : QJsonValue()},
                       {QStringLiteral("settings"), campaign.settings.toJson()}};
}

/** "2026-12-01 09:00" in local time, as the user wrote it. */
QString localTimeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

/**
 * `A:3,B`: account names with an optional weight. A trailing `:N` (a whole number) is the
 * weight (an account named `x:3` is written `x:3:1`); without one the weight is 1.
 */
Result<void> parseAccounts(const QString& text, Storage::CampaignSettings* settings)
{
    for (const QString& item : text.split(QLatin1Char(','))) {
        QString name = item.trimmed();
        const qsizetype colon = name.lastIndexOf(QLatin1Char(':'));
        const QString suffix = colon >= 0 ? name.mid(colon + 1).trimmed() : QString();
        // A signed number counts as a weight too, so `A:-1` is refused, not a name.
        const QStringView number = QStringView(suffix).mid(
            suffix.startsWith(QLatin1Char('-')) || suffix.startsWith(QLatin1Char('+')) ? 1 : 0);
        const bool digits =
            !number.isEmpty() && std::all_of(number.cbegin(), number.cend(), [](QChar c) {
                return c >= QLatin1Char('0') && c <= QLatin1Char('9');
            });
        int weight = 1;
        if (digits) {
            bool ok = false;
            weight = suffix.toInt(&ok);
            if (!ok || weight < 1 || weight > Storage::CampaignSettings::kMaxAccountWeight)
                return makeError(ErrorCode::InvalidInput,
                                 QStringLiteral("--accounts: the weight in '%1' must be a whole "
                                                "number from 1 to %2")
                                     .arg(item.trimmed())
                                     .arg(Storage::CampaignSettings::kMaxAccountWeight));
            name = name.left(colon).trimmed();
        }
        if (name.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("--accounts: empty account name in '%1'").arg(text));
        settings->accounts.append(name);
        if (weight != 1)
            settings->accountWeights.insert(name, weight);
    }
    return {};
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
    const QCommandLineOption accounts = valued(
        "accounts",
        "Sending accounts, comma-separated, each with an optional rotation weight (default 1).",
        "A[:W][,B[:W]...]");
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
    if (auto parsed = parseAccounts(parser.value(accounts), &settings); !parsed)
        return context.usageError(parsed.error().message);
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

/** The campaign named by the one positional argument. */
Result<Storage::Campaign> namedCampaign(CommandContext& context, const QCommandLineParser& parser,
                                        Storage::DatabasePtr* db)
{
    auto opened = context.database();
    if (!opened)
        return opened.error();
    *db = *opened;
    return Storage::CampaignRepository(*db).byName(parser.positionalArguments().first());
}

QString progressText(const Send::SendProgress& progress)
{
    const Send::CampaignStatus& s = progress.status;
    QString line = QStringLiteral("sending: %L1/%L2 sent, %L3 deferred, %L4 failed, %L5 bounced")
                       .arg(s.sent)
                       .arg(s.total)
                       .arg(s.deferred)
                       .arg(s.failed + s.expired)
                       .arg(s.bounced);
    line += QStringLiteral(" | %1/s").arg(progress.ratePerSecond, 0, 'f', 1);
    if (progress.etaSeconds >= 0)
        line += QStringLiteral(" | ETA %1:%2")
                    .arg(progress.etaSeconds / 60)
                    .arg(progress.etaSeconds % 60, 2, 10, QLatin1Char('0'));
    if (progress.stopping)
        line += QStringLiteral(" | stopping");
    return line;
}

int sendCampaign(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Queue the campaign (first time) and deliver it in the foreground until nothing is left "
        "to try now. SIGINT/SIGTERM pause cleanly; running it again resumes."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The campaign."));
    const QCommandLineOption wait(
        QStringLiteral("wait"),
        QStringLiteral("Keep going through retry delays until every recipient is final."));
    const QCommandLineOption json(
        QStringLiteral("json"), QStringLiteral("Print the campaign's status as JSON at the end."));
    const QCommandLineOption progress(
        QStringLiteral("progress"),
        QStringLiteral("Show progress on stderr even when it is not a terminal."));
    const QCommandLineOption lease(
        QStringLiteral("lease"),
        QStringLiteral("Seconds a claimed recipient stays leased to this sender (default 120); "
                       "after a crash its unfinished recipients are due again after this."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("Seconds to wait for each SMTP reply (default 300)."),
        QStringLiteral("SECONDS"));
    const QCommandLineOption now(
        QStringLiteral("now"),
        QStringLiteral(
            "Send a scheduled campaign now, before its time (the schedule is cleared)."));
    parser.addOptions({wait, json, progress, lease, timeout, now});
    if (auto exit = context.parse(parser, args, 1, 1))
        return *exit;
    Send::SendOptions options;
    options.waitForRetries = parser.isSet(wait);
    for (const auto& [option, target] : {std::pair{&lease, &options.leaseSeconds},
                                         std::pair{&timeout, &options.responseTimeoutSeconds}}) {
        if (!parser.isSet(*option))
            continue;
        bool ok = false;
        *target = parser.value(*option).toInt(&ok);
        if (!ok || *target < 1)
            return context.usageError(QStringLiteral("--%1 needs a whole number of seconds")
                                          .arg(option->names().first()));
    }
    Storage::DatabasePtr db;
    const auto campaign = namedCampaign(context, parser, &db);
    if (!campaign)
        return context.fail(campaign.error());
    // A scheduled draft waits for its time unless --now says otherwise; once its time has
    // come, `send` sends it (so cron or a script can start it on a server).
    if (!campaign->queued && campaign->scheduledAtMs > QDateTime::currentMSecsSinceEpoch()) {
        if (!parser.isSet(now))
            return context.fail(makeError(
                ErrorCode::InvalidInput,
                QStringLiteral("campaign '%1' is scheduled for %2; use --now to send it now, or "
                               "'campaigns schedule %1 --clear'")
                    .arg(campaign->name, localTimeText(campaign->scheduledAtMs))));
        if (auto cleared = Storage::CampaignRepository(db).setSchedule(campaign->id, 0); !cleared)
            return context.fail(cleared.error());
    }

    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    ProgressLine line(context.err(), terminal || parser.isSet(progress), terminal);
    StopOnSignal stopOnSignal;
    Send::SendWorker worker(db, db->path(), campaign->id, options);
    worker.setExternalPauseFlag(StopOnSignal::flag());
    const auto outcome = worker.run([&line](const Send::SendProgress& update) {
        if (line.due())
            line.show(progressText(update));
    });
    line.finish();
    if (!outcome)
        return context.fail(outcome.error());
    switch (outcome->stop) {
    case Send::SendStop::Paused:
        context.err() << "postroom-cli: paused; run 'campaigns send " << campaign->name
                      << "' again to resume\n";
        break;
    case Send::SendStop::Cancelled:
        context.err() << "postroom-cli: the campaign was cancelled\n";
        break;
    case Send::SendStop::NothingDue:
        if (outcome->status.hasWork())
            context.err() << "postroom-cli: " << outcome->status.deferred
                          << " recipient(s) wait for a retry; run 'campaigns send "
                          << campaign->name << "' again later (or use --wait)"
                          << (outcome->detail.isEmpty()
                                  ? QString()
                                  : QStringLiteral(" (%1)").arg(outcome->detail))
                          << '\n';
        break;
    default:
        break;
    }
    context.err().flush();
    if (parser.isSet(json))
        context.printJson(QJsonDocument(outcome->status.toJson()));
    if (outcome->stop == Send::SendStop::NoAccounts)
        return context.fail(
            makeError(ErrorCode::Auth,
                      QStringLiteral("no account of campaign '%1' can send").arg(campaign->name),
                      outcome->detail));
    return ExitSuccess;
}

/** The campaign named by `NAME [--json]`; an exit code when the command must stop. */
struct NamedCampaign
{
    Storage::DatabasePtr db;
    Storage::Campaign campaign;
    bool json = false;
};

std::optional<int> parseNamedCampaign(CommandContext& context, const QStringList& args,
                                      const QString& description, bool withJson,
                                      NamedCampaign* named)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The campaign."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    if (withJson)
        parser.addOption(json);
    if (auto exit = context.parse(parser, args, 1, 1))
        return exit;
    const auto campaign = namedCampaign(context, parser, &named->db);
    if (!campaign)
        return context.fail(campaign.error());
    named->campaign = *campaign;
    named->json = withJson && parser.isSet(json);
    return std::nullopt;
}

int campaignStatus(CommandContext& context, const QStringList& args)
{
    NamedCampaign named;
    if (auto exit = parseNamedCampaign(
            context, args, QStringLiteral("Show a campaign's counts and state."), true, &named))
        return *exit;
    const auto status = Storage::MessageRepository(named.db).status(named.campaign.id);
    if (!status)
        return context.fail(status.error());
    const QJsonObject object = status->toJson();
    if (named.json) {
        context.printJson(QJsonDocument(object));
        return ExitSuccess;
    }
    for (const QString& key :
         {QStringLiteral("name"), QStringLiteral("state"), QStringLiteral("total"),
          QStringLiteral("queued"), QStringLiteral("sending"), QStringLiteral("sent"),
          QStringLiteral("deferred"), QStringLiteral("failed"), QStringLiteral("bounced"),
          QStringLiteral("skipped"), QStringLiteral("expired"), QStringLiteral("opened"),
          QStringLiteral("clicked"), QStringLiteral("unsubscribed"), QStringLiteral("complained")})
        context.out() << key.leftJustified(14) << object.value(key).toVariant().toString() << '\n';
    if (status->scheduledAtMs > 0)
        context.out() << QStringLiteral("scheduled_at").leftJustified(14)
                      << localTimeText(status->scheduledAtMs) << '\n';
    return ExitSuccess;
}

int checkCampaign(CommandContext& context, const QStringList& args)
{
    NamedCampaign named;
    if (auto exit = parseNamedCampaign(
            context, args,
            QStringLiteral("The pre-send check: template fields, recipients, accounts, DKIM key, "
                           "unsubscribe endpoint. Exit 1 when an error is found."),
            true, &named))
        return *exit;
    const auto findings = Send::CampaignCheck::run(named.db, named.campaign);
    if (!findings)
        return context.fail(findings.error());
    bool error = false;
    QJsonArray array;
    for (const Template::TemplateFinding& finding : *findings) {
        error = error || finding.severity == Template::Severity::Error;
        array.append(QJsonObject{{QStringLiteral("severity"), severityName(finding.severity)},
                                 {QStringLiteral("code"), finding.code},
                                 {QStringLiteral("message"), finding.message},
                                 {QStringLiteral("fix"), finding.fix}});
        if (!named.json)
            context.out() << severityName(finding.severity) << ": " << finding.message << " ("
                          << finding.code << ")\n  fix: " << finding.fix << '\n';
    }
    if (named.json)
        context.printJson(QJsonDocument(QJsonObject{{QStringLiteral("findings"), array}}));
    else if (findings->isEmpty())
        context.out() << "no findings\n";
    return error ? ExitFailure : ExitSuccess;
}

/** pause, resume, cancel: write the control column; a running sender picks it up. */
int setControl(CommandContext& context, const QStringList& args, const QString& verb,
               const QString& control)
{
    NamedCampaign named;
    if (auto exit = parseNamedCampaign(
            context, args,
            QStringLiteral("Set the campaign %1 (also while 'campaigns send' runs elsewhere).")
                .arg(control),
            false, &named))
        return *exit;
    const Storage::Campaign* campaign = &named.campaign;
    Storage::MessageRepository messages(named.db);
    const auto current = messages.control(campaign->id);
    if (!current)
        return context.fail(current.error());
    if (*current == QLatin1String("cancelled") && control != QLatin1String("cancelled"))
        return context.fail(makeError(
            ErrorCode::InvalidInput,
            QStringLiteral("cannot %1 '%2': it was cancelled").arg(verb, campaign->name)));
    if (*current == QLatin1String("draft") && control != QLatin1String("cancelled"))
        return context.fail(
            makeError(ErrorCode::InvalidInput,
                      QStringLiteral("cannot %1 '%2': it was never sent; use 'campaigns send'")
                          .arg(verb, campaign->name)));
    if (control == QLatin1String("cancelled")) {
        const auto skipped = messages.cancel(campaign->id);
        if (!skipped)
            return context.fail(skipped.error());
        context.err() << "postroom-cli: cancelled '" << campaign->name << "'; " << *skipped
                      << " recipient(s) not sent are skipped\n";
        context.err().flush();
        return ExitSuccess;
    }
    if (auto done = messages.setControl(campaign->id, control); !done)
        return context.fail(done.error());
    if (control == QLatin1String("running"))
        context.err() << "postroom-cli: resumed; a running sender continues, or run "
                         "'campaigns send "
                      << campaign->name << "'\n";
    context.err().flush();
    return ExitSuccess;
}
/** Parses "YYYY-MM-DD HH:MM" (also with seconds, a T, or an ISO 8601 offset); local time. */
std::optional<QDateTime> parseStartTime(const QString& text)
{
    const QString trimmed = text.trimmed();
    for (const QString& format :
         {QStringLiteral("yyyy-MM-dd HH:mm"), QStringLiteral("yyyy-MM-dd HH:mm:ss"),
          QStringLiteral("yyyy-MM-ddTHH:mm"), QStringLiteral("yyyy-MM-ddTHH:mm:ss")}) {
        const QDateTime local = QDateTime::fromString(trimmed, format);
        if (local.isValid())
            return local;
    }
    const QDateTime iso = QDateTime::fromString(trimmed, Qt::ISODate);
    if (iso.isValid())
        return iso;
    return std::nullopt;
}

int scheduleCampaign(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Set the time a draft campaign starts by itself. Postroom (the app) must be running "
        "then; on a server, run 'campaigns send NAME' at that time instead."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The campaign."));
    const QCommandLineOption at(QStringLiteral("at"),
                                QStringLiteral("The start, in local time: \"YYYY-MM-DD HH:MM\"."),
                                QStringLiteral("TIME"));
    const QCommandLineOption clear(QStringLiteral("clear"),
                                   QStringLiteral("Remove the schedule (back to a plain draft)."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the campaign as JSON."));
    parser.addOptions({at, clear, json});
    if (auto exit = context.parse(parser, args, 1, 1))
        return *exit;
    if (parser.isSet(at) == parser.isSet(clear))
        return context.usageError(
            QStringLiteral("'campaigns schedule' needs either --at TIME or --clear"));
    qint64 startMs = 0;
    if (parser.isSet(at)) {
        const auto start = parseStartTime(parser.value(at));
        if (!start)
            return context.usageError(
                QStringLiteral("--at: '%1' is not a time; write \"YYYY-MM-DD HH:MM\" (local time)")
                    .arg(parser.value(at)));
        startMs = start->toMSecsSinceEpoch();
        if (startMs <= QDateTime::currentMSecsSinceEpoch())
            return context.fail(
                makeError(ErrorCode::InvalidInput,
                          QStringLiteral("%1 is in the past; to send now use 'campaigns send'")
                              .arg(localTimeText(startMs))));
    }
    Storage::DatabasePtr db;
    const auto campaign = namedCampaign(context, parser, &db);
    if (!campaign)
        return context.fail(campaign.error());
    Storage::CampaignRepository campaigns(db);
    if (auto done = campaigns.setSchedule(campaign->id, startMs); !done)
        return context.fail(done.error());
    if (startMs > 0)
        context.err() << "postroom-cli: '" << campaign->name << "' starts at "
                      << localTimeText(startMs)
                      << " (local time) if Postroom is running then; on a server, run "
                         "'campaigns send "
                      << campaign->name << "' at that time\n";
    else
        context.err() << "postroom-cli: '" << campaign->name << "' is no longer scheduled\n";
    context.err().flush();
    if (parser.isSet(json)) {
        const auto saved = campaigns.byId(campaign->id);
        if (!saved)
            return context.fail(saved.error());
        context.printJson(QJsonDocument(campaignJson(*saved)));
    }
    return ExitSuccess;
}
} // namespace

int runCampaigns(CommandContext& context, const QStringList& args)
{
    return dispatchSubcommand(
        context, QStringLiteral("campaigns"), args,
        {
            {QStringLiteral("create"), createCampaign},
            {QStringLiteral("ls"), showCampaigns},
            {QStringLiteral("send"), sendCampaign},
            {QStringLiteral("schedule"), scheduleCampaign},
            {QStringLiteral("status"), campaignStatus},
            {QStringLiteral("check"), checkCampaign},
            {QStringLiteral("pause"),
             [](CommandContext& c, const QStringList& a) {
                 return setControl(c, a, QStringLiteral("pause"), QStringLiteral("paused"));
             }},
            {QStringLiteral("resume"),
             [](CommandContext& c, const QStringList& a) {
                 return setControl(c, a, QStringLiteral("resume"), QStringLiteral("running"));
             }},
            {QStringLiteral("cancel"),
             [](CommandContext& c, const QStringList& a) {
                 return setControl(c, a, QStringLiteral("cancel"), QStringLiteral("cancelled"));
             }},
        });
}

} // namespace Postroom::Cli
