/**
 * Signed checkpoints of the log head (Ed25519, node:crypto). A checkpoint says "event `seq`
 * has hash `headHash`"; because each hash covers all before it, it vouches for the whole
 * prefix. Exported outside the store (`luxor audit checkpoint --out FILE`), it also catches a
 * tamperer who holds the store's own signing key (verify-log.ts, option `against`).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { canonicalJson } from './canonical-json.js';
import { CHECKPOINT_PREFIX, isHash } from './hash-chain.js';

export interface CheckpointHead {
  seq: number;
  headHash: string;
  /** RFC 3339 with zone. */
  at: string;
}

export interface Checkpoint extends CheckpointHead {
  /** Ed25519 public key, base64 of its SPKI DER encoding. */
  publicKey: string;
  /** Ed25519 signature (base64) over checkpointMessage(head). */
  signature: string;
}

export interface SigningKey { privateKeyPem: string; publicKeyPem: string }

const TAG = 'luxor.checkpoint.v1';

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The exact bytes signed: prefix byte, tag, and the canonical JSON of (at, headHash, seq). */
export function checkpointMessage(head: CheckpointHead): Buffer {
  const body = canonicalJson({ at: head.at, headHash: head.headHash, seq: head.seq });
  return Buffer.concat([Buffer.from([CHECKPOINT_PREFIX]), Buffer.from(TAG + '\n' + body, 'utf8')]);
}

function checkHead(head: CheckpointHead): void {
  if (!Number.isSafeInteger(head.seq) || head.seq < 0) throw new RangeError(`checkpoint seq is not a non-negative integer: ${head.seq}`);
  if (!isHash(head.headHash)) throw new RangeError('checkpoint headHash is not 64 lower-case hex digits');
  if (typeof head.at !== 'string' || Number.isNaN(Date.parse(head.at))) throw new RangeError('checkpoint at is not a date-time');
}

export function signCheckpoint(head: CheckpointHead, privateKeyPem: string): Checkpoint {
  checkHead(head);
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('checkpoint signing key is not Ed25519');
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  // Ed25519 takes no separate digest: algorithm argument is null.
  const signature = sign(null, checkpointMessage(head), privateKey).toString('base64');
  return { seq: head.seq, headHash: head.headHash, at: head.at, publicKey, signature };
}

/** Reads a public key given as PEM or as base64 SPKI DER (the Checkpoint.publicKey form). */
export function publicKeyFrom(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('public key is not Ed25519');
  return key;
}

/** Normal form of a public key (base64 SPKI DER), to compare keys given in either form. */
export function publicKeyId(text: string): string {
  return publicKeyFrom(text).export({ type: 'spki', format: 'der' }).toString('base64');
}

/** True when the signature is a valid Ed25519 signature of the checkpoint by its own publicKey. */
export function verifyCheckpoint(cp: Checkpoint): boolean {
  try {
    checkHead(cp);
    return verify(null, checkpointMessage(cp), publicKeyFrom(cp.publicKey), Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Writes the checkpoint as JSON, durably (temporary file, fsync, rename). */
export async function writeCheckpointFile(path: string, cp: Checkpoint): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o644);
  try {
    await handle.writeFile(JSON.stringify(cp, null, 2) + '\n', 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

export async function readCheckpointFile(path: string): Promise<Checkpoint> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!isCheckpoint(parsed)) throw new TypeError(`${path} is not a Luxor checkpoint (seq, headHash, at, publicKey, signature)`);
  return { seq: parsed.seq, headHash: parsed.headHash, at: parsed.at, publicKey: parsed.publicKey, signature: parsed.signature };
}

export function isCheckpoint(value: unknown): value is Checkpoint {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Number.isSafeInteger(v.seq) && isHash(v.headHash) && typeof v.at === 'string'
    && typeof v.publicKey === 'string' && typeof v.signature === 'string';
}
