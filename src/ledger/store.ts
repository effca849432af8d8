/**
 * The store: the event log and its projections, written once over a dialect driver.
 * One commit per batch of messages (group commit): every row a batch produces is written in one
 * transaction, so an acknowledged message is on disk and no consignment is half-written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { dataKeyLabel, MasterKey, MasterKeyError } from './master-key.js';
import { PostgresDriver } from './postgres-driver.js';
import type { SqlDriver, SqlValue, SqlWriter } from './sql-driver.js';
import { SqliteDriver } from './sqlite-driver.js';
import type { EventRow } from './event-row.js';
import { migrations } from './schema.js';

/** An event as stored: the row of the hash-chained log. */
export type StoredEvent = EventRow;
/** An event as a projection reads it: what it says, not how it is chained. */
export type LoggedEvent = Pick<EventRow, 'seq' | 'consignmentId' | 'type' | 'at' | 'payload'>;

export interface MessageEvent extends StoredEvent {
  sender: string;
  messageId: string;
  contentHash: string;
  answer: string;
}

export interface ConsignmentRow {
  id: string;
  jurisdiction: string;
  mrn: string | null;
  transportDoc: string | null;
  fiscal: string;
  security: string;
  lane: string | null;
  declaredAt: string | null;
  releasedAt: string | null;
  /** The projection (facts without personal data, lifecycle, decisions) as JSON. */
  state: string;
  updatedSeq: number;
}

export interface LinkRow { key: string; consignmentId: string; owner: string }
export interface PersonalRow { seq: number; consignmentId: string; sealed: string }
export interface ActivityRow { consignmentId: string; buyerKey: string; addressKey: string; sellerKey: string; at: string; itemsTotal: string; currency: string }
export interface PartyRow { key: string; firstSeen: string; consignments: number; inspected: number; findings: number }
export interface NotificationRow { seq?: number; org: string; consignmentId: string | null; at: string; body: string; callbackUrl: string | null }
export interface RejectionRow { at: string; sender: string | null; messageType: string | null; code: string; pointer: string | null; detail: string }
export interface CheckpointRow { seq: number; headHash: string; at: string; publicKey: string; signature: string }
export interface KeyRow { hash: string; org: string; role: string; label: string | null; createdAt: string }
export interface OrgRow { id: string; name: string | null; role: string; callbackUrl: string | null; createdAt: string }
export interface AccountRow { id: string; org: string; currency: string; guarantee: string; used: string; createdAt: string }
export interface RecordRow { kind: string; id: string; version: string; status: string; body: string; updatedAt: string }

/** Everything one batch writes, in one transaction. */
export interface CommitBatch {
  events: (StoredEvent | MessageEvent)[];
  consignments: ConsignmentRow[];
  /** What the store keeps of each new consignment's data key (`MasterKey.newDataKey`): never the key. */
  consignmentKeys: { consignmentId: string; stored: Buffer }[];
  links: LinkRow[];
  personal: PersonalRow[];
  activity: ActivityRow[];
  parties: PartyRow[];
  notifications: NotificationRow[];
  rejections: RejectionRow[];
  checkpoints: CheckpointRow[];
  counters: { name: string; value: number }[];
  accounts: AccountRow[];
  /** Events that concern a guarantee account (a reservation made or replaced, a release, a withdrawal, a payment). */
  accountEvents: { accountId: string; seq: number }[];
  /** Records (kind, id, version) written with the batch, e.g. the post-clearance audit queue. */
  records?: RecordRow[];
}

export function emptyBatch(): CommitBatch {
  return { events: [], consignments: [], consignmentKeys: [], links: [], personal: [], activity: [], parties: [], notifications: [], rejections: [], checkpoints: [], counters: [], accounts: [], accountEvents: [] };
}

/**
 * `masterKey`: the key the store's own keys are wrapped under (master-key.ts), when not from the
 * environment or the `master.key` file beside the data.
 */
export type StoreOptions = { data?: string; database?: string; schema?: string; masterKey?: Buffer };

function isMessageEvent(event: StoredEvent | MessageEvent): event is MessageEvent {
  return 'messageId' in event;
}

/** Keeps the last row for each key: PostgreSQL refuses to upsert the same key twice in one statement. */
function lastByKey<T>(rows: T[], key: (row: T) => string): T[] {
  if (rows.length < 2) return rows;
  const map = new Map<string, T>();
  for (const row of rows) map.set(key(row), row);
  return map.size === rows.length ? rows : [...map.values()];
}

/** Settings that are secrets: kept wrapped under the master key. */
const SECRET_SETTINGS = ['platform-secret', 'checkpoint-signing-key', 'data-key-root'] as const;
const WRAPPED_SETTING = 'wrapped:';

function wrapSetting(master: MasterKey, key: string, value: string): string {
  return WRAPPED_SETTING + master.wrap(Buffer.from(value, 'utf8'), `setting:${key}`).toString('base64');
}

