#pragma once

#include "core/common/Result.h"
#include "core/storage/CampaignRepository.h"
#include "core/storage/Database.h"
#include "core/template/TemplateCheck.h"

#include <QCoreApplication>
#include <QList>

namespace Postroom::Send {

/**
 * The pre-send check of `campaigns check`: the template against the list's fields
 * (Template::TemplateCheck), recipients left after suppressions, the accounts (missing,
 * taken out of the campaign, sandbox), the DKIM key file and the unsubscribe endpoint.
 * Reads the database and streams the list once: run it off the GUI thread.
 *
 * Codes besides the template's: `no-recipients` (error), `account-missing` (error),
 * `account-disabled` (warning), `account-outbox` (info), `dkim-key` (error),
 * `unsubscribe-placeholder` (warning), `campaign-cancelled` (error).
 */
class CampaignCheck
{
    Q_DECLARE_TR_FUNCTIONS(CampaignCheck)

public:
    static Result<QList<Template::TemplateFinding>> run(const Storage::DatabasePtr& db,
                                                        const Storage::Campaign& campaign);
};

} // namespace Postroom::Send
