#pragma once

#include "core/common/Result.h"

#include <QCoreApplication>
#include <QString>

namespace Postroom::Secrets {

/**
 * Where a secret lives, as stored in the database (accounts.secret_ref): `env:VAR`
 * (an environment variable read at use), `keychain:KEY` (the OS keychain through
 * QtKeychain) or `file:KEY` (the opt-in 0600 file store). Never the secret itself.
 */
class SecretRef
{
    Q_DECLARE_TR_FUNCTIONS(SecretRef)

public:
    enum class Kind
    {
        None,     ///< no secret (an account without AUTH)
        Env,      ///< an environment variable, resolved at use
        Keychain, ///< the OS keychain
        File,     ///< the unencrypted 0600 file next to the database
    };

    SecretRef() = default;
    SecretRef(Kind kind, QString name) : m_kind(kind), m_name(std::move(name)) {}

    /** Parses the stored form; an empty string is Kind::None. */
    static Result<SecretRef> parse(const QString& text);

    /** A reference to the environment variable @p variable, checked for a sane name. */
    static Result<SecretRef> environment(const QString& variable);

    Kind kind() const { return m_kind; }
    bool isNone() const { return m_kind == Kind::None; }
    /** The variable name or store key. */
    QString name() const { return m_name; }

    /** The stored form, e.g. `env:SMTP_PASSWORD`. */
    QString toString() const;

    /** `env`, `keychain`, `file` or an empty string. */
    static QString schemeName(Kind kind);

    bool operator==(const SecretRef& other) const = default;

private:
    Kind m_kind = Kind::None;
    QString m_name;
};

} // namespace Postroom::Secrets
