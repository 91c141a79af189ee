#include "core/storage/TemplateRepository.h"

#include "core/common/Clock.h"
#include "core/storage/SqlError.h"
#include "core/storage/Transaction.h"

#include <QSqlQuery>
#include <QVariant>

namespace Postroom::Storage {
namespace {

const QString kSelectTemplates =
    QStringLiteral("SELECT t.id, t.name, t.subject, t.html, t.text, t.created_at, t.updated_at,"
                   " (SELECT COUNT(*) FROM template_assets a WHERE a.template_id = t.id),"
                   " (SELECT COALESCE(SUM(LENGTH(a.data)), 0) FROM template_assets a"
                   " WHERE a.template_id = t.id)"
                   " FROM templates t");

constexpr qsizetype kMaxNameLength = 200;

bool isOneLine(const QString& text)
{
    return std::none_of(text.cbegin(), text.cend(),
                        [](QChar c) { return c.category() == QChar::Other_Control; });
}

QString kindName(AssetKind kind)
{
    return kind == AssetKind::Inline ? QStringLiteral("inline") : QStringLiteral("attachment");
}

StoredTemplate templateFrom(const QSqlQuery& query)
{
    StoredTemplate tmpl;
    tmpl.id = query.value(0).toLongLong();
    tmpl.name = query.value(1).toString();
    tmpl.subject = query.value(2).toString();
    tmpl.html = query.value(3).toString();
    // A NULL text column means "no text part"; keep it a null QString.
    if (!query.isNull(4))
        tmpl.text = query.value(4).toString();
    tmpl.createdAtMs = query.value(5).toLongLong();
    tmpl.updatedAtMs = query.value(6).toLongLong();
    tmpl.assetCount = query.value(7).toLongLong();
    tmpl.assetBytes = query.value(8).toLongLong();
    return tmpl;
}

// A null QString binds as SQL NULL, which the NOT NULL columns refuse: bind "" instead.
QString notNull(const QString& text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

QVariant textValue(const QString& text)
{
    return text.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

TemplateRepository::TemplateRepository(DatabasePtr db) : m_db(std::move(db)) {}

Result<QString> TemplateRepository::validName(const QString& name) const
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("A template needs a name."));
    if (trimmed.size() > kMaxNameLength || !isOneLine(trimmed))
        return makeError(ErrorCode::InvalidInput,
                         tr("A template name must be at most 200 characters, on one line."));
    return trimmed;
}

Result<void> TemplateRepository::validate(const StoredTemplate& tmpl) const
{
    if (auto name = validName(tmpl.name); !name)
        return name.error();
    // The subject becomes a header: a line break in it could start a new one.
    if (!isOneLine(tmpl.subject))
        return makeError(ErrorCode::InvalidInput, tr("The subject must be on one line."));
    return {};
}

Result<void> TemplateRepository::validate(const TemplateAsset& asset) const
{
    const QString fileName = asset.fileName.trimmed();
    if (fileName.isEmpty() || !isOneLine(fileName) || fileName.contains(QLatin1Char('/')) ||
        fileName.contains(QLatin1Char('\\')))
        return makeError(ErrorCode::InvalidInput,
                         tr("An attachment needs a file name on one line, without folders."));
    const qsizetype slash = asset.mimeType.indexOf(QLatin1Char('/'));
    const bool typeOk =
        slash > 0 && slash < asset.mimeType.size() - 1 &&
        std::all_of(asset.mimeType.cbegin(), asset.mimeType.cend(), [](QChar c) {
            return c.unicode() > 0x20 && c.unicode() < 0x7F && c != QLatin1Char(';');
        });
    if (!typeOk)
        return makeError(ErrorCode::InvalidInput,
                         tr("\"%1\" is not a MIME type like image/png.").arg(asset.mimeType));
    if (asset.kind == AssetKind::Inline) {
        // RFC 2392: the HTML refers to it as cid:<id>; keep it to the safe msg-id characters.
        const bool idOk =
            !asset.contentId.isEmpty() &&
            std::all_of(asset.contentId.cbegin(), asset.contentId.cend(), [](QChar c) {
                return c.unicode() > 0x20 && c.unicode() < 0x7F && c != QLatin1Char('<') &&
                       c != QLatin1Char('>') && c != QLatin1Char('"');
            });
        if (!idOk)
            return makeError(ErrorCode::InvalidInput,
                             tr("An inline image needs a content id of printable ASCII "
                                "characters (no spaces or angle brackets)."));
    }
    return {};
}

Result<StoredTemplate> TemplateRepository::add(const StoredTemplate& tmpl)
{
    if (auto valid = validate(tmpl); !valid)
        return valid.error();
    for (const TemplateAsset& asset : tmpl.assets) {
        if (auto valid = validate(asset); !valid)
            return valid.error();
    }
    Transaction transaction(m_db->connection());
    if (!transaction.isActive())
        return transaction.beginError();
    StoredTemplate stored = tmpl;
    stored.name = tmpl.name.trimmed();
    stored.createdAtMs = stored.updatedAtMs = nowMs();
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("INSERT INTO templates (name, subject, html, text, created_at,"
                                 " updated_at) VALUES (?, ?, ?, ?, ?, ?)"));
    query.addBindValue(stored.name);
    query.addBindValue(notNull(stored.subject));
    query.addBindValue(notNull(stored.html));
    query.addBindValue(textValue(stored.text));
    query.addBindValue(stored.createdAtMs);
    query.addBindValue(stored.updatedAtMs);
    if (!query.exec()) {
        if (isUniqueViolation(query.lastError()))
            return makeError(ErrorCode::AlreadyExists,
                             tr("A template called \"%1\" already exists.").arg(stored.name));
        return sqlError(tr("Could not store the template"), query);
    }
    stored.id = query.lastInsertId().toLongLong();
    stored.assetBytes = 0;
    for (TemplateAsset& asset : stored.assets) {
        auto inserted = insertAsset(stored.id, asset);
        if (!inserted)
            return inserted.error();
        asset = *inserted;
        stored.assetBytes += asset.data.size();
    }
    stored.assetCount = stored.assets.size();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return stored;
}

Result<StoredTemplate> TemplateRepository::update(const StoredTemplate& tmpl)
{
    if (auto valid = validate(tmpl); !valid)
        return valid.error();
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("UPDATE templates SET name = ?, subject = ?, html = ?, text = ?,"
                                 " updated_at = ? WHERE id = ?"));
    query.addBindValue(tmpl.name.trimmed());
    query.addBindValue(notNull(tmpl.subject));
    query.addBindValue(notNull(tmpl.html));
    query.addBindValue(textValue(tmpl.text));
    query.addBindValue(nowMs());
    query.addBindValue(tmpl.id);
    if (!query.exec()) {
        if (isUniqueViolation(query.lastError()))
            return makeError(
                ErrorCode::AlreadyExists,
                tr("A template called \"%1\" already exists.").arg(tmpl.name.trimmed()));
        return sqlError(tr("Could not save the template"), query);
    }
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The template no longer exists."));
    return byId(tmpl.id);
}

