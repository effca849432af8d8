/**
 * The real server process on PostgreSQL: `luxor serve --database postgres://…`, over HTTP.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Store } from '../../src/ledger/store.js';
import { PG_URL, example, postgresAvailable } from '../helpers.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

async function start(url: string): Promise<{ child: ChildProcess; output: () => string; base: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--database', url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { output += c.toString(); });
  let base = '';
  for (let i = 0; i < 200 && !base; i++) {
    base = /listening on (http:\/\/[^\s]+)/.exec(output)?.[1] ?? '';
    if (!base) await new Promise((r) => setTimeout(r, 50));
  }
  // The lines printed after the listening line are written with it.
  await new Promise((r) => setTimeout(r, 50));
  return { child, output: () => output, base };
}

describe('the server on PostgreSQL', () => {
  it('serves, takes a declaration durably, verifies its audit log, and on restart relearns from it', async (t) => {
    if (!(await postgresAvailable())) { t.skip('PostgreSQL not reachable at 127.0.0.1:5432: skipping the PostgreSQL server test'); return; }
    const schema = `srv_${Date.now().toString(36)}`;
    const url = `${PG_URL}?schema=${schema}`;
    const keys = spawnSync(process.execPath, [CLI, 'keys', 'create', '--database', url, '--org', 'IM5280000001', '--role', 'platform'], { encoding: 'utf8' });
    assert.equal(keys.status, 0, keys.stderr);
    const key = keys.stdout.trim().split('\n').pop()!;
    let { child, output, base } = await start(url);
    try {
      assert.ok(base, output());
      assert.match(output(), /store: postgres/);
      const health = await fetch(`${base}/healthz`);
      assert.equal(((await health.json()) as { store: string }).store, 'postgres');
      const response = await fetch(`${base}/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(example('declaration-eu-ioss.json')) });
      assert.equal(response.status, 202);
      const body = (await response.json()) as { consignment: string; mrn: string };
      assert.match(body.mrn, /^\d{2}NL/);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    const verify = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--database', url], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /intact: [1-9]\d* events verified/);
    // Restarted, the server reads the log again for what its engines learn (relearn.ts).
    ({ child, output, base } = await start(url));
    try {
      assert.ok(base, output());
      assert.match(output(), /relearned from the log's latest \d+ events: 1 decisions observed/);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    const store = await Store.open({ database: url });
    await store.driver.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store.close();
  });
});