function unwrapSetting(master: MasterKey, key: string, value: string): string {
  return master.unwrap(Buffer.from(value.slice(WRAPPED_SETTING.length), 'base64'), `setting:${key}`).toString('utf8');
}

export class Store {
  private master: MasterKey | undefined;
  private masterChecked = false;
  private root: MasterKey | undefined;

  private constructor(readonly driver: SqlDriver, readonly location: string, private readonly masterKeySource: (create: boolean) => MasterKey) {}

  /** SQLite under `data` (default ./data) unless a postgres:// URL is given. */
  static async open(options: StoreOptions = {}): Promise<Store> {
    const url = options.database;
    let store: Store;
    if (url && /^postgres(ql)?:\/\//.test(url)) {
      // A `schema` query parameter keeps one installation's tables apart from another's in the same database.
      const parsed = new URL(url);
      const schema = options.schema ?? parsed.searchParams.get('schema') ?? undefined;
      parsed.searchParams.delete('schema');
      const masterKey = (create: boolean) => options.masterKey ? MasterKey.fromBytes(options.masterKey) : MasterKey.resolve(join(options.data ?? 'data', 'master.key'), { create });
      store = new Store(new PostgresDriver(parsed.toString(), { schema }), parsed.toString().replace(/\/\/[^@]*@/, '//'), masterKey);
    } else {
      const path = url && url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : join(options.data ?? 'data', 'luxor.sqlite');
      const masterKey = (create: boolean) => options.masterKey ? MasterKey.fromBytes(options.masterKey) : MasterKey.resolve(join(dirname(path), 'master.key'), { create });
      store = new Store(new SqliteDriver(path), path, masterKey);
    }
    await store.migrate();
    return store;
  }

  get dialect(): 'sqlite' | 'postgres' { return this.driver.dialect; }

  private async migrate(): Promise<void> {
    await this.driver.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set((await this.driver.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      const sql = migration.sql(this.driver.dialect);
      await this.driver.transaction(async (tx) => {
        for (const statement of sql.split(';').map((s) => s.trim()).filter(Boolean)) await tx.run(statement);
        await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [migration.version, new Date().toISOString()]);
      });
    }
  }

  async close(): Promise<void> { await this.driver.close(); }

  // ---- the log ----

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const rows = await this.driver.all<{ seq: number; hash: string }>('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
  }

