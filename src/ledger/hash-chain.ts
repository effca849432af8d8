/**
 * The hash chain of the event log. Each row's hash is SHA-256 over a domain-separated,
 * length-prefixed encoding of all its fields and the previous row's hash, so that:
 * - an event hash can never be confused with a checkpoint signature input or a commitment
 *   (a distinct leading byte per kind, as RFC 6962 §2.1 does for leaves and nodes);
 * - no two different rows encode to the same bytes (every string is length-prefixed and
 *   null is distinct from the empty string), so moving text between fields changes the hash.
 */
import * as crypto from 'node:crypto';
import type { EventDraft, EventRow } from './event-row.js';

/** Leading byte of an event-leaf hash input (RFC 6962 uses 0x00 for leaves). */
export const EVENT_LEAF_PREFIX = 0x00;
/** Leading byte of a checkpoint's signed message (RFC 6962 uses 0x01 for interior nodes). */
export const CHECKPOINT_PREFIX = 0x01;
/** Leading byte of a personal-data commitment. */
export const COMMITMENT_PREFIX = 0x02;

/** The hash before the first event: 32 zero bytes. */
export const GENESIS_HASH = '0'.repeat(64);
/** Sequence number of the first event. */
export const FIRST_SEQ = 1;

const TAG = Buffer.from('luxor.event.v1', 'ascii');
const NULL_LENGTH = 0xffffffff;
const HEX64 = /^[0-9a-f]{64}$/;
let scratch = Buffer.allocUnsafe(64 * 1024);
const HEADER = 1 + TAG.length + 32 + 8;

// crypto.hash (Node >= 20.12) is the one-shot form, about twice as fast as createHash for
// inputs of an event's size; older 20.x falls back.
const sha256Hex: (data: Buffer) => string = typeof crypto.hash === 'function'
  ? (data) => crypto.hash('sha256', data, 'hex')
  : (data) => crypto.createHash('sha256').update(data).digest('hex');

export type EventHashFields = Omit<EventRow, 'prevHash' | 'hash'>;

export function isHash(text: unknown): text is string {
  return typeof text === 'string' && HEX64.test(text);
}

/** SHA-256 (hex) of one event given the previous event's hash. */
export function eventHash(prevHash: string, fields: EventHashFields): string {
  if (!isHash(prevHash)) throw new RangeError(`prevHash is not 64 lower-case hex digits: ${JSON.stringify(prevHash)}`);
  if (!Number.isSafeInteger(fields.seq) || fields.seq < 0) throw new RangeError(`seq is not a non-negative integer: ${fields.seq}`);
  const strings = [fields.consignmentId, fields.type, fields.at, fields.actor, fields.payload, fields.commitment];
  // Upper bound: 3 UTF-8 bytes per UTF-16 unit. Strings are written first and their byte
  // length filled in behind, which saves measuring each string twice.
  let bound = HEADER + 4 * strings.length;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    if (s !== null) bound += 3 * s.length;
  }
  if (scratch.length < bound) scratch = Buffer.allocUnsafe(Math.max(bound, scratch.length * 2));
  // Safe to share one buffer: nothing between filling and hashing yields to other code.
  const buf = scratch;
  let at = 0;
  buf[at++] = EVENT_LEAF_PREFIX;
  at += TAG.copy(buf, at);
  at += buf.write(prevHash, at, 32, 'hex');
  buf.writeUInt32BE(Math.floor(fields.seq / 0x100000000), at);
  buf.writeUInt32BE(fields.seq >>> 0, at + 4);
  at += 8;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i];
    if (s === null) {
      buf.writeUInt32BE(NULL_LENGTH, at);
      at += 4;
    } else {
      const n = buf.write(s, at + 4, 'utf8');
      buf.writeUInt32BE(n, at);
      at += 4 + n;
    }
  }
  const size = at;
  return sha256Hex(buf.subarray(0, size));
}

/** The hash a row should have, from its own fields and its stored prevHash. */
export function rowHash(row: EventRow): string {
  return eventHash(row.prevHash, row);
}

/** Places drafts after `prevHash` from `firstSeq` on, linking each to the one before. */
export function chainEvents(prevHash: string, firstSeq: number, drafts: readonly EventDraft[]): EventRow[] {
  const rows = new Array<EventRow>(drafts.length);
  let previous = prevHash;
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    const fields: EventHashFields = {
      seq: firstSeq + i, consignmentId: d.consignmentId, type: d.type, at: d.at, actor: d.actor,
      payload: d.payload, commitment: d.commitment,
    };
    const hash = eventHash(previous, fields);
    rows[i] = { ...fields, prevHash: previous, hash };
    previous = hash;
  }
  return rows;
}
