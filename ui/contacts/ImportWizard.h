#pragma once

#include "core/contacts/ColumnMapping.h"
#include "core/contacts/ContactImporter.h"
#include "core/storage/Database.h"

#include <QWizard>

#include <atomic>
#include <memory>

class QTemporaryFile;
class QTimer;

namespace Postroom::Ui {

/**
 * The CSV import: choose a file and a list, check how it decodes, map its columns,
 * see what a dry run would do, then import off the GUI thread with progress and
 * cancel, and save the rejected rows. The pages share their state here.
 */
class ImportWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId
    {
        FilePage,
        PreviewPage,
        MappingPage,
        CheckPage,
        ProgressPage,
        ResultPage
    };

    /** Opens on the file page with @p listId preselected as the target (0: the first list). */
    ImportWizard(Storage::DatabasePtr db, qint64 listId, QWidget* parent = nullptr);
    ~ImportWizard() override;

    Storage::DatabasePtr database() const { return m_db; }
    qint64 initialListId() const { return m_initialListId; }

    /** The CSV file (the file page's field). */
    QString filePath() const;
    void setFilePath(const QString& path);
    /** The target list's name (the file page's field); a new name creates the list. */
    QString listName() const;

    /** "auto" or an encoding name; a change decodes the preview again. */
    QString encodingChoice() const { return m_encoding; }
    void setEncodingChoice(const QString& encoding);
    /** Null for "detect", else the delimiter; a change decodes the preview again. */
    QChar delimiterChoice() const { return m_delimiter; }
    void setDelimiterChoice(QChar delimiter);

    /** Decodes the first rows again with the current choices (off the GUI thread). */
    void updatePreview();
    /** The last preview; valid once previewReady() was emitted without an error. */
    const Contacts::ImportPreview& preview() const { return m_preview; }
    bool hasPreview() const { return m_hasPreview; }

    /** The column mapping being edited (starts as the preview's guess). */
    Contacts::ColumnMapping& mapping() { return m_mapping; }

    /** Starts the dry run (@p dryRun) or the import; progress and the end come as signals. */
    void startImport(bool dryRun);
    /** Asks the running import to stop after the current row; committed batches stay. */
    void cancelImport();
    bool isImporting() const { return m_running; }
    /** The summary of the last dry run or import. */
    const Contacts::ImportSummary& summary(bool dryRun) const
    {
        return dryRun ? m_dryRunSummary : m_summary;
    }

    /** Writes the rejected rows of the import (line, reason, fields) to @p path as CSV. */
    Result<void> saveRejected(const QString& path) const;

    void reject() override;

signals:
    /** The preview was decoded; @p error is empty on success. */
    void previewReady(const QString& error);
    /** An import or dry run advanced (at most ten times a second). */
    void importProgress(qint64 rows, qint64 bytesDone, qint64 bytesTotal);
    /** An import or dry run ended; @p error is empty on success (cancelled is success). */
    void importFinished(bool dryRun, const QString& error);
    /** Contacts were written (the page refreshes its table and counts). */
    void imported();

private:
    struct Progress;

    Contacts::ImportOptions options(bool dryRun) const;
    void finishImport(bool dryRun, const Result<Contacts::ImportSummary>& summary);

    Storage::DatabasePtr m_db;
    qint64 m_initialListId = 0;
    bool m_closeWhenDone = false;
    QString m_encoding = QStringLiteral("auto");
    QChar m_delimiter;
    quint64 m_previewGeneration = 0;
    Contacts::ImportPreview m_preview;
    bool m_hasPreview = false;
    Contacts::ColumnMapping m_mapping;
    Contacts::ImportSummary m_dryRunSummary;
    Contacts::ImportSummary m_summary;
    bool m_running = false;
    std::shared_ptr<Progress> m_progress;
    std::shared_ptr<QTemporaryFile> m_rejected;
    QTimer* m_progressTimer = nullptr;
};

} // namespace Postroom::Ui
