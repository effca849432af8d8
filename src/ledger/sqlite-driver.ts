import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqlDriver, SqlRow, SqlValue, SqlWriter } from './sql-driver.js';
import { sqliteInsertMany } from './sqlite-insert-many.js';
import { SqliteBackgroundWriter, type WriteOp } from './sqlite-writer.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import type { CheckpointStats } from './sqlite-checkpointer-worker.js';

/** Page size of a database this driver creates. */
export const SQLITE_PAGE_SIZE = 32_768;

/**
 * SQLite through better-sqlite3: WAL, synchronous=FULL so that a committed transaction is
 * fsync'd before the call returns. Statements are cached because the hot path reuses a few.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly writer: SqlWriter;
  private background: SqliteBackgroundWriter | undefined;
  private checkpointer: SqliteCheckpointer | undefined;

  /** `checkpoint` tunes the checkpointer thread (tests use a short interval; the defaults are the product's). */
  constructor(private readonly path: string, private readonly checkpoint: { intervalMs?: number; restartBytes?: number } = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // 32 KiB pages for a new database (an existing one keeps its page size; WAL mode fixes it).
    // Measured on the spine's rows, one transaction of 250 declarations on one thread
    // (docs/decisions/0001, "Page size"): 4 KiB pages cost ~200 µs of CPU per declaration, 32 KiB
    // ~117 µs. A declaration's events (~10 KB) no longer spill into overflow pages, and a commit
    // writes a few large WAL frames instead of many small ones (two write calls per frame).
    this.db.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536');
    this.db.pragma('wal_autocheckpoint = 10000');
    this.db.pragma('temp_store = MEMORY');
    this.writer = {
      run: (sql, params) => this.statement(sql).run(...(params ?? [])).changes,
      all: <T>(sql: string, params?: SqlValue[]) => this.statement(sql).all(...(params ?? [])) as T[],
      insertMany: (table, columns, rows, onConflict) => sqliteInsertMany((sql) => this.statement(sql), table, columns, rows, onConflict),
    };
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async exec(sql: string): Promise<void> { this.db.exec(sql); }

  async all<T = SqlRow>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return this.statement(sql).all(...params) as T[];
  }

  /** Synchronous read, for the hot path where a promise per lookup would cost more than the lookup. */
  allSync<T = SqlRow>(sql: string, params: SqlValue[] = []): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  /** Synchronous single-row read. */
  getSync<T = SqlRow>(sql: string, params: SqlValue[] = []): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  async run(sql: string, params: SqlValue[] = []): Promise<number> {
    return this.statement(sql).run(...params).changes;
  }

  async transaction<T>(work: (tx: SqlWriter) => Promise<T> | T): Promise<T> {
    // better-sqlite3 transactions are synchronous; `work` must not await anything but the writer.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(this.writer);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /**
   * Runs `work` as one transaction on the writer thread (started on first use): `work` may
   * only write (its reads would see the state before the writes still queued).
   */
  async backgroundTransaction(work: (tx: SqlWriter) => Promise<void> | void): Promise<void> {
    if (this.path === ':memory:') return this.transaction(work);
    const ops: WriteOp[] = [];
    await work({
      run: (sql, params) => { ops.push({ kind: 'run', sql, params: params ?? [] }); return 0; },
      all: () => { throw new Error('a background transaction cannot read'); },
      insertMany: (table, columns, rows, onConflict) => { if (rows.length) ops.push({ kind: 'insertMany', table, columns, rows, onConflict }); },
    });
    if (this.background?.failed) {
      // A writer thread that died takes nothing with it (its transaction rolled back): start another.
      await this.background.close().catch(() => undefined);
      this.background = undefined;
    }
    this.background ??= new SqliteBackgroundWriter(this.path);
    // From now on the log is checkpointed by a thread of its own, never inside a commit; a
    // checkpointer that died is replaced here too, or the log would grow with no one to copy it.
    if (!this.checkpointer?.running) {
      this.checkpointer = new SqliteCheckpointer(this.path, this.checkpoint.intervalMs, this.checkpoint.restartBytes);
      this.db.pragma('wal_autocheckpoint = 0');
    }
    await this.background.commit(ops);
  }

  /** What the checkpointer thread last did; undefined before the writer thread started. */
  async checkpointStats(): Promise<CheckpointStats | undefined> {
    return this.checkpointer?.running ? this.checkpointer.stats() : undefined;
  }

  async close(): Promise<void> {
    if (this.background) { await this.background.close(); this.background = undefined; }
    if (this.checkpointer) { await this.checkpointer.stop(); this.checkpointer = undefined; }
    if (this.db.open) {
      try { this.db.pragma('wal_checkpoint(TRUNCATE)'); } catch { /* closing anyway */ }
      this.db.close();
    }
  }
}
