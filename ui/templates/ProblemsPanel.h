#pragma once

#include "ui/templates/TemplateProblem.h"

#include <QTreeWidget>

namespace Postroom::Ui {

/** The problems found in the template; double-clicking one jumps to its place. */
class ProblemsPanel : public QTreeWidget
{
    Q_OBJECT

public:
    explicit ProblemsPanel(QWidget* parent = nullptr);

    void setProblems(const TemplateProblems& problems);
    const TemplateProblems& problems() const { return m_problems; }

signals:
    /** The user asked to see where @p problem is. */
    void jumpRequested(const Postroom::Ui::TemplateProblem& problem);

private:
    TemplateProblems m_problems;
};

} // namespace Postroom::Ui
