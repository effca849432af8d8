/**
 * Lists of offenders and watch lists (FoS Technical Specifications 2.3.4): parties matched by
 * identifier, by name tolerant of case, accents, script, word order, legal forms and typing
 * errors, and by address. Lists are dated data; an index is built once per list version so a
 * match costs a few trigram look-ups and a handful of edit distances.
 */
import type { Address, DateTime, Identifier, Party } from '../domain/message.js';
import type { Reason } from '../clearance/seam.js';
import { addressTokens, nameTokens, tokenSetSimilarity, trigrams } from './normalise.js';
import { parseTime } from './keys.js';

export interface WatchEntry {
  id: string;
  kind: 'person' | 'organisation' | 'address';
  name?: string;
  aliases?: string[];
  address?: Address;
  identifiers?: Identifier[];
  /** Why the party is listed (seizure, conviction, IPR infringer, sanctions …). */
  reason: string;
  /** Points added to the risk score on a match (default: the list's). */
  points?: number;
  validFrom: DateTime;
  validTo?: DateTime;
}

export interface WatchList {
  id: string;
  name: string;
  /** Legal basis or origin of the list. */
  source: string;
  /** Default points of a match. */
  points: number;
  /** Lowest match score reported (0..1). */
  threshold?: number;
  validFrom: DateTime;
  validTo?: DateTime;
  entries: WatchEntry[];
}

export interface WatchMatch {
  listId: string;
  entry: WatchEntry;
  /** 0..1 */
  score: number;
  by: 'identifier' | 'name' | 'address';
  matchedName?: string;
  nameScore?: number;
  addressScore?: number;
  points: number;
}

interface Variant { entry: number; name: string; tokens: string[]; trigramCount: number; /** Sum of token lengths, or -1 when a token is an initial (the bound below does not hold for initials). */ letters: number }
interface Prepared { list: WatchList; entry: WatchEntry; /** Validity of list and entry together, in ms. */ fromMs: number; toMs: number; address?: { tokens: string[]; numbers: string[]; postcode: string; country: string } }

export interface WatchIndex {
  readonly entries: Prepared[];
  readonly variants: Variant[];
  /** Variants per trigram, ordered by letter count (initials, -1, first): a look-up scans only plausible lengths. */
  readonly byTrigram: Map<number, Int32Array>;
  /** Letter count per variant (-1 when a token is an initial). */
  readonly letters: Int32Array;
  /** Distinct trigrams per variant: the trigram filter reads a typed array, not the variant objects. */
  readonly trigramCounts: Int32Array;
  /** `byTrigram` as an open-addressing table over one flat postings array (what look-ups read). */
  readonly trigramTable: TrigramTable;
  readonly byIdentifier: Map<string, number[]>;
  readonly byPostcode: Map<string, number[]>;
  /** Scratch counters, one per variant (the index is used by one thread at a time). */
  readonly counts: Int32Array;
  readonly touched: Int32Array;
  /** Lowest list threshold (default 0.85): no name scoring below it can be reported. */
  readonly minThreshold: number;
}

function identKey(id: Identifier): string {
  return id.scheme.toLowerCase().replace(/[^a-z0-9]/g, '') + ':' + id.value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

function postcodeKey(a: Address): string {
  return a.country.toUpperCase() + ':' + (a.postcode ?? '').replace(/\s+/g, '').toUpperCase();
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) { if (list[list.length - 1] !== value) list.push(value); } else map.set(key, [value]);
}

/**
 * Trigram postings in typed arrays: slot `h` holds trigram `keys[h]` (-1 empty), whose postings
 * are `postings[start[h] .. end[h])`, the variants with initials first, up to `initialsEnd[h]`.
 * A look-up is a multiplicative hash and a probe instead of a Map look-up, and the initials
 * prefix needs no per-posting test.
 */
export interface TrigramTable { keys: Int32Array; start: Int32Array; initialsEnd: Int32Array; end: Int32Array; postings: Int32Array; shift: number; mask: number }

function trigramSlot(t: number, shift: number): number { return Math.imul(t, 0x9e3779b1) >>> shift; }