Result<StoredTemplate> TemplateRepository::fetchOne(const QString& where, const QVariant& key) const
{
    QSqlQuery query(m_db->connection());
    query.prepare(kSelectTemplates + QStringLiteral(" WHERE ") + where);
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(tr("Could not read the template"), query);
    if (!query.next())
        return makeError(ErrorCode::NotFound, tr("There is no such template."));
    StoredTemplate tmpl = templateFrom(query);
    auto loaded = assets(tmpl.id);
    if (!loaded)
        return loaded.error();
    tmpl.assets = *loaded;
    return tmpl;
}

Result<StoredTemplate> TemplateRepository::byId(qint64 id) const
{
    return fetchOne(QStringLiteral("t.id = ?"), id);
}

Result<StoredTemplate> TemplateRepository::byName(const QString& name) const
{
    auto found = fetchOne(QStringLiteral("t.name = ?"), name.trimmed());
    if (!found && found.error().code == ErrorCode::NotFound)
        return makeError(ErrorCode::NotFound,
                         tr("There is no template called \"%1\".").arg(name.trimmed()));
    return found;
}

Result<QList<StoredTemplate>> TemplateRepository::all() const
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    if (!query.exec(kSelectTemplates + QStringLiteral(" ORDER BY t.name")))
        return sqlError(tr("Could not read the templates"), query);
    QList<StoredTemplate> templates;
    while (query.next())
        templates.append(templateFrom(query));
    return templates;
}

