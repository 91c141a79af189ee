#include "core/send/NameserverResolver.h"

#include <QDnsLookup>
#include <QEventLoop>
#include <QStringList>
#include <QTimer>

namespace Postroom::Send {
namespace {

// One QDnsLookup of @p type, waited for; the addresses it found.
QList<QHostAddress> lookup(QDnsLookup::Type type, const QString& host,
                           const QHostAddress& nameserver, int timeoutMs, QString& error)
{
    QDnsLookup dns(type, host, nameserver);
    QEventLoop loop;
    QObject::connect(&dns, &QDnsLookup::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    dns.lookup();
    if (!dns.isFinished())
        loop.exec();
    QList<QHostAddress> addresses;
    if (!dns.isFinished()) {
        dns.abort();
        error =
            NameserverResolver::tr("the nameserver %1 did not answer").arg(nameserver.toString());
        return addresses;
    }
    if (dns.error() != QDnsLookup::NoError && dns.error() != QDnsLookup::NotFoundError)
        error = dns.errorString();
    for (const QDnsHostAddressRecord& record : dns.hostAddressRecords())
        addresses.append(record.value());
    return addresses;
}

} // namespace

Result<std::optional<QHostAddress>> NameserverResolver::configured()
{
    const QString value = qEnvironmentVariable("POSTROOM_NAMESERVER").trimmed();
    if (value.isEmpty())
        return std::optional<QHostAddress>();
    const QHostAddress address(value);
    if (address.isNull())
        return makeError(ErrorCode::InvalidInput,
                         tr("POSTROOM_NAMESERVER is \"%1\"; it must be an IP address.").arg(value));
    return std::optional<QHostAddress>(address);
}

Result<QByteArray> NameserverResolver::curlResolveEntry(const QString& host, int port,
                                                        int timeoutMs)
{
    const auto nameserver = configured();
    if (!nameserver)
        return nameserver.error();
    if (!nameserver->has_value() || !QHostAddress(host).isNull())
        return QByteArray();
    QString error;
    QList<QHostAddress> addresses = lookup(QDnsLookup::A, host, **nameserver, timeoutMs, error);
    addresses += lookup(QDnsLookup::AAAA, host, **nameserver, timeoutMs, error);
    if (addresses.isEmpty())
        return makeError(
            ErrorCode::Network,
            tr("%1 has no address at nameserver %2").arg(host, (*nameserver)->toString()), error);
    QStringList parts;
    for (const QHostAddress& address : std::as_const(addresses))
        parts.append(address.protocol() == QAbstractSocket::IPv6Protocol
                         ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                         : address.toString());
    return QStringLiteral("%1:%2:%3")
        .arg(host)
        .arg(port)
        .arg(parts.join(QLatin1Char(',')))
        .toUtf8();
}

} // namespace Postroom::Send
