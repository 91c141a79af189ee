#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTemporaryDir>

namespace Postroom::Test {

/** The child of @p parent called @p name; a test without it cannot go on. */
template <typename T> T* child(QObject* parent, const char* name)
{
    auto* found = parent->findChild<T*>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

/**
 * Points HOME and the XDG folders at a private temporary tree and picks the 0600 file
 * store for secrets, so no test touches the developer's keychain or settings. Call it
 * from initMain(), before the application object exists.
 */
inline void usePrivateHomeWithFileSecrets()
{
    static QTemporaryDir home;
    qputenv("HOME", home.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", (home.path() + QStringLiteral("/config")).toUtf8());
    qputenv("XDG_DATA_HOME", (home.path() + QStringLiteral("/data")).toUtf8());
    qputenv("POSTROOM_SECRET_STORE", "file");
}

} // namespace Postroom::Test
