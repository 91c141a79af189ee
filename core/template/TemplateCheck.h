#pragma once

#include "core/template/FieldValues.h"
#include "core/template/MessageTemplate.h"
#include "core/template/Template.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Postroom::Template {

/** How bad a finding is; the names match `campaigns check --json` (`error`, …). */
enum class Severity
{
    Error,   ///< sending must not start
    Warning, ///< probably a mistake
    Info,    ///< good to know
};

/** `error`, `warning` or `info`. */
QString severityName(Severity severity);

/**
 * One problem found in a template, shaped like a `campaigns check` finding
 * (severity, code, message, fix) plus where it is for editors.
 *
 * Codes: `template-unknown-field` (error), `template-missing-unsubscribe` (warning),
 * `template-blank-field` (warning: contacts would see a blank where a field has no
 * fallback), `template-fallback-used` (info: contacts would get the fallback).
 */
struct TemplateFinding
{
    Severity severity = Severity::Info;
    QString code;
    QString message; ///< translated, one line
    QString fix;     ///< translated, one line: what to do about it
    TemplatePart part = TemplatePart::Html;
    QString field; ///< the field concerned, as first written; empty when none
    int line = 0;  ///< 1-based position of the first use concerned; 0 when none
    int column = 0;
    qint64 count = -1; ///< how many contacts are concerned; -1 when not about contacts
};

/**
 * What a list's contacts hold, for fallback counts: filled by a repository query over
 * the list's sendable (subscribed, non-suppressed) members, or by fromContacts().
 */
struct ListFieldStats
{
    qint64 contacts = 0;                ///< how many contacts were counted
    QHash<QString, qint64> emptyCounts; ///< field key → contacts whose value is empty or missing
};

/** For one field used by a template: how many contacts of a list get its fallback. */
struct FallbackCount
{
    QString field;               ///< as first written
    QString key;                 ///< Template::keyFor form
    QStringList fallbacks;       ///< the distinct fallback texts the template gives it
    bool blankSomewhere = false; ///< some value use has no fallback: a blank is possible
    qint64 empty = 0;            ///< contacts with the field empty or missing
    qint64 contacts = 0;         ///< contacts counted
};

/** The template checks: unknown fields, fallback counts, the unsubscribe link. */
class TemplateCheck
{
    Q_DECLARE_TR_FUNCTIONS(TemplateCheck)

public:
    /** The fields every contact has: `email`, `first_name`, `last_name`. */
    static const QStringList& standardFields();

    /**
     * One Error per distinct field of @p tmpl that is neither a built-in, a standard
     * field nor in @p knownFields (names in any case), at its first use. An unknown
     * field is an error, never a silent blank.
     */
    static QList<TemplateFinding> unknownFields(const Template& tmpl, TemplatePart part,
                                                const QStringList& knownFields);

    /** unknownFields() over every part of @p message. */
    static QList<TemplateFinding> unknownFields(const MessageTemplate& message,
                                                const QStringList& knownFields);

    /** The fields (not built-ins) whose emptiness matters: keys for a counting query. */
    static QStringList countedKeys(const MessageTemplate& message);

    /** For each field @p message writes out (not built-ins): the fallback counts. */
    static QList<FallbackCount> fallbackCounts(const MessageTemplate& message,
                                               const ListFieldStats& stats);

    /** Counts empty values of @p keys over contacts in memory (previews, small lists). */
    static ListFieldStats statsFrom(const QList<FieldValues>& contacts, const QStringList& keys);

    /**
     * Every finding for @p message: unknown fields against @p knownFields, a missing
     * `{{unsubscribe_url}}` in the bodies, and, when @p stats is given, blanks and
     * fallbacks as counted for a list.
     */
    static QList<TemplateFinding> check(const MessageTemplate& message,
                                        const QStringList& knownFields,
                                        const ListFieldStats* stats = nullptr);
};

} // namespace Postroom::Template
