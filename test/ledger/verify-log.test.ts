import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSigningKey, signCheckpoint, type Checkpoint } from '../../src/ledger/checkpoint.js';
import type { EventRow } from '../../src/ledger/event-row.js';
import { chainEvents, FIRST_SEQ, GENESIS_HASH, rowHash } from '../../src/ledger/hash-chain.js';
import { verifyLog } from '../../src/ledger/verify-log.js';
import { drafts } from './fixtures.js';

const storeKey = generateSigningKey();

/** A log of n events with a stored checkpoint every `every` events, as the store would keep them. */
function log(n: number, every = 10): { rows: EventRow[]; checkpoints: Checkpoint[] } {
  const rows = chainEvents(GENESIS_HASH, FIRST_SEQ, drafts(n));
  const checkpoints = rows
    .filter((row) => row.seq % every === 0)
    .map((row) => signCheckpoint({ seq: row.seq, headHash: row.hash, at: row.at }, storeKey.privateKeyPem));
  return { rows, checkpoints };
}

/** What a careful tamperer does: change one row, recompute every hash after it, re-sign every checkpoint. */
function rewrite(rows: EventRow[], seq: number, payload: string, privateKeyPem: string, every = 10): { rows: EventRow[]; checkpoints: Checkpoint[] } {
  const out: EventRow[] = [];
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const changed = { ...row, prevHash: prev, payload: row.seq === seq ? payload : row.payload };
    const hash = rowHash(changed);
    out.push({ ...changed, hash });
    prev = hash;
  }
  const checkpoints = out.filter((r) => r.seq % every === 0)
    .map((r) => signCheckpoint({ seq: r.seq, headHash: r.hash, at: r.at }, privateKeyPem));
  return { rows: out, checkpoints };
}

test('an intact log verifies and counts every event', async () => {
  const { rows, checkpoints } = log(50);
  assert.deepEqual(await verifyLog(rows, checkpoints, { trustedPublicKey: storeKey.publicKeyPem }), { ok: true, count: 50 });
  assert.deepEqual(await verifyLog([], []), { ok: true, count: 0 });
});

test('an intact log verifies from an asynchronous source (a store cursor)', async () => {
  const { rows, checkpoints } = log(25);
  async function* cursor(): AsyncGenerator<EventRow> {
    for (const row of rows) yield row;
  }
  assert.deepEqual(await verifyLog(cursor(), checkpoints), { ok: true, count: 25 });
});

test('a changed payload is named as the first bad event', async () => {
  const { rows, checkpoints } = log(30);
  rows[16] = { ...rows[16], payload: '{"n":16,"note":"lane changed to green"}' };
  const result = await verifyLog(rows, checkpoints);
  assert.equal(result.ok, false);
  assert.equal(result.count, 16);
  assert.equal(result.firstBad?.seq, 17);
  assert.match(result.firstBad?.reason ?? '', /contents do not match/);
});

test('a changed commitment, actor or time is caught like a changed payload', async () => {
  for (const change of [{ commitment: 'ee'.repeat(32) }, { actor: 'someone-else' }, { at: '2030-01-01T00:00:00Z' }, { consignmentId: 'C-999' }]) {
    const { rows, checkpoints } = log(12);
    rows[4] = { ...rows[4], ...change };
    assert.equal((await verifyLog(rows, checkpoints)).firstBad?.seq, 5);
  }
});

test('a deleted event is caught at the gap', async () => {
  const { rows, checkpoints } = log(30);
  rows.splice(11, 1);
  const result = await verifyLog(rows, checkpoints);
  assert.equal(result.ok, false);
  assert.deepEqual(result.firstBad?.seq, 13);
  assert.match(result.firstBad?.reason ?? '', /expected event 12/);
});

test('reordered events are caught', async () => {
  const { rows, checkpoints } = log(30);
  [rows[7], rows[8]] = [rows[8], rows[7]];
  const result = await verifyLog(rows, checkpoints);
  assert.equal(result.ok, false);
  assert.equal(result.firstBad?.seq, 9);
});

