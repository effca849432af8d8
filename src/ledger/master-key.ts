/**
 * The key that encrypts the store's own keys (envelope encryption): every consignment's data key,
 * the platform's secret and the checkpoint signing key are kept wrapped under it, and it is never
 * in the store. A copy of the database, a dump or a backup then holds personal data no one can
 * read, and pseudonyms no one can recompute; erasure still destroys one consignment's data key.
 *
 * Where it comes from, first found: LUXOR_MASTER_KEY (32 bytes, base64: from a secrets manager),
 * LUXOR_MASTER_KEY_FILE, or `master.key` beside the SQLite file (for PostgreSQL under `./data`),
 * created on first use with mode 0600. Losing it loses the personal data: back it up apart.
 *
 * The same class holds the store's data-key root (32 random bytes of its own, kept wrapped under
 * the master key: `Store.dataKeys`), from which consignments' data keys hang, so that rotating the
 * master key re-wraps one secret instead of every consignment's key.
 *
 * A consignment's data key is the image of 32 random bytes (the salt the store keeps, after version
 * byte 2) under AES-256 with the data-key root, block by block: two independent random blocks, so
 * the key is as random as they are and the salt says nothing of it without the master key. It is
 * a wrap without an integrity tag (the sealed data's own GCM tag catches a changed salt: its key
 * no longer opens it), made by one call on a cipher kept open (about 1.3 µs) where an AES-GCM wrap
 * with its own IV measured 12 µs and an HMAC derivation 3 µs alone, about 16 µs of the main thread in
 * the platform's profile. Destroying the salt destroys the key as surely as destroying a wrapped key.
 *
 * Wrapped form (secrets, and raw data keys of stores written before): version byte 1, 12-byte IV,
 * 16-byte GCM tag, ciphertext; the label (what the secret is for, with the consignment id) is the
 * associated data, so a key moved to another row does not open.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, type Cipher } from 'node:crypto';
import { randomBytesFast } from './random-pool.js';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const VERSION = 1;
const DERIVED = 2;
const SALT = 32;
const HEADER = 1 + 12 + 16;

export class MasterKeyError extends Error {}

export class MasterKey {
  /** AES-256 under the master key, one block at a time (no chaining, no padding): each call maps whole blocks. */
  private readonly blocks: Cipher;

  private constructor(private readonly key: Buffer, readonly source: string) {
    this.blocks = createCipheriv('aes-256-ecb', key, null);
    this.blocks.setAutoPadding(false);
  }

  static fromBytes(key: Buffer, source = 'given'): MasterKey {
    if (key.length !== 32) throw new MasterKeyError(`the master key from ${source} must be 32 bytes (base64 of 32 random bytes), not ${key.length}`);
    return new MasterKey(Buffer.from(key), source);
  }

  /** The key from the environment or its file, the file created when there is none yet. */
  static resolve(defaultFile: string, options: { create: boolean }, env: NodeJS.ProcessEnv = process.env): MasterKey {
    if (env.LUXOR_MASTER_KEY) return MasterKey.fromBytes(Buffer.from(env.LUXOR_MASTER_KEY, 'base64'), 'LUXOR_MASTER_KEY');
    const file = env.LUXOR_MASTER_KEY_FILE ?? defaultFile;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // A store whose keys are already wrapped needs its own key back, not a new one.
      if (!options.create) throw new MasterKeyError(`the master key file ${file} is missing, and this store's keys are wrapped under a master key: restore it, or give it in LUXOR_MASTER_KEY or LUXOR_MASTER_KEY_FILE`);
      text = createKeyFile(file);
    }
    return MasterKey.fromBytes(Buffer.from(text.trim(), 'base64'), file);
  }

  /** A check value naming the key without revealing it: the store records it and refuses another key. */
  get id(): string {
    return createHmac('sha256', this.key).update('luxor/master-key-id').digest('base64url').slice(0, 16);
  }

  /** A new consignment's data key, and what the store keeps of it (the salt, versioned). */
  newDataKey(): { key: Buffer; stored: Buffer } {
    const stored = Buffer.allocUnsafe(1 + SALT);
    stored[0] = DERIVED;
    randomBytesFast(SALT).copy(stored, 1);
    return { key: this.derive(stored), stored };
  }

  /** The data key from what the store keeps: derived from its salt, unwrapped, or (written before keys were protected) raw. */
  openDataKey(consignmentId: string, stored: Buffer): Buffer {
    if (stored.length === 1 + SALT && stored[0] === DERIVED) return this.derive(stored);
    if (stored.length === 32) return stored;
    return this.unwrap(stored, dataKeyLabel(consignmentId));
  }

  private derive(stored: Buffer): Buffer {
    return this.blocks.update(stored.subarray(1));
  }

  wrap(secret: Buffer, label: string): Buffer {
    const iv = randomBytesFast(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(label));
    const body = Buffer.concat([cipher.update(secret), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
  }

  unwrap(wrapped: Buffer, label: string): Buffer {
    if (wrapped.length <= HEADER || wrapped[0] !== VERSION) throw new MasterKeyError(`${label}: not a wrapped key`);
    const decipher = createDecipheriv('aes-256-gcm', this.key, wrapped.subarray(1, 13));
    decipher.setAAD(Buffer.from(label));
    decipher.setAuthTag(wrapped.subarray(13, HEADER));
    try {
      return Buffer.concat([decipher.update(wrapped.subarray(HEADER)), decipher.final()]);
    } catch {
      throw new MasterKeyError(`${label}: does not open with the master key from ${this.source}`);
    }
  }
}

export function dataKeyLabel(consignmentId: string): string { return `data-key:${consignmentId}`; }

function createKeyFile(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  const text = randomBytes(32).toString('base64') + '\n';
  // Written whole under another name, then linked into place: a process starting at the same
  // moment finds either no file or the whole key, never its own key beside another's.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, text, { mode: 0o600 });
  try {
    linkSync(temporary, file);
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8');
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}
