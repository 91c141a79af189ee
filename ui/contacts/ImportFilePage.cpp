#include "ui/contacts/ImportFilePage.h"

#include "core/storage/ListRepository.h"
#include "ui/common/Background.h"
#include "ui/contacts/ImportWizard.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Postroom::Ui {

ImportFilePage::ImportFilePage(ImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setTitle(tr("Choose a File"));
    setSubTitle(tr("A CSV file from Excel, Mailchimp, Google Contacts, Outlook or your CRM. "
                   "You can also drop a file on the Contacts page."));

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("importFilePath"));
    auto* browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("importBrowseButton"));
    m_list = new QComboBox(this);
    m_list->setObjectName(QStringLiteral("importTargetList"));
    m_list->setEditable(true);
    m_list->setInsertPolicy(QComboBox::NoInsert);
    m_list->setToolTip(tr("Pick a list, or type a new name to create one"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("importFileProblem"));
    m_problem->setWordWrap(true);

    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("&File:"), pathRow);
    form->addRow(tr("Import into &list:"), m_list);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch();

    registerField(QStringLiteral("filePath*"), m_path);
    registerField(QStringLiteral("listName"), m_list, "currentText",
                  SIGNAL(currentTextChanged(QString)));
    connect(browse, &QPushButton::clicked, this, &ImportFilePage::browse);
    connect(m_list, &QComboBox::currentTextChanged, this, &QWizardPage::completeChanged);
    connect(m_path, &QLineEdit::textChanged, m_problem, &QLabel::clear);

    runInBackground(
        this, [db = wizard->database()] { return Storage::ListRepository(db).all(); },
        [this](const Result<QList<Storage::ContactList>>& lists) {
            if (!lists) {
                m_problem->setText(lists.error().describe());
                return;
            }
            const QString typed = m_list->currentText();
            for (const Storage::ContactList& list : *lists) {
                m_list->addItem(list.name, list.id);
                if (list.id == m_wizard->initialListId())
                    m_list->setCurrentIndex(m_list->count() - 1);
            }
            if (!typed.isEmpty())
                m_list->setCurrentText(typed);
        });
}

void ImportFilePage::browse()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import Contacts"), m_path->text(),
                                     tr("CSV files (*.csv *.txt *.tsv);;All files (*)"));
    if (!path.isEmpty())
        m_path->setText(path);
}

bool ImportFilePage::isComplete() const
{
    return QWizardPage::isComplete() && !m_list->currentText().trimmed().isEmpty();
}

bool ImportFilePage::validatePage()
{
    const QFileInfo file(m_path->text());
    if (!file.isFile() || !file.isReadable()) {
        m_problem->setText(tr("Cannot read %1.").arg(m_path->text()));
        return false;
    }
    return true;
}

} // namespace Postroom::Ui