function buildTrigramTable(sorted: Map<number, Int32Array>, letters: Int32Array): TrigramTable {
  let bits = 4;
  while ((1 << bits) < sorted.size * 2) bits++;
  const size = 1 << bits;
  const mask = size - 1;
  const shift = 32 - bits;
  const keys = new Int32Array(size).fill(-1);
  const start = new Int32Array(size);
  const initialsEnd = new Int32Array(size);
  const end = new Int32Array(size);
  let total = 0;
  for (const list of sorted.values()) total += list.length;
  const postings = new Int32Array(total);
  let at = 0;
  for (const [t, list] of sorted) {
    let h = trigramSlot(t, shift);
    while (keys[h] !== -1) h = (h + 1) & mask;
    keys[h] = t;
    start[h] = at;
    postings.set(list, at);
    let i = 0;
    while (i < list.length && letters[list[i]] < 0) i++;
    initialsEnd[h] = at + i;
    at += list.length;
    end[h] = at;
  }
  return { keys, start, initialsEnd, end, postings, shift, mask };
}

export function buildWatchIndex(lists: WatchList[]): WatchIndex {
  const entries: Prepared[] = [];
  const variants: Variant[] = [];
  const byTrigram = new Map<number, number[]>();
  const byIdentifier = new Map<string, number[]>();
  const byPostcode = new Map<string, number[]>();
  for (const list of lists) {
    for (const entry of list.entries) {
      const e = entries.length;
      const prepared: Prepared = {
        list, entry,
        fromMs: Math.max(Date.parse(list.validFrom), Date.parse(entry.validFrom)),
        toMs: Math.min(list.validTo === undefined ? Infinity : Date.parse(list.validTo), entry.validTo === undefined ? Infinity : Date.parse(entry.validTo)),
      };
      if (entry.address && (entry.address.street || entry.address.postcode)) {
        prepared.address = { tokens: addressTokens([entry.address.street, entry.address.city]), numbers: addressTokens([entry.address.street]).filter((t) => DIGITS.test(t)), postcode: postcodeKey(entry.address), country: entry.address.country.toUpperCase() };
        if (entry.address.postcode) push(byPostcode, prepared.address.postcode, e);
      }
      entries.push(prepared);
      for (const id of entry.identifiers ?? []) push(byIdentifier, identKey(id), e);
      for (const name of [entry.name, ...(entry.aliases ?? [])]) {
        if (!name) continue;
        const toks = nameTokens(name);
        if (toks.length === 0) continue;
        const v = variants.length;
        const tri = [...new Set(trigrams(toks))];
        variants.push({ entry: e, name, tokens: toks, trigramCount: tri.length, letters: letterCount(toks) });
        for (const t of tri) push(byTrigram, t, v);
      }
    }
  }
  let minThreshold = 1;
  for (const list of lists) minThreshold = Math.min(minThreshold, list.threshold ?? 0.85);
  const letters = Int32Array.from(variants, (v) => v.letters);
  const sorted = new Map<number, Int32Array>();
  for (const [t, list] of byTrigram) sorted.set(t, Int32Array.from(list).sort((a, b) => letters[a] - letters[b] || a - b));
  return { entries, variants, byTrigram: sorted, letters, trigramCounts: Int32Array.from(variants, (v) => v.trigramCount), trigramTable: buildTrigramTable(sorted, letters), byIdentifier, byPostcode, counts: new Int32Array(variants.length), touched: new Int32Array(variants.length), minThreshold };
}

/** Distinct trigrams as a typed array: sorted in place without a comparator or a temporary copy. */
// Scratch for a query's trigrams: look-ups are synchronous, so one buffer serves them all.
let TRI_SCRATCH = new Int32Array(128);

function uniqueTrigrams(words: string[]): Int32Array {
  // The trigrams of ' ' + words.join(' ') + ' ' (as `trigrams`), written straight into the scratch.
  let len = 1;
  for (const w of words) len += w.length + 1;
  const count = Math.max(0, len - 2);
  if (TRI_SCRATCH.length < count) TRI_SCRATCH = new Int32Array(count * 2);
  const all = TRI_SCRATCH.subarray(0, count);
  let a = 32, b = -1, k = 0;
  const feed = (c: number): void => {
    if (b >= 0) all[k++] = ((a & 0xff) << 16) | ((b & 0xff) << 8) | (c & 0xff);
    a = b < 0 ? a : b; b = c;
  };
  for (let w = 0; w < words.length; w++) {
    if (w > 0) feed(32);
    const word = words[w];
    for (let i = 0; i < word.length; i++) feed(word.charCodeAt(i));
  }
  feed(32);
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  return all.subarray(0, n);
}

