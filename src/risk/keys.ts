/**
 * Keys that tie a consignment's parties to their history (context.parties) and to the buyer's
 * recent parcels (context.recent). The shell must build those contexts with these same
 * functions, or windows and party facts silently see nothing.
 */
import type { Address, DeclaredConsignment, Party } from '../domain/message.js';
import type { AssessmentContext, ConsignmentFacts } from '../clearance/seam.js';
import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';
import { addressTokens, fold, nameTokens } from './normalise.js';

/**
 * Keys built from a natural person's name, address or identifiers are pseudonymised: they are
 * recorded in decision contexts, which are hashed into the log, and must not carry the name itself.
 *
 * Unkeyed (`UNKEYED`, for pure tests and records made before session 5) a pseudonym is a plain
 * SHA-256, which anyone holding the log can reverse with a list of names and addresses, even after
 * the consignment's personal data was erased. The platform keys them (`new PartyKeyer(secret)`):
 * an HMAC under its secret, which is not in the log, so the log alone re-identifies no one. The
 * shell puts the keys of each assessed consignment in its context (`context.keys`); the engines use
 * those and make their own only when a context has none.
 */
export class PartyKeyer {
  private readonly names = new RawKeyMemo();
  private readonly addresses = new RawKeyMemo();
  private readonly identifiers = new RawKeyMemo();
  private readonly secret: KeyObject | undefined;

  constructor(secret?: Buffer) {
    this.secret = secret ? createSecretKey(secret) : undefined;
  }

  private pseudonym(text: string): string {
    // One-shot `crypto.hash` gives the same digest as createHash().update().update() at about a
    // third of the cost (no Hash object per key).
    if (!this.secret) return hash('sha256', 'luxor/party-key/v1\n' + text, 'base64url').slice(0, 22);
    return createHmac('sha256', this.secret).update('luxor/party-key/v2\n').update(text).digest('base64url').slice(0, 22);
  }

  /**
   * Stable key of a party: its id, else its first identifier that holds outside one platform
   * (registration, tax or EORI number), else folded name and country, else a platform-scoped
   * identifier when there is no name.
   */
  partyKey(party: Party | undefined): string | undefined {
    if (!party) return undefined;
    if (party.id) return 'id:' + party.id;
    const idents = Array.isArray(party.identifiers) ? party.identifiers : undefined;
    let ident = idents?.[0];
    if (ident && PLATFORM_SCOPED.has(ident.scheme) && (idents!.length > 1 || party.name)) ident = idents!.find((i) => !PLATFORM_SCOPED.has(i.scheme));
    if (ident && typeof ident.scheme === 'string' && typeof ident.value === 'string') {
      // Fast paths give what fold/replace give for the common plain scheme and value.
      const scheme = PLAIN_SCHEME.test(ident.scheme) ? ident.scheme : fold(ident.scheme).replace(/ /g, '-');
      const value = SPACE.test(ident.value) ? ident.value.replace(/\s+/g, '') : ident.value;
      if (!this.secret) return scheme + ':' + value.toUpperCase();
      // Keyed, an identifier is pseudonymised too: a buyer's national ID number is personal data.
      let key = this.identifiers.get(ident.value, ident.scheme, undefined);
      if (key === undefined) {
        key = 'ident:' + this.pseudonym(scheme + ':' + value.toUpperCase());
        this.identifiers.set(ident.value, ident.scheme, undefined, key);
      }
      return key;
    }
    const name = party.name;
    if (!name) return undefined;
    const country = party.address?.country;
    let key = this.names.get(name, country, undefined);
    if (key === undefined) {
      key = 'name:' + this.pseudonym(nameTokens(name).join(' ') + '|' + (country ?? '').toUpperCase());
      this.names.set(name, country, undefined, key);
    }
    return key;
  }

