#pragma once

#include "core/common/Result.h"
#include "core/storage/Database.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace Postroom::Track {

/**
 * The secret this database shares with its tracking endpoint (tokens and the event
 * feed's bearer token are derived from it; see TokenSealer). It is kept like an
 * account password: the setting `track.secret_ref` holds a Secrets::SecretRef
 * (`env:VAR`, `keychain:KEY` or `file:KEY`, as `track configure` writes it), never the
 * secret itself.
 *
 * With no reference configured, a random 256-bit secret is made on first need and kept
 * through the secret store POSTROOM_SECRET_STORE chooses. When that is the default
 * keychain and no keychain service runs (a server, CI), it goes to the 0600 file store
 * instead, with a warning, so rendering and sending work headless.
 */
class TrackingSecret
{
    Q_DECLARE_TR_FUNCTIONS(TrackingSecret)

public:
    /** The settings key holding the reference. */
    static QString settingKey();

    /** The secret for @p db, made and kept on first need when none is configured. */
    static Result<QByteArray> load(const Storage::DatabasePtr& db);
};

} // namespace Postroom::Track
