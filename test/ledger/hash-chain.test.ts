import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chainEvents, eventHash, EVENT_LEAF_PREFIX, FIRST_SEQ, GENESIS_HASH, rowHash } from '../../src/ledger/hash-chain.js';
import { drafts } from './fixtures.js';

// The encoding as docs/decisions/0006 specifies it, written out independently of the implementation:
// 0x00 || "luxor.event.v1" || prevHash (32 bytes) || seq (u64 BE) || for each of consignmentId, type,
// at, actor, payload, commitment: u32 BE byte length (0xFFFFFFFF for null) || UTF-8 bytes.
function specHash(prevHash: string, f: { seq: number; consignmentId: string | null; type: string; at: string; actor: string; payload: string; commitment: string | null }): string {
  const parts: Buffer[] = [Buffer.from([0x00]), Buffer.from('luxor.event.v1'), Buffer.from(prevHash, 'hex')];
  const seq = Buffer.alloc(8);
  seq.writeBigUInt64BE(BigInt(f.seq));
  parts.push(seq);
  for (const s of [f.consignmentId, f.type, f.at, f.actor, f.payload, f.commitment]) {
    const len = Buffer.alloc(4);
    if (s === null) {
      len.writeUInt32BE(0xffffffff);
      parts.push(len);
    } else {
      const bytes = Buffer.from(s, 'utf8');
      len.writeUInt32BE(bytes.length);
      parts.push(len, bytes);
    }
  }
  return createHash('sha256').update(Buffer.concat(parts)).digest('hex');
}

test('the event hash is SHA-256 over the documented domain-separated encoding', () => {
  assert.equal(EVENT_LEAF_PREFIX, 0x00);
  const fields = { seq: 7, consignmentId: 'C-1', type: 'decided', at: '2026-11-20T08:15:00Z', actor: 'officer:ü', payload: '{"lane":"green"}', commitment: null };
  assert.equal(eventHash(GENESIS_HASH, fields), specHash(GENESIS_HASH, fields));
  const withCommitment = { ...fields, consignmentId: null, commitment: 'ab'.repeat(32) };
  assert.equal(eventHash('cd'.repeat(32), withCommitment), specHash('cd'.repeat(32), withCommitment));
});

test('the event hash changes with every field and tells null from the empty string', () => {
  const base = { seq: 1, consignmentId: 'C-1', type: 'decided', at: '2026-11-20T08:15:00Z', actor: 'system', payload: '{}', commitment: null };
  const variants = [
    { ...base, seq: 2 }, { ...base, consignmentId: null }, { ...base, consignmentId: '' }, { ...base, type: 'assessed' },
    { ...base, at: '2026-11-20T08:15:01Z' }, { ...base, actor: 'IM5280000001' }, { ...base, payload: '{"a":1}' },
    { ...base, commitment: '' }, { ...base, commitment: '00'.repeat(32) },
    // Moving text from one field to the next must not give the same bytes.
    { ...base, type: 'decide', at: 'd2026-11-20T08:15:00Z' },
  ];
  const hashes = new Set([eventHash(GENESIS_HASH, base), ...variants.map((v) => eventHash(GENESIS_HASH, v))]);
  assert.equal(hashes.size, variants.length + 1);
  assert.notEqual(eventHash(GENESIS_HASH, base), eventHash('11'.repeat(32), base));
});

test('chainEvents links each event to the hash of the one before, from the genesis hash', () => {
  const rows = chainEvents(GENESIS_HASH, FIRST_SEQ, drafts(10));
  assert.equal(rows.length, 10);
  assert.equal(rows[0].prevHash, GENESIS_HASH);
  rows.forEach((row, i) => {
    assert.equal(row.seq, FIRST_SEQ + i);
    assert.equal(row.hash, rowHash(row));
    if (i > 0) assert.equal(row.prevHash, rows[i - 1].hash);
  });
});

test('chaining in two batches gives the same rows as chaining at once', () => {
  const all = drafts(9);
  const once = chainEvents(GENESIS_HASH, FIRST_SEQ, all);
  const first = chainEvents(GENESIS_HASH, FIRST_SEQ, all.slice(0, 4));
  const second = chainEvents(first[3].hash, FIRST_SEQ + 4, all.slice(4));
  assert.deepEqual([...first, ...second], once);
});

test('eventHash refuses a malformed previous hash or sequence number', () => {
  const fields = { seq: 1, consignmentId: null, type: 't', at: '2026-11-20T08:15:00Z', actor: 'a', payload: '{}', commitment: null };
  assert.throws(() => eventHash('XYZ', fields), RangeError);
  assert.throws(() => eventHash(GENESIS_HASH.toUpperCase().replace(/0/g, 'A'), fields), RangeError);
  assert.throws(() => eventHash(GENESIS_HASH, { ...fields, seq: 1.5 }), RangeError);
});