function letterCount(toks: string[]): number {
  let n = 0;
  for (const t of toks) { if (t.length < 2) return -1; n += t.length; }
  return n;
}

const DIGITS = /^\d+$/;

/** The party's address prepared once per look-up (it is compared with every candidate entry). */
interface QueryAddress { tokens: string[]; numbers: string[]; postcode: string; hasPostcode: boolean; country: string }

function queryAddress(address: Address | undefined): QueryAddress | undefined {
  if (!address) return undefined;
  return {
    tokens: addressTokens([address.street, address.city]),
    numbers: addressTokens([address.street]).filter((t) => DIGITS.test(t)),
    postcode: postcodeKey(address), hasPostcode: address.postcode !== undefined, country: address.country.toUpperCase(),
  };
}

/**
 * Whether a listed address and a party's address clearly differ: another country, or house
 * numbers on both sides with none in common ("51 Le Loi" is not "72 Le Loi"). A namesake at a
 * clearly different address is a weaker match than a name alone: see `nameMatchScore`.
 */
function addressConflict(p: Prepared, q: QueryAddress | undefined): boolean {
  if (!p.address || !q) return false;
  if (p.address.country !== q.country) return true;
  const listed = p.address.numbers;
  return listed.length > 0 && q.numbers.length > 0 && !q.numbers.some((t) => listed.includes(t));
}

/**
 * A name match weighed by the address: up to 10 % off for a weak address match, 20 % off for a
 * clearly different address, up to 0.1 on for the listed address itself, so that at the default
 * threshold (0.85) a namesake elsewhere needs a near-exact name and a different address rules out
 * an exact one. Measured on the simulator:
 * homonym sellers at other addresses were 80 of 143 false alarms (docs/decisions/0004-risk.md).
 */
function nameMatchScore(nameScore: number, p: Prepared, q: QueryAddress | undefined, addressScore: number | undefined): number {
  if (addressScore === undefined) return nameScore;
  if (addressConflict(p, q)) return nameScore * 0.8;
  // The listed address itself (same postcode, same street) corroborates a name one typing error
  // off ("Zhaang Wei" at the listed flat): up to 0.1 added, so a short name with one wrong letter
  // (0.8) matches there and nowhere else.
  if (addressScore >= 0.9) return Math.min(1, nameScore + (addressScore - 0.8) * 0.5);
  return nameScore * (0.9 + 0.1 * addressScore);
}

function addressSimilarity(p: Prepared, q: QueryAddress | undefined): number | undefined {
  if (!p.address || !q) return undefined;
  if (p.address.country !== q.country) return 0;
  const street = tokenSetSimilarity(p.address.tokens, q.tokens);
  const samePostcode = p.address.postcode === q.postcode && q.hasPostcode;
  return samePostcode ? Math.min(1, 0.3 + 0.7 * street) : 0.7 * street;
}

/**
 * Every list entry in force at `at` that the party matches with a score at or above the
 * threshold (the list's, or `threshold`), best first, one match per entry.
 */
export function matchParty(index: WatchIndex, party: Party | undefined, at: DateTime, threshold?: number): WatchMatch[] {
  if (!party) return [];
  const atMs = parseTime(at);
  // The same party (same name, address and identifiers) always matches the same entries: the
  // scoring is memoised per index, and only the validity of the entries depends on the time.
  const all = matchByContent(index, party, threshold);
  if (all.length === 0) return all;
  const out: WatchMatch[] = [];
  for (const m of all) {
    const p = index.entries[matchEntryIndex.get(m)!];
    if (p.fromMs <= atMs && atMs < p.toMs) out.push(m);
  }
  return out;
}

/**
 * One memoised look-up: the party content a match depends on, kept as it was given and compared
 * field by field. Joining the fields into one string key cost a concatenation and the hashing of
 * a long string per party, hit or miss; the name alone is the map key (its hash is cached in the
 * string) and the other fields are compared only on a name that was seen. Parties of one name
 * form a chain.
 */
