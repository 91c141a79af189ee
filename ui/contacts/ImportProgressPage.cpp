#include "ui/contacts/ImportProgressPage.h"

#include "ui/contacts/ImportWizard.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace Postroom::Ui {

ImportProgressPage::ImportProgressPage(ImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setTitle(tr("Importing"));
    setSubTitle(tr("Rows are written in batches; stopping keeps the batches already written."));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_cancel = new QPushButton(tr("&Stop Import"), this);
    m_cancel->setObjectName(QStringLiteral("cancelImportButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addLayout(buttons);
    layout->addStretch();

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_status->setText(tr("Stopping…"));
        m_wizard->cancelImport();
    });
    connect(wizard, &ImportWizard::importProgress, this,
            [this](qint64 rows, qint64 bytesDone, qint64 bytesTotal) {
                if (m_wizard->currentId() == ImportWizard::ProgressPage && !m_done)
                    showProgress(m_progress, m_status, rows, bytesDone, bytesTotal);
            });
    connect(wizard, &ImportWizard::importFinished, this, &ImportProgressPage::finished);
}

void ImportProgressPage::showProgress(QProgressBar* bar, QLabel* label, qint64 rows,
                                      qint64 bytesDone, qint64 bytesTotal)
{
    if (bytesTotal > 0) {
        bar->setRange(0, 1000);
        bar->setValue(static_cast<int>(1000 * std::min(bytesDone, bytesTotal) / bytesTotal));
    }
    label->setText(tr("%L1 rows read…").arg(rows));
}

void ImportProgressPage::initializePage()
{
    m_done = false;
    m_cancel->setEnabled(true);
    m_progress->setRange(0, 0);
    m_status->setText(tr("Starting…"));
    m_wizard->startImport(false);
}

bool ImportProgressPage::isComplete() const
{
    return m_done;
}

void ImportProgressPage::finished(bool dryRun, const QString& error)
{
    if (dryRun || m_wizard->currentId() != ImportWizard::ProgressPage)
        return;
    m_done = true;
    m_cancel->setEnabled(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
    emit completeChanged();
    if (!error.isEmpty()) {
        m_status->setText(error);
        QMessageBox::warning(this, tr("Import Contacts"), error);
    }
    m_wizard->next();
}

} // namespace Postroom::Ui
