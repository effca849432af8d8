/**
 * Schema migrations, applied in order on start. One text per dialect where they differ
 * (BLOB/BYTEA, INTEGER/BIGINT, autoincrement).
 */
export interface Migration { version: number; sql(dialect: 'sqlite' | 'postgres'): string }

export const migrations: Migration[] = [
  {
    version: 1,
    sql: (d) => {
      const big = d === 'postgres' ? 'BIGINT' : 'INTEGER';
      const blob = d === 'postgres' ? 'BYTEA' : 'BLOB';
      const serial = d === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
      return `
CREATE TABLE events (
  seq ${big} PRIMARY KEY,
  consignment_id TEXT,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  payload TEXT NOT NULL,
  commitment TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  sender TEXT,
  message_id TEXT,
  content_hash TEXT,
  answer TEXT
);
CREATE UNIQUE INDEX events_message ON events (sender, message_id);
CREATE INDEX events_consignment ON events (consignment_id);
CREATE TABLE consignments (
  id TEXT PRIMARY KEY,
  jurisdiction TEXT NOT NULL,
  mrn TEXT UNIQUE,
  transport_doc TEXT,
  fiscal TEXT NOT NULL,
  security TEXT NOT NULL,
  lane TEXT,
  declared_at TEXT,
  released_at TEXT,
  state TEXT NOT NULL,
  updated_seq ${big} NOT NULL
);
CREATE INDEX consignments_fiscal ON consignments (fiscal, lane);
CREATE TABLE consignment_keys (consignment_id TEXT PRIMARY KEY, data_key ${blob}, erased_at TEXT);
CREATE TABLE links (key TEXT PRIMARY KEY, consignment_id TEXT NOT NULL, owner TEXT NOT NULL);
CREATE TABLE personal_data (seq ${big} PRIMARY KEY, consignment_id TEXT NOT NULL, sealed TEXT NOT NULL);
CREATE INDEX personal_data_consignment ON personal_data (consignment_id);
CREATE TABLE activity (consignment_id TEXT PRIMARY KEY, buyer_key TEXT NOT NULL, address_key TEXT NOT NULL, seller_key TEXT NOT NULL, at TEXT NOT NULL, items_total TEXT NOT NULL, currency TEXT NOT NULL);
CREATE INDEX activity_buyer ON activity (buyer_key, at);
CREATE INDEX activity_address ON activity (address_key, at);
CREATE TABLE parties (key TEXT PRIMARY KEY, first_seen TEXT NOT NULL, consignments ${big} NOT NULL, inspected ${big} NOT NULL, findings ${big} NOT NULL);
CREATE TABLE notifications (seq ${serial}, org TEXT NOT NULL, consignment_id TEXT, at TEXT NOT NULL, body TEXT NOT NULL, callback_url TEXT, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT, delivered_at TEXT, last_error TEXT);
CREATE INDEX notifications_org ON notifications (org, seq);
CREATE INDEX notifications_due ON notifications (next_attempt_at);
CREATE TABLE rejections (id ${serial}, at TEXT NOT NULL, sender TEXT, message_type TEXT, code TEXT NOT NULL, pointer TEXT, detail TEXT NOT NULL);
CREATE TABLE checkpoints (seq ${big} PRIMARY KEY, head_hash TEXT NOT NULL, at TEXT NOT NULL, public_key TEXT NOT NULL, signature TEXT NOT NULL);
CREATE TABLE counters (name TEXT PRIMARY KEY, value ${big} NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE orgs (id TEXT PRIMARY KEY, name TEXT, role TEXT NOT NULL, callback_url TEXT, created_at TEXT NOT NULL);
CREATE TABLE api_keys (hash TEXT PRIMARY KEY, org TEXT NOT NULL, role TEXT NOT NULL, label TEXT, created_at TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE accounts (id TEXT PRIMARY KEY, org TEXT NOT NULL, currency TEXT NOT NULL, guarantee TEXT NOT NULL, used TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE records (kind TEXT NOT NULL, id TEXT NOT NULL, version TEXT NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (kind, id, version))
`;
    },
  },
  {
    // Which events concern which guarantee account, so that a statement reads its account's events
    // instead of the whole log. Events before this migration are read by a scan (see accountEventsFrom).
    version: 2,
    sql: (d) => {
      const big = d === 'postgres' ? 'BIGINT' : 'INTEGER';
      return `
CREATE TABLE account_events (account_id TEXT NOT NULL, seq ${big} NOT NULL, PRIMARY KEY (account_id, seq));
INSERT INTO settings (key, value) SELECT 'account-events-from-seq', CAST(COALESCE(MAX(seq), 0) AS TEXT) FROM events
`;
    },
  },
];
