/**
 * Key lifecycle: `luxor keys list` shows key ids (hash prefixes), never keys; `luxor keys revoke`
 * disables a key or every key of an organisation, and a running server refuses it once its key
 * cache has expired (30 s by default; 0 here).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildServer } from '../../src/api/server.js';
import { failClosedPolicy } from '../../src/clearance/fail-closed-policy.js';
import { Store } from '../../src/ledger/store.js';
import { Platform } from '../../src/platform/platform.js';
import { luxorCli, tempDir } from '../helpers.js';

const luxor = luxorCli;

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

  it('gives the same over HTTP to the admin only: create, list ids without keys, revoke (refused at once on this server)', async () => {
    const t = tempDir();
    const store = await Store.open({ data: t.dir });
    const platform = await Platform.open(store, { policy: failClosedPolicy });
    const app = await buildServer({ platform });
    try {
      const admin = await store.createKey('ADMIN', 'admin');
      const call = async (method: string, url: string, key: string, body?: unknown) => {
        const r = await app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, payload: body ? JSON.stringify(body) : undefined });
        return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are inspected freely
      };
      const created = await call('POST', '/v1/admin/keys', admin, { org: 'DE9876543210', role: 'carrier' });
      assert.equal(created.status, 201);
      const carrier = created.body.key as string;
      assert.equal((await call('GET', '/v1/notifications', carrier)).status, 200);
      assert.equal((await call('GET', '/v1/admin/keys', carrier)).status, 403);
      const listed = await call('GET', '/v1/admin/keys?org=DE9876543210', admin);
      assert.equal(listed.body.keys.length, 1);
      assert.ok(!JSON.stringify(listed.body).includes(carrier), 'the key itself is never listed');
      const keyId = listed.body.keys[0].keyId as string;
      assert.equal((await call('DELETE', '/v1/admin/keys/zzz', admin)).status, 422);
      assert.deepEqual((await call('DELETE', `/v1/admin/keys/${keyId}`, admin)).body, { keyId, revoked: 1 });
      assert.equal((await call('GET', '/v1/notifications', carrier)).status, 401, 'refused at once, although it was cached');
      assert.equal((await call('DELETE', `/v1/admin/keys/${keyId}`, admin)).status, 404);
    } finally {
      await app.close();
      await platform.close();
      await store.close();
      t.cleanup();
    }
  });
});
