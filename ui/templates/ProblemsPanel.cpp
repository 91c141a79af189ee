#include "ui/templates/ProblemsPanel.h"

#include <QHeaderView>
#include <QStyle>

namespace Postroom::Ui {
namespace {
constexpr int kIndexRole = Qt::UserRole;
} // namespace

ProblemsPanel::ProblemsPanel(QWidget* parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("problemsPanel"));
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setColumnCount(2);
    setHeaderLabels({tr("Problem"), tr("Where")});
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const int index = item->data(0, kIndexRole).toInt();
        if (index >= 0 && index < m_problems.size() &&
            m_problems.at(index).source != TemplateProblem::Source::Message)
            emit jumpRequested(m_problems.at(index));
    });
}

void ProblemsPanel::setProblems(const TemplateProblems& problems)
{
    m_problems = problems;
    clear();
    QStyle* s = style();
    for (int i = 0; i < problems.size(); ++i) {
        const TemplateProblem& problem = problems.at(i);
        QString where;
        switch (problem.source) {
        case TemplateProblem::Source::Html:
            where = tr("HTML %1:%2").arg(problem.line).arg(problem.column);
            break;
        case TemplateProblem::Source::Subject:
            where =
                problem.column > 0 ? tr("Subject, column %1").arg(problem.column) : tr("Subject");
            break;
        case TemplateProblem::Source::Text:
            where = tr("Text %1:%2").arg(problem.line).arg(problem.column);
            break;
        case TemplateProblem::Source::Message:
            where = tr("Message");
            break;
        }
        auto* item = new QTreeWidgetItem(this, {problem.message, where});
        item->setData(0, kIndexRole, i);
        item->setToolTip(0, problem.message);
        switch (problem.severity) {
        case TemplateProblem::Severity::Error:
            item->setIcon(0, s->standardIcon(QStyle::SP_MessageBoxCritical));
            break;
        case TemplateProblem::Severity::Warning:
            item->setIcon(0, s->standardIcon(QStyle::SP_MessageBoxWarning));
            break;
        case TemplateProblem::Severity::Info:
            item->setIcon(0, s->standardIcon(QStyle::SP_MessageBoxInformation));
            break;
        }
    }
}

} // namespace Postroom::Ui
