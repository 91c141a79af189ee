#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace Postroom::Storage {

/** What a template asset is for. */
enum class AssetKind
{
    Inline,     ///< an image the HTML shows through `cid:` (multipart/related)
    Attachment, ///< a file attached to every message (multipart/mixed)
};

/** A file that goes with a template. */
struct TemplateAsset
{
    qint64 id = 0;
    AssetKind kind = AssetKind::Attachment;
    QString fileName;  ///< the name shown to recipients, without folders
    QString mimeType;  ///< `type/subtype`, e.g. `image/png`
    QString contentId; ///< for Inline: the id the HTML uses as `cid:<id>`; empty otherwise
    QByteArray data;
};

/**
 * A stored template. The parts are kept as written, not parsed: an editor may save
 * work in progress; whoever sends parses (Template::MessageTemplate) and checks.
 */
struct StoredTemplate
{
    qint64 id = 0;
    QString name;
    QString subject;
    QString html;
    QString text; ///< the text part; a null QString means none (generated from the HTML)
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    QList<TemplateAsset> assets; ///< filled by byId/byName, empty from all()
    qint64 assetCount = 0;       ///< filled everywhere
    qint64 assetBytes = 0;       ///< total size of the assets' data, filled everywhere
};

/**
 * Templates and their assets. Names are trimmed, unique, on one line and at most 200
 * characters; the subject is on one line.
 */
class TemplateRepository
{
    Q_DECLARE_TR_FUNCTIONS(TemplateRepository)

public:
    explicit TemplateRepository(DatabasePtr db);

    /** Stores a new template with its assets (one transaction); ids and times are set. */
    Result<StoredTemplate> add(const StoredTemplate& tmpl);

    /** Replaces name, subject, html and text of template @p tmpl.id; assets are untouched. */
    Result<StoredTemplate> update(const StoredTemplate& tmpl);

    /** The template with its assets, or NotFound. */
    Result<StoredTemplate> byId(qint64 id) const;

    /** The template called @p name (exact, after trimming) with its assets, or NotFound. */
    Result<StoredTemplate> byName(const QString& name) const;

    /** All templates by name, without asset data (assetCount and assetBytes are set). */
    Result<QList<StoredTemplate>> all() const;

    /** Removes a template and its assets; refused (InvalidInput) while a campaign uses it. */
    Result<void> remove(qint64 id);

    /** Adds an asset to template @p templateId; its id is set in the result. */
    Result<TemplateAsset> addAsset(qint64 templateId, const TemplateAsset& asset);

    /** Removes one asset. */
    Result<void> removeAsset(qint64 assetId);

    /** The assets of template @p templateId, inline ones first, then by file name. */
    Result<QList<TemplateAsset>> assets(qint64 templateId) const;

private:
    Result<QString> validName(const QString& name) const;
    Result<void> validate(const StoredTemplate& tmpl) const;
    Result<void> validate(const TemplateAsset& asset) const;
    Result<TemplateAsset> insertAsset(qint64 templateId, const TemplateAsset& asset);
    Result<StoredTemplate> fetchOne(const QString& where, const QVariant& key) const;

    DatabasePtr m_db;
};

} // namespace Postroom::Storage
