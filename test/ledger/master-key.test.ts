/**
 * The store's keys (each consignment's data key, the platform secret, the checkpoint signing key)
 * are wrapped under a master key kept outside the store: a copy of the database alone opens no
 * personal data. Erasure still destroys one consignment's key (retention.test.ts).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DeclarationMessage } from '../../src/domain/message.js';
import { MasterKey, MasterKeyError } from '../../src/ledger/master-key.js';
import { Store } from '../../src/ledger/store.js';
import { enginePolicy, loadEngines } from '../../src/platform/engines.js';
import { Platform } from '../../src/platform/platform.js';
import { example, luxorCli, tempDir } from '../helpers.js';

const caller = { org: 'IM5280000001', role: 'platform', keyId: 't' };
const policy = enginePolicy(loadEngines());

async function declareOne(dir: string): Promise<string> {
  const store = await Store.open({ data: dir });
  const platform = await Platform.open(store, { policy });
  const answer = await platform.submit(example('declaration-eu-ioss.json') as unknown as DeclarationMessage, caller);
  assert.equal(answer.status, 202, JSON.stringify(answer));
  await platform.close();
  await store.close();
  return (answer.body as { consignment: string }).consignment;
}

async function buyerAfterReopen(dir: string, consignment: string, masterKey?: Buffer): Promise<string | undefined> {
  const store = await Store.open({ data: dir, masterKey });
  try {
    const platform = await Platform.open(store, { policy, relearnEvents: 0 });
    const state = await platform.find(consignment);
    await platform.close();
    return state?.facts.declaration?.buyer?.name;
  } finally {
    await store.close();
  }
}

/** Every byte the SQLite store wrote: the database, its WAL and shared-memory files. */
function storeBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('luxor.sqlite')).map((f) => readFileSync(join(dir, f))));
}