interface ContentMemo {
  threshold: number | undefined;
  id: string | undefined;
  hasAddress: boolean;
  street: string | undefined;
  city: string | undefined;
  postcode: string | undefined;
  country: string | undefined;
  /** Identifiers as scheme, value, scheme, value … (empty without identifiers). */
  idents: string[];
  all: WatchMatch[];
  next: ContentMemo | undefined;
  /** Length of the chain from here: a name given with many addresses must not make a long scan. */
  depth: number;
}

interface MatchMemo { byName: Map<string, ContentMemo>; size: number }

const NO_IDENTS: string[] = [];

function sameContent(m: ContentMemo, party: Party, threshold: number | undefined): boolean {
  // Cheapest and most telling first: parties of one name differ mostly by country or postcode,
  // and a chain is walked entry by entry, so a wrong entry should fail on a two-letter compare.
  const a = party.address;
  if (a === undefined) { if (m.hasAddress) return false; }
  else if (!m.hasAddress || m.country !== a.country || m.postcode !== a.postcode || m.street !== a.street || m.city !== a.city) return false;
  if (m.threshold !== threshold || m.id !== party.id) return false;
  const ids = party.identifiers;
  const n = ids === undefined ? 0 : ids.length;
  if (m.idents.length !== 2 * n) return false;
  for (let i = 0; i < n; i++) if (m.idents[2 * i] !== ids![i].scheme || m.idents[2 * i + 1] !== ids![i].value) return false;
  return true;
}

function matchByContent(index: WatchIndex, party: Party, threshold: number | undefined): WatchMatch[] {
  let memo = matchMemo.get(index);
  if (!memo) { memo = { byName: new Map(), size: 0 }; matchMemo.set(index, memo); }
  const name = party.name ?? '';
  const head = memo.byName.get(name);
  for (let m = head; m !== undefined; m = m.next) if (sameContent(m, party, threshold)) return m.all;
  const all = matchPartyAnyTime(index, party, threshold);
  if (memo.size >= MATCH_MEMO_LIMIT) { memo.byName.clear(); memo.size = 0; }
  const a = party.address;
  let idents = NO_IDENTS;
  if (party.identifiers !== undefined && party.identifiers.length > 0) {
    idents = [];
    for (const id of party.identifiers) idents.push(id.scheme, id.value);
  }
  // After a clear the chain's old head is gone; past 8 parties of one name the chain starts over.
  const rest = memo.size === 0 || (head !== undefined && head.depth >= 8) ? undefined : head;
  memo.byName.set(name, { threshold, id: party.id, hasAddress: a !== undefined, street: a?.street, city: a?.city, postcode: a?.postcode, country: a?.country, idents, all, next: rest, depth: (rest?.depth ?? 0) + 1 });
  memo.size++;
  return all;
}

const MATCH_MEMO_LIMIT = 50_000;
const matchMemo = new WeakMap<WatchIndex, MatchMemo>();
/** The index entry of each memoised match, for the validity filter. */
const matchEntryIndex = new WeakMap<WatchMatch, number>();

