/**
 * The SQLite commit on a second thread. A batch's rows are written and fsync'd by a worker with
 * its own connection, so the main thread goes on with the next batch instead of waiting in
 * SQLite (better-sqlite3 is synchronous). Commits run one at a time, in the order they were sent.
 */
import { Worker } from 'node:worker_threads';
import type { SqlValue } from './sql-driver.js';

/** One write of a background commit, as the store's writer described it. */
export type WriteOp =
  | { kind: 'insertMany'; table: string; columns: string[]; rows: SqlValue[][]; onConflict?: string }
  | { kind: 'run'; sql: string; params: SqlValue[] };

interface Reply { id: number; error?: string }

export class SqliteBackgroundWriter {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;
  private closing = false;

  constructor(path: string) {
    this.worker = new Worker(new URL('./sqlite-writer-worker.js', import.meta.url), { workerData: { path } });
    this.worker.on('message', (reply: Reply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (reply.error === undefined) w.resolve(); else w.reject(new Error(reply.error));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => { if (!this.closing) this.fail(new Error(`the SQLite writer thread stopped (exit ${code})`)); });
    // The worker must not keep a finished process alive.
    this.worker.unref();
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  /** Resolves when the transaction is committed and on disk. */
  commit(ops: WriteOp[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, ops });
    }).finally(() => { if (this.waiting.size === 0) this.worker.unref(); });
  }

  get pending(): number { return this.waiting.size; }

  /** The thread stopped or broke: every later commit would fail; the driver starts a new writer. */
  get failed(): boolean { return this.failure !== undefined; }

  async close(): Promise<void> {
    while (this.waiting.size && !this.failure) await new Promise((r) => setTimeout(r, 1));
    this.closing = true;
    await this.worker.terminate();
  }
}
