/**
 * Personal data of natural persons lives outside the hashed event payload (ARCHITECTURE.md,
 * "Record"): intake splits a message into a redacted copy, which is hashed into the log, and
 * the personal values, which are sealed with AES-256-GCM under a key per consignment. The
 * event row keeps only a salted commitment. Destroying the consignment's key at the end of
 * retention erases the data; the chain still verifies because it never covered the data.
 *
 * What counts as personal (see docs/decisions/0006-*.md):
 * - buyer, consignee and payer: personal unless marked kind 'organisation' (B2C is the rule);
 * - seller, consignor, payee, carrier, declarant: personal only when marked kind 'person';
 * - of such a party: name, e-mail, phone, url, its identifiers (a buyer's national ID or tax number,
 *   which CN cross-border retail requires), and the street, city and postcode of the address.
 *   Country and region stay in clear: they decide the tax jurisdiction and do not identify;
 * - a return's refund claimant id when the claimant is the buyer;
 * - free text written by people, whole: an information message's answers, an inspection's or an
 *   agency's remarks, the reason of a return, an amendment or an invalidation.
 */
import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { randomBytesFast as randomBytes } from './random-pool.js';
import type { Message } from '../domain/message.js';
import { canonicalJson } from './canonical-json.js';
import { COMMITMENT_PREFIX, isHash } from './hash-chain.js';

/** What replaces a personal value in the redacted message. */
export const PERSONAL_MARKER = '[personal]';

/** Personal values by JSON pointer (RFC 6901) into the message. */
export type PersonalData = Record<string, unknown>;

export interface SealedPersonalData {
  /** base64 AES-256-GCM ciphertext of canonicalJson(personal). */
  ciphertext: string;
  /** base64 12-byte nonce. */
  iv: string;
  /** base64 16-byte authentication tag. */
  tag: string;
  /** hex 16 random bytes, salting the commitment so equal data does not give equal commitments. */
  salt: string;
  /** hex SHA-256(COMMITMENT_PREFIX || tag || salt || canonicalJson(personal)); this goes in the event row. */
  commitment: string;
}

const COMMITMENT_TAG = Buffer.from('luxor.personal.v1', 'ascii');
const PARTY_FIELDS = ['name', 'email', 'phone', 'url', 'identifiers'] as const;
const ADDRESS_FIELDS = ['street', 'city', 'postcode'] as const;

type Json = Record<string, unknown>;

interface PartyAt {
  path: readonly string[];
  defaultPerson: boolean;
  /** JSON pointers of the party's personal fields, made once: `/consignment/buyer/name` and the like. */
  pointers: Readonly<Record<string, string>>;
  addressPointers: Readonly<Record<string, string>>;
}

function partyAt(path: string[], defaultPerson: boolean): PartyAt {
  const pointers: Record<string, string> = {};
  for (const field of PARTY_FIELDS) pointers[field] = toPointer([...path, field]);
  const addressPointers: Record<string, string> = {};
  for (const field of ADDRESS_FIELDS) addressPointers[field] = toPointer([...path, 'address', field]);
  return { path, defaultPerson, pointers, addressPointers };
}

function consignmentParties(base: string[]): PartyAt[] {
  return [
    partyAt([...base, 'buyer'], true),
    partyAt([...base, 'consignee'], true),
    partyAt([...base, 'seller'], false),
    partyAt([...base, 'consignor'], false),
    partyAt([...base, 'carrier'], false),
    partyAt([...base, 'declarant'], false),
  ];
}

/** Where each message type names parties, built once (split runs on every message). */
const PARTIES: Readonly<Record<string, readonly PartyAt[]>> = {
  declaration: consignmentParties(['consignment']),
  'pre-loading': consignmentParties(['consignment']),
  transport: consignmentParties(['consignment']),
  amendment: consignmentParties(['amendment', 'consignment']),
  order: [partyAt(['order', 'buyer'], true), partyAt(['order', 'seller'], false)],
  payment: [partyAt(['payment', 'payer'], true), partyAt(['payment', 'payee'], false)],
};
const NO_PARTIES: readonly PartyAt[] = [];

function freeTextAt(path: string[]): { path: string[]; pointer: string } { return { path, pointer: toPointer(path) }; }
/** The free-text field of each message type that has one. */
const FREE_TEXT: Readonly<Record<string, { path: string[]; pointer: string }>> = {
  information: freeTextAt(['information', 'answers']),
  'inspection-result': freeTextAt(['inspection', 'remarks']),
  'agency-decision': freeTextAt(['decision', 'remarks']),
  return: freeTextAt(['return', 'reason']),
  amendment: freeTextAt(['amendment', 'reason']),
  invalidation: freeTextAt(['invalidation', 'reason']),
};

function partiesOf(message: Message): readonly PartyAt[] {
  return PARTIES[message.type] ?? NO_PARTIES;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const segment of path) {
    if (!isObject(node)) return undefined;
    node = node[segment];
  }
  return node;
}

export function toPointer(path: readonly string[]): string {
  return path.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new SyntaxError(`not a JSON pointer: ${JSON.stringify(pointer)}`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Copy-on-write: copies each container along the path once, so the input message is never changed. */
class Rewriter {
  private readonly copies = new WeakSet<object>();
  readonly root: Json;

  constructor(source: object) {
    this.root = { ...(source as Json) };
    this.copies.add(this.root);
  }

  set(path: readonly string[], value: unknown): unknown {
    let node: Json | unknown[] = this.root;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i];
      const child: unknown = (node as Json)[key];
      if (typeof child !== 'object' || child === null) throw new TypeError(`no container at ${toPointer(path.slice(0, i + 1))}`);
      let copy = child as Json | unknown[];
      if (!this.copies.has(child)) {
        copy = Array.isArray(child) ? [...(child as unknown[])] : { ...(child as Json) };
        this.copies.add(copy);
        (node as Json)[key] = copy;
      }
      node = copy;
    }
    const last = path[path.length - 1];
    const previous = (node as Json)[last];
    (node as Json)[last] = value;
    return previous;
  }
}

