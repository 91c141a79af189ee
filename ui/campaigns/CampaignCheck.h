#pragma once

#include "core/storage/CampaignRepository.h"
#include "core/storage/Database.h"
#include "ui/templates/TemplateProblem.h"

#include <QCoreApplication>
#include <QString>

namespace Postroom::Ui {

/** What to check: a campaign as composed (not necessarily saved). */
struct CampaignCheckInput
{
    Storage::DatabasePtr db;
    quint64 generation = 0; ///< echoed back, so late results of old inputs are dropped
    qint64 listId = 0;
    qint64 templateId = 0;
    Storage::CampaignSettings settings;
};

/** How many would receive it, and what is wrong with it. */
struct CampaignCheckResult
{
    quint64 generation = 0;
    qint64 recipients = -1;  ///< subscribed, non-suppressed list members; -1 when unknown
    qint64 listMembers = -1; ///< everyone on the list; -1 when unknown
    TemplateProblems problems;

    /** True when a problem is an error: sending must not start. */
    bool hasErrors() const;
};

/**
 * The pre-send check of the Campaigns page: the recipients left after suppressions,
 * the template checks against the list (TemplateAnalysis, as the Templates page runs
 * them), the settings and the accounts. Reads the database: for the thread pool.
 */
class CampaignCheck
{
    Q_DECLARE_TR_FUNCTIONS(CampaignCheck)

public:
    static CampaignCheckResult run(const CampaignCheckInput& input);
};

} // namespace Postroom::Ui
