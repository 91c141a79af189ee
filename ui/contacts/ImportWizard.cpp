#include "ui/contacts/ImportWizard.h"

#include "core/storage/ListRepository.h"
#include "ui/common/Background.h"
#include "ui/contacts/ImportCheckPage.h"
#include "ui/contacts/ImportFilePage.h"
#include "ui/contacts/ImportMappingPage.h"
#include "ui/contacts/ImportPreviewPage.h"
#include "ui/contacts/ImportProgressPage.h"
#include "ui/contacts/ImportResultPage.h"

#include <QFile>
#include <QTemporaryFile>
#include <QTimer>

namespace Postroom::Ui {

using Contacts::ContactImporter;
using Contacts::ImportOptions;
using Contacts::ImportSummary;

/** What the import thread reports; the GUI reads it on a timer, never more than 10×/s. */
struct ImportWizard::Progress
{
    std::atomic<qint64> rows{0};
    std::atomic<qint64> bytesDone{0};
    std::atomic<qint64> bytesTotal{-1};
    std::atomic_bool cancel{false};
};

namespace {
constexpr int kPreviewRows = 20;
constexpr int kProgressIntervalMs = 100;

QString noAuto(const QString& encoding)
{
    return encoding == QLatin1String("auto") ? QString{} : encoding;
}
} // namespace

ImportWizard::ImportWizard(Storage::DatabasePtr db, qint64 listId, QWidget* parent)
    : QWizard(parent), m_db(std::move(db)), m_initialListId(listId)
{
    setObjectName(QStringLiteral("importWizard"));
    setWindowTitle(tr("Import Contacts"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(FilePage, new ImportFilePage(this));
    setPage(PreviewPage, new ImportPreviewPage(this));
    setPage(MappingPage, new ImportMappingPage(this));
    setPage(CheckPage, new ImportCheckPage(this));
    setPage(ProgressPage, new ImportProgressPage(this));
    setPage(ResultPage, new ImportResultPage(this));
    resize(760, 560);

    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(kProgressIntervalMs);
    connect(m_progressTimer, &QTimer::timeout, this, [this] {
        if (m_progress)
            emit importProgress(m_progress->rows, m_progress->bytesDone, m_progress->bytesTotal);
    });
}

ImportWizard::~ImportWizard()
{
    // A running import keeps its own references and stops at the next row.
    if (m_progress)
        m_progress->cancel = true;
}

QString ImportWizard::filePath() const
{
    return field(QStringLiteral("filePath")).toString();
}

void ImportWizard::setFilePath(const QString& path)
{
    setField(QStringLiteral("filePath"), path);
}

QString ImportWizard::listName() const
{
    return field(QStringLiteral("listName")).toString().trimmed();
}

void ImportWizard::setEncodingChoice(const QString& encoding)
{
    if (encoding == m_encoding)
        return;
    m_encoding = encoding;
    updatePreview();
}

void ImportWizard::setDelimiterChoice(QChar delimiter)
{
    if (delimiter == m_delimiter)
        return;
    m_delimiter = delimiter;
    updatePreview();
}

void ImportWizard::updatePreview()
{
    const quint64 generation = ++m_previewGeneration;
    m_hasPreview = false;
    ImportOptions options;
    options.encoding = noAuto(m_encoding);
    options.delimiter = m_delimiter;
    runInBackground(
        this,
        [path = filePath(), options]() -> Result<Contacts::ImportPreview> {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return makeError(ErrorCode::Io, tr("Cannot open %1").arg(path), file.errorString());
            return ContactImporter::preview(&file, options, kPreviewRows);
        },
        [this, generation](const Result<Contacts::ImportPreview>& preview) {
            if (generation != m_previewGeneration)
                return; // the user picked another encoding meanwhile
            if (!preview) {
                emit previewReady(preview.error().describe());
                return;
            }
            m_preview = *preview;
            m_mapping = preview->mapping;
            m_hasPreview = true;
            emit previewReady({});
        });
}

ImportOptions ImportWizard::options(bool dryRun) const
{
    ImportOptions options;
    options.listName = listName();
    // What the preview showed is what gets imported, even if detection would differ.
    options.encoding = m_preview.encoding;
    options.delimiter = m_preview.delimiter;
    options.mapping = m_mapping;
    options.dryRun = dryRun;
    return options;
}

void ImportWizard::startImport(bool dryRun)
{
    if (m_running)
        return;
    m_running = true;
    m_progress = std::make_shared<Progress>();
    std::shared_ptr<QTemporaryFile> rejected;
    if (!dryRun) {
        rejected = std::make_shared<QTemporaryFile>();
        if (!rejected->open())
            rejected.reset();
        m_rejected = rejected;
    }
    auto job = [db = m_db, path = filePath(), options = options(dryRun), progress = m_progress,
                rejected]() mutable -> Result<ImportSummary> {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, tr("Cannot open %1").arg(path), file.errorString());
        if (!options.dryRun) {
            // A new name typed in the wizard makes a new list; the dry run only predicts.
            Storage::ListRepository lists(db);
            if (!lists.byName(options.listName)) {
                if (auto created = lists.create(options.listName); !created)
                    return created.error();
            }
        }
        ContactImporter importer(db);
        importer.setCancelFlag(&progress->cancel);
        importer.setProgressCallback([progress](const Contacts::ImportProgress& now) {
            progress->rows = now.rows;
            progress->bytesDone = now.bytesDone;
            progress->bytesTotal = now.bytesTotal;
        });
        options.rejectedOut = rejected.get();
        auto summary = importer.run(&file, options);
        if (rejected)
            rejected->flush();
        return summary;
    };
    runInBackground(this, std::move(job), [this, dryRun](const Result<ImportSummary>& summary) {
        finishImport(dryRun, summary);
    });
    m_progressTimer->start();
}

void ImportWizard::cancelImport()
{
    if (m_progress)
        m_progress->cancel = true;
}

void ImportWizard::finishImport(bool dryRun, const Result<ImportSummary>& summary)
{
    m_running = false;
    m_progressTimer->stop();
    emit importProgress(m_progress->rows, m_progress->bytesDone, m_progress->bytesTotal);
    if (summary)
        (dryRun ? m_dryRunSummary : m_summary) = *summary;
    // Even a cancelled or failed import may have committed batches.
    if (!dryRun)
        emit imported();
    emit importFinished(dryRun, summary ? QString{} : summary.error().describe());
    if (m_closeWhenDone)
        QWizard::reject();
}

Result<void> ImportWizard::saveRejected(const QString& path) const
{
    if (!m_rejected)
        return makeError(ErrorCode::NotFound, tr("There are no rejected rows to save."));
    if (QFile::exists(path) && !QFile::remove(path))
        return makeError(ErrorCode::Io, tr("Cannot replace %1").arg(path));
    if (!QFile::copy(m_rejected->fileName(), path))
        return makeError(ErrorCode::Io, tr("Cannot write %1").arg(path));
    return {};
}

void ImportWizard::reject()
{
    if (!m_running) {
        QWizard::reject();
        return;
    }
    // Stop the import cleanly, then close: the batch being written is rolled back.
    cancelImport();
    m_closeWhenDone = true;
    hide();
}

} // namespace Postroom::Ui
