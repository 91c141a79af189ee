#pragma once

#include <QString>

namespace Postroom {

/** What kind of failure an Error reports; callers branch on this, users read the message. */
enum class ErrorCode
{
    InvalidInput,  ///< the caller's data is wrong (bad address, bad name, bad file)
    NotFound,      ///< a named thing does not exist
    AlreadyExists, ///< a unique name or address is taken
    Storage,       ///< the database failed
    SchemaTooNew,  ///< the database was written by a newer Postroom
    Io,            ///< a file could not be read or written
    Network,       ///< connection refused, DNS failure, reset
    Tls,           ///< TLS handshake or certificate failure
    Auth,          ///< credentials refused
    Timeout,       ///< the peer did not answer in time
    Protocol,      ///< the peer answered something we cannot use
    Cancelled,     ///< the user or a signal stopped the work
    Internal,      ///< a bug: should never reach a user
};

/** A failure crossing a module edge: a stable code, a one-line message, optional detail. */
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message; ///< one line, for the user
    QString detail;  ///< extra context (server reply, SQL error), may be empty

    /** The message followed by the detail, for logs and the CLI's error line. */
    QString describe() const
    {
        return detail.isEmpty() ? message : message + QStringLiteral(": ") + detail;
    }
};

} // namespace Postroom
