#pragma once

#include "core/mime/MailAddress.h"
#include "core/mime/MessageComposer.h"
#include "core/storage/Database.h"
#include "core/storage/TemplateRepository.h"
#include "core/template/MessageTemplate.h"
#include "core/template/TemplateCheck.h"
#include "ui/templates/TemplateProblem.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace Postroom::Ui {

/** What a contact list holds that the checks need: read once per list, in one pass. */
struct ListFacts
{
    qint64 listId = 0;
    QStringList fields;             ///< custom field names (lookup keys) of the list's contacts
    Template::ListFieldStats stats; ///< empty counts of every field, over sendable contacts
};

/** What the editor holds, and for whom to render it: a snapshot for the thread pool. */
struct AnalysisInput
{
    Storage::DatabasePtr db;
    quint64 generation = 0; ///< echoed back, so late results of old snapshots are dropped
    QString subject;
    QString html;
    QString text; ///< the custom text part; ignored unless customText
    bool customText = false;
    qint64 listId = 0;    ///< 0: no list (no fallback counts, standard fields only)
    qint64 contactId = 0; ///< 0: the sample contact
    QList<Storage::TemplateAsset> assets;

    /**
     * The facts of listId, read by readListFacts(). Without them (still being read) the
     * checks that need the list wait: no unknown-field errors, no fallback counts.
     */
    std::optional<ListFacts> listFacts;
};

/** The preview and the problems for one snapshot. */
struct AnalysisResult
{
    quint64 generation = 0;
    bool rendered = false; ///< false when a syntax error stopped rendering
    QString subject;       ///< rendered for the contact
    QString html;
    QString text;             ///< the text part the contact gets (custom or generated)
    QString generatedText;    ///< the text part generated from the HTML source
    qint64 messageBytes = -1; ///< size of the built message; -1 when unknown
    TemplateProblems problems;
};

/**
 * Renders the template for one contact and runs every check on it. Calls core only
 * (parser, renderer, checks, HTML-to-text, repositories); meant for the thread pool:
 * a big message takes time, and reading a big list's facts even more.
 */
class TemplateAnalysis
{
    Q_DECLARE_TR_FUNCTIONS(TemplateAnalysis)

public:
    /** Gmail clips a message above this size (its HTML, in practice the whole message). */
    static constexpr qint64 kGmailClipBytes = 102 * 1024;

    static AnalysisResult run(const AnalysisInput& input);

    /** Reads the fields of list @p listId and how often each is empty (a pass over it). */
    static Result<ListFacts> readListFacts(const Storage::DatabasePtr& db, qint64 listId);

    /**
     * What contact @p contactId (0: a sample contact) is rendered with; the built-ins get
     * stand-ins, since previews and tests belong to no campaign.
     */
    static Template::FieldValues valuesFor(const Storage::DatabasePtr& db, qint64 contactId);

    /**
     * The whole message @p values would get, built by the composer that sends campaigns;
     * @p ref is its X-Postroom-Ref (empty: a new one).
     */
    static Result<Mime::ComposedMessage>
    compose(const Template::MessageTemplate& message, const Template::FieldValues& values,
            const QList<Storage::TemplateAsset>& assets, const Mime::MailAddress& from,
            const Mime::MailAddress& to, const QByteArray& ref = {});
};

} // namespace Postroom::Ui
