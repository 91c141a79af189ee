#include "app/cli/AccountsCommand.h"

#include "app/cli/Command.h"
#include "app/cli/ShowCommand.h"
#include "core/secrets/SecretVault.h"
#include "core/send/TransportFactory.h"
#include "core/storage/AccountRepository.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>

namespace Postroom::Cli {
namespace {

using Send::Account;

constexpr int kDefaultTestTimeoutSeconds = 30;

void warn(CommandContext& context, const QString& line)
{
    context.err() << "postroom-cli: warning: " << line << '\n';
    context.err().flush();
}

// Everything ls and add --json show about an account: settings and where the
// password lives (a reference such as env:VAR), never the password.
QJsonObject accountJson(const Account& account)
{
    QJsonArray warmup;
    for (int cap : account.warmup)
        warmup.append(cap);
    const bool outbox = account.kind() == Send::AccountKind::Outbox;
    return QJsonObject{
        {QStringLiteral("name"), account.name},
        {QStringLiteral("url"), account.url},
        {QStringLiteral("kind"), outbox ? QStringLiteral("outbox") : QStringLiteral("smtp")},
        {QStringLiteral("tls"), Account::tlsModeName(account.tls)},
        {QStringLiteral("verify_peer"), account.verifyPeer},
        {QStringLiteral("ca_file"), account.caFile},
        {QStringLiteral("user"), account.username},
        {QStringLiteral("auth"), Account::authMechanismName(account.auth)},
        {QStringLiteral("secret_ref"), account.secretRef},
        {QStringLiteral("from"), account.fromAddress},
        {QStringLiteral("rate"), account.rate.toString()},
        {QStringLiteral("daily"), account.dailyCap},
        {QStringLiteral("connections"), account.maxConnections},
        {QStringLiteral("warmup"), warmup},
    };
}

// Reads the password from standard input: everything, less one trailing line end,
// so both `printf %s "$P" |` and `echo "$P" |` work.
QByteArray readSecretFromStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    QByteArray secret = in.readAll();
    if (secret.endsWith('\n'))
        secret.chop(1);
    if (secret.endsWith('\r'))
        secret.chop(1);
    return secret;
}

// Parses the value of @p option into @p target when it was given.
template <typename Parse, typename T>
std::optional<int> parseValue(CommandContext& context, const QCommandLineParser& parser,
                              const QCommandLineOption& option, Parse parse, T& target)
{
    if (!parser.isSet(option))
        return std::nullopt;
    const auto parsed = parse(parser.value(option));
    if (!parsed)
        return context.usageError(parsed.error().message);
    target = *parsed;
    return std::nullopt;
}

std::optional<int> parseCount(CommandContext& context, const QCommandLineParser& parser,
                              const QCommandLineOption& option, int& target)
{
    if (!parser.isSet(option))
        return std::nullopt;
    bool ok = false;
    target = parser.value(option).toInt(&ok);
    if (!ok)
        return context.usageError(QStringLiteral("--%1 needs a whole number, not '%2'")
                                      .arg(option.names().constFirst(), parser.value(option)));
    return std::nullopt;
}

int addAccount(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Add a sending account. URL is smtp://host:port (STARTTLS required unless --tls none), "
        "smtps://host:port (implicit TLS) or outbox:///folder (writes .eml files, sends "
        "nothing). The password is never a command-line argument: --password-env VAR stores a "
        "reference to an environment variable read at each use; --password-stdin reads it "
        "from standard input and keeps it in the OS keychain, or in a 0600 file next to the "
        "database when POSTROOM_SECRET_STORE=file."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The account's name."));
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("The server or outbox."),
                                 QStringLiteral("URL"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("The AUTH user name."),
                                  QStringLiteral("U"));
    const QCommandLineOption passwordEnv(
        QStringLiteral("password-env"),
        QStringLiteral("Read the password from environment variable VAR at each use."),
        QStringLiteral("VAR"));
    const QCommandLineOption passwordStdin(
        QStringLiteral("password-stdin"),
        QStringLiteral("Read the password from standard input and keep it in the secret store."));
    const QCommandLineOption tls(QStringLiteral("tls"),
                                 QStringLiteral("starttls (default for smtp://), implicit "
                                                "(smtps://) or none (plaintext, on request only)."),
                                 QStringLiteral("MODE"));
    const QCommandLineOption auth(QStringLiteral("auth"),
                                  QStringLiteral("AUTH mechanism: auto (default), plain, login or "
                                                 "xoauth2 (the password is a bearer token)."),
                                  QStringLiteral("MECH"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("At most N messages per second, minute or hour."),
                                  QStringLiteral("N/s|N/min|N/h"));
    const QCommandLineOption daily(
        QStringLiteral("daily"), QStringLiteral("At most N messages in any 24 hours (0: no cap)."),
        QStringLiteral("N"));
    const QCommandLineOption connections(QStringLiteral("connections"),
                                         QStringLiteral("Parallel connections (1-100, default 4)."),
                                         QStringLiteral("N"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("Default From, \"Name <addr>\" or addr."),
                                  QStringLiteral("ADDR"));
    const QCommandLineOption warmup(
        QStringLiteral("warmup"),
        QStringLiteral("Warm-up plan: daily caps for day 1, 2, ... e.g. 50,100,200,400."),
        QStringLiteral("CAPS"));
    const QCommandLineOption caFile(
        QStringLiteral("ca-file"),
        QStringLiteral("Trust the CA certificates in this PEM file instead of the system's."),
        QStringLiteral("FILE"));
    const QCommandLineOption insecure(
        QStringLiteral("insecure-skip-verify"),
        QStringLiteral("Do not verify the server's certificate (dangerous: anyone on the path "
                       "can read the password)."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the account as JSON."));
    parser.addOptions({url, user, passwordEnv, passwordStdin, tls, auth, rate, daily, connections,
                       from, warmup, caFile, insecure, json});
    if (auto exit = context.parse(parser, args, 1, 1))
        return *exit;
    if (!parser.isSet(url))
        return context.usageError(QStringLiteral("accounts add needs --url"));
    if (parser.isSet(passwordEnv) && parser.isSet(passwordStdin))
        return context.usageError(
            QStringLiteral("give either --password-env or --password-stdin, not both"));

    Account account;
    account.name = parser.positionalArguments().constFirst();
    account.url = parser.value(url);
    account.username = parser.value(user);
    account.fromAddress = parser.value(from);
    account.verifyPeer = !parser.isSet(insecure);
    account.tls = Account::defaultTlsMode(account.url);
    // A malformed value is bad usage (exit 2), like an unknown flag.
    std::optional<int> exit;
    exit = exit ? exit : parseValue(context, parser, tls, Account::parseTlsMode, account.tls);
    exit =
        exit ? exit : parseValue(context, parser, auth, Account::parseAuthMechanism, account.auth);
    exit = exit ? exit : parseValue(context, parser, rate, Send::SendRate::parse, account.rate);
    exit = exit ? exit : parseValue(context, parser, warmup, Account::parseWarmup, account.warmup);
    exit = exit ? exit : parseCount(context, parser, daily, account.dailyCap);
    exit = exit ? exit : parseCount(context, parser, connections, account.maxConnections);
    if (exit)
        return *exit;
    if (parser.isSet(caFile)) {
        const QFileInfo file(parser.value(caFile));
        if (!file.isFile() || !file.isReadable())
            return context.fail(
                makeError(ErrorCode::InvalidInput,
                          QStringLiteral("the CA file %1 does not exist or cannot be read")
                              .arg(file.filePath())));
        account.caFile = file.absoluteFilePath();
    }
    // Where the password will live, checked before anything is stored.
    if (parser.isSet(passwordEnv)) {
        const auto ref = Secrets::SecretRef::environment(parser.value(passwordEnv));
        if (!ref)
            return context.fail(ref.error());
        account.secretRef = ref->toString();
    } else if (parser.isSet(passwordStdin)) {
        account.secretRef = QStringLiteral("file:pending"); // validated as "has a secret"
    }
    if (auto valid = account.validate(); !valid)
        return context.fail(valid.error());

    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    Storage::AccountRepository accounts(*db);
    if (accounts.byName(account.name).ok())
        return context.fail(
            makeError(ErrorCode::AlreadyExists,
                      QStringLiteral("an account called \"%1\" already exists").arg(account.name)));

    Secrets::SecretVault vault((*db)->path());
    if (parser.isSet(passwordStdin)) {
        const QByteArray secret = readSecretFromStdin();
        if (secret.isEmpty())
            return context.fail(makeError(ErrorCode::InvalidInput,
                                          QStringLiteral("--password-stdin read no password")));
        const auto kept =
            vault.keep(Secrets::SecretVault::newKey(QStringLiteral("account")), secret);
        if (!kept)
            return context.fail(kept.error());
        account.secretRef = kept->toString();
    }
    const auto created = accounts.create(account);
    if (!created) {
        if (parser.isSet(passwordStdin))
            (void)vault.forget(*Secrets::SecretRef::parse(account.secretRef));
        return context.fail(created.error());
    }

    if (!account.verifyPeer)
        warn(context, QStringLiteral("certificate verification is OFF for account \"%1\": "
                                     "anyone on the network path can impersonate the server")
                          .arg(account.name));
    if (account.tls == Send::TlsMode::None && account.kind() == Send::AccountKind::Smtp &&
        !account.username.isEmpty())
        warn(context,
             QStringLiteral("account \"%1\" sends its password without TLS").arg(account.name));
    if (parser.isSet(passwordEnv) &&
        qEnvironmentVariableIsEmpty(parser.value(passwordEnv).toLocal8Bit().constData()))
        warn(context, QStringLiteral("%1 is not set now; it must be set whenever the account "
                                     "is used")
                          .arg(parser.value(passwordEnv)));
    if (parser.isSet(json))
        context.printJson(QJsonDocument(accountJson(*created)));
    return ExitSuccess;
}

int showAccounts(CommandContext& context, const QStringList& args)
{
    const ShowCommand<Account> show{
        QStringLiteral("Show the sending accounts by name. Plain output is "
                       "name<TAB>url<TAB>tls<TAB>rate a line; --json prints their settings. "
                       "Passwords are never shown: secret_ref says where each lives (env:VAR, "
                       "keychain:KEY or file:KEY)."),
        [](const Storage::DatabasePtr& db) { return Storage::AccountRepository(db).all(); },
        accountJson,
        [](const Account& account) {
            return QStringList{account.name, account.url, Account::tlsModeName(account.tls),
                               account.rate.toString()};
        }};
    return show.run(context, args);
}

QJsonObject reportJson(const Account& account, const Send::ConnectionReport& report)
{
    QJsonObject object{
        {QStringLiteral("name"), account.name},
        {QStringLiteral("url"), account.url},
        {QStringLiteral("ok"), report.result.ok()},
        {QStringLiteral("tls"), Account::tlsModeName(account.tls)},
        {QStringLiteral("tls_active"), report.tls},
        {QStringLiteral("verify_peer"), account.verifyPeer},
        {QStringLiteral("verified"), report.verified},
        {QStringLiteral("authenticated"), report.authenticated},
        {QStringLiteral("auth_mechanism"), report.authMechanism},
        {QStringLiteral("greeting"), report.greeting},
        {QStringLiteral("capabilities"), QJsonArray::fromStringList(report.capabilities)},
    };
    if (!report.result.ok()) {
        const Send::DeliveryResult& failure = report.result;
        QJsonObject error{{QStringLiteral("kind"), failure.kindName()},
                          {QStringLiteral("stage"), failure.stageName()},
                          {QStringLiteral("message"), failure.describe()},
                          {QStringLiteral("detail"), failure.detail}};
        if (failure.smtpCode > 0) {
            error.insert(QStringLiteral("smtp_code"), failure.smtpCode);
            error.insert(QStringLiteral("enhanced_status"), failure.enhancedStatus);
            error.insert(QStringLiteral("reply"), failure.reply);
        }
        object.insert(QStringLiteral("error"), error);
    }
    return object;
}

void printReport(CommandContext& context, const Account& account,
                 const Send::ConnectionReport& report)
{
    QStringList facts;
    if (account.kind() == Send::AccountKind::Smtp) {
        facts.append(report.tls
                         ? (account.tls == Send::TlsMode::Implicit ? QStringLiteral("implicit TLS")
                                                                   : QStringLiteral("STARTTLS"))
                         : QStringLiteral("no TLS"));
        if (report.tls)
            facts.append(report.verified ? QStringLiteral("certificate verified")
                                         : QStringLiteral("certificate NOT verified"));
        facts.append(report.authenticated
                         ? QStringLiteral("authenticated with %1").arg(report.authMechanism)
                         : QStringLiteral("not authenticated"));
    }
    QTextStream& out = context.out();
    out << "ok: " << account.url;
    if (!facts.isEmpty())
        out << " (" << facts.join(QStringLiteral(", ")) << ')';
    out << '\n' << "greeting: " << report.greeting << '\n' << "capabilities:\n";
    for (const QString& capability : report.capabilities)
        out << "  " << capability << '\n';
    out.flush();
}

int testAccount(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Connect, EHLO, STARTTLS, AUTH, NOOP and QUIT, sending nothing; print the server's "
        "capabilities, or exactly what failed: dns, refused, timeout, tls, certificate, auth, "
        "transient or permanent (the JSON's error.kind). Exit 1 on failure. Trust anchors come "
        "from the account's --ca-file, else POSTROOM_CA_FILE, else the system store."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The account."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("Seconds to wait for the connection and for each reply (default 30)."),
        QStringLiteral("SECONDS"));
    parser.addOptions({json, timeout});
    if (auto exit = context.parse(parser, args, 1, 1))
        return *exit;
    int timeoutSeconds = kDefaultTestTimeoutSeconds;
    if (auto exit = parseCount(context, parser, timeout, timeoutSeconds))
        return *exit;
    if (timeoutSeconds < 1)
        return context.usageError(QStringLiteral("--timeout needs at least 1 second"));
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    const auto account =
        Storage::AccountRepository(*db).byName(parser.positionalArguments().first());
    if (!account)
        return context.fail(account.error());
    if (!account->verifyPeer)
        warn(context, QStringLiteral("certificate verification is OFF for account \"%1\"")
                          .arg(account->name));
    const Secrets::SecretVault vault((*db)->path());
    auto transport = Send::TransportFactory::create(*account, vault, timeoutSeconds);
    Send::ConnectionReport report;
    if (transport) {
        report = (*transport)->test();
    } else {
        // No connection was tried (a missing password variable, say): still one JSON
        // document, with error.kind "local".
        report.result =
            Send::DeliveryResult::failure(Send::DeliveryOutcome::LocalError, Send::SmtpStage::Local,
                                          transport.error().describe());
    }
    if (parser.isSet(json))
        context.printJson(QJsonDocument(reportJson(*account, report)));
    else if (report.result.ok())
        printReport(context, *account, report);
    if (!transport)
        return context.fail(transport.error());
    if (!report.result.ok())
        return context.fail(makeError(ErrorCode::Network,
                                      QStringLiteral("account \"%1\" failed its test (%2)")
                                          .arg(account->name, report.result.kindName()),
                                      report.result.describe()));
    return ExitSuccess;
}

int removeAccount(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Remove an account and forget its stored password (keychain or file; an environment "
        "variable is left alone). Refused while a campaign uses the account."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The account."));
    if (auto exit = context.parse(parser, args, 1, 1))
        return *exit;
    auto db = context.database();
    if (!db)
        return context.fail(db.error());
    Storage::AccountRepository accounts(*db);
    const auto account = accounts.byName(parser.positionalArguments().first());
    if (!account)
        return context.fail(account.error());
    if (auto removed = accounts.remove(account->id); !removed)
        return context.fail(removed.error());
    const auto ref = Secrets::SecretRef::parse(account->secretRef);
    if (ref) {
        Secrets::SecretVault vault((*db)->path());
        if (auto forgotten = vault.forget(*ref); !forgotten)
            warn(context, QStringLiteral("the account is gone but its password could not be "
                                         "removed from the secret store: %1")
                              .arg(forgotten.error().describe()));
    }
    return ExitSuccess;
}

} // namespace

int runAccounts(CommandContext& context, const QStringList& args)
{
    return dispatchSubcommand(context, QStringLiteral("accounts"), args,
                              {{QStringLiteral("add"), addAccount},
                               {QStringLiteral("ls"), showAccounts},
                               {QStringLiteral("test"), testAccount},
                               {QStringLiteral("rm"), removeAccount}});
}

} // namespace Postroom::Cli