  /** Address key: normalised street, postcode without spaces, country; city ignored (spelt too many ways). */
  addressKey(address: Address | undefined): string | undefined {
    if (!address || (!address.street && !address.postcode)) return undefined;
    const street = address.street ?? '';
    let key = this.addresses.get(street, address.postcode, address.country);
    if (key === undefined) {
      const tokens = addressTokens([address.street]).join(' ');
      const postcode = (address.postcode ?? '').replace(/\s+/g, '').toUpperCase();
      key = 'addr:' + this.pseudonym(tokens + '|' + postcode + '|' + address.country.toUpperCase());
      this.addresses.set(street, address.postcode, address.country, key);
    }
    return key;
  }

  /** The keys of every party of a consignment, as the shell puts them in its context. */
  keysOfFacts(facts: ConsignmentFacts): PartyKeys {
    const keys: PartyKeys = {};
    for (const role of ROLES) {
      const key = this.partyKey(partyOf(facts, role));
      if (key !== undefined) keys[role] = key;
    }
    const address = this.addressKey(buyerOf(facts)?.address);
    if (address !== undefined) keys.address = address;
    return keys;
  }
}

/** Keys of one consignment's parties by role, and of the buyer's address. */
export type PartyKeys = { [role in PartyRole | 'address']?: string };

const ROLES: readonly PartyRole[] = ['seller', 'buyer', 'consignee', 'consignor', 'declarant', 'carrier', 'submitter'];

/**
 * Keys memoised on the fields they are made from, as given: a recurring party (a shop's parcels,
 * a consignment re-assessed at each message, the shell keying a party before the engine does)
 * skips the folding and the hash; a new one costs one look-up of its name or street, whose
 * hash V8 keeps in the string for the checks that look it up again. Keyed by the raw text, not
 * the folded text, so a hit skips the folding as well. Entries of one name or street chain (at
 * most 8 deep); the memo is cleared when full (a miss only recomputes).
 */
interface RawKey { a: string | undefined; b: string | undefined; key: string; next: RawKey | undefined; depth: number }
class RawKeyMemo {
  private readonly map = new Map<string, RawKey>();
  private size = 0;
  get(head: string, a: string | undefined, b: string | undefined): string | undefined {
    for (let e = this.map.get(head); e !== undefined; e = e.next) if (e.a === a && e.b === b) return e.key;
    return undefined;
  }
  set(head: string, a: string | undefined, b: string | undefined, key: string): void {
    if (this.size >= 50_000) { this.map.clear(); this.size = 0; }
    const first = this.map.get(head);
    const rest = first !== undefined && first.depth < 8 ? first : undefined;
    this.map.set(head, { a, b, key, next: rest, depth: (rest?.depth ?? 0) + 1 });
    this.size++;
  }
}

const PLAIN_SCHEME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SPACE = /\s/;

/**
 * Identifier schemes that only name a party inside one platform (a marketplace's seller number):
 * the same shop sells through the marketplace and ships by express or post, where the number is
 * absent, so keying on it would split one seller's history (and its split parcels) in two.
 */
const PLATFORM_SCOPED = new Set(['platform-seller-id', 'platform-buyer-id', 'shop-id']);

/** Unkeyed pseudonyms: for pure tests and for contexts recorded before keys were carried in them. */
export const UNKEYED = new PartyKeyer();

export function partyKey(party: Party | undefined): string | undefined {
  return UNKEYED.partyKey(party);
}

export function addressKey(address: Address | undefined): string | undefined {
  return UNKEYED.addressKey(address);
}

/** The consignment as best known: the declaration, else pre-loading data, else transport data. */
export function consignmentView(facts: ConsignmentFacts): Partial<DeclaredConsignment> {
  return facts.declaration ?? facts.preLoading ?? facts.transport ?? {};
}

export function buyerOf(facts: ConsignmentFacts): Party | undefined {
  const c = consignmentView(facts);
  return c.buyer ?? c.consignee ?? facts.orders[0]?.buyer;
}

export function sellerOf(facts: ConsignmentFacts): Party | undefined {
  const c = consignmentView(facts);
  return c.seller ?? c.consignor ?? facts.orders[0]?.seller;
}

