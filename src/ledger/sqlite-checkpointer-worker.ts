/**
 * The checkpointer thread of SqliteDriver: on its own connection it copies the write-ahead log
 * into the database file (`PRAGMA wal_checkpoint(PASSIVE)`) every few hundred milliseconds.
 *
 * Why a thread of its own: SQLite's automatic checkpoint runs inside the COMMIT that crosses the
 * WAL size limit, so one commit in a few hundred carried the copy of thousands of pages and its
 * fsync; on this machine such commits took 45–90 ms, a large part of the single-submission tail at
 * moderate load (docs/decisions/0001). A PASSIVE checkpoint does not block the writer (it takes the
 * checkpoint lock, not the write lock), so those commits now wait only for their own WAL fsync.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointStats {
  /** Checkpoints run since the thread started. */
  runs: number;
  /** Of those, the ones that found the log past its size and restarted it (RESTART). */
  restarts: number;
  /** Frames in the WAL and frames copied into the database, as the last checkpoint reported them. */
  log: number;
  checkpointed: number;
  /** The last checkpoint could not copy every frame (a reader or writer held it back). */
  busy: boolean;
  error?: string;
}

const { path, intervalMs, restartBytes } = workerData as { path: string; intervalMs: number; restartBytes: number };
const db = new Database(path);
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
// The log is counted in frames of one page each; the limit is in bytes, whatever the page size.
const restartFrames = Math.max(1, Math.floor(restartBytes / (db.pragma('page_size', { simple: true }) as number)));
const stats: CheckpointStats = { runs: 0, restarts: 0, log: 0, checkpointed: 0, busy: false };

type Result = { busy: number; log: number; checkpointed: number };

function checkpoint(): void {
  try {
    let [row] = db.pragma('wal_checkpoint(PASSIVE)') as Result[];
    // A PASSIVE checkpoint never restarts the log while commits keep arriving (the log restarts
    // only when a writer begins with every frame copied), so under steady load the WAL file would
    // grow without end. Past a size, RESTART: it waits for the commit in progress, copies the few
    // frames written since the PASSIVE pass and waits for readers, so that the next commit starts
    // the log from its beginning; commits wait only that long.
    if (row.log >= restartFrames) {
      [row] = db.pragma('wal_checkpoint(RESTART)') as Result[];
      stats.restarts++;
    }
    stats.runs++;
    stats.log = row.log;
    stats.checkpointed = row.checkpointed;
    stats.busy = row.busy !== 0;
    stats.error = undefined;
  } catch (error) {
    // The next round tries again; the writer's WAL only grows meanwhile, nothing is lost.
    stats.error = (error as Error).message;
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort!.on('message', (message: 'stats' | 'stop') => {
  if (message === 'stats') parentPort!.postMessage(stats);
  else {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort!.postMessage('stopped');
  }
});
