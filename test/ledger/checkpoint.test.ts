import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkpointMessage, generateSigningKey, publicKeyId, readCheckpointFile, signCheckpoint, verifyCheckpoint, writeCheckpointFile,
} from '../../src/ledger/checkpoint.js';
import { CHECKPOINT_PREFIX, EVENT_LEAF_PREFIX } from '../../src/ledger/hash-chain.js';

const head = { seq: 42, headHash: 'ab'.repeat(32), at: '2026-11-20T09:00:00Z' };

test('a signed checkpoint verifies with the key it names', () => {
  const key = generateSigningKey();
  const cp = signCheckpoint(head, key.privateKeyPem);
  assert.equal(verifyCheckpoint(cp), true);
  assert.equal(publicKeyId(cp.publicKey), publicKeyId(key.publicKeyPem));
});

test('a checkpoint with any field changed no longer verifies', () => {
  const cp = signCheckpoint(head, generateSigningKey().privateKeyPem);
  assert.equal(verifyCheckpoint({ ...cp, seq: 43 }), false);
  assert.equal(verifyCheckpoint({ ...cp, headHash: 'cd'.repeat(32) }), false);
  assert.equal(verifyCheckpoint({ ...cp, at: '2026-11-20T09:00:01Z' }), false);
  assert.equal(verifyCheckpoint({ ...cp, publicKey: signCheckpoint(head, generateSigningKey().privateKeyPem).publicKey }), false);
  assert.equal(verifyCheckpoint({ ...cp, signature: 'not a signature' }), false);
});

test('the signed message is domain-separated from event hashes', () => {
  const message = checkpointMessage(head);
  assert.equal(message[0], CHECKPOINT_PREFIX);
  assert.notEqual(CHECKPOINT_PREFIX, EVENT_LEAF_PREFIX);
  assert.match(message.subarray(1).toString('utf8'), /^luxor\.checkpoint\.v1\n\{"at":"2026-11-20T09:00:00Z","headHash":"(ab){32}","seq":42\}$/);
});

test('signing refuses a non-Ed25519 key and a malformed head', () => {
  assert.throws(() => signCheckpoint({ ...head, headHash: 'short' }, generateSigningKey().privateKeyPem), RangeError);
  assert.throws(() => signCheckpoint({ ...head, at: 'yesterday' }, generateSigningKey().privateKeyPem), RangeError);
});

test('a checkpoint written to a file reads back identical and still verifies', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'luxor-cp-'));
  try {
    const cp = signCheckpoint(head, generateSigningKey().privateKeyPem);
    const path = join(dir, 'nested', 'checkpoint.json');
    await writeCheckpointFile(path, cp);
    const back = await readCheckpointFile(path);
    assert.deepEqual(back, cp);
    assert.equal(verifyCheckpoint(back), true);
    assert.ok((await readFile(path, 'utf8')).endsWith('}\n'));
    await writeFile(join(dir, 'bad.json'), '{"seq":1}');
    await assert.rejects(readCheckpointFile(join(dir, 'bad.json')), TypeError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
