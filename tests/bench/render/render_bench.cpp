// Render + build benchmark (issue 4 figures): one ~20 KB personalised HTML+text
// message per contact, without DKIM and with RSA-2048 DKIM, on one thread (one core).
// Prints key=value lines; run-render-bench.sh repeats it and compares with openssl speed.
#include "core/mime/DkimSigner.h"
#include "core/mime/MessageFactory.h"
#include "core/mime/MessageRef.h"
#include "core/template/MessageTemplate.h"
#include "tests/support/TestKeys.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <ctime>

using namespace Postroom;

namespace {

QString htmlTemplate()
{
    QString html =
        QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>News</title>"
                       "<style>body{font-family:sans-serif} .x{color:#333}</style></head><body>"
                       "<h1>Hello {{first_name|friend}}, here is your November update</h1>");
    const QString block = QStringLiteral(
        "<table role=\"presentation\" width=\"100%\"><tr><td class=\"x\">"
        "<h2>Section %1: news for {{company|your team}}</h2>"
        "<p>Dear {{first_name|customer}} {{last_name}}, we have prepared something special in "
        "section %1. Our spring collection is here, with new colours and sizes. Café owners "
        "and shop keepers alike will find something they like &mdash; at prices that stay "
        "fair.</p><ul><li>Free shipping over 50 EUR</li><li>30 days to return</li>"
        "<li>Member price for {{email}}</li></ul>"
        "<p><a href=\"https://shop.example/collection/%1?utm_source=newsletter\">See the "
        "collection</a></p></td></tr></table>\n");
    // About 11 KB of HTML: with its generated text part and headers the message is ~20 KB.
    for (int i = 1; html.size() < 10500; ++i)
        html += block.arg(i);
    html += QStringLiteral("<p><a href=\"{{unsubscribe_url}}\">Unsubscribe</a> · "
                           "{{campaign_name}} · {{message_id}}</p></body></html>");
    return html;
}

struct Run
{
    double perSecond = 0;     ///< per second of this thread's CPU time: per core
    double perWallSecond = 0; ///< per second of wall time (lower on a busy machine)
    double averageBytes = 0;
};

// CPU time of this thread: `openssl speed` also divides by CPU (user) time, so the two
// figures stay comparable on a machine shared with other work.
double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

Run measure(const Mime::MessageFactory& factory, const QList<Template::FieldValues>& contacts,
            const QList<Mime::MailAddress>& addresses, const QList<QByteArray>& refs, int count)
{
    QElapsedTimer timer;
    qint64 bytes = 0;
    timer.start();
    const double cpuStart = threadCpuSeconds();
    for (int i = 0; i < count; ++i) {
        const qsizetype k = i % contacts.size();
        const auto message = factory.build(contacts.at(k), addresses.at(k), refs.at(k));
        if (!message)
            qFatal("build failed: %s", qPrintable(message.error().describe()));
        bytes += message->data.size();
    }
    const double cpu = threadCpuSeconds() - cpuStart;
    const double wall = double(timer.nsecsElapsed()) / 1e9;
    return Run{count / cpu, count / wall, double(bytes) / std::max(count, 1)};
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const int plainCount = argc > 1 ? QByteArray(argv[1]).toInt() : 20000;
    const int dkimCount = argc > 2 ? QByteArray(argv[2]).toInt() : 2000;

    const auto tmpl = Template::MessageTemplate::parse(
        QStringLiteral("{{first_name|Hello}}, your November offers from {{company|us}}"),
        htmlTemplate());
    if (!tmpl)
        qFatal("%s", qPrintable(tmpl.error().describe()));

    QList<Template::FieldValues> contacts;
    QList<Mime::MailAddress> addresses;
    QList<QByteArray> refs;
    const QStringList first = {QStringLiteral("Ada"), QStringLiteral("伟"), QStringLiteral("José"),
                               QStringLiteral("Grace"), QString()};
    for (int i = 0; i < 1000; ++i) {
        const QString email = QStringLiteral("user%1@example.com").arg(i);
        const QString name = first.at(i % first.size());
        contacts.append(Template::FieldValues::forContact(
            email, name, QStringLiteral("Lovelace%1").arg(i),
            {{QStringLiteral("company"), i % 3 ? QStringLiteral("ACME %1").arg(i) : QString()}}));
        addresses.append(Mime::MailAddress{name, email});
        refs.append(Mime::MessageRef::generate());
    }

    Mime::ComposerSettings settings;
    settings.from = Mime::MailAddress{QStringLiteral("Shop"), QStringLiteral("news@shop.example")};
    settings.replyTo = Mime::MailAddress{QString(), QStringLiteral("help@shop.example")};
    auto plain = Mime::MessageFactory::create(*tmpl, settings, QStringLiteral("November"),
                                              QStringLiteral("https://t.shop.example"),
                                              Track::TokenSealer("bench secret bench secret"));
    if (!plain)
        qFatal("%s", qPrintable(plain.error().describe()));
    auto signer =
        Mime::DkimSigner::fromPem(Test::generatePrivateKeyPem("RSA", 2048),
                                  QStringLiteral("shop.example"), QStringLiteral("bench"));
    if (!signer)
        qFatal("%s", qPrintable(signer.error().describe()));
    settings.dkim = *signer;
    auto signedFactory = Mime::MessageFactory::create(
        *tmpl, settings, QStringLiteral("November"), QStringLiteral("https://t.shop.example"),
        Track::TokenSealer("bench secret bench secret"));
    if (!signedFactory)
        qFatal("%s", qPrintable(signedFactory.error().describe()));

    measure(*plain, contacts, addresses, refs, 500); // warm up
    const Run nodkim = measure(*plain, contacts, addresses, refs, plainCount);
    const Run dkim = measure(*signedFactory, contacts, addresses, refs, dkimCount);

    QTextStream out(stdout);
    out << "message_bytes=" << qRound64(nodkim.averageBytes) << '\n'
        << "html_template_chars=" << tmpl->html.source().size() << '\n'
        << "nodkim_msgs_per_s=" << qRound64(nodkim.perSecond) << '\n'
        << "rsa2048_dkim_msgs_per_s=" << qRound64(dkim.perSecond) << '\n'
        << "nodkim_msgs_per_wall_s=" << qRound64(nodkim.perWallSecond) << '\n'
        << "rsa2048_dkim_msgs_per_wall_s=" << qRound64(dkim.perWallSecond) << '\n';
    return 0;
}
