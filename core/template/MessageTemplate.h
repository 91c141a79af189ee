#pragma once

#include "core/common/Result.h"
#include "core/template/Template.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace Postroom::Template {

/** Which part of a message template a field use or an error is in. */
enum class TemplatePart
{
    Subject,
    Html,
    Text,
};

/** The stable name of a part: `subject`, `html`, `text` (for JSON and finding codes). */
QString partName(TemplatePart part);

/**
 * A stored template's parts parsed together: the subject, the HTML body and the
 * optional text body (hasText false means "generate the text part from the HTML").
 */
struct MessageTemplate
{
    Q_DECLARE_TR_FUNCTIONS(MessageTemplate)

public:
    Template subject;
    Template html;
    Template text;
    bool hasText = false;

    /**
     * Parses all parts; a null or empty @p text means there is no text part. The first syntax
     * error fails with InvalidInput, its message `PART:LINE:COLUMN: what` (PART is
     * `subject`, `html` or `text`).
     */
    [[nodiscard]] static Result<MessageTemplate> parse(const QString& subject, const QString& html,
                                                       const QString& text = QString());

    /** The part's template. */
    const Template& part(TemplatePart which) const;

    /** The distinct fields used by any part, in order of first use (subject first). */
    QStringList fields(bool withBuiltIns = false) const;
};

} // namespace Postroom::Template