test('reordered events renumbered to hide the swap are caught by their links', async () => {
  const { rows, checkpoints } = log(30);
  const a = rows[7];
  const b = rows[8];
  rows[7] = { ...b, seq: a.seq };
  rows[8] = { ...a, seq: b.seq };
  const result = await verifyLog(rows, checkpoints);
  assert.equal(result.firstBad?.seq, 8);
});

test('events cut from the end are caught by the last stored checkpoint', async () => {
  const { rows, checkpoints } = log(30);
  const result = await verifyLog(rows.slice(0, 25), checkpoints);
  assert.equal(result.ok, false);
  assert.equal(result.firstBad?.seq, 30);
  assert.match(result.firstBad?.reason ?? '', /beyond the last event 25/);
});

test('a first event that does not start from the genesis hash is caught', async () => {
  const { rows } = log(3);
  const rows2 = chainEvents('11'.repeat(32), FIRST_SEQ, drafts(3));
  assert.equal((await verifyLog(rows2, [])).firstBad?.seq, 1);
  assert.equal((await verifyLog(rows.slice(1), [])).firstBad?.seq, 2);
});

test('a rewritten chain without re-signed checkpoints is caught by the stored checkpoint', async () => {
  const { rows, checkpoints } = log(30);
  const forged = rewrite(rows, 14, '{"forged":true}', storeKey.privateKeyPem);
  const result = await verifyLog(forged.rows, checkpoints);
  assert.equal(result.ok, false);
  assert.equal(result.firstBad?.seq, 20);
  assert.match(result.firstBad?.reason ?? '', /stored checkpoint at seq 20 does not match/);
});

test('a tamperer who re-signs with the store key passes the store alone but is caught by the exported checkpoint', async () => {
  const { rows, checkpoints } = log(40);
  const exported = checkpoints.find((cp) => cp.seq === 30)!;
  const forged = rewrite(rows, 14, '{"forged":true}', storeKey.privateKeyPem);
  // The store's own material is consistent again: this is why an outside copy is needed.
  assert.equal((await verifyLog(forged.rows, forged.checkpoints, { trustedPublicKey: storeKey.publicKeyPem })).ok, true);
  const result = await verifyLog(forged.rows, forged.checkpoints, { against: exported });
  assert.equal(result.ok, false);
  assert.equal(result.firstBad?.seq, 30);
  assert.match(result.firstBad?.reason ?? '', /exported checkpoint at seq 30 does not match/);
  // The untouched log still holds the exported checkpoint.
  assert.deepEqual(await verifyLog(rows, checkpoints, { against: exported }), { ok: true, count: 40 });
});

test('a tamperer who re-signs with another key is caught by the trusted public key', async () => {
  const { rows } = log(20);
  const forged = rewrite(rows, 3, '{"forged":true}', generateSigningKey().privateKeyPem);
  const result = await verifyLog(forged.rows, forged.checkpoints, { trustedPublicKey: storeKey.publicKeyPem });
  assert.equal(result.ok, false);
  assert.equal(result.firstBad?.seq, 10);
  assert.match(result.firstBad?.reason ?? '', /untrusted key/);
});

test('a stored checkpoint with a forged signature is caught', async () => {
  const { rows, checkpoints } = log(20);
  checkpoints[0] = { ...checkpoints[0], signature: checkpoints[1].signature };
  const result = await verifyLog(rows, checkpoints);
  assert.equal(result.firstBad?.seq, 10);
  assert.match(result.firstBad?.reason ?? '', /invalid signature/);
});

test('an exported checkpoint beyond the end of the log is caught (history cut and regrown)', async () => {
  const { rows, checkpoints } = log(30);
  const exported = checkpoints.find((cp) => cp.seq === 30)!;
  const result = await verifyLog(rows.slice(0, 20), checkpoints.slice(0, 2), { against: exported });
  assert.equal(result.ok, false);
  assert.match(result.firstBad?.reason ?? '', /exported checkpoint at seq 30 is beyond the last event 20/);
});
