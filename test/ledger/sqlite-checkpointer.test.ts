/**
 * The write-ahead log is checkpointed by a thread of its own, not inside commits: under a
 * stream of commits it is copied into the database and started again once it holds 4,000
 * pages, so it stays bounded, and nothing committed is lost.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteDriver } from '../../src/ledger/sqlite-driver.js';
import { tempDir } from '../helpers.js';

test('the checkpointer thread keeps the log bounded under a stream of background commits, and every row stays', async () => {
  const temp = tempDir();
  const path = join(temp.dir, 'wal.sqlite');
  const driver = new SqliteDriver(path);
  try {
    await driver.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    assert.equal(await driver.checkpointStats(), undefined, 'no checkpointer before the writer thread starts');
    const body = 'x'.repeat(2000);
    let id = 0;
    // ~48 MB of rows in 1,200 commits without a pause. A PASSIVE checkpoint alone never starts the
    // log again while commits keep coming; the RESTART past 16 MiB of pages does. The log is counted
    // in pages, so the bounds are in bytes whatever the page size.
    const pageSize = driver.allSync<{ page_size: number }>('PRAGMA page_size')[0].page_size;
    let largest = 0;
    for (let c = 0; c < 1200; c++) {
      const rows = Array.from({ length: 20 }, () => [++id, body]);
      await driver.backgroundTransaction((tx) => { tx.insertMany('t', ['id', 'body'], rows); });
      if (c % 25 === 0) largest = Math.max(largest, (await driver.checkpointStats())!.log);
    }
    assert.ok(largest * pageSize < 36 * 1024 * 1024, `the log never held more than ${largest} pages of ${pageSize} bytes while commits kept coming`);
    const rounds = async (n: number) => {
      const from = (await driver.checkpointStats())!.runs;
      let stats = await driver.checkpointStats();
      for (let i = 0; i < 50 && stats!.runs < from + n; i++) {
        await new Promise((r) => setTimeout(r, 100));
        stats = await driver.checkpointStats();
      }
      assert.ok(stats && stats.runs >= from + n, JSON.stringify(stats));
      return stats;
    };
    // A RESTART checkpoint leaves the log for the next commit to start again from its beginning.
    await rounds(2);
    await driver.backgroundTransaction((tx) => { tx.insertMany('t', ['id', 'body'], [[++id, body]]); });
    const stats = await rounds(2);
    assert.equal(stats.error, undefined);
    assert.equal(stats.checkpointed, stats.log, 'every frame of the log is in the database');
    assert.ok(stats.log * pageSize < 16 * 1024 * 1024, `the log was started again (${stats.log} pages of ${pageSize} bytes in it)`);
    assert.ok(statSync(`${path}-wal`).size < 64 * 1024 * 1024, 'the WAL file stays bounded');
    const [{ n }] = driver.allSync<{ n: number }>('SELECT COUNT(*) AS n FROM t');
    assert.equal(n, 24_001);
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
