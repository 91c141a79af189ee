#include "core/storage/Migrations.h"

#include "core/common/Clock.h"
#include "core/storage/SqlError.h"
#include "core/storage/Transaction.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QVariant>

#include <vector>

namespace Postroom::Storage {
namespace {

struct Migration
{
    int version;
    std::vector<const char*> statements;
};

// Numbered migrations, applied in order and never edited once released: a change
// to the schema is a new entry. Timestamps are INTEGER milliseconds since the epoch.
// The DDL keeps to what SQLite and PostgreSQL both accept, apart from the row-id keys.
const std::vector<Migration>& allMigrations()
{
    static const std::vector<Migration> migrations = {
        {1,
         {
             R"(CREATE TABLE settings (
                  key TEXT PRIMARY KEY,
                  value TEXT NOT NULL))",
             R"(CREATE TABLE lists (
                  id INTEGER PRIMARY KEY,
                  name TEXT NOT NULL UNIQUE,
                  created_at INTEGER NOT NULL))",
             // email keeps the address as shown (domain lower-cased, Unicode);
             // email_key is the case-folded identity duplicates are merged on.
             // The status CHECK is spelled with OR: SQLite evaluates a CHECK with an IN
             // list of more than two values through a temporary b-tree built for every
             // row written: 0.4 s of CPU in a million-row import.
             // list_members is WITHOUT ROWID: its primary key is the table, one b-tree
             // instead of a row table plus a key index for every membership.
             R"(CREATE TABLE contacts (
                  id INTEGER PRIMARY KEY,
                  email TEXT NOT NULL,
                  email_key TEXT NOT NULL UNIQUE,
                  first_name TEXT NOT NULL DEFAULT '',
                  last_name TEXT NOT NULL DEFAULT '',
                  fields TEXT NOT NULL DEFAULT '{}',
                  status TEXT NOT NULL DEFAULT 'subscribed'
                    CHECK (status = 'subscribed' OR status = 'unsubscribed'
                           OR status = 'bounced' OR status = 'complained'),
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL))",
             "CREATE INDEX contacts_by_name ON contacts(last_name, first_name)",
             // Search-as-you-type: case-insensitive prefix ranges on the names, and on
             // "first last" (ContactRepository; email_key is already folded and unique).
             "CREATE INDEX contacts_by_first_lower ON contacts(lower(first_name), "
             "lower(last_name))",
             "CREATE INDEX contacts_by_last_lower ON contacts(lower(last_name))",
             R"(CREATE TABLE list_members (
                  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
                  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                  added_at INTEGER NOT NULL,
                  PRIMARY KEY (list_id, contact_id)) WITHOUT ROWID)",
             "CREATE INDEX list_members_by_contact ON list_members(contact_id)",
             R"(CREATE TABLE suppressions (
                  email_key TEXT PRIMARY KEY,
                  reason TEXT NOT NULL DEFAULT '',
                  source TEXT NOT NULL DEFAULT 'manual',
                  created_at INTEGER NOT NULL))",
             R"(CREATE TABLE templates (
                  id INTEGER PRIMARY KEY,
                  name TEXT NOT NULL UNIQUE,
                  subject TEXT NOT NULL,
                  html TEXT NOT NULL,
                  text TEXT,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL))",
             R"(CREATE TABLE template_assets (
                  id INTEGER PRIMARY KEY,
                  template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
                  kind TEXT NOT NULL CHECK (kind IN ('inline','attachment')),
                  file_name TEXT NOT NULL,
                  mime_type TEXT NOT NULL,
                  content_id TEXT,
                  data BLOB NOT NULL))",
         }},
        {2,
         {
             // secret_ref says where the password lives (env:VAR, keychain:KEY,
             // file:KEY); the password itself is never stored here.
             R"(CREATE TABLE accounts (
                  id INTEGER PRIMARY KEY,
                  name TEXT NOT NULL UNIQUE,
                  url TEXT NOT NULL,
                  username TEXT NOT NULL DEFAULT '',
                  secret_ref TEXT NOT NULL DEFAULT '',
                  tls_mode TEXT NOT NULL CHECK (tls_mode IN ('starttls','implicit','none')),
                  verify_peer INTEGER NOT NULL DEFAULT 1,
                  ca_file TEXT NOT NULL DEFAULT '',
                  auth_mechanism TEXT NOT NULL DEFAULT 'auto',
                  from_address TEXT NOT NULL DEFAULT '',
                  rate_count INTEGER NOT NULL DEFAULT 0,
                  rate_period_s INTEGER NOT NULL DEFAULT 1,
                  daily_cap INTEGER NOT NULL DEFAULT 0,
                  max_connections INTEGER NOT NULL DEFAULT 4,
                  warmup TEXT NOT NULL DEFAULT '',
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL))",
             R"(CREATE TABLE domain_limits (
                  domain TEXT PRIMARY KEY,
                  rate_count INTEGER NOT NULL,
                  rate_period_s INTEGER NOT NULL,
                  max_connections INTEGER NOT NULL DEFAULT 0))",
             // control is the user's intent (draft, running, paused, cancelled); the
             // state shown to users is derived from it and the message rows.
             // settings is what the user configured; snapshot is the template (with
             // its assets) and settings frozen when the queue is created, which is
             // what a queued campaign sends whatever is edited later.
             R"(CREATE TABLE campaigns (
                  id INTEGER PRIMARY KEY,
                  name TEXT NOT NULL UNIQUE,
                  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE RESTRICT,
                  template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE RESTRICT,
                  control TEXT NOT NULL DEFAULT 'draft'
                    CHECK (control IN ('draft','running','paused','cancelled')),
                  settings TEXT NOT NULL DEFAULT '{}',
                  snapshot TEXT,
                  scheduled_at INTEGER,
                  queued_at INTEGER,
                  created_at INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL))",
             R"(CREATE TABLE campaign_accounts (
                  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE RESTRICT,
                  weight INTEGER NOT NULL DEFAULT 1,
                  disabled_reason TEXT,
                  PRIMARY KEY (campaign_id, account_id)))",
             // One row per recipient per campaign. A sender leases rows (lease_owner,
             // lease_until) instead of owning them, so several machines can share a queue.
             R"(CREATE TABLE messages (
                  id INTEGER PRIMARY KEY,
                  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                  contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
                  email TEXT NOT NULL,
                  ref TEXT NOT NULL UNIQUE,
                  state TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued','sending','sent','deferred','failed',
                                     'bounced','skipped','expired')),
                  attempts INTEGER NOT NULL DEFAULT 0,
                  next_attempt_at INTEGER NOT NULL DEFAULT 0,
                  lease_owner TEXT,
                  lease_until INTEGER,
                  account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
                  smtp_code INTEGER,
                  enhanced_status TEXT,
                  smtp_reply TEXT,
                  queued_at INTEGER NOT NULL,
                  first_attempt_at INTEGER,
                  sent_at INTEGER,
                  updated_at INTEGER NOT NULL,
                  UNIQUE (campaign_id, contact_id)))",
             "CREATE INDEX messages_due ON messages(campaign_id, state, next_attempt_at)",
             // The rolling 24-hour daily cap counts an account's recent sends.
             "CREATE INDEX messages_by_account ON messages(account_id, sent_at)",
             R"(CREATE TABLE events (
                  id INTEGER PRIMARY KEY,
                  campaign_id INTEGER REFERENCES campaigns(id) ON DELETE CASCADE,
                  message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
                  kind TEXT NOT NULL
                    CHECK (kind IN ('open','click','unsubscribe','bounce','complaint')),
                  occurred_at INTEGER NOT NULL,
                  url TEXT,
                  detail TEXT,
                  automated INTEGER NOT NULL DEFAULT 0,
                  source_id TEXT UNIQUE))",
             "CREATE INDEX events_by_campaign ON events(campaign_id, kind)",
             "CREATE INDEX events_by_message ON events(message_id)",
         }},
        {3,
         {
             // Two name indexes instead of three, each on one text key: the names lowered
             // and joined by U+0001 (below every character a name holds), so the key
             // orders like (last, first) and a prefix of the leading name is a prefix of
             // the key. Last-first serves the name sort (now case-insensitive) and
             // last-name prefixes; first-last serves first-name prefixes and "first last".
             // A large import rebuilds both (ContactRepository kDeferredIndexes): a single
             // key sorts ~20% faster than two columns, three indexes cost 50% more.
             // IF EXISTS: an import that crashed under schema 2 may have dropped them.
             "DROP INDEX IF EXISTS contacts_by_name",
             "DROP INDEX IF EXISTS contacts_by_first_lower",
             "DROP INDEX IF EXISTS contacts_by_last_lower",
             "CREATE INDEX contacts_by_last_first ON contacts(lower(last_name || char(1) || "
             "first_name))",
             "CREATE INDEX contacts_by_first_last ON contacts(lower(first_name || char(1) || "
             "last_name))",
         }},
    };
    return migrations;
}

