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

    /** The list's facts from an earlier run, when still valid for listId; read otherwise. */
    std::optional<QStringList> listFields;
    std::optional<Template::ListFieldStats> listStats;
    QStringList listStatsKeys; ///< the keys listStats counted
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

    qint64 listId = 0;
    QStringList listFields; ///< the list's custom fields (for the merge-field menu)
    std::optional<Template::ListFieldStats> listStats;
    QStringList listStatsKeys;
};

/**
 * Renders the template for one contact and runs every check on it. Calls core only
 * (parser, renderer, checks, HTML-to-text, repositories); meant for the thread pool:
 * a big list's fallback counts and a big message take time.
 */
class TemplateAnalysis
{
    Q_DECLARE_TR_FUNCTIONS(TemplateAnalysis)

public:
    /** Gmail clips a message above this size (its HTML, in practice the whole message). */
    static constexpr qint64 kGmailClipBytes = 102 * 1024;

    static AnalysisResult run(const AnalysisInput& input);

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
