#pragma once

#include "core/send/SendWorker.h"
#include "core/storage/AccountRepository.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/TemplateRepository.h"
#include "tests/support/TempDatabase.h"

#include <QDir>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <functional>
#include <thread>

namespace Postroom::Test {

/** The environment variable SMTP accounts of a CampaignFixture take their password from. */
inline constexpr char kFixturePasswordEnv[] = "POSTROOM_TEST_SMTP_PW";

/**
 * A temp database with a list "L" of @p contacts (userN@domain), a template "T", and
 * helpers to add accounts, make the campaign "C" and send it with SendWorker. Tests call
 * prepareEnvironment() once first.
 */
struct CampaignFixture
{
    TempDatabase temp;
    qint64 listId = 0;
    qint64 templateId = 0;

    /**
     * For initTestCase(): test-mode standard paths, secrets kept in a file (never the
     * user's keychain), and the password of smtpAccount()s in kFixturePasswordEnv.
     */
    static void prepareEnvironment()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv(kFixturePasswordEnv, "secret");
        qputenv("POSTROOM_SECRET_STORE", "file");
    }

    explicit CampaignFixture(int contacts, const QString& domain = QStringLiteral("example.com"))
    {
        listId = Storage::ListRepository(temp.db()).create(QStringLiteral("L"))->id;
        Storage::StoredTemplate tmpl;
        tmpl.name = QStringLiteral("T");
        tmpl.subject = QStringLiteral("Hi {{first_name}}");
        tmpl.html = QStringLiteral("<p>Hello {{first_name}}</p>");
        templateId = Storage::TemplateRepository(temp.db()).add(tmpl)->id;
        Storage::ContactRepository repo(temp.db());
        for (int i = 0; i < contacts; ++i) {
            const QString email = QStringLiteral("user%1@%2").arg(i).arg(domain);
            const auto added =
                repo.add(Storage::ContactUpsert{email, email, QStringLiteral("U%1").arg(i),
                                                QString(), QString()},
                         listId);
            if (!added)
                qFatal("%s", qPrintable(added.error().describe()));
        }
    }

    qint64 addAccount(const Send::Account& account)
    {
        const auto created = Storage::AccountRepository(temp.db()).create(account);
        if (!created)
            qFatal("%s", qPrintable(created.error().describe()));
        return created->id;
    }

    qint64 smtpAccount(const QString& name, quint16 port, int connections = 2,
                       const QString& rate = QStringLiteral("unlimited"))
    {
        Send::Account account;
        account.name = name;
        account.url = QStringLiteral("smtp://127.0.0.1:%1").arg(port);
        account.tls = Send::TlsMode::None;
        account.username = QStringLiteral("user");
        account.secretRef = QStringLiteral("env:") + QLatin1String(kFixturePasswordEnv);
        account.maxConnections = connections;
        account.rate = *Send::SendRate::parse(rate);
        return addAccount(account);
    }

    qint64 outboxAccount(const QString& name, const QString& folder,
                         const QString& rate = QStringLiteral("unlimited"), int dailyCap = 0,
                         const QList<int>& warmup = {})
    {
        Send::Account account;
        account.name = name;
        account.url = QStringLiteral("outbox://") + folder;
        account.rate = *Send::SendRate::parse(rate);
        account.dailyCap = dailyCap;
        account.warmup = warmup;
        return addAccount(account);
    }

    qint64 campaign(const QStringList& accounts, qint64 retryBase = 300,
                    const QHash<QString, int>& weights = {})
    {
        Storage::CampaignSettings settings;
        settings.fromAddress = QStringLiteral("news@example.org");
        settings.accounts = accounts;
        settings.accountWeights = weights;
        settings.retryBaseSeconds = retryBase;
        const auto created = Storage::CampaignRepository(temp.db()).create(
            QStringLiteral("C"), listId, templateId, settings);
        if (!created)
            qFatal("%s", qPrintable(created.error().describe()));
        return created->id;
    }

    Result<Send::SendOutcome> send(qint64 campaignId, Send::SendOptions options = {})
    {
        options.responseTimeoutSeconds =
            options.responseTimeoutSeconds ? options.responseTimeoutSeconds : 5;
        Send::SendWorker worker(temp.db(), temp.path(), campaignId, options);
        return worker.run();
    }

    /**
     * Sends @p campaignId on another thread and calls @p meanwhile on this one after
     * @p afterMs (as another process would: through its own connection); returns the
     * sender's outcome once it stopped.
     */
    Result<Send::SendOutcome> sendWhile(qint64 campaignId, int afterMs,
                                        const std::function<void()>& meanwhile)
    {
        Result<Send::SendOutcome> outcome = makeError(ErrorCode::Internal, QString());
        std::thread sender([&] { outcome = send(campaignId); });
        QThread::msleep(static_cast<unsigned long>(afterMs));
        meanwhile();
        sender.join();
        return outcome;
    }

    QVariant scalar(const QString& sql)
    {
        QSqlQuery query(temp.db()->connection());
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }
};

/** How many messages an outbox account wrote into @p folder (one .eml file each). */
inline int emlFiles(const QTemporaryDir& folder)
{
    return int(QDir(folder.path()).entryList({QStringLiteral("*.eml")}, QDir::Files).size());
}

} // namespace Postroom::Test
