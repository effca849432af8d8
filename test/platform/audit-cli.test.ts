/**
 * `luxor audit verify` against a tamperer: one who edits a row, and one who also re-computes
 * the chain and re-signs the checkpoints with the store's own key. The second is caught only
 * by a checkpoint exported outside the store (`--against`).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { failClosedPolicy } from '../../src/clearance/fail-closed-policy.js';
import { signCheckpoint } from '../../src/ledger/checkpoint.js';
import { eventHash } from '../../src/ledger/hash-chain.js';
import { Store } from '../../src/ledger/store.js';
import { Platform } from '../../src/platform/platform.js';
import { example, luxorCli, tempDir } from '../helpers.js';

function luxor(...args: string[]): { status: number; out: string } {
  const result = luxorCli(...args);
  return { status: result.status, out: `${result.out}${result.err}` };
}

async function seed(dir: string): Promise<void> {
  const store = await Store.open({ data: dir });
  const platform = await Platform.open(store, { policy: failClosedPolicy, checkpointEvery: 4 });
  const caller = { org: 'IM5280000001', role: 'platform', keyId: 't' };
  for (let i = 0; i < 6; i++) {
    const m = example('declaration-eu-ioss.json') as { messageId: string; consignment: { transportDocument: { number: string } } };
    m.messageId = `audit-${i}`;
    m.consignment.transportDocument.number = `HAWBAUDIT${i}`;
    const answer = await platform.submit(m, caller);
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
  }
  await platform.close();
  await store.close();
}

describe('luxor audit', () => {
  it('prints a key as the last line of keys create, and stores only its hash', async () => {
    const temp = tempDir();
    try {
      const result = luxor('keys', 'create', '--data', temp.dir, '--org', 'IM5280000001', '--role', 'platform');
      assert.equal(result.status, 0, result.out);
      const key = result.out.trim().split('\n').pop()!;
      assert.match(key, /^lux_[A-Za-z0-9_-]{20,}$/);
      const store = await Store.open({ data: temp.dir });
      assert.equal((await store.findKey(key))?.org, 'IM5280000001');
      assert.equal((await store.tamper(`SELECT 1 FROM api_keys WHERE hash = '${key}'`)), 0);
      await store.close();
      assert.notEqual(luxor('keys', 'create', '--data', temp.dir, '--org', 'X', '--role', 'emperor').status, 0);
    } finally { temp.cleanup(); }
  });

  it('verifies an intact log, and names the first event that a tamperer changed', async () => {
    const temp = tempDir();
    try {
      await seed(temp.dir);
      const intact = luxor('audit', 'verify', '--data', temp.dir);
      assert.equal(intact.status, 0, intact.out);
      assert.match(intact.out, /intact: \d+ events verified/);
      const store = await Store.open({ data: temp.dir });
      await store.tamper(`UPDATE events SET payload = replace(payload, '39.99', '3.99') WHERE seq = 3`);
      await store.close();
      const tampered = luxor('audit', 'verify', '--data', temp.dir);
      assert.equal(tampered.status, 1, tampered.out);
      assert.match(tampered.out, /event 3 does not match/);
    } finally { temp.cleanup(); }
  });

  it('catches a tamperer who re-computes the chain and re-signs with the store\'s own key, with --against', async () => {
    const temp = tempDir();
    try {
      await seed(temp.dir);
      const exported = join(temp.dir, 'checkpoint.json');
      assert.equal(luxor('audit', 'checkpoint', '--data', temp.dir, '--out', exported).status, 0);

      const store = await Store.open({ data: temp.dir });
      const events = [];
      for await (const e of store.allEvents()) events.push(e);
      // Rewrite history from event 3 on, re-link every hash, re-sign every checkpoint.
      events[2].payload = events[2].payload.replace('39.99', '3.99');
      let prev = events[1].hash;
      for (const e of events.slice(2)) {
        const hash = eventHash(prev, { seq: e.seq, consignmentId: e.consignmentId, type: e.type, at: e.at, actor: e.actor, payload: e.payload, commitment: e.commitment });
        await store.tamper('UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?', [e.payload, prev, hash, e.seq]);
        e.hash = hash;
        prev = hash;
      }
      // The tamperer holds the machine: the database and the master key beside it.
      const key = JSON.parse((await store.secretSetting('checkpoint-signing-key'))!) as { privateKeyPem: string };
      for (const cp of await store.checkpoints()) {
        const head = events.find((e) => e.seq === cp.seq)!;
        const forged = signCheckpoint({ seq: cp.seq, headHash: head.hash, at: cp.at }, key.privateKeyPem);
        await store.tamper('UPDATE checkpoints SET head_hash = ?, signature = ? WHERE seq = ?', [forged.headHash, forged.signature, cp.seq]);
      }
      await store.close();

      const fooled = luxor('audit', 'verify', '--data', temp.dir);
      assert.equal(fooled.status, 0, 'without an outside checkpoint the forgery is self-consistent');
      const caught = luxor('audit', 'verify', '--data', temp.dir, '--against', exported);
      assert.equal(caught.status, 1, caught.out);
      assert.match(caught.out, /TAMPERED/);
    } finally { temp.cleanup(); }
  });
});