Result<void> ensureVersionTable(QSqlDatabase db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                   "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")))
        return sqlError(QStringLiteral("Could not create the schema version table"), query);
    return {};
}

Result<void> apply(QSqlDatabase db, const Migration& migration)
{
    Transaction transaction(db);
    if (!transaction.isActive())
        return transaction.beginError();
    QSqlQuery query(db);
    for (const char* statement : migration.statements) {
        if (!query.exec(QString::fromUtf8(statement)))
            return sqlError(QStringLiteral("Migration %1 failed").arg(migration.version), query);
    }
    query.prepare(
        QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"));
    query.addBindValue(migration.version);
    query.addBindValue(nowMs());
    if (!query.exec())
        return sqlError(QStringLiteral("Could not record migration %1").arg(migration.version),
                        query);
    return transaction.commit();
}

} // namespace

int latestSchemaVersion()
{
    return allMigrations().back().version;
}

Result<int> schemaVersionOf(QSqlDatabase db)
{
    if (auto created = ensureVersionTable(db); !created)
        return created.error();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) ||
        !query.next())
        return sqlError(QStringLiteral("Could not read the schema version"), query);
    return query.value(0).toInt();
}

Result<void> migrate(QSqlDatabase db, int target)
{
    const auto current = schemaVersionOf(db);
    if (!current)
        return current.error();
    if (*current > latestSchemaVersion()) {
        return makeError(ErrorCode::SchemaTooNew,
                         QCoreApplication::translate(
                             "Postroom::Storage",
                             "The database was written by a newer Postroom (schema %1; this "
                             "version knows up to %2). Upgrade Postroom to open it.")
                             .arg(*current)
                             .arg(latestSchemaVersion()));
    }
    for (const Migration& migration : allMigrations()) {
        if (migration.version <= *current || migration.version > target)
            continue;
        if (auto applied = apply(db, migration); !applied)
            return applied;
    }
    return {};
}

} // namespace Postroom::Storage
