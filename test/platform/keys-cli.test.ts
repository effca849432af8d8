/**
 * Key lifecycle: `luxor keys list` shows key ids (hash prefixes), never keys; `luxor keys revoke`
 * disables a key or every key of an organisation, and a running server refuses it once its key
 * cache has expired (30 s by default; 0 here).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../../src/api/server.js';
import { failClosedPolicy } from '../../src/clearance/fail-closed-policy.js';
import { Store } from '../../src/ledger/store.js';
import { Platform } from '../../src/platform/platform.js';
import { tempDir } from '../helpers.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function luxor(...args: string[]): { status: number; out: string; err: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: result.status ?? -1, out: result.stdout, err: result.stderr };
}

describe('luxor keys', () => {
  it('lists key ids without the keys, revokes one key or a whole organisation, and the server then refuses them', async () => {
    const t = tempDir();
    try {
      const created = luxor('keys', 'create', '--data', t.dir, '--org', 'BE0123456789', '--role', 'carrier');
      assert.equal(created.status, 0, created.err);
      const carrierKey = created.out.trim().split('\n').pop()!;
      const second = luxor('keys', 'create', '--data', t.dir, '--org', 'BE0123456789', '--role', 'carrier').out.trim().split('\n').pop()!;
      const officerKey = luxor('keys', 'create', '--data', t.dir, '--org', 'OFFICER-1', '--role', 'customs-officer').out.trim().split('\n').pop()!;

      const listed = luxor('keys', 'list', '--data', t.dir);
      assert.equal(listed.status, 0, listed.err);
      const lines = listed.out.trim().split('\n');
      assert.equal(lines.length, 3);
      for (const key of [carrierKey, second, officerKey]) assert.ok(!listed.out.includes(key), 'a listed key is never shown');

      const store = await Store.open({ data: t.dir });
      const platform = await Platform.open(store, { policy: failClosedPolicy });
      const app = await buildServer({ platform, keyCacheMs: 0 });
      const get = async (key: string) => (await app.inject({ method: 'GET', url: '/v1/notifications', headers: { authorization: `Bearer ${key}` } })).statusCode;
      try {
        assert.deepEqual([await get(carrierKey), await get(second), await get(officerKey)], [200, 200, 200]);
        const keyId = (await store.listKeys('BE0123456789'))[0].hash.slice(0, 12);
        const one = luxor('keys', 'revoke', '--data', t.dir, '--key-id', keyId);
        assert.equal(one.status, 0, one.err);
        assert.match(one.out, /^1 key revoked/);
        const stillValid = [await get(carrierKey), await get(second)].filter((s) => s === 200).length;
        assert.equal(stillValid, 1, 'exactly the revoked key is refused');
        assert.equal(luxor('keys', 'revoke', '--data', t.dir, '--org', 'BE0123456789').status, 0);
        assert.deepEqual([await get(carrierKey), await get(second), await get(officerKey)], [401, 401, 200]);
        assert.match(luxor('keys', 'list', '--data', t.dir, '--org', 'BE0123456789').out, /revoked 20\d\d-/);
        assert.equal(luxor('keys', 'revoke', '--data', t.dir, '--key-id', 'not-hex').status, 2);
        assert.equal(luxor('keys', 'revoke', '--data', t.dir).status, 2);
      } finally {
        await app.close();
        await platform.close();
        await store.close();
      }
    } finally {
      t.cleanup();
    }
  });
});
