#include "core/contacts/ContactExporter.h"

#include "core/contacts/CsvWriter.h"
#include "core/storage/ContactRepository.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

namespace Postroom::Contacts {
namespace {

QJsonObject customFields(const QString& json)
{
    if (json.isEmpty() || json == QLatin1String("{}"))
        return {};
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

} // namespace

ContactExporter::ContactExporter(Storage::DatabasePtr db) : m_db(std::move(db)) {}

Result<qint64> ContactExporter::exportList(qint64 listId, ExportFormat format, QIODevice* out,
                                           const std::atomic_bool* cancel) const
{
    const Storage::ContactRepository contacts(m_db);
    const auto cancelled = [cancel] { return cancel && cancel->load(); };

    // First pass: the custom field keys, so every CSV row has the same columns.
    QStringList keys;
    if (format == ExportFormat::Csv) {
        QSet<QString> found;
        auto scanned = contacts.forEachInList(listId, [&](const Storage::Contact& contact) {
            const QJsonObject fields = customFields(contact.fieldsJson);
            for (auto it = fields.begin(); it != fields.end(); ++it)
                found.insert(it.key());
            return !cancelled();
        });
        if (!scanned)
            return scanned.error();
        keys = QStringList(found.cbegin(), found.cend());
        std::sort(keys.begin(), keys.end());
    }
    if (cancelled())
        return makeError(ErrorCode::Cancelled, tr("The export was cancelled."));

    qint64 written = 0;
    bool ioOk = true;
    Result<void> walked;
    if (format == ExportFormat::Csv) {
        CsvWriter writer(out);
        writer.writeRow(QStringList{QStringLiteral("email"), QStringLiteral("first_name"),
                                    QStringLiteral("last_name"), QStringLiteral("status")} +
                        keys);
        QStringList row;
        walked = contacts.forEachInList(listId, [&](const Storage::Contact& contact) {
            row = {contact.email, contact.firstName, contact.lastName,
                   Storage::contactStatusName(contact.status)};
            const QJsonObject fields = customFields(contact.fieldsJson);
            for (const QString& key : std::as_const(keys))
                row.append(fields.value(key).toString());
            writer.writeRow(row);
            ++written;
            return writer.ok() && !cancelled();
        });
        ioOk = writer.ok();
    } else {
        ioOk = out->write("[") == 1;
        walked = contacts.forEachInList(listId, [&](const Storage::Contact& contact) {
            QJsonObject object = customFields(contact.fieldsJson);
            object.insert(QStringLiteral("email"), contact.email);
            object.insert(QStringLiteral("first_name"), contact.firstName);
            object.insert(QStringLiteral("last_name"), contact.lastName);
            object.insert(QStringLiteral("status"), Storage::contactStatusName(contact.status));
            QByteArray line = written == 0 ? QByteArray("\n") : QByteArray(",\n");
            line += QJsonDocument(object).toJson(QJsonDocument::Compact);
            ioOk = out->write(line) == line.size();
            ++written;
            return ioOk && !cancelled();
        });
        if (ioOk)
            ioOk = out->write("\n]\n") == 3;
    }
    if (!walked)
        return walked.error();
    if (!ioOk)
        return makeError(ErrorCode::Io, tr("Could not write the export"), out->errorString());
    if (cancelled())
        return makeError(ErrorCode::Cancelled, tr("The export was cancelled."));
    return written;
}

} // namespace Postroom::Contacts
