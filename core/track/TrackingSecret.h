#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace Postroom::Track {

/**
 * The secret this database shares with its tracking endpoint (tokens and the event
 * feed's bearer token are derived from it; see TokenSealer). Where it lives is the
 * setting `track.secret_ref` (written by `track configure`), like an account
 * password: `env:VAR` reads an environment variable at use, `file:PATH` a file. The
 * secret itself is never stored in the database.
 *
 * With no reference configured, a random secret is made on first need and kept in
 * `<database>.tracking-secret` (mode 0600) next to the database file, until the
 * keychain-backed secret store takes this over.
 */
class TrackingSecret
{
    Q_DECLARE_TR_FUNCTIONS(TrackingSecret)

public:
    /** The settings key holding the reference. */
    static QString settingKey();

    /** The secret for @p db, made and kept on first need when none is configured. */
    static Result<QByteArray> load(const Storage::DatabasePtr& db);

    /** The file used when nothing is configured: `<database path>.tracking-secret`. */
    static QString defaultFilePath(const QString& databasePath);

    /** Reads the secret file at @p path, creating it (0600, 256 random bits) if missing. */
    static Result<QByteArray> loadOrCreateFile(const QString& path);
};

} // namespace Postroom::Track
