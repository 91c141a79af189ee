#pragma once

#include "core/storage/Database.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace Postroom::Test {

/** A fresh, migrated database in its own temporary folder, gone when this is. */
class TempDatabase
{
public:
    TempDatabase()
    {
        auto opened = Storage::Database::open(path());
        if (!opened)
            qFatal("cannot open test database: %s", qPrintable(opened.error().describe()));
        m_db = *opened;
    }

    QString path() const { return m_dir.filePath(QStringLiteral("test.sqlite")); }
    Storage::DatabasePtr db() const { return m_db; }

private:
    QTemporaryDir m_dir;
    Storage::DatabasePtr m_db;
};

} // namespace Postroom::Test
