#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHostAddress>
#include <QString>

#include <optional>

namespace Postroom::Send {

/**
 * POSTROOM_NAMESERVER for the connections libcurl makes. libcurl (Debian's build,
 * without c-ares) only asks the system resolver, so when the variable is set the
 * server's name is looked up here — A and AAAA records through QDnsLookup against
 * that nameserver — and handed to libcurl as a CURLOPT_RESOLVE entry. The URL keeps
 * the name, so TLS still checks the certificate against it.
 *
 * The lookup waits in a local event loop: call it from the CLI or a worker thread.
 */
class NameserverResolver
{
    Q_DECLARE_TR_FUNCTIONS(NameserverResolver)

public:
    /** The nameserver POSTROOM_NAMESERVER names; nothing when unset; an error when not an IP. */
    static Result<std::optional<QHostAddress>> configured();

    /**
     * The CURLOPT_RESOLVE entry `host:port:addr[,addr…]` for @p host, or an empty
     * array when POSTROOM_NAMESERVER is unset or @p host is already an address.
     * A name without addresses, or a nameserver that does not answer within
     * @p timeoutMs, is an error (ErrorCode::Network).
     */
    static Result<QByteArray> curlResolveEntry(const QString& host, int port, int timeoutMs = 5000);
};

} // namespace Postroom::Send
