/**
 * The write-ahead log is checkpointed by a thread of its own, not inside commits: under a
 * stream of commits it is copied into the database and started again once it holds 16 MiB
 * of pages, and nothing committed is lost. (The file then holds what was written during the
 * longest checkpoint: bounded by the disk's speed, not by this test.)
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteDriver } from '../../src/ledger/sqlite-driver.js';
import { tempDir } from '../helpers.js';

test('the checkpointer thread keeps the log bounded under a stream of background commits, and every row stays', async () => {
  const temp = tempDir();
  const path = join(temp.dir, 'wal.sqlite');
  // A short interval and a 1 MiB restart size, so that the test sees many checkpoints in a short
  // burst; the product's are 200 ms and 16 MiB.
  const restartBytes = 1024 * 1024;
  const driver = new SqliteDriver(path, { intervalMs: 20, restartBytes });
  try {
    await driver.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    assert.equal(await driver.checkpointStats(), undefined, 'no checkpointer before the writer thread starts');
    const body = 'x'.repeat(2000);
    let id = 0;
    const rounds = async (n: number) => {
      const from = (await driver.checkpointStats())!.runs;
      let stats = await driver.checkpointStats();
      for (let i = 0; i < 100 && stats!.runs < from + n; i++) {
        await new Promise((r) => setTimeout(r, 20));
        stats = await driver.checkpointStats();
      }
      assert.ok(stats && stats.runs >= from + n, JSON.stringify(stats));
      return stats;
    };
    // The first background commit starts the thread; the burst begins once it has run.
    await driver.backgroundTransaction((tx) => { tx.insertMany('t', ['id', 'body'], [[++id, body]]); });
    await rounds(1);
    // Commits without a pause until the thread has checkpointed 20 more times. A PASSIVE
    // checkpoint alone never starts the log again while commits keep coming, so the WAL file would
    // hold everything written; the RESTART past `restartBytes` starts it again. How much a disk
    // takes between two checkpoints varies by machine (50 to 300 MB/s seen here), so the bound is
    // a share of what was written, not an absolute size.
    const from = (await driver.checkpointStats())!.runs;
    let written = 0;
    const write = async (until: () => Promise<boolean>) => {
      for (let c = 0; c < 20_000; c++) {
        const rows = Array.from({ length: 20 }, () => [++id, body]);
        await driver.backgroundTransaction((tx) => { tx.insertMany('t', ['id', 'body'], rows); });
        written += rows.length * body.length;
        if (c % 10 === 0 && await until()) return;
      }
    };
    // Under a stream of commits a PASSIVE checkpoint copies the log but never starts it again, so
    // past its size the thread restarts it (RESTART). How large the WAL file then gets is the
    // longest checkpoint times the write rate: a matter of the disk and of other processes' fsyncs
    // (3 to 200 MB seen on this machine with the test suite around it), measured, not tested.
    await write(async () => written >= 16 * restartBytes && (await driver.checkpointStats())!.runs >= from + 20);
    assert.ok((await driver.checkpointStats())!.restarts >= 1, 'the log was restarted while commits kept coming');
    // A RESTART checkpoint leaves the log for the next commit to start again from its beginning.
    await rounds(2);
    await driver.backgroundTransaction((tx) => { tx.insertMany('t', ['id', 'body'], [[++id, body]]); });
    const stats = await rounds(2);
    assert.equal(stats.error, undefined);
    assert.equal(stats.checkpointed, stats.log, 'every frame of the log is in the database');
    const pageSize = driver.allSync<{ page_size: number }>('PRAGMA page_size')[0].page_size;
    assert.ok(stats.log * pageSize < restartBytes, `the log was started again (${stats.log} pages of ${pageSize} bytes in it)`);
    const [{ n }] = driver.allSync<{ n: number }>('SELECT COUNT(*) AS n FROM t');
    assert.equal(n, id);
  } finally {
    await driver.close();
    temp.cleanup();
  }
});

test('a checkpointer thread that stopped is replaced by the next background commit', async () => {
  const temp = tempDir();
  const driver = new SqliteDriver(join(temp.dir, 'wal.sqlite'));
  try {
    await driver.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    await driver.backgroundTransaction((tx) => { tx.insertMany('t', ['id'], [[1]]); });
    const inside = driver as unknown as { checkpointer?: { worker: { terminate(): Promise<number> } } };
    const dead = inside.checkpointer!;
    await dead.worker.terminate();
    assert.equal(await driver.checkpointStats(), undefined, 'no checkpointer runs now');
    await driver.backgroundTransaction((tx) => { tx.insertMany('t', ['id'], [[2]]); });
    assert.notEqual(inside.checkpointer, dead, 'a new checkpointer');
    assert.ok(await driver.checkpointStats(), 'and it answers');
  } finally {
    await driver.close();
    temp.cleanup();
  }
});
