#include "app/cli/RenderCommand.h"

#include "core/contacts/EmailAddress.h"
#include "core/mime/MessageFactory.h"
#include "core/mime/MessageRef.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/TemplateRepository.h"

#include <QFile>

#include <cstdio>

namespace Postroom::Cli {

int runTemplatesRender(CommandContext& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Print the exact RFC 5322 message (CRLF line ends) a contact would get.\n"
                       "Without --campaign, From is '%1' and links point to the configured "
                       "tracking URL (or a .invalid placeholder).")
            .arg(Mime::MessageFactory::previewFrom()));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The template's name."));
    const QCommandLineOption email(
        QStringLiteral("email"), QStringLiteral("The contact's address."), QStringLiteral("ADDR"));
    const QCommandLineOption campaign(QStringLiteral("campaign"),
                                      QStringLiteral("Use this campaign's settings (From, "
                                                     "Reply-To, return path, DKIM, links)."),
                                      QStringLiteral("C"));
    const QCommandLineOption envelope(
        QStringLiteral("show-envelope"),
        QStringLiteral("Also print MAIL FROM and RCPT TO on stderr."));
    parser.addOptions({email, campaign, envelope});
    if (auto exit = context.parse(parser, args, 1, 1))
        return *exit;
    if (!parser.isSet(email))
        return context.usageError(QStringLiteral("templates render needs --email ADDR"));
    auto db = context.database();
    if (!db)
        return context.fail(db.error());

    const QString templateName = parser.positionalArguments().first();
    const auto stored = Storage::TemplateRepository(*db).byName(templateName);
    if (!stored)
        return context.fail(stored.error());

    const auto address = Contacts::EmailAddress::parse(parser.value(email));
    if (!address)
        return context.fail(address.error());
    auto contact = Storage::ContactRepository(*db).byKey(address->key());
    Storage::Contact recipient;
    if (contact) {
        recipient = *contact;
    } else if (contact.error().code == ErrorCode::NotFound && !parser.isSet(campaign)) {
        // A preview for an address that is not a contact: only {{email}} is known.
        recipient.email = address->display();
        context.err() << "postroom-cli: note: " << address->display()
                      << " is not a contact; rendering with empty fields\n";
        context.err().flush();
    } else {
        return context.fail(contact.error());
    }

    std::optional<Mime::MessageFactory> factory;
    if (parser.isSet(campaign)) {
        const auto found = Storage::CampaignRepository(*db).byName(parser.value(campaign));
        if (!found)
            return context.fail(found.error());
        if (found->templateId != stored->id)
            return context.fail(
                makeError(ErrorCode::InvalidInput,
                          QStringLiteral("campaign '%1' uses template '%2', not '%3'")
                              .arg(found->name, found->templateName, stored->name)));
        auto made = Mime::MessageFactory::forCampaign(*db, *found);
        if (!made)
            return context.fail(made.error());
        factory.emplace(std::move(*made));
    } else {
        auto made = Mime::MessageFactory::forPreview(*db, *stored);
        if (!made)
            return context.fail(made.error());
        factory.emplace(std::move(*made));
    }

    // The send engine assigns the reference when it queues a recipient; a render
    // makes a fresh one, so Date, Message-ID, the ref and the tokens differ per run.
    const auto message = factory->build(recipient, Mime::MessageRef::generate());
    if (!message)
        return context.fail(message.error());
    if (parser.isSet(envelope)) {
        context.err() << "MAIL FROM:<" << message->envelopeFrom << ">\n"
                      << "RCPT TO:<" << message->envelopeTo << ">\n";
        context.err().flush();
    }
    // Raw bytes, not a QTextStream: the message must reach stdout byte for byte.
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered,
                  QFileDevice::DontCloseHandle) ||
        out.write(message->data) != message->data.size())
        return context.fail(makeError(ErrorCode::Io, QStringLiteral("could not write to stdout")));
    return ExitSuccess;
}

} // namespace Postroom::Cli
