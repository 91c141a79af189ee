#include "ui/contacts/ImportResultPage.h"

#include "ui/contacts/ImportSummaryView.h"
#include "ui/contacts/ImportWizard.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace Postroom::Ui {

ImportResultPage::ImportResultPage(ImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setTitle(tr("Import Finished"));
    setFinalPage(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("resultStatus"));
    m_status->setWordWrap(true);
    m_summary = new ImportSummaryView(this);
    m_summary->setObjectName(QStringLiteral("resultSummary"));
    m_save = new QPushButton(tr("&Save Rejected Rows…"), this);
    m_save->setObjectName(QStringLiteral("saveRejectedButton"));
    m_save->setToolTip(tr("A CSV with each rejected row's line, the reason and its columns"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_summary, 1);
    layout->addLayout(buttons);
    connect(m_save, &QPushButton::clicked, this, &ImportResultPage::saveRejected);
}

void ImportResultPage::initializePage()
{
    const Contacts::ImportSummary& summary = m_wizard->summary(false);
    m_summary->setSummary(summary);
    m_status->setText(summary.cancelled
                          ? tr("The import was stopped. Rows read before that were imported "
                               "into “%1”.")
                                .arg(m_wizard->listName())
                          : tr("The contacts were imported into “%1”.").arg(m_wizard->listName()));
    m_save->setEnabled(summary.invalid > 0);
}

void ImportResultPage::saveRejected()
{
    const QFileInfo source(m_wizard->filePath());
    const QString suggested = source.dir().filePath(
        source.completeBaseName() + tr("-rejected", "file name suffix") + QStringLiteral(".csv"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Rejected Rows"), suggested,
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (auto saved = m_wizard->saveRejected(path); !saved)
        QMessageBox::warning(this, tr("Save Rejected Rows"), saved.error().describe());
}

} // namespace Postroom::Ui
