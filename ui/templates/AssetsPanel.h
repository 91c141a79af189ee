#pragma once

#include "core/storage/Database.h"
#include "core/storage/TemplateRepository.h"

#include <QWidget>

#include <functional>

class QListWidget;
class QPushButton;

namespace Postroom::Ui {

/**
 * A template's inline images and attachments. Changes are stored at once (they are
 * files, not text: there is nothing to undo or to save later).
 */
class AssetsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit AssetsPanel(Storage::DatabasePtr db, QWidget* parent = nullptr);

    /** Shows the assets of template @p templateId (0: none, everything disabled). */
    void setTemplate(qint64 templateId, const QList<Storage::TemplateAsset>& assets);

    const QList<Storage::TemplateAsset>& assets() const { return m_assets; }

    /** Adds the file at @p path as an inline image or an attachment (what the buttons do). */
    void addFile(const QString& path, Storage::AssetKind kind);

signals:
    /** The assets changed in the database. */
    void assetsChanged(const QList<Storage::TemplateAsset>& assets);
    /** The user wants @p html (an <img src="cid:…">) inserted at the editor's cursor. */
    void insertRequested(const QString& html);
    void errorOccurred(const QString& message);

private:
    void addFiles(Storage::AssetKind kind);
    void removeCurrent();
    /** Runs @p change on the thread pool, then shows the template's assets afresh. */
    void
    runChange(std::function<Result<void>(Storage::TemplateRepository&, qint64 templateId)> change,
              bool selectLast);
    void insertCurrent();
    void updateButtons();
    void showAssets();

    Storage::DatabasePtr m_db;
    qint64 m_templateId = 0;
    QList<Storage::TemplateAsset> m_assets;
    QListWidget* m_view = nullptr;
    QPushButton* m_addImage = nullptr;
    QPushButton* m_addAttachment = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_insert = nullptr;
};

} // namespace Postroom::Ui
