#pragma once

#include <QList>
#include <QString>

namespace Postroom::Ui {

/** One finding about the template being edited, as the problems panel lists it. */
struct TemplateProblem
{
    enum class Severity
    {
        Error,
        Warning,
        Info,
    };
    /** Which editor the line and column refer to. */
    enum class Source
    {
        Html,
        Subject,
        Text,
        Message, ///< the message as a whole: no position to jump to
    };

    Severity severity = Severity::Warning;
    Source source = Source::Message;
    QString message;
    int line = 0;   ///< 1-based; 0 when there is no position
    int column = 0; ///< 1-based; 0 when there is no position
};

using TemplateProblems = QList<TemplateProblem>;

} // namespace Postroom::Ui
