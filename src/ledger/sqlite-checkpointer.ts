/**
 * Starts and stops the checkpointer thread (sqlite-checkpointer-worker.ts) beside the SQLite
 * writer thread; the connections that commit then turn their automatic checkpoints off.
 */
import { Worker } from 'node:worker_threads';
import type { CheckpointStats } from './sqlite-checkpointer-worker.js';

export class SqliteCheckpointer {
  private readonly worker: Worker;
  private stopped = false;

  /** Every `intervalMs` a PASSIVE checkpoint; a RESTART once the log holds `restartBytes` of pages (16 MiB: 4,000 pages of 4 KiB, 500 of 32 KiB). */
  constructor(path: string, intervalMs = 200, restartBytes = 16 * 1024 * 1024) {
    this.worker = new Worker(new URL('./sqlite-checkpointer-worker.js', import.meta.url), { workerData: { path, intervalMs, restartBytes } });
    // A thread that only tidies the log must never keep a finished process alive.
    this.worker.unref();
    this.worker.on('error', () => { this.stopped = true; });
    this.worker.on('exit', () => { this.stopped = true; });
  }

  /** What the last checkpoint did (for tests and diagnostics). */
  stats(): Promise<CheckpointStats> {
    if (this.stopped) return Promise.reject(new Error('the checkpointer thread has stopped'));
    return new Promise((resolve) => {
      this.worker.once('message', (stats: CheckpointStats) => resolve(stats));
      this.worker.postMessage('stats');
    });
  }

  get running(): boolean { return !this.stopped; }

  /** Runs a last checkpoint and closes the thread's connection. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.worker.ref();
    await new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('stop');
    });
    this.stopped = true;
    await this.worker.terminate();
  }
}