  async readEvents(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.driver.all('SELECT seq, consignment_id, type, at, actor, payload, commitment, prev_hash, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit]);
    return rows.map(toEvent);
  }

  /**
   * Events of some types after `afterSeq`, in order, without their chain fields: for the shell's
   * projections that read the log again (relearning on start), which need neither the hashes nor
   * the rows of other types.
   */
  async readEventsOfTypes(afterSeq: number, limit: number, types: readonly string[]): Promise<LoggedEvent[]> {
    if (types.length === 0) return [];
    const rows = await this.driver.all(`SELECT seq, consignment_id, type, at, payload FROM events WHERE seq > ? AND type IN (${types.map(() => '?').join(', ')}) ORDER BY seq LIMIT ?`, [afterSeq, ...types, limit]);
    return rows.map((r) => ({ seq: Number(r.seq), consignmentId: r.consignment_id as string | null, type: String(r.type), at: String(r.at), payload: String(r.payload) }));
  }

  async *allEvents(batchSize = 5000): AsyncGenerator<StoredEvent> {
    let after = 0;
    for (;;) {
      const rows = await this.readEvents(after, batchSize);
      if (rows.length === 0) return;
      yield* rows;
      after = rows[rows.length - 1].seq;
    }
  }

  /**
   * The events that concern an account, in order: those indexed since the account index exists,
   * after every event from before it (older stores), which the caller filters.
   */
  async *accountEventsFrom(accountId: string): AsyncGenerator<StoredEvent> {
    const before = Number((await this.setting('account-events-from-seq')) ?? 0);
    for (let from = 0; from < before;) {
      const rows = await this.readEvents(from, Math.min(5000, before - from));
      if (rows.length === 0) break;
      yield* rows;
      from = rows[rows.length - 1].seq;
    }
    let after = before;
    for (;;) {
      const rows = (await this.driver.all('SELECT e.seq, e.consignment_id, e.type, e.at, e.actor, e.payload, e.commitment, e.prev_hash, e.hash FROM account_events a JOIN events e ON e.seq = a.seq WHERE a.account_id = ? AND a.seq > ? ORDER BY a.seq LIMIT 5000', [accountId, after])).map(toEvent);
      if (rows.length === 0) return;
      yield* rows;
      after = rows[rows.length - 1].seq;
    }
  }

  async eventsOf(consignmentId: string): Promise<StoredEvent[]> {
    const rows = await this.driver.all('SELECT seq, consignment_id, type, at, actor, payload, commitment, prev_hash, hash FROM events WHERE consignment_id = ? ORDER BY seq', [consignmentId]);
    return rows.map(toEvent);
  }

  /** Earlier answers by (sender, messageId), keyed `sender\nmessageId`. */
  async findMessages(keys: { sender: string; messageId: string }[]): Promise<Map<string, { contentHash: string; answer: string; consignmentId: string | null }>> {
    const found = new Map<string, { contentHash: string; answer: string; consignmentId: string | null }>();
    if (keys.length === 0) return found;
    if (this.driver instanceof SqliteDriver) {
      for (let start = 0; start < keys.length; start += 400) {
        const chunk = keys.slice(start, start + 400);
        const rows = this.driver.allSync<{ sender: string; message_id: string; content_hash: string; answer: string; consignment_id: string | null }>(
          `SELECT sender, message_id, content_hash, answer, consignment_id FROM events WHERE (sender, message_id) IN (VALUES ${chunk.map(() => '(?,?)').join(',')})`,
          chunk.flatMap((k) => [k.sender, k.messageId]));
        for (const row of rows) found.set(`${row.sender}\n${row.message_id}`, { contentHash: row.content_hash, answer: row.answer, consignmentId: row.consignment_id });
      }
      return found;
    }
    const rows = await this.driver.all<{ sender: string; message_id: string; content_hash: string; answer: string; consignment_id: string | null }>(
      'SELECT sender, message_id, content_hash, answer, consignment_id FROM events WHERE (sender, message_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))',
      [keys.map((k) => k.sender) as unknown as SqlValue, keys.map((k) => k.messageId) as unknown as SqlValue]);
    for (const row of rows) found.set(`${row.sender}\n${row.message_id}`, { contentHash: row.content_hash, answer: row.answer, consignmentId: row.consignment_id });
    return found;
  }

  async findLinks(keys: string[]): Promise<Map<string, LinkRow>> {
    return this.byKeys('SELECT key, consignment_id, owner FROM links WHERE key', keys, (row) => ({ key: String(row.key), consignmentId: String(row.consignment_id), owner: String(row.owner) }), (r) => r.key);
  }

  async loadConsignments(ids: string[]): Promise<Map<string, ConsignmentRow>> {
    return this.byKeys('SELECT * FROM consignments WHERE id', ids, toConsignment, (r) => r.id);
  }

  async consignmentByMrn(mrn: string): Promise<ConsignmentRow | undefined> {
    const rows = await this.driver.all('SELECT * FROM consignments WHERE mrn = ?', [mrn]);
    return rows[0] ? toConsignment(rows[0]) : undefined;
  }

  async listConsignments(filter: { fiscal?: string; lane?: string; limit: number; after?: string }): Promise<ConsignmentRow[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.fiscal) { where.push('fiscal = ?'); params.push(filter.fiscal); }
    if (filter.lane) { where.push('lane = ?'); params.push(filter.lane); }
    if (filter.after) { where.push('id > ?'); params.push(filter.after); }
    params.push(filter.limit);
    const rows = await this.driver.all(`SELECT * FROM consignments ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id LIMIT ?`, params);
    return rows.map(toConsignment);
  }

  async countConsignments(): Promise<{ fiscal: string; lane: string | null; count: number }[]> {
    const rows = await this.driver.all<{ fiscal: string; lane: string | null; n: number }>('SELECT fiscal, lane, COUNT(*) AS n FROM consignments GROUP BY fiscal, lane ORDER BY fiscal, lane');
    return rows.map((r) => ({ fiscal: r.fiscal, lane: r.lane, count: Number(r.n) }));
  }