/** `matchParty` without the validity of entries: every entry the party matches, best first. */
function matchPartyAnyTime(index: WatchIndex, party: Party, threshold?: number): WatchMatch[] {
  let qa: QueryAddress | undefined;
  // Most parties match nothing: the map is made on the first candidate that passes.
  let best: Map<number, WatchMatch> | undefined;
  const consider = (e: number, m: Omit<WatchMatch, 'listId' | 'entry' | 'points'>): void => {
    const p = index.entries[e];
    const min = threshold ?? p.list.threshold ?? 0.85;
    if (m.score < min) return;
    best ??= new Map<number, WatchMatch>();
    const prev = best.get(e);
    if (!prev || prev.score < m.score) {
      const match: WatchMatch = { listId: p.list.id, entry: p.entry, points: p.entry.points ?? p.list.points, ...m };
      matchEntryIndex.set(match, e);
      best.set(e, match);
    }
  };

  for (const id of party.identifiers ?? []) {
    for (const e of index.byIdentifier.get(identKey(id)) ?? []) consider(e, { score: 1, by: 'identifier' });
  }
  if (party.id) for (const e of index.byIdentifier.get(identKey({ scheme: 'id', value: party.id })) ?? []) consider(e, { score: 1, by: 'identifier' });

  if (party.name) {
    const q = nameTokens(party.name);
    if (q.length > 0) {
      const tri = uniqueTrigrams(q);
      const qLetters = letterCount(q);
      // Without initials, tokenSetSimilarity ≤ shorter/longer letter count (each word pair scores
      // at most min/max of their lengths, and so does the joined comparison), and a match needs a
      // name score ≥ the threshold: a length ratio below it cannot match, so skip the scoring.
      const floor = Math.max(0.6, threshold ?? index.minThreshold);
      const counts = index.counts;
      const touched = index.touched;
      const letters = index.letters;
      const trigramCounts = index.trigramCounts;
      let nTouched = 0;
      // Only variants whose letter count is within [floor·q, q/floor] (or with initials) can match.
      const lo = qLetters > 0 ? Math.ceil(floor * qLetters - 1e-9) : -1;
      const hi = qLetters > 0 ? Math.floor(qLetters / floor + 1e-9) : Number.MAX_SAFE_INTEGER;
      const { keys, start, initialsEnd, end, postings, shift, mask } = index.trigramTable;
      for (let q3 = 0; q3 < tri.length; q3++) {
        const t = tri[q3];
        let h = trigramSlot(t, shift);
        let k = keys[h];
        while (k !== t && k !== -1) { h = (h + 1) & mask; k = keys[h]; }
        if (k === -1) continue;
        const n = end[h];
        const initials = initialsEnd[h];
        let i = start[h];
        for (; i < initials; i++) { const v = postings[i]; if (counts[v] === 0) touched[nTouched++] = v; counts[v]++; }
        if (lo > 0) {
          let a = i, b = n;
          while (a < b) { const mid = (a + b) >>> 1; if (letters[postings[mid]] < lo) a = mid + 1; else b = mid; }
          i = a;
        }
        for (; i < n; i++) {
          const v = postings[i];
          if (letters[v] > hi) break;
          if (counts[v] === 0) touched[nTouched++] = v;
          counts[v]++;
        }
      }
      for (let k = 0; k < nTouched; k++) {
        const v = touched[k];
        const shared = counts[v];
        counts[v] = 0;
        // Trigram filter: a name within the edit-distance budget shares about half its trigrams or more.
        if (shared < 0.45 * Math.min(tri.length, trigramCounts[v])) continue;
        const vLetters = letters[v];
        if (qLetters > 0 && vLetters > 0 && Math.min(qLetters, vLetters) < floor * Math.max(qLetters, vLetters)) continue;
        const variant = index.variants[v];
        const nameScore = tokenSetSimilarity(q, variant.tokens);
        if (nameScore < 0.6) continue;
        qa ??= queryAddress(party.address);
        const addressScore = addressSimilarity(index.entries[variant.entry], qa);
        const score = nameMatchScore(nameScore, index.entries[variant.entry], qa, addressScore);
        consider(variant.entry, { score, by: 'name', matchedName: variant.name, nameScore, addressScore });
      }
    }
  }

  if (party.address?.postcode) {
    for (const e of index.byPostcode.get(postcodeKey(party.address)) ?? []) {
      const p = index.entries[e];
      if (p.entry.kind !== 'address') continue;
      qa ??= queryAddress(party.address);
      const addressScore = addressSimilarity(p, qa) ?? 0;
      consider(e, { score: addressScore, by: 'address', addressScore });
    }
  }
  if (best === undefined || best.size === 0) return [];
  const out = [...best.values()];
  return out.length > 1 ? out.sort((a, b) => b.score - a.score) : out;
}

/** A list match as an explanation: the matched entry, the score and the threshold. */
export function watchReason(role: string, m: WatchMatch, threshold: number, note?: string): Reason {
  return {
    code: 'watchlist-match',
    source: 'list',
    message: `${role} matches ${m.entry.kind} "${m.entry.name ?? m.entry.address?.street ?? m.entry.id}" on list ${m.listId} by ${m.by} (${m.entry.reason})${note ? `; ${note}` : ''}`,
    version: m.listId,
    score: m.points,
    measured: Math.round(m.score * 1000) / 1000,
    threshold,
    matched: { list: m.listId, entryId: m.entry.id, name: m.entry.name, matchedName: m.matchedName, address: m.entry.address, by: m.by, nameScore: m.nameScore, addressScore: m.addressScore },
  };
}