/**
 * Keys of one consignment's parties, computed at most once per assessment: the name and address
 * keys cost a hash each (an HMAC when keyed), and rules, splitting and party checks all need them.
 */
export type KeyOf = (role: PartyRole | 'address') => string | undefined;

export function keysOf(facts: ConsignmentFacts, context?: AssessmentContext): KeyOf {
  const given = context?.keys;
  if (given) return (role) => given[role];
  const memo = new Map<string, string | undefined>();
  return (role) => {
    if (memo.has(role)) return memo.get(role);
    const k = role === 'address' ? addressKey(buyerOf(facts)?.address) : partyKey(partyOf(facts, role));
    memo.set(role, k);
    return k;
  };
}

export type PartyRole = 'seller' | 'buyer' | 'consignee' | 'consignor' | 'declarant' | 'carrier' | 'submitter';

export function partyOf(facts: ConsignmentFacts, role: PartyRole): Party | undefined {
  const c = consignmentView(facts);
  switch (role) {
    case 'seller': return sellerOf(facts);
    case 'buyer': return buyerOf(facts);
    case 'consignee': return c.consignee;
    case 'consignor': return c.consignor;
    case 'declarant': return c.declarant ?? (facts.declarant ? { id: facts.declarant } : undefined);
    case 'carrier': return c.carrier ?? (facts.transportedBy ? { id: facts.transportedBy } : undefined);
    case 'submitter': return facts.declaredBy ? { id: facts.declaredBy } : facts.preLoadedBy ? { id: facts.preLoadedBy } : undefined;
  }
}

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/**
 * `Date.parse` of a date in reference data (a threshold's or a register entry's validity): a few
 * strings, parsed once rather than on every assessment. Bounded; cleared when full.
 */
export function referenceDateMs(text: string): number {
  let ms = REFERENCE_DATES.get(text);
  if (ms === undefined) {
    ms = Date.parse(text);
    if (REFERENCE_DATES.size >= 10_000) REFERENCE_DATES.clear();
    REFERENCE_DATES.set(text, ms);
  }
  return ms;
}
const REFERENCE_DATES = new Map<string, number>();

/**
 * `Date.parse` with a fast path for the UTC form the platform writes ("2026-11-20T08:15:00Z",
 * optionally with milliseconds): rules parse several times per consignment, and Date.parse is
 * the slowest step of a window rule. Anything else (offsets, other precisions) goes to Date.parse.
 */
export function parseTime(s: string): number {
  // One assessment parses its `now` in several checks: the last answer is kept.
  if (s === lastParsed) return lastParsedMs;
  const ms = parseTimeUncached(s);
  lastParsed = s;
  lastParsedMs = ms;
  return ms;
}
let lastParsed = '';
let lastParsedMs = Number.NaN;

function parseTimeUncached(s: string): number {
  const n = s.length;
  if ((n === 20 || n === 24) && s.charCodeAt(n - 1) === 90 /* Z */ && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
    const ms = n === 24 ? (s.charCodeAt(19) === 46 ? digits(s, 20, 3) : NaN) : 0;
    const mo = digits(s, 5, 2);
    const d = digits(s, 8, 2);
    const h = digits(s, 11, 2);
    const mi = digits(s, 14, 2);
    const sec = digits(s, 17, 2);
    // Out-of-range fields are Date.parse's to judge (it rejects them; Date.UTC would roll them over).
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= 28 && h <= 23 && mi <= 59 && sec <= 59 && !Number.isNaN(ms)) return Date.UTC(digits(s, 0, 4), mo - 1, d, h, mi, sec, ms);
  }
  return Date.parse(s);
}

/** Hours from a to b (b later gives a positive number); undefined when either is missing or invalid. */
export function hoursBetween(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b) return undefined;
  const ta = parseTime(a);
  const tb = parseTime(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return undefined;
  return (tb - ta) / 3_600_000;
}