  private async byKeys<T>(prefix: string, keys: string[], map: (row: Record<string, unknown>) => T, keyOf: (row: T) => string): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (keys.length === 0) return found;
    if (this.driver instanceof SqliteDriver) {
      // One statement for many keys costs far less than a statement per key.
      const unique = [...new Set(keys)];
      for (let start = 0; start < unique.length; start += 500) {
        const chunk = unique.slice(start, start + 500);
        const rows = chunk.length === 1 ? [this.driver.getSync(`${prefix} = ?`, chunk)].filter(Boolean) : this.driver.allSync(`${prefix} IN (${chunk.map(() => '?').join(',')})`, chunk);
        for (const row of rows) { const value = map(row as Record<string, unknown>); found.set(keyOf(value), value); }
      }
      return found;
    }
    const rows = await this.driver.all(`${prefix} = ANY(?::text[])`, [keys as unknown as SqlValue]);
    for (const row of rows) { const value = map(row); found.set(keyOf(value), value); }
    return found;
  }

  // ---- the write path ----

  /**
   * Writes a batch in one transaction. Commits are written one at a time in the order they were
   * asked for, and a batch whose first event does not follow the last one written is refused: when
   * a commit fails, the batches already built on top of it fail too, so the chain never has a gap.
   */
  commit(batch: CommitBatch): Promise<void> {
    const done = this.writing.then(() => this.commitNow(batch));
    this.writing = done.catch(() => undefined);
    return done;
  }

  private writing: Promise<unknown> = Promise.resolve();
  private lastSeq: number | undefined;

  private async commitNow(batch: CommitBatch): Promise<void> {
    const events = batch.events;
    if (events.length) {
      this.lastSeq ??= (await this.head())?.seq ?? 0;
      if (events[0].seq !== this.lastSeq + 1) {
        throw new Error(`the log ends at event ${this.lastSeq}; a batch starting at ${events[0].seq} would leave a gap in the chain: nothing was written`);
      }
    }
    try {
      if (this.driver instanceof SqliteDriver) await this.driver.backgroundTransaction((tx) => this.write(tx, batch));
      else await this.driver.transaction((tx) => this.write(tx, batch));
    } catch (error) {
      this.lastSeq = undefined;
      throw error;
    }
    if (events.length) this.lastSeq = events[events.length - 1].seq;
  }

  private async write(tx: SqlWriter, b: CommitBatch): Promise<void> {
    const plain: SqlValue[][] = [];
    const withMessage: SqlValue[][] = [];
    for (const e of b.events) {
      const base: SqlValue[] = [e.seq, e.consignmentId, e.type, e.at, e.actor, e.payload, e.commitment, e.prevHash, e.hash];
      if (isMessageEvent(e)) withMessage.push([...base, e.sender, e.messageId, e.contentHash, e.answer]);
      else plain.push(base);
    }
    const eventColumns = ['seq', 'consignment_id', 'type', 'at', 'actor', 'payload', 'commitment', 'prev_hash', 'hash'];
    // seq is explicit, so the two kinds of event row need no interleaving.
    await tx.insertMany('events', [...eventColumns, 'sender', 'message_id', 'content_hash', 'answer'], withMessage);
    await tx.insertMany('events', eventColumns, plain);
    await tx.insertMany('consignments', ['id', 'jurisdiction', 'mrn', 'transport_doc', 'fiscal', 'security', 'lane', 'declared_at', 'released_at', 'state', 'updated_seq'],
      lastByKey(b.consignments, (c) => c.id).map((c) => [c.id, c.jurisdiction, c.mrn, c.transportDoc, c.fiscal, c.security, c.lane, c.declaredAt, c.releasedAt, c.state, c.updatedSeq]),
      'ON CONFLICT (id) DO UPDATE SET mrn = excluded.mrn, transport_doc = excluded.transport_doc, fiscal = excluded.fiscal, security = excluded.security, lane = excluded.lane, declared_at = excluded.declared_at, released_at = excluded.released_at, state = excluded.state, updated_seq = excluded.updated_seq');
    await tx.insertMany('consignment_keys', ['consignment_id', 'data_key'], b.consignmentKeys.map((k) => [k.consignmentId, k.stored]), 'ON CONFLICT (consignment_id) DO NOTHING');
    await tx.insertMany('links', ['key', 'consignment_id', 'owner'], lastByKey(b.links, (l) => l.key).map((l) => [l.key, l.consignmentId, l.owner]), 'ON CONFLICT (key) DO NOTHING');
    await tx.insertMany('personal_data', ['seq', 'consignment_id', 'sealed'], b.personal.map((p) => [p.seq, p.consignmentId, p.sealed]));
    await tx.insertMany('activity', ['consignment_id', 'buyer_key', 'address_key', 'seller_key', 'at', 'items_total', 'currency'],
      lastByKey(b.activity, (a) => a.consignmentId).map((a) => [a.consignmentId, a.buyerKey, a.addressKey, a.sellerKey, a.at, a.itemsTotal, a.currency]),
      'ON CONFLICT (consignment_id) DO UPDATE SET buyer_key = excluded.buyer_key, address_key = excluded.address_key, seller_key = excluded.seller_key, items_total = excluded.items_total, currency = excluded.currency');
    await tx.insertMany('parties', ['key', 'first_seen', 'consignments', 'inspected', 'findings'],
      lastByKey(b.parties, (p) => p.key).map((p) => [p.key, p.firstSeen, p.consignments, p.inspected, p.findings]),
      'ON CONFLICT (key) DO UPDATE SET consignments = excluded.consignments, inspected = excluded.inspected, findings = excluded.findings');
    await tx.insertMany('notifications', ['org', 'consignment_id', 'at', 'body', 'callback_url', 'attempts', 'next_attempt_at'],
      b.notifications.map((n) => [n.org, n.consignmentId, n.at, n.body, n.callbackUrl, 0, n.callbackUrl ? n.at : null]));
    await tx.insertMany('rejections', ['at', 'sender', 'message_type', 'code', 'pointer', 'detail'], b.rejections.map((r) => [r.at, r.sender, r.messageType, r.code, r.pointer, r.detail]));
    await tx.insertMany('checkpoints', ['seq', 'head_hash', 'at', 'public_key', 'signature'], b.checkpoints.map((c) => [c.seq, c.headHash, c.at, c.publicKey, c.signature]));
    await tx.insertMany('counters', ['name', 'value'], lastByKey(b.counters, (c) => c.name).map((c) => [c.name, c.value]), 'ON CONFLICT (name) DO UPDATE SET value = excluded.value');
    await tx.insertMany('account_events', ['account_id', 'seq'], b.accountEvents.map((a) => [a.accountId, a.seq]), 'ON CONFLICT (account_id, seq) DO NOTHING');
    await tx.insertMany('accounts', ['id', 'org', 'currency', 'guarantee', 'used', 'created_at'], lastByKey(b.accounts, (a) => a.id).map((a) => [a.id, a.org, a.currency, a.guarantee, a.used, a.createdAt]),
      'ON CONFLICT (id) DO UPDATE SET guarantee = excluded.guarantee, used = excluded.used');
    if (b.records?.length) {
      await tx.insertMany('records', ['kind', 'id', 'version', 'status', 'body', 'updated_at'], lastByKey(b.records, (r) => `${r.kind}\n${r.id}\n${r.version}`).map((r) => [r.kind, r.id, r.version, r.status, r.body, r.updatedAt]),
        'ON CONFLICT (kind, id, version) DO UPDATE SET status = excluded.status, body = excluded.body, updated_at = excluded.updated_at');
    }
  }

  // ---- personal data ----

  async consignmentKey(consignmentId: string): Promise<Buffer | undefined> {
    const rows = await this.driver.all<{ data_key: Buffer | null }>('SELECT data_key FROM consignment_keys WHERE consignment_id = ?', [consignmentId]);
    const stored = rows[0]?.data_key;
    if (!stored) return undefined;
    return (await this.dataKeys()).openDataKey(consignmentId, Buffer.from(stored));
  }

  /**
   * What consignments' data keys are derived from: a root key of the store's own, kept wrapped
   * under the master key (setting `data-key-root`), so that rotating the master key re-wraps one
   * setting instead of every consignment's key. Made on first use.
   */
  async dataKeys(): Promise<MasterKey> {
    if (this.root) return this.root;
    const master = await this.masterKey();
    let wrapped = await this.setting('data-key-root');
    if (wrapped === undefined) {
      // Two processes opening a new store together keep whichever root was written first.
      await this.driver.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', ['data-key-root', wrapSetting(master, 'data-key-root', randomBytes(32).toString('base64'))]);
      wrapped = (await this.setting('data-key-root'))!;
    }
    this.root = MasterKey.fromBytes(Buffer.from(unwrapSetting(master, 'data-key-root', wrapped), 'base64'), 'the store\'s data-key root');
    return this.root;
  }

  /**
   * Puts every secret the master key protects under `next` instead, in one transaction, and
   * records `next` as the store's master key: the old key then opens nothing that is stored.
   * Consignments' data keys hang from the data-key root, which is one of those secrets.
   */
  async rotateMasterKey(next: MasterKey): Promise<{ secrets: number }> {
    const current = await this.masterKey();
    await this.dataKeys();
    const rows = await this.driver.all<{ key: string; value: string }>(`SELECT key, value FROM settings WHERE key IN (${SECRET_SETTINGS.map(() => '?').join(', ')})`, [...SECRET_SETTINGS]);
    await this.driver.transaction(async (tx) => {
      for (const r of rows) await tx.run('UPDATE settings SET value = ? WHERE key = ?', [wrapSetting(next, r.key, unwrapSetting(current, r.key, r.value)), r.key]);
      await tx.run('UPDATE settings SET value = ? WHERE key = ?', [next.id, 'master-key-id']);
    });
    this.master = next;
    return { secrets: rows.length };
  }

  /**
   * The master key, checked against the one this store was first written with (a different key
   * would open nothing and wrap new keys no one could open with the old one): a clear error
   * instead. On first use, what earlier versions kept in the clear is wrapped.
   */
  async masterKey(): Promise<MasterKey> {
    if (this.master && this.masterChecked) return this.master;
    const recorded = await this.setting('master-key-id');
    const master = this.master ?? this.masterKeySource(!recorded);
    this.master = master;
    if (recorded && recorded !== master.id) {
      throw new MasterKeyError(`the master key from ${master.source} is not the one this store's keys are wrapped under (key id ${recorded}, this one ${master.id}): give the right one in LUXOR_MASTER_KEY or LUXOR_MASTER_KEY_FILE`);
    }
    this.masterChecked = true;
    if (!recorded) {
      await this.putSetting('master-key-id', master.id);
      await this.wrapRawKeys(master, await this.dataKeys());
    }
    return master;
  }

  /** Data keys and secrets written in the clear by versions before wrapping, wrapped in one transaction. */
  private async wrapRawKeys(master: MasterKey, root: MasterKey): Promise<void> {
    const raw = await this.driver.all<{ consignment_id: string; data_key: Buffer }>('SELECT consignment_id, data_key FROM consignment_keys WHERE data_key IS NOT NULL AND length(data_key) = 32');
    const settings = await this.driver.all<{ key: string; value: string }>(`SELECT key, value FROM settings WHERE key IN (${SECRET_SETTINGS.map(() => '?').join(', ')})`, [...SECRET_SETTINGS]);
    await this.driver.transaction(async (tx) => {
      for (const r of raw) await tx.run('UPDATE consignment_keys SET data_key = ? WHERE consignment_id = ?', [root.wrap(Buffer.from(r.data_key), dataKeyLabel(r.consignment_id)), r.consignment_id]);
      for (const r of settings) {
        if (!r.value.startsWith(WRAPPED_SETTING)) await tx.run('UPDATE settings SET value = ? WHERE key = ?', [wrapSetting(master, r.key, r.value), r.key]);
      }
    });
  }

  /** A secret setting (the platform secret, the checkpoint signing key), kept wrapped under the master key. */
  async secretSetting(key: string): Promise<string | undefined> {
    const value = await this.setting(key);
    if (value === undefined) return undefined;
    if (!value.startsWith(WRAPPED_SETTING)) return value;
    return unwrapSetting(await this.masterKey(), key, value);
  }

  async putSecretSetting(key: string, value: string): Promise<void> {
    await this.putSetting(key, wrapSetting(await this.masterKey(), key, value));
  }

  async personalOf(consignmentId: string): Promise<PersonalRow[]> {
    const rows = await this.driver.all<{ seq: number; consignment_id: string; sealed: string }>('SELECT seq, consignment_id, sealed FROM personal_data WHERE consignment_id = ? ORDER BY seq', [consignmentId]);
    return rows.map((r) => ({ seq: Number(r.seq), consignmentId: r.consignment_id, sealed: r.sealed }));
  }

  /** Destroys the consignment's data key and its ciphertexts; the log keeps only commitments. */
  async erasePersonalData(consignmentId: string, at: string): Promise<boolean> {
    return this.driver.transaction(async (tx) => {
      const changed = await tx.run('UPDATE consignment_keys SET data_key = NULL, erased_at = ? WHERE consignment_id = ? AND data_key IS NOT NULL', [at, consignmentId]);
      await tx.run('DELETE FROM personal_data WHERE consignment_id = ?', [consignmentId]);
      return changed > 0;
    });
  }

  /** Consignments whose retention has run out and whose personal data still exists. */
  async erasableBefore(jurisdiction: string, declaredBefore: string, limit: number): Promise<string[]> {
    const rows = await this.driver.all<{ id: string }>(
      'SELECT c.id FROM consignments c JOIN consignment_keys k ON k.consignment_id = c.id WHERE c.jurisdiction = ? AND k.data_key IS NOT NULL AND c.declared_at IS NOT NULL AND c.declared_at < ? LIMIT ?', [jurisdiction, declaredBefore, limit]);
    return rows.map((r) => r.id);
  }

  // ---- aggregates for assessment ----

  async recentActivity(buyerKey: string, addressKey: string, since: string): Promise<ActivityRow[]> {
    // Two indexed look-ups: an OR across the two keys would scan the table.
    const rows = await this.driver.all('SELECT * FROM activity WHERE buyer_key = ? AND at >= ? UNION ALL SELECT * FROM activity WHERE address_key = ? AND buyer_key <> ? AND at >= ? ORDER BY at', [buyerKey, since, addressKey, buyerKey, since]);
    return rows.map((r) => ({ consignmentId: String(r.consignment_id), buyerKey: String(r.buyer_key), addressKey: String(r.address_key), sellerKey: String(r.seller_key), at: String(r.at), itemsTotal: String(r.items_total), currency: String(r.currency) }));
  }

  /** Recent activity of many buyers and addresses at once (the batch's prefetch). */
  async recentActivityMany(buyerKeys: string[], addressKeys: string[], since: string): Promise<ActivityRow[]> {
    const out: ActivityRow[] = [];
    const read = async (column: string, keys: string[]) => {
      for (let start = 0; start < keys.length; start += 500) {
        const chunk = keys.slice(start, start + 500);
        const rows = this.driver instanceof SqliteDriver
          ? this.driver.allSync(`SELECT * FROM activity WHERE ${column} IN (${chunk.map(() => '?').join(',')}) AND at >= ?`, [...chunk, since])
          : await this.driver.all(`SELECT * FROM activity WHERE ${column} = ANY(?::text[]) AND at >= ?`, [chunk as unknown as SqlValue, since]);
        for (const r of rows) out.push({ consignmentId: String(r.consignment_id), buyerKey: String(r.buyer_key), addressKey: String(r.address_key), sellerKey: String(r.seller_key), at: String(r.at), itemsTotal: String(r.items_total), currency: String(r.currency) });
      }
    };
    await read('buyer_key', buyerKeys);
    await read('address_key', addressKeys);
    return out;
  }

  async parties(keys: string[]): Promise<Map<string, PartyRow>> {
    return this.byKeys('SELECT * FROM parties WHERE key', keys,
      (r) => ({ key: String(r.key), firstSeen: String(r.first_seen), consignments: Number(r.consignments), inspected: Number(r.inspected), findings: Number(r.findings) }), (p) => p.key);
  }

  async counters(): Promise<Map<string, number>> {
    const rows = await this.driver.all<{ name: string; value: number }>('SELECT name, value FROM counters');
    return new Map(rows.map((r) => [r.name, Number(r.value)]));
  }

  // ---- notifications ----

  async notificationsFor(org: string, after: number, limit: number): Promise<NotificationRow[]> {
    const rows = await this.driver.all('SELECT seq, org, consignment_id, at, body, callback_url FROM notifications WHERE org = ? AND seq > ? ORDER BY seq LIMIT ?', [org, after, limit]);
    return rows.map((r) => ({ seq: Number(r.seq), org: String(r.org), consignmentId: r.consignment_id as string | null, at: String(r.at), body: String(r.body), callbackUrl: r.callback_url as string | null }));
  }

  async dueCallbacks(now: string, limit: number): Promise<(NotificationRow & { attempts: number })[]> {
    const rows = await this.driver.all('SELECT seq, org, consignment_id, at, body, callback_url, attempts FROM notifications WHERE callback_url IS NOT NULL AND delivered_at IS NULL AND next_attempt_at <= ? AND attempts < 12 ORDER BY next_attempt_at LIMIT ?', [now, limit]);
    return rows.map((r) => ({ seq: Number(r.seq), org: String(r.org), consignmentId: r.consignment_id as string | null, at: String(r.at), body: String(r.body), callbackUrl: r.callback_url as string | null, attempts: Number(r.attempts) }));
  }

  async recordCallback(seq: number, result: { delivered: boolean; at: string; nextAttemptAt?: string; error?: string }): Promise<void> {
    if (result.delivered) await this.driver.run('UPDATE notifications SET delivered_at = ?, attempts = attempts + 1 WHERE seq = ?', [result.at, seq]);
    else await this.driver.run('UPDATE notifications SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ?', [result.nextAttemptAt ?? null, result.error ?? null, seq]);
  }

  // ---- organisations and keys ----

  async upsertOrg(org: OrgRow): Promise<void> {
    await this.driver.run('INSERT INTO orgs (id, name, role, callback_url, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = COALESCE(excluded.name, orgs.name), callback_url = COALESCE(excluded.callback_url, orgs.callback_url)',
      [org.id, org.name, org.role, org.callbackUrl, org.createdAt]);
  }

  async getOrg(id: string): Promise<OrgRow | undefined> {
    const rows = await this.driver.all('SELECT * FROM orgs WHERE id = ?', [id]);
    const r = rows[0];
    return r ? { id: String(r.id), name: r.name as string | null, role: String(r.role), callbackUrl: r.callback_url as string | null, createdAt: String(r.created_at) } : undefined;
  }

  async orgsWithCallback(): Promise<OrgRow[]> {
    const rows = await this.driver.all('SELECT * FROM orgs WHERE callback_url IS NOT NULL');
    return rows.map((r) => ({ id: String(r.id), name: r.name as string | null, role: String(r.role), callbackUrl: r.callback_url as string | null, createdAt: String(r.created_at) }));
  }

  async setCallbackUrl(org: string, url: string | null): Promise<void> {
    await this.driver.run('UPDATE orgs SET callback_url = ? WHERE id = ?', [url, org]);
  }

  /** Creates an API key; only its SHA-256 is stored. Returns the key itself, once. */
  async createKey(org: string, role: string, label: string | null = null): Promise<string> {
    const key = `lux_${randomBytes(24).toString('base64url')}`;
    const now = new Date().toISOString();
    await this.upsertOrg({ id: org, name: null, role, callbackUrl: null, createdAt: now });
    await this.driver.run('INSERT INTO api_keys (hash, org, role, label, created_at) VALUES (?, ?, ?, ?, ?)', [hashKey(key), org, role, label, now]);
    return key;
  }

  /** Keys (never the key itself: its id is the first 12 hex digits of its hash), newest first. */
  async listKeys(org?: string): Promise<(KeyRow & { revokedAt: string | null })[]> {
    const rows = await this.driver.all(`SELECT hash, org, role, label, created_at, revoked_at FROM api_keys${org ? ' WHERE org = ?' : ''} ORDER BY created_at DESC`, org ? [org] : []);
    return rows.map((r) => ({ hash: String(r.hash), org: String(r.org), role: String(r.role), label: r.label as string | null, createdAt: String(r.created_at), revokedAt: (r.revoked_at as string | null) ?? null }));
  }

  /**
   * Revokes the keys whose id (hash prefix, at least 12 hex digits) or organisation is given; returns
   * how many were still valid. A revoked key is refused from then on (servers re-read within their
   * key cache's lifetime).
   */
  async revokeKeys(by: { keyId?: string; org?: string }, at = new Date().toISOString()): Promise<number> {
    if (by.keyId !== undefined) {
      if (!/^[0-9a-f]{12,64}$/.test(by.keyId)) throw new RangeError('a key id is 12 to 64 lower-case hex digits (the start of the key\'s hash, as `luxor keys list` shows it)');
      return this.driver.run('UPDATE api_keys SET revoked_at = ? WHERE revoked_at IS NULL AND substr(hash, 1, ?) = ?', [at, by.keyId.length, by.keyId]);
    }
    if (by.org !== undefined) return this.driver.run('UPDATE api_keys SET revoked_at = ? WHERE revoked_at IS NULL AND org = ?', [at, by.org]);
    throw new RangeError('name a key id or an organisation');
  }

  async findKey(key: string): Promise<KeyRow | undefined> {
    const rows = await this.driver.all('SELECT hash, org, role, label, created_at FROM api_keys WHERE hash = ? AND revoked_at IS NULL', [hashKey(key)]);
    const r = rows[0];
    return r ? { hash: String(r.hash), org: String(r.org), role: String(r.role), label: r.label as string | null, createdAt: String(r.created_at) } : undefined;
  }

  // ---- checkpoints ----

  async checkpoints(): Promise<CheckpointRow[]> {
    const rows = await this.driver.all('SELECT seq, head_hash, at, public_key, signature FROM checkpoints ORDER BY seq');
    return rows.map((r) => ({ seq: Number(r.seq), headHash: String(r.head_hash), at: String(r.at), publicKey: String(r.public_key), signature: String(r.signature) }));
  }

  async setting(key: string): Promise<string | undefined> {
    const rows = await this.driver.all<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
    return rows[0]?.value;
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.driver.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  // ---- accounts ----

  async accounts(): Promise<AccountRow[]> {
    const rows = await this.driver.all('SELECT * FROM accounts ORDER BY id');
    return rows.map(toAccount);
  }

  // ---- versioned records (rulesets, lists, models) ----

  async putRecord(row: RecordRow): Promise<void> {
    await this.driver.run('INSERT INTO records (kind, id, version, status, body, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, id, version) DO UPDATE SET status = excluded.status, body = excluded.body, updated_at = excluded.updated_at',
      [row.kind, row.id, row.version, row.status, row.body, row.updatedAt]);
  }

  /** Records of a kind in id order; a page of them after an id, of one status, when asked. */
  async records(kind: string, page: { status?: string; after?: string; limit?: number } = {}): Promise<RecordRow[]> {
    const where = ['kind = ?'];
    const params: SqlValue[] = [kind];
    if (page.status) { where.push('status = ?'); params.push(page.status); }
    if (page.after) { where.push('id > ?'); params.push(page.after); }
    const limit = page.limit === undefined ? '' : ' LIMIT ?';
    if (page.limit !== undefined) params.push(page.limit);
    const rows = await this.driver.all(`SELECT kind, id, version, status, body, updated_at FROM records WHERE ${where.join(' AND ')} ORDER BY id, version${limit}`, params);
    return rows.map((r) => ({ kind: String(r.kind), id: String(r.id), version: String(r.version), status: String(r.status), body: String(r.body), updatedAt: String(r.updated_at) }));
  }

  // ---- statistics ----

  async rejectionCounts(): Promise<{ code: string; sender: string | null; count: number }[]> {
    const rows = await this.driver.all<{ code: string; sender: string | null; n: number }>('SELECT code, sender, COUNT(*) AS n FROM rejections GROUP BY code, sender ORDER BY n DESC');
    return rows.map((r) => ({ code: r.code, sender: r.sender, count: Number(r.n) }));
  }

  /** Raw access for tests that play the tamperer. */
  async tamper(sql: string, params: SqlValue[] = []): Promise<number> { return this.driver.run(sql, params); }
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function toEvent(r: Record<string, unknown>): StoredEvent {
  return { seq: Number(r.seq), consignmentId: r.consignment_id as string | null, type: String(r.type), at: String(r.at), actor: String(r.actor), payload: String(r.payload), commitment: r.commitment as string | null, prevHash: String(r.prev_hash), hash: String(r.hash) };
}

function toConsignment(r: Record<string, unknown>): ConsignmentRow {
  return { id: String(r.id), jurisdiction: String(r.jurisdiction), mrn: r.mrn as string | null, transportDoc: r.transport_doc as string | null, fiscal: String(r.fiscal), security: String(r.security), lane: r.lane as string | null, declaredAt: r.declared_at as string | null, releasedAt: r.released_at as string | null, state: String(r.state), updatedSeq: Number(r.updated_seq) };
}

function toAccount(r: Record<string, unknown>): AccountRow {
  return { id: String(r.id), org: String(r.org), currency: String(r.currency), guarantee: String(r.guarantee), used: String(r.used), createdAt: String(r.created_at) };
}
