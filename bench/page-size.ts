/**
 * What the rows of one new declaration cost SQLite at each page size, on one thread, table by table:
 * `node dist/bench/page-size.js [N]` (prints a table, writes bench/results/page-size.json). The rows
 * are shaped and sized as the spine writes them (bench/footprint.ts counts them after a real run):
 * two events (message ~1.8 KB with a 3 KB answer, decision ~4.7 KB), the consignment, its key, two
 * links, personal data, activity and the buyer's party row; transactions of 250, WAL,
 * synchronous=FULL. It decided SQLITE_PAGE_SIZE (docs/decisions/0001, "Page size").
 */
import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../src/domain/paths.js';
import type { SqlValue } from '../src/ledger/sql-driver.js';
import { sqliteInsertMany } from '../src/ledger/sqlite-insert-many.js';
import { Store } from '../src/ledger/store.js';

const TABLES = ['events(message)', 'events(decision)', 'consignments', 'consignment_keys', 'links', 'personal_data', 'activity', 'parties', 'commit'] as const;
type Part = typeof TABLES[number];

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

const digest = (text: string, encoding: 'hex' | 'base64url' = 'hex'): string => createHash('sha256').update(text).digest(encoding);

export async function benchPageSize(pageSize: number, n: number): Promise<Record<Part | 'total', number>> {
  const dir = mkdtempSync(join(tmpdir(), 'luxor-pages-'));
  try {
    const path = join(dir, 'luxor.sqlite');
    // The page size is set before the first table, then the store's own schema is laid.
    const pre = new Database(path);
    pre.pragma(`page_size = ${pageSize}`);
    pre.pragma('journal_mode = WAL');
    pre.close();
    await (await Store.open({ data: dir })).close();
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('cache_size = -65536');
    db.pragma('wal_autocheckpoint = 0');
    if (db.pragma('page_size', { simple: true }) !== pageSize) throw new Error(`page size ${pageSize} was not applied`);
    const statements = new Map<string, Database.Statement>();
    const statement = (sql: string): Database.Statement => {
      let s = statements.get(sql);
      if (!s) { s = db.prepare(sql); statements.set(sql, s); }
      return s;
    };
    const at = new Date().toISOString();
    const payload = 'x'.repeat(1800), decision = 'd'.repeat(4700), answer = 'a'.repeat(3000), sealed = 's'.repeat(480);
    const cost = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<Part, number>;
    let seq = 0;
    for (let start = 0; start < n; start += 250) {
      const rows: Record<Part, SqlValue[][]> = Object.fromEntries(TABLES.map((t) => [t, []])) as unknown as Record<Part, SqlValue[][]>;
      for (let i = start; i < Math.min(n, start + 250); i++) {
        const id = 'LX' + digest(String(i)).slice(0, 22).toUpperCase();
        const h = digest(`${pageSize}/${i}`);
        const buyer = 'name:' + digest(`b${i % 50_000}`, 'base64url').slice(0, 22);
        rows['events(message)'].push([++seq, id, 'message.declaration', at, 'IM5280000001', payload, h, h, h, 'IM5280000001', `m${i}`, h, answer]);
        rows['events(decision)'].push([++seq, id, 'decision', at, 'policy:engines', decision, null, h, h]);
        rows.consignments.push([id, 'EU', `26NL${i}`, `HAWB${i}`, 'assessed', 'none', 'green', at, null, '{"gates":["arrival"]}', seq]);
        rows.consignment_keys.push([id, randomBytes(32)]);
        rows.links.push([`td:EU:HAWB${String(i).padStart(8, '0')}`, id, 'IM5280000001'], [`order:EU:ORD-${i}`, id, 'IM5280000001']);
        rows.personal_data.push([seq - 1, id, sealed]);
        rows.activity.push([id, buyer, 'addr:' + digest(`a${i % 50_000}`, 'base64url').slice(0, 22), 'id:S-88213', at, '39.99', 'EUR']);
        rows.parties.push([buyer, at, 1, 0, 0]);
      }
      let t = cpuMicros();
      const lap = (part: Part): void => { const now = cpuMicros(); cost[part] += now - t; t = now; };
      db.exec('BEGIN IMMEDIATE');
      sqliteInsertMany(statement, 'events', ['seq', 'consignment_id', 'type', 'at', 'actor', 'payload', 'commitment', 'prev_hash', 'hash', 'sender', 'message_id', 'content_hash', 'answer'], rows['events(message)']); lap('events(message)');
      sqliteInsertMany(statement, 'events', ['seq', 'consignment_id', 'type', 'at', 'actor', 'payload', 'commitment', 'prev_hash', 'hash'], rows['events(decision)']); lap('events(decision)');
      sqliteInsertMany(statement, 'consignments', ['id', 'jurisdiction', 'mrn', 'transport_doc', 'fiscal', 'security', 'lane', 'declared_at', 'released_at', 'state', 'updated_seq'], rows.consignments, 'ON CONFLICT (id) DO UPDATE SET fiscal = excluded.fiscal'); lap('consignments');
      sqliteInsertMany(statement, 'consignment_keys', ['consignment_id', 'data_key'], rows.consignment_keys, 'ON CONFLICT (consignment_id) DO NOTHING'); lap('consignment_keys');
      sqliteInsertMany(statement, 'links', ['key', 'consignment_id', 'owner'], rows.links, 'ON CONFLICT (key) DO NOTHING'); lap('links');
      sqliteInsertMany(statement, 'personal_data', ['seq', 'consignment_id', 'sealed'], rows.personal_data); lap('personal_data');
      sqliteInsertMany(statement, 'activity', ['consignment_id', 'buyer_key', 'address_key', 'seller_key', 'at', 'items_total', 'currency'], rows.activity, 'ON CONFLICT (consignment_id) DO UPDATE SET items_total = excluded.items_total'); lap('activity');
      const parties = [...new Map(rows.parties.map((r) => [String(r[0]), r])).values()];
      sqliteInsertMany(statement, 'parties', ['key', 'first_seen', 'consignments', 'inspected', 'findings'], parties, 'ON CONFLICT (key) DO UPDATE SET consignments = excluded.consignments'); lap('parties');
      db.exec('COMMIT'); lap('commit');
      // The checkpointer thread's work, kept out of the figures as it is in the platform.
      if ((start / 250) % 16 === 15) db.pragma('wal_checkpoint(RESTART)');
    }
    db.close();
    const out = Object.fromEntries(TABLES.map((t) => [t, Number((cost[t] / n).toFixed(1))])) as Record<Part | 'total', number>;
    out.total = Number((TABLES.reduce((s, t) => s + cost[t], 0) / n).toFixed(1));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 20_000);
  const sizes = [4096, 16_384, 32_768, 65_536];
  const results: Record<string, Record<string, number>> = {};
  for (const size of sizes) results[size] = await benchPageSize(size, n);
  console.log(`| page size | ${[...TABLES, 'total'].join(' | ')} |`);
  console.log(`| ---: | ${[...TABLES, 'total'].map(() => '---:').join(' | ')} |`);
  for (const size of sizes) console.log(`| ${size} | ${[...TABLES, 'total'].map((t) => results[size][t]).join(' | ')} |`);
  console.log('µs of CPU per declaration, one thread, transactions of 250, synchronous=FULL');
  const dir = join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'page-size.json'), JSON.stringify({ declarations: n, results }, null, 2) + '\n');
}