describe('the master key', () => {
  it('derives each consignment\'s data key from a salt the store keeps: the salt alone gives nothing, the master key and the salt the same key again', () => {
    const master = MasterKey.fromBytes(randomBytes(32));
    const { key, stored } = master.newDataKey();
    assert.equal(key.length, 32);
    assert.equal(stored.length, 33);
    assert.equal(stored.indexOf(key), -1);
    assert.deepEqual(master.openDataKey('LX1', stored), key);
    assert.notDeepEqual(MasterKey.fromBytes(randomBytes(32)).openDataKey('LX1', stored), key, 'another master key derives another key');
    const other = master.newDataKey();
    assert.notDeepEqual(other.key, key, 'a new salt each time');
    assert.deepEqual(master.openDataKey('LX1', stored), key, 'the same again after other keys were made');
  });

  it('wraps a secret for one purpose: another label, another key or a changed byte does not open it', () => {
    const master = MasterKey.fromBytes(randomBytes(32));
    const secret = randomBytes(32);
    const wrapped = master.wrap(secret, 'data-key:LX1');
    assert.equal(wrapped.length, 61);
    assert.deepEqual(master.unwrap(wrapped, 'data-key:LX1'), secret);
    assert.throws(() => master.unwrap(wrapped, 'data-key:LX2'), MasterKeyError, 'a wrapped key moved to another consignment');
    assert.throws(() => MasterKey.fromBytes(randomBytes(32)).unwrap(wrapped, 'data-key:LX1'), MasterKeyError);
    const changed = Buffer.from(wrapped);
    changed[40] ^= 1;
    assert.throws(() => master.unwrap(changed, 'data-key:LX1'), MasterKeyError);
  });

  it('comes from LUXOR_MASTER_KEY before any file, and must be 32 bytes', () => {
    const key = randomBytes(32);
    const fromEnv = MasterKey.resolve('/nonexistent/master.key', { create: false }, { LUXOR_MASTER_KEY: key.toString('base64') });
    assert.equal(fromEnv.id, MasterKey.fromBytes(key).id);
    assert.throws(() => MasterKey.resolve('/nonexistent/master.key', { create: false }, { LUXOR_MASTER_KEY: randomBytes(16).toString('base64') }), /must be 32 bytes/);
  });

  it('keeps the store\'s keys wrapped, so the database files alone hold neither a data key nor the platform secret', async () => {
    const temp = tempDir();
    try {
      const consignment = await declareOne(temp.dir);
      const keyFile = join(temp.dir, 'master.key');
      assert.ok(existsSync(keyFile), 'created beside the database on first use');
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);

      const store = await Store.open({ data: temp.dir });
      const dataKey = (await store.consignmentKey(consignment))!;
      assert.equal(dataKey.length, 32);
      const secret = (await store.secretSetting('platform-secret'))!;
      assert.match((await store.setting('platform-secret'))!, /^wrapped:/);
      assert.match((await store.setting('checkpoint-signing-key'))!, /^wrapped:/);
      const stored = await store.driver.all<{ data_key: Buffer }>('SELECT data_key FROM consignment_keys');
      assert.ok(stored.every((r) => Buffer.from(r.data_key).length === 33), 'only the salt is kept');
      await store.close();

      const bytes = storeBytes(temp.dir);
      assert.equal(bytes.indexOf(dataKey), -1, 'the data key is nowhere in the database files');
      assert.equal(bytes.indexOf(Buffer.from(secret, 'base64')), -1, 'nor the platform secret');
      assert.equal(bytes.indexOf(Buffer.from(secret)), -1);
      assert.equal(bytes.indexOf(Buffer.from('Anna de Vries')), -1, 'nor the buyer in clear');

      assert.equal(await buyerAfterReopen(temp.dir, consignment), 'Anna de Vries', 'with its master key the store opens its personal data');
    } finally {
      temp.cleanup();
    }
  });

  it('refuses another master key, and a missing one, with a sentence that says what to do', async () => {
    const temp = tempDir();
    try {
      const consignment = await declareOne(temp.dir);
      await assert.rejects(buyerAfterReopen(temp.dir, consignment, randomBytes(32)), /is not the one this store's keys are wrapped under/);
      rmSync(join(temp.dir, 'master.key'));
      await assert.rejects(buyerAfterReopen(temp.dir, consignment), /master key file .* is missing.*LUXOR_MASTER_KEY/);
      assert.ok(!existsSync(join(temp.dir, 'master.key')), 'no new key is made for a store that has one');
    } finally {
      temp.cleanup();
    }
  });

  it('wraps on first opening what a store written before wrapping kept in the clear, and reads it as before', async () => {
    const temp = tempDir();
    try {
      const consignment = await declareOne(temp.dir);
      // The store as an earlier version left it: keys and secrets in the clear, no master key.
      let store = await Store.open({ data: temp.dir });
      const dataKey = (await store.consignmentKey(consignment))!;
      const secret = (await store.secretSetting('platform-secret'))!;
      const signing = (await store.secretSetting('checkpoint-signing-key'))!;
      await store.tamper('UPDATE consignment_keys SET data_key = ? WHERE consignment_id = ?', [dataKey, consignment]);
      await store.tamper('UPDATE settings SET value = ? WHERE key = ?', [secret, 'platform-secret']);
      await store.tamper('UPDATE settings SET value = ? WHERE key = ?', [signing, 'checkpoint-signing-key']);
      await store.tamper("DELETE FROM settings WHERE key IN ('master-key-id', 'data-key-root')");
      await store.close();
      rmSync(join(temp.dir, 'master.key'));

      assert.equal(await buyerAfterReopen(temp.dir, consignment), 'Anna de Vries');
      store = await Store.open({ data: temp.dir });
      const stored = await store.driver.all<{ data_key: Buffer }>('SELECT data_key FROM consignment_keys');
      assert.ok(stored.every((r) => Buffer.from(r.data_key).length === 61), 'the raw key is wrapped');
      assert.match((await store.setting('platform-secret'))!, /^wrapped:/);
      assert.equal(await store.secretSetting('platform-secret'), secret, 'the same secret: party keys stay the same');
      assert.equal(await store.secretSetting('checkpoint-signing-key'), signing);
      await store.close();
    } finally {
      temp.cleanup();
    }
  });

  it('rotates: after `luxor master-key rotate` the old key opens nothing stored and the new one everything, party keys unchanged', async () => {
    const temp = tempDir();
    try {
      const consignment = await declareOne(temp.dir);
      const keyFile = join(temp.dir, 'master.key');
      const old = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
      let store = await Store.open({ data: temp.dir });
      const secret = await store.secretSetting('platform-secret');
      await store.close();

      const rotated = luxorCli('master-key', 'rotate', '--data', temp.dir);
      assert.equal(rotated.status, 0, rotated.out + rotated.err);
      assert.match(rotated.out, /3 secrets now wrapped under the master key in .*master\.key/);
      const next = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
      assert.notDeepEqual(next, old, 'the file holds the new key');
      assert.ok(!existsSync(`${keyFile}.new`));
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);

      assert.equal(await buyerAfterReopen(temp.dir, consignment), 'Anna de Vries', 'the new key opens the personal data');
      await assert.rejects(buyerAfterReopen(temp.dir, consignment, old), /is not the one this store's keys are wrapped under/);
      store = await Store.open({ data: temp.dir });
      assert.equal(await store.secretSetting('platform-secret'), secret, 'the same secret: party keys stay the same');
      const oldKey = MasterKey.fromBytes(old);
      for (const name of ['platform-secret', 'checkpoint-signing-key', 'data-key-root']) {
        const wrapped = Buffer.from((await store.setting(name))!.slice('wrapped:'.length), 'base64');
        assert.throws(() => oldKey.unwrap(wrapped, `setting:${name}`), MasterKeyError, `${name} no longer opens with the old key`);
      }
      await store.close();

      // Into a file of the operator's choosing: the store switches, the operator points Luxor at it.
      const out = join(temp.dir, 'next.key');
      const moved = luxorCli('master-key', 'rotate', '--data', temp.dir, '--out', out);
      assert.equal(moved.status, 0, moved.out + moved.err);
      assert.match(moved.out, /LUXOR_MASTER_KEY_FILE=/);
      assert.equal(await buyerAfterReopen(temp.dir, consignment, Buffer.from(readFileSync(out, 'utf8').trim(), 'base64')), 'Anna de Vries');
      assert.equal(luxorCli('master-key', 'rotate', '--data', temp.dir, '--out', out).status, 1, 'refused: the key in master.key is no longer the store\'s');
    } finally {
      temp.cleanup();
    }
  });
});
