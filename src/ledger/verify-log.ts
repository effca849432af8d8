/**
 * Re-computes the whole log: every link, the sequence, every stored checkpoint, and
 * optionally an exported checkpoint held outside the store. Rows are streamed, so a log of
 * any length verifies in constant memory.
 */
import type { EventRow } from './event-row.js';
import { FIRST_SEQ, GENESIS_HASH, rowHash } from './hash-chain.js';
import { publicKeyId, verifyCheckpoint, type Checkpoint } from './checkpoint.js';

export interface VerifyOptions {
  /**
   * A checkpoint exported earlier and kept outside the store. The recomputed chain must hold
   * exactly this (seq, headHash): a tamperer who rewrote rows and re-signed the stored
   * checkpoints with the store's own key cannot also change this copy.
   */
  against?: Checkpoint;
  /** Public key (PEM or base64 SPKI DER) every checkpoint must be signed with. */
  trustedPublicKey?: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows verified intact (all rows when ok). */
  count: number;
  /** The first event (or checkpoint seq) that does not match, and why. */
  firstBad?: { seq: number; reason: string };
}

type Failure = { seq: number; reason: string };

export async function verifyLog(
  rows: Iterable<EventRow> | AsyncIterable<EventRow>,
  checkpoints: readonly Checkpoint[],
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const trusted = options.trustedPublicKey === undefined ? undefined : publicKeyId(options.trustedPublicKey);
  const expected = new Map<number, { cp: Checkpoint; label: string }[]>();
  const expect = (cp: Checkpoint, label: string): void => {
    const list = expected.get(cp.seq);
    if (list) list.push({ cp, label });
    else expected.set(cp.seq, [{ cp, label }]);
  };
  for (const cp of checkpoints) expect(cp, 'stored checkpoint');
  if (options.against) expect(options.against, 'exported checkpoint');

  const checkAt = (seq: number, hash: string): Failure | undefined => {
    const list = expected.get(seq);
    if (!list) return undefined;
    for (const { cp, label } of list) {
      if (!verifyCheckpoint(cp)) return { seq, reason: `${label} at seq ${seq} has an invalid signature` };
      if (trusted !== undefined && safeKeyId(cp.publicKey) !== trusted) return { seq, reason: `${label} at seq ${seq} is signed by an untrusted key` };
      if (cp.headHash !== hash) return { seq, reason: `${label} at seq ${seq} does not match the recomputed hash (log rewritten up to here)` };
    }
    expected.delete(seq);
    return undefined;
  };

  let count = 0;
  let nextSeq = FIRST_SEQ;
  let head = GENESIS_HASH;
  const step = (row: EventRow): Failure | undefined => {
    if (row.seq !== nextSeq) {
      return { seq: row.seq, reason: `expected event ${nextSeq} but found ${row.seq} (rows deleted, inserted or out of order)` };
    }
    if (row.prevHash !== head) {
      return { seq: row.seq, reason: row.seq === FIRST_SEQ ? 'first event does not start from the genesis hash' : `prevHash does not match the hash of event ${row.seq - 1}` };
    }
    let hash: string;
    try {
      hash = rowHash(row);
    } catch (error) {
      return { seq: row.seq, reason: `malformed row: ${(error as Error).message}` };
    }
    if (hash !== row.hash) return { seq: row.seq, reason: 'contents do not match the stored hash (row changed)' };
    const failure = checkAt(row.seq, hash);
    if (failure) return failure;
    head = hash;
    nextSeq++;
    count++;
    return undefined;
  };

  // A plain loop for arrays and other sync sources avoids a microtask per row.
  if (Symbol.asyncIterator in rows) {
    for await (const row of rows as AsyncIterable<EventRow>) {
      const failure = step(row);
      if (failure) return { ok: false, count, firstBad: failure };
    }
  } else {
    for (const row of rows as Iterable<EventRow>) {
      const failure = step(row);
      if (failure) return { ok: false, count, firstBad: failure };
    }
  }

  // Checkpoints past the end: the log was cut short after they were taken.
  const beyond = [...expected.keys()].sort((a, b) => a - b);
  if (beyond.length > 0) {
    const seq = beyond[0];
    const label = expected.get(seq)![0].label;
    return { ok: false, count, firstBad: { seq, reason: `${label} at seq ${seq} is beyond the last event ${nextSeq - 1} (rows removed from the end)` } };
  }
  return { ok: true, count };
}

function safeKeyId(text: string): string | undefined {
  try {
    return publicKeyId(text);
  } catch {
    return undefined;
  }
}
