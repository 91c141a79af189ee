#include "ui/contacts/ImportCheckPage.h"

#include "ui/contacts/ImportProgressPage.h"
#include "ui/contacts/ImportSummaryView.h"
#include "ui/contacts/ImportWizard.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace Postroom::Ui {

ImportCheckPage::ImportCheckPage(ImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setTitle(tr("Check Before Importing"));
    setSubTitle(tr("A dry run over the whole file: nothing has been written yet."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Import"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("checkStatus"));
    m_status->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("checkProgress"));
    m_summary = new ImportSummaryView(this);
    m_summary->setObjectName(QStringLiteral("checkSummary"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary, 1);
    connect(wizard, &ImportWizard::importProgress, this,
            [this](qint64 rows, qint64 bytesDone, qint64 bytesTotal) {
                if (isVisible() && m_wizard->currentId() == ImportWizard::CheckPage)
                    ImportProgressPage::showProgress(m_progress, m_status, rows, bytesDone,
                                                     bytesTotal);
            });
    connect(wizard, &ImportWizard::importFinished, this, &ImportCheckPage::finished);
}

void ImportCheckPage::initializePage()
{
    m_done = false;
    m_summary->clear();
    m_progress->setRange(0, 0);
    m_progress->show();
    m_status->setText(tr("Reading the whole file…"));
    m_wizard->startImport(true);
}

void ImportCheckPage::cleanupPage()
{
    m_wizard->cancelImport();
}

bool ImportCheckPage::isComplete() const
{
    return m_done;
}

void ImportCheckPage::finished(bool dryRun, const QString& error)
{
    if (!dryRun || m_wizard->currentId() != ImportWizard::CheckPage)
        return;
    m_progress->hide();
    if (!error.isEmpty()) {
        m_status->setText(error);
        return;
    }
    const Contacts::ImportSummary& summary = m_wizard->summary(true);
    m_summary->setSummary(summary);
    m_status->setText(summary.cancelled
                          ? tr("The check was stopped.")
                          : tr("Importing into “%1” would do this:").arg(m_wizard->listName()));
    m_done = !summary.cancelled;
    emit completeChanged();
}

} // namespace Postroom::Ui
