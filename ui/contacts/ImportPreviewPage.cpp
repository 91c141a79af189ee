#include "ui/contacts/ImportPreviewPage.h"

#include "ui/contacts/ImportWizard.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Postroom::Ui {

namespace {
// What people's files come in; any other name can be typed into the picker.
const char* const kEncodings[] = {"UTF-8",      "UTF-16LE",    "UTF-16BE",     "GB18030",
                                  "Big5",       "Shift_JIS",   "EUC-KR",       "windows-1252",
                                  "ISO-8859-1", "ISO-8859-15", "windows-1251", "KOI8-R"};
} // namespace

ImportPreviewPage::ImportPreviewPage(ImportWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
{
    setTitle(tr("Check the Text"));
    setSubTitle(tr("The first rows as Postroom reads them. If names look garbled or all "
                   "columns run together, pick another encoding or delimiter."));

    m_encoding = new QComboBox(this);
    m_encoding->setObjectName(QStringLiteral("importEncoding"));
    m_encoding->addItem(tr("Detect automatically"), QStringLiteral("auto"));
    for (const char* name : kEncodings)
        m_encoding->addItem(QLatin1String(name), QLatin1String(name));
    m_delimiter = new QComboBox(this);
    m_delimiter->setObjectName(QStringLiteral("importDelimiter"));
    m_delimiter->addItem(tr("Detect automatically"), QChar());
    for (QChar delimiter :
         {QLatin1Char(','), QLatin1Char(';'), QLatin1Char('\t'), QLatin1Char('|')})
        m_delimiter->addItem(delimiterName(delimiter), delimiter);
    m_detected = new QLabel(this);
    m_detected->setObjectName(QStringLiteral("importDetected"));
    m_detected->setWordWrap(true);
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("importPreviewTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);

    auto* pickers = new QHBoxLayout;
    auto* encodingLabel = new QLabel(tr("&Encoding:"), this);
    encodingLabel->setBuddy(m_encoding);
    pickers->addWidget(encodingLabel);
    pickers->addWidget(m_encoding);
    auto* delimiterLabel = new QLabel(tr("&Delimiter:"), this);
    delimiterLabel->setBuddy(m_delimiter);
    pickers->addSpacing(12);
    pickers->addWidget(delimiterLabel);
    pickers->addWidget(m_delimiter);
    pickers->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(pickers);
    layout->addWidget(m_detected);
    layout->addWidget(m_table, 1);

    connect(m_encoding, &QComboBox::currentIndexChanged, this,
            [this] { m_wizard->setEncodingChoice(m_encoding->currentData().toString()); });
    connect(m_delimiter, &QComboBox::currentIndexChanged, this,
            [this] { m_wizard->setDelimiterChoice(m_delimiter->currentData().value<QChar>()); });
    connect(m_wizard, &ImportWizard::previewReady, this, &ImportPreviewPage::showPreview);
}

QString ImportPreviewPage::delimiterName(QChar delimiter)
{
    switch (delimiter.unicode()) {
    case ',':
        return tr("Comma");
    case ';':
        return tr("Semicolon");
    case '\t':
        return tr("Tab");
    case '|':
        return tr("Pipe");
    default:
        return tr("“%1”").arg(delimiter);
    }
}

void ImportPreviewPage::initializePage()
{
    m_detected->setText(tr("Reading…"));
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_wizard->updatePreview();
    emit completeChanged();
}

bool ImportPreviewPage::isComplete() const
{
    return m_wizard->hasPreview() && !m_wizard->preview().headers.isEmpty();
}

void ImportPreviewPage::showPreview(const QString& error)
{
    if (!error.isEmpty()) {
        m_detected->setText(error);
        m_table->setRowCount(0);
        m_table->setColumnCount(0);
        emit completeChanged();
        return;
    }
    const Contacts::ImportPreview& preview = m_wizard->preview();
    const QString encoding = preview.encodingDetected
                                 ? tr("%1 (detected)", "encoding").arg(preview.encoding)
                                 : preview.encoding;
    const QString delimiter =
        preview.delimiterDetected
            ? tr("%1 (detected)", "delimiter").arg(delimiterName(preview.delimiter))
            : delimiterName(preview.delimiter);
    m_detected->setText(tr("Encoding: %1. Delimiter: %2. %Ln column(s).", nullptr,
                           static_cast<int>(preview.headers.size()))
                            .arg(encoding, delimiter));
    m_table->clear();
    m_table->setColumnCount(static_cast<int>(preview.headers.size()));
    m_table->setHorizontalHeaderLabels(preview.headers);
    m_table->setRowCount(static_cast<int>(preview.rows.size()));
    for (int row = 0; row < preview.rows.size(); ++row) {
        const QStringList& fields = preview.rows.at(row);
        for (int column = 0; column < fields.size() && column < preview.headers.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(fields.at(column)));
    }
    // Twenty rows: sizing to contents is cheap; very long cells are cut at a readable width.
    m_table->resizeColumnsToContents();
    for (int column = 0; column < m_table->columnCount(); ++column)
        m_table->setColumnWidth(column, std::min(m_table->columnWidth(column), 260));
    emit completeChanged();
}

} // namespace Postroom::Ui