/**
 * Splits a message into its redacted form (personal values replaced by PERSONAL_MARKER) and the
 * personal values. The input is never changed: each object on the way to a personal value is
 * copied once (the message, its consignment, the party, its address), the rest is shared.
 */
export function splitPersonalData<M extends Message>(message: M): { redacted: M; personal: PersonalData | null } {
  let personal: PersonalData | null = null;
  let rewriter: Rewriter | undefined;
  for (const party of partiesOf(message)) {
    const value = getAt(message, party.path);
    if (!isObject(value)) continue;
    const isPerson = value.kind === 'person' || (party.defaultPerson && value.kind !== 'organisation');
    if (!isPerson) continue;
    let copy: Json | undefined;
    for (const field of PARTY_FIELDS) {
      if (value[field] === undefined) continue;
      (personal ??= {})[party.pointers[field]] = value[field];
      (copy ??= { ...value })[field] = PERSONAL_MARKER;
    }
    const address = value.address;
    if (isObject(address)) {
      let addressCopy: Json | undefined;
      for (const field of ADDRESS_FIELDS) {
        if (address[field] === undefined) continue;
        (personal ??= {})[party.addressPointers[field]] = address[field];
        (addressCopy ??= { ...address })[field] = PERSONAL_MARKER;
      }
      if (addressCopy) (copy ??= { ...value }).address = addressCopy;
    }
    if (copy) (rewriter ??= new Rewriter(message)).set(party.path, copy);
  }
  // Free text written by people (an answer to a request, an officer's remark, a reason) can name
  // anyone; it is not scanned for names but sealed whole, so erasure takes it too.
  const freeText = FREE_TEXT[message.type];
  if (freeText) {
    const value = getAt(message, freeText.path);
    if (typeof value === 'string' && value !== '') (personal ??= {})[freeText.pointer] = (rewriter ??= new Rewriter(message)).set(freeText.path, PERSONAL_MARKER);
  }
  if (message.type === 'return') {
    const claimant = message.return.refundClaimant;
    if (claimant && claimant.role === 'buyer' && claimant.id !== undefined) {
      const path = ['return', 'refundClaimant', 'id'];
      (personal ??= {})[toPointer(path)] = (rewriter ??= new Rewriter(message)).set(path, PERSONAL_MARKER);
    }
  }
  if (!rewriter || !personal) return { redacted: message, personal: null };
  return { redacted: rewriter.root as unknown as M, personal };
}

/** Puts the personal values back; each pointer must land on a marker, or the two do not belong together. */
export function mergePersonalData<M extends Message>(redacted: M, personal: PersonalData | null): M {
  if (personal === null) return redacted;
  const rewriter = new Rewriter(redacted);
  for (const [pointer, value] of Object.entries(personal)) {
    const path = fromPointer(pointer);
    if (path.length === 0) throw new RangeError('personal data pointer must not be the whole message');
    if (getAt(redacted, path) !== PERSONAL_MARKER) throw new RangeError(`no personal-data marker at ${pointer}`);
    rewriter.set(path, value);
  }
  return rewriter.root as unknown as M;
}

/** A fresh AES-256 key for one consignment's personal data. */
export function newConsignmentKey(): Buffer {
  return randomBytes(32);
}

function commitmentOf(salt: Buffer, plaintext: string): string {
  return createHash('sha256')
    .update(Buffer.from([COMMITMENT_PREFIX])).update(COMMITMENT_TAG).update(salt).update(plaintext, 'utf8')
    .digest('hex');
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new RangeError('consignment key must be 32 bytes (AES-256)');
}

/** `canonical` is canonicalJson(personal) when the caller has it already (the platform hashes it too). */
export function sealPersonalData(key: Buffer, personal: PersonalData, canonical?: string): SealedPersonalData {
  checkKey(key);
  const plaintext = canonical ?? canonicalJson(personal);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // The salt is authenticated too, so a sealed record cannot be paired with another salt.
  cipher.setAAD(salt);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    ciphertext: ciphertext.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    salt: salt.toString('hex'),
    commitment: commitmentOf(salt, plaintext),
  };
}

/**
 * Decrypts and checks the commitment (against `expectedCommitment`, the event row's, when given).
 * Throws when the key is wrong, the record was altered, or it does not match the commitment.
 */
export function openPersonalData(key: Buffer, sealed: SealedPersonalData, expectedCommitment?: string): PersonalData {
  checkKey(key);
  const salt = Buffer.from(sealed.salt, 'hex');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(salt);
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const plaintext = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  const commitment = expectedCommitment ?? sealed.commitment;
  if (!isHash(commitment)) throw new RangeError('commitment is not 64 lower-case hex digits');
  const actual = Buffer.from(commitmentOf(salt, plaintext), 'hex');
  if (!timingSafeEqual(actual, Buffer.from(commitment, 'hex'))) throw new Error('personal data does not match its commitment');
  const parsed: unknown = JSON.parse(plaintext);
  if (!isObject(parsed)) throw new TypeError('sealed personal data is not an object');
  return parsed;
}