Result<void> TemplateRepository::remove(qint64 id)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT name FROM campaigns WHERE template_id = ? ORDER BY name"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("Could not delete the template"), query);
    if (query.next())
        return makeError(ErrorCode::InvalidInput,
                         tr("The template is used by the campaign \"%1\"; it cannot be deleted.")
                             .arg(query.value(0).toString()));
    query.prepare(QStringLiteral("DELETE FROM templates WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(tr("Could not delete the template"), query);
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The template no longer exists."));
    return {};
}

Result<TemplateAsset> TemplateRepository::insertAsset(qint64 templateId, const TemplateAsset& asset)
{
    QSqlQuery query(m_db->connection());
    if (asset.kind == AssetKind::Inline) {
        query.prepare(QStringLiteral("SELECT 1 FROM template_assets WHERE template_id = ?"
                                     " AND kind = 'inline' AND content_id = ?"));
        query.addBindValue(templateId);
        query.addBindValue(asset.contentId);
        if (!query.exec())
            return sqlError(tr("Could not read the template's files"), query);
        if (query.next())
            return makeError(ErrorCode::AlreadyExists,
                             tr("The template already has an inline image with the content id "
                                "\"%1\".")
                                 .arg(asset.contentId));
    }
    query.prepare(QStringLiteral("INSERT INTO template_assets (template_id, kind, file_name,"
                                 " mime_type, content_id, data) VALUES (?, ?, ?, ?, ?, ?)"));
    query.addBindValue(templateId);
    query.addBindValue(kindName(asset.kind));
    query.addBindValue(asset.fileName.trimmed());
    query.addBindValue(asset.mimeType.toLower());
    query.addBindValue(asset.kind == AssetKind::Inline ? QVariant(asset.contentId)
                                                       : QVariant(QMetaType::fromType<QString>()));
    // A null QByteArray binds as NULL, which the NOT NULL column refuses.
    query.addBindValue(asset.data.isNull() ? QByteArray("") : asset.data);
    if (!query.exec())
        return sqlError(tr("Could not store the file \"%1\"").arg(asset.fileName), query);
    TemplateAsset stored = asset;
    stored.id = query.lastInsertId().toLongLong();
    stored.fileName = asset.fileName.trimmed();
    stored.mimeType = asset.mimeType.toLower();
    if (asset.kind != AssetKind::Inline)
        stored.contentId.clear();
    return stored;
}

Result<TemplateAsset> TemplateRepository::addAsset(qint64 templateId, const TemplateAsset& asset)
{
    if (auto valid = validate(asset); !valid)
        return valid.error();
    QSqlQuery exists(m_db->connection());
    exists.prepare(QStringLiteral("SELECT 1 FROM templates WHERE id = ?"));
    exists.addBindValue(templateId);
    if (!exists.exec())
        return sqlError(tr("Could not read the template"), exists);
    if (!exists.next())
        return makeError(ErrorCode::NotFound, tr("The template no longer exists."));
    return insertAsset(templateId, asset);
}

Result<void> TemplateRepository::removeAsset(qint64 assetId)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("DELETE FROM template_assets WHERE id = ?"));
    query.addBindValue(assetId);
    if (!query.exec())
        return sqlError(tr("Could not remove the file"), query);
    if (query.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The file is no longer there."));
    return {};
}

Result<QList<TemplateAsset>> TemplateRepository::assets(qint64 templateId) const
{
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT id, kind, file_name, mime_type, content_id, data FROM template_assets"
        " WHERE template_id = ? ORDER BY CASE kind WHEN 'inline' THEN 0 ELSE 1 END, file_name,"
        " id"));
    query.addBindValue(templateId);
    if (!query.exec())
        return sqlError(tr("Could not read the template's files"), query);
    QList<TemplateAsset> assets;
    while (query.next()) {
        TemplateAsset asset;
        asset.id = query.value(0).toLongLong();
        asset.kind = query.value(1).toString() == QLatin1String("inline") ? AssetKind::Inline
                                                                          : AssetKind::Attachment;
        asset.fileName = query.value(2).toString();
        asset.mimeType = query.value(3).toString();
        asset.contentId = query.value(4).toString();
        asset.data = query.value(5).toByteArray();
        assets.append(asset);
    }
    return assets;
}

} // namespace Postroom::Storage
