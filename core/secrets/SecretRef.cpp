#include "core/secrets/SecretRef.h"

#include <QRegularExpression>

namespace Postroom::Secrets {
namespace {

bool isVariableName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,127}$"));
    return pattern.match(name).hasMatch();
}

bool isStoreKey(const QString& key)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"));
    return pattern.match(key).hasMatch();
}

} // namespace

Result<SecretRef> SecretRef::environment(const QString& variable)
{
    if (!isVariableName(variable))
        return makeError(ErrorCode::InvalidInput,
                         tr("\"%1\" is not an environment variable name (letters, digits and _, "
                            "not starting with a digit).")
                             .arg(variable));
    return SecretRef(Kind::Env, variable);
}

Result<SecretRef> SecretRef::parse(const QString& text)
{
    if (text.isEmpty())
        return SecretRef();
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString scheme = text.left(colon);
    const QString name = colon < 0 ? QString() : text.mid(colon + 1);
    if (scheme == QLatin1String("env"))
        return environment(name);
    for (Kind kind : {Kind::Keychain, Kind::File}) {
        if (scheme != schemeName(kind))
            continue;
        if (!isStoreKey(name))
            break;
        return SecretRef(kind, name);
    }
    return makeError(ErrorCode::InvalidInput,
                     tr("\"%1\" is not a secret reference (expected env:VAR, keychain:KEY or "
                        "file:KEY).")
                         .arg(text));
}

QString SecretRef::schemeName(Kind kind)
{
    switch (kind) {
    case Kind::Env:
        return QStringLiteral("env");
    case Kind::Keychain:
        return QStringLiteral("keychain");
    case Kind::File:
        return QStringLiteral("file");
    case Kind::None:
        break;
    }
    return {};
}

QString SecretRef::toString() const
{
    if (m_kind == Kind::None)
        return {};
    return schemeName(m_kind) + QLatin1Char(':') + m_name;
}

} // namespace Postroom::Secrets
