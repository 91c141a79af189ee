#include "ui/campaigns/CampaignCheck.h"

#include "core/storage/AccountRepository.h"
#include "core/storage/ContactRepository.h"
#include "core/storage/ListRepository.h"
#include "core/storage/TemplateRepository.h"
#include "ui/templates/TemplateAnalysis.h"

#include <algorithm>

namespace Postroom::Ui {

namespace {

TemplateProblem problem(TemplateProblem::Severity severity, const QString& message)
{
    TemplateProblem found;
    found.severity = severity;
    found.source = TemplateProblem::Source::Message;
    found.message = message;
    return found;
}

} // namespace

bool CampaignCheckResult::hasErrors() const
{
    return std::any_of(problems.cbegin(), problems.cend(), [](const TemplateProblem& found) {
        return found.severity == TemplateProblem::Severity::Error;
    });
}

CampaignCheckResult CampaignCheck::run(const CampaignCheckInput& input)
{
    using Severity = TemplateProblem::Severity;
    CampaignCheckResult result;
    result.generation = input.generation;
    TemplateProblems& problems = result.problems;

    if (input.listId <= 0) {
        problems.append(problem(Severity::Error, tr("Choose the list to send to.")));
    } else {
        const auto deliverable =
            Storage::ContactRepository(input.db).countDeliverable(input.listId);
        if (deliverable)
            result.recipients = *deliverable;
        else
            problems.append(problem(Severity::Error, deliverable.error().describe()));
        Storage::ContactFilter everyone;
        everyone.listId = input.listId;
        if (const auto members = Storage::ContactRepository(input.db).count(everyone); members)
            result.listMembers = *members;
        if (result.recipients == 0)
            problems.append(
                problem(Severity::Error, tr("Nobody on this list can receive the campaign: every "
                                            "contact is unsubscribed, bounced or suppressed.")));
    }

    if (auto valid = input.settings.validate(); !valid)
        problems.append(problem(Severity::Error, valid.error().message));
    Storage::AccountRepository accounts(input.db);
    for (const QString& name : input.settings.accounts) {
        const auto account = accounts.byName(name);
        if (!account)
            problems.append(problem(Severity::Error,
                                    tr("There is no account called \"%1\"; add it on the Accounts "
                                       "page.")
                                        .arg(name)));
        else if (!account->verifyPeer && account->kind() == Send::AccountKind::Smtp)
            problems.append(
                problem(Severity::Warning, tr("The account \"%1\" does not verify the server's "
                                              "certificate.")
                                               .arg(name)));
    }

    if (input.templateId <= 0) {
        problems.append(problem(Severity::Error, tr("Choose the template to send.")));
        return result;
    }
    const auto stored = Storage::TemplateRepository(input.db).byId(input.templateId);
    if (!stored) {
        problems.append(problem(Severity::Error, stored.error().describe()));
        return result;
    }
    // The same checks the Templates page runs, against this list's contacts.
    AnalysisInput analysis;
    analysis.db = input.db;
    analysis.subject = stored->subject;
    analysis.html = stored->html;
    analysis.text = stored->text;
    analysis.customText = !stored->text.isNull();
    analysis.listId = input.listId;
    analysis.assets = stored->assets;
    // Unknown fields and fallback counts are judged against what the list's contacts hold.
    if (auto facts = TemplateAnalysis::readListFacts(input.db, input.listId); facts)
        analysis.listFacts = *facts;
    else
        problems.append(problem(Severity::Error, facts.error().describe()));
    const AnalysisResult analysed = TemplateAnalysis::run(analysis);
    problems.append(analysed.problems);
    if (stored->subject.trimmed().isEmpty())
        problems.append(problem(Severity::Error, tr("The template has no subject.")));
    return result;
}

} // namespace Postroom::Ui
