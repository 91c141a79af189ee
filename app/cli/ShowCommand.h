#pragma once

#include "app/cli/CommandContext.h"

#include <QJsonArray>
#include <QJsonObject>

#include <functional>

namespace Postroom::Cli {

/**
 * The shape every `GROUP ls [--json]` shares: parse the flags, open the database, load
 * all rows, print one JSON array or one tab-separated line per row.
 */
template <typename Row> struct ShowCommand
{
    QString description; ///< for --help, e.g. "Show the templates."
    std::function<Result<QList<Row>>(const Storage::DatabasePtr&)> load;
    std::function<QJsonObject(const Row&)> toJson;
    std::function<QStringList(const Row&)> toColumns; ///< the plain output's columns

    int run(CommandContext& context, const QStringList& args) const
    {
        QCommandLineParser parser;
        parser.setApplicationDescription(description);
        const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
        parser.addOption(json);
        if (auto exit = context.parse(parser, args, 0, 0))
            return *exit;
        auto db = context.database();
        if (!db)
            return context.fail(db.error());
        const auto rows = load(*db);
        if (!rows)
            return context.fail(rows.error());
        if (parser.isSet(json)) {
            QJsonArray array;
            for (const Row& row : *rows)
                array.append(toJson(row));
            context.printJson(QJsonDocument(array));
            return ExitSuccess;
        }
        for (const Row& row : *rows)
            context.out() << toColumns(row).join(QLatin1Char('\t')) << '\n';
        return ExitSuccess;
    }
};

} // namespace Postroom::Cli
