import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyBatch, Store } from '../../src/ledger/store.js';
import type { Checkpoint } from '../../src/ledger/checkpoint.js';
import { verifyLog } from '../../src/ledger/verify-log.js';
import { decodeDecisionPayload, encodeDecisionPayload } from '../../src/platform/decision-record.js';
import { enginePolicy, loadEngines } from '../../src/platform/engines.js';
import { emptyHistogram, partyKey } from '../../src/risk/index.js';
import type { DeclarationMessage } from '../../src/domain/message.js';
import { example, harness, tempDir } from '../helpers.js';

const caller = { org: 'IM5280000001', role: 'platform', keyId: 't' };

function declaration(tag: string, n: number, buyer = `Buyer ${tag} ${n}`): Record<string, unknown> {
  const m = example('declaration-eu-ioss.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture edits
  m.messageId = `${tag}-${n}`;
  m.consignment.transportDocument.number = `HAWB${tag.toUpperCase()}${n}`;
  m.consignment.order.id = `ORD-${tag}-${n}`;
  m.consignment.buyer.name = buyer;
  return m;
}

describe('commits in flight while the next batch is built', () => {
  it('a failed commit refuses its own batch and every batch built on it; the platform reads the store again and goes on', async () => {
    const h = await harness();
    try {
      const first = await h.platform.submit(declaration('ok', 0), caller);
      assert.equal(first.status, 202);
      const realCommit = h.store.commit.bind(h.store);
      let failures = 1;
      // The disk refuses the next write once (a full disk, an I/O error).
      h.store.commit = (batch) => (failures-- > 0 && batch.events.length ? Promise.reject(new Error('disk I/O error')) : realCommit(batch));
      const answers = await Promise.all([
        h.platform.submitMany([declaration('a', 1), declaration('a', 2)], caller),
        new Promise<void>((r) => setImmediate(r)).then(() => h.platform.submitMany([declaration('b', 1)], caller)),
      ]);
      const statuses = answers.flat().map((a) => a.status);
      assert.equal(statuses[0], 500, 'the batch whose write failed is refused');
      assert.equal(statuses[1], 500);
      assert.ok(statuses[2] === 500 || statuses[2] === 202, 'a batch built on the failed one is refused, one built after the reload accepted');
      h.store.commit = realCommit;
      await h.platform.drain();
      assert.equal(await h.platform.find('HAWBA1'), undefined, 'nothing of the refused batch is kept');
      // What was refused is not there, and sending it again is accepted as new.
      const again = await h.platform.submitMany([declaration('a', 1), declaration('a', 2)], caller);
      assert.deepEqual(again.map((a) => [a.status, a.body.duplicate]), [[202, undefined], [202, undefined]]);
      const result = await verifyLog(h.store.allEvents(), (await h.store.checkpoints()) as Checkpoint[]);
      assert.equal(result.ok, true, JSON.stringify(result.firstBad));
    } finally {
      await h.close();
    }
  });

  it('a batch built while an earlier one is still being written sees its answers, parties and the buyer\'s recent consignments', async () => {
    // gatherBelow 0: the second batch is built at once, not held for the first one's commit.
    const h = await harness({ policy: enginePolicy(loadEngines()), gatherBelow: 0 });
    try {
      const same = 'Repeat Buyer';
      // A slow disk: each batch stays in flight long enough for the next one to be built on it.
      const realCommit = h.store.commit.bind(h.store);
      h.store.commit = (batch) => new Promise((r) => setTimeout(r, 50)).then(() => realCommit(batch));
      const [a, b] = await Promise.all([
        h.platform.submitMany([1, 2, 3].map((n) => declaration('p', n, same)), caller),
        new Promise<void>((r) => setImmediate(r)).then(() => h.platform.submitMany([declaration('p', 1, same), declaration('q', 4, same)], caller)),
      ]);
      assert.deepEqual(a.map((x) => x.status), [202, 202, 202]);
      assert.equal(b[0].body.duplicate, true, 'a resubmission answered from the batch in flight');
      const events = [];
      for await (const e of h.store.allEvents()) if (e.type === 'decision') events.push(decodeDecisionPayload(e.payload));
      const last = events[events.length - 1];
      assert.equal(last.context.recent.length, 3, 'the three earlier parcels of the same buyer are in the context');
    } finally {
      await h.close();
    }
  });
});

describe('single submissions arriving during a commit', () => {
  it('wait for it and share the next commit, instead of paying one each', async () => {
    const h = await harness();
    try {
      const realCommit = h.store.commit.bind(h.store);
      let commits = 0;
      h.store.commit = (batch) => { if (batch.events.length) commits++; return new Promise((r) => setTimeout(r, 50)).then(() => realCommit(batch)); };
      const first = h.platform.submit(declaration('g', 0), caller);
      const rest: Promise<{ status: number }>[] = [];
      // Five singles, each on its own turn of the event loop, while the first is being written.
      for (let n = 1; n <= 5; n++) {
        await new Promise((r) => setTimeout(r, 2));
        rest.push(h.platform.submit(declaration('g', n), caller));
      }
      const answers = await Promise.all([first, ...rest]);
      assert.deepEqual(answers.map((a) => a.status), [202, 202, 202, 202, 202, 202]);
      assert.equal(commits, 2, 'the first alone, the five that came during its commit together');
      for (let n = 0; n <= 5; n++) assert.ok(await h.platform.find(`HAWBG${n}`));
    } finally {
      await h.close();
    }
  });
});

describe('the SQLite writer thread', () => {
  it('is replaced when it dies: the next batch is written by a new one and the chain still verifies', async () => {
    const h = await harness();
    try {
      assert.equal((await h.platform.submit(declaration('w', 1), caller)).status, 202);
      // The thread is private to the driver; the test reaches it to stop it as a crash would.
      const driver = h.store.driver as unknown as { background?: { worker: { terminate(): Promise<number> } } };
      assert.ok(driver.background, 'the first batch started a writer thread');
      const dead = driver.background;
      await dead.worker.terminate();
      await new Promise((r) => setTimeout(r, 20));
      assert.equal((await h.platform.submit(declaration('w', 2), caller)).status, 202);
      assert.notEqual(driver.background, dead, 'a new writer');
      assert.ok(await h.platform.find('HAWBW1'));
      assert.ok(await h.platform.find('HAWBW2'));
      const result = await verifyLog(h.store.allEvents(), (await h.store.checkpoints()) as Checkpoint[]);
      assert.equal(result.ok, true, JSON.stringify(result.firstBad));
    } finally {
      await h.close();
    }
  });
});

describe('party history', () => {
  it('counts a seller\'s consignments across batches, and its inspections and findings', async () => {
    const h = await harness({ policy: enginePolicy(loadEngines()) });
    try {
      for (let n = 0; n < 3; n++) await h.platform.submit(declaration('h', n), caller);
      const events = [];
      for await (const e of h.store.allEvents()) if (e.type === 'decision') events.push(decodeDecisionPayload(e.payload));
      // The seller's key as the platform made it (keyed with its secret) is in each decision's context.
      const sellerKey = events[0].context.keys?.seller;
      assert.ok(sellerKey);
      assert.notEqual(sellerKey, partyKey((declaration('h', 0) as unknown as DeclarationMessage).consignment.seller), 'not the unkeyed pseudonym');
      const sellerCounts = events.map((d) => Object.values(d.context.parties).find((p) => p.key === sellerKey)?.consignments);
      assert.deepEqual(sellerCounts, [0, 1, 2], 'each decision saw the consignments before it, batch after batch');
      const state = await h.platform.find('HAWBH0');
      const inspection = { messageId: 'insp-h0', type: 'inspection-result', sentAt: '2026-11-25T09:00:00Z', sender: { role: 'customs-officer', id: 'OFFICER-1' }, jurisdiction: 'EU',
        reference: state!.id, inspection: { inspectedAt: '2026-11-25T09:00:00Z', outcome: 'seize', findings: ['undervaluation'] } };
      const answer = await h.platform.submit(inspection, { org: 'OFFICER-1', role: 'customs-officer', keyId: 't' });
      assert.equal(answer.status, 202, JSON.stringify(answer.body));
      const parties = await h.store.parties(events[0] ? Object.keys(events[0].context.parties) : []);
      const seller = [...parties.values()].find((p) => p.key === sellerKey);
      assert.deepEqual([seller?.consignments, seller?.inspected, seller?.findings], [3, 1, 1]);
    } finally {
      await h.close();
    }
  });
});

describe('the store keeps the chain without gaps', () => {
  it('refuses a batch whose first event does not follow the last one written', async () => {
    const t = tempDir();
    const store = await Store.open({ data: t.dir });
    try {
      const batch = emptyBatch();
      batch.events.push({ seq: 5, consignmentId: null, type: 'x', at: '2026-11-25T00:00:00Z', actor: 't', payload: '{}', commitment: null, prevHash: '0'.repeat(64), hash: '1'.repeat(64) });
      await assert.rejects(store.commit(batch), /leave a gap/);
      assert.equal(await store.head(), undefined);
    } finally {
      await store.close();
      t.cleanup();
    }
  });
});

describe('the recorded decision', () => {
  it('keeps the day\'s score histogram sparse and reads it back whole; a dense record reads as it was', () => {
    const h = emptyHistogram('BEBRU', '2026-11-25');
    h.buckets[14] = 495; h.buckets[18] = 4; h.total = 499;
    const record = { decision: { number: 1, at: '2026-11-25T10:00:00Z', trigger: 'declaration', gates: [], reasons: [] }, context: { now: '2026-11-25T10:00:00Z', recent: [], parties: {}, versions: {}, scoresSeen: h } };
    const text = encodeDecisionPayload(record as never);
    assert.ok(text.length < 400, `sparse: ${text.length} characters`);
    assert.deepEqual(decodeDecisionPayload(text).context.scoresSeen, h);
    assert.deepEqual(decodeDecisionPayload(JSON.stringify(record)).context.scoresSeen, h);
  });
});
