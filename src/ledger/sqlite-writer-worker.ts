/**
 * The writer thread of SqliteBackgroundWriter: one connection, WAL, synchronous=FULL; each
 * message is one transaction, answered only after COMMIT returned (the data is fsync'd).
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { SqlValue } from './sql-driver.js';
import type { WriteOp } from './sqlite-writer.js';
import { sqliteInsertMany } from './sqlite-insert-many.js';

const db = new Database((workerData as { path: string }).path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');
// Checkpoints run on the checkpointer thread (sqlite-checkpointer-worker.ts), never inside a commit.
db.pragma('wal_autocheckpoint = 0');
const statements = new Map<string, Database.Statement>();

function statement(sql: string): Database.Statement {
  let s = statements.get(sql);
  if (!s) { s = db.prepare(sql); statements.set(sql, s); }
  return s;
}

/** Buffers arrive as plain Uint8Arrays after the structured clone. */
function bindable(v: SqlValue | Uint8Array): SqlValue {
  return v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
}

parentPort!.on('message', ({ id, ops }: { id: number; ops: WriteOp[] }) => {
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const op of ops) {
        if (op.kind === 'insertMany') sqliteInsertMany(statement, op.table, op.columns, op.rows, op.onConflict, (row) => row.map(bindable));
        else statement(op.sql).run(...op.params.map(bindable));
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    parentPort!.postMessage({ id });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
