#pragma once

#include <QByteArray>
#include <QString>

namespace Postroom::Mime {

/**
 * The per-message reference (`X-Postroom-Ref`) that bounces, tracking tokens and
 * the VERP return path map back to one row of the send queue. 16 characters of
 * lower-case base32 (80 random bits): safe in a local part, a URL and a Message-ID,
 * and unchanged by servers that lower-case addresses.
 */
class MessageRef
{
public:
    /** A new random reference from the system's CSPRNG. */
    static QByteArray generate();

    /** True when @p ref has the shape generate() makes (for input from bounces). */
    static bool isValid(QByteArrayView ref);

    /**
     * The envelope sender for @p returnPath and @p ref, VERP-encoded when the return
     * path can carry a `+` sub-address: `bounces@d` and `bounces+@d` become
     * `bounces+<ref>@d`; a local part that already holds a `+` tag elsewhere
     * (`bounces+tag@d`) is used as it is, since the tag is the user's.
     */
    static QByteArray verpAddress(QByteArrayView returnPath, QByteArrayView ref);

    /** The reference inside a VERP address made by verpAddress(), or empty. */
    static QByteArray refFromVerp(QByteArrayView address);
};

} // namespace Postroom::Mime
