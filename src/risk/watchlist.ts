/**
 * Lists of offenders and watch lists (FoS Technical Specifications 2.3.4): parties matched by
 * identifier, by name tolerant of case, accents, script, word order, legal forms and typing
 * errors, and by address. Lists are dated data; an index is built once per list version so a
 * match costs a few trigram look-ups and a handful of edit distances.
 */
import type { Address, DateTime, Identifier, Party } from '../domain/message.js';
import type { Reason } from '../clearance/seam.js';
import { addressTokens, nameTokens, tokenSetSimilarity, trigrams } from './normalise.js';

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
interface Prepared { list: WatchList; entry: WatchEntry; address?: { tokens: string[]; postcode: string; country: string } }

export interface WatchIndex {
  readonly entries: Prepared[];
  readonly variants: Variant[];
  readonly byTrigram: Map<number, number[]>;
  readonly byIdentifier: Map<string, number[]>;
  readonly byPostcode: Map<string, number[]>;
  /** Scratch counters, one per variant (the index is used by one thread at a time). */
  readonly counts: Int32Array;
  /** Lowest list threshold (default 0.85): no name scoring below it can be reported. */
  readonly minThreshold: number;
}

function identKey(id: Identifier): string {
  return id.scheme.toLowerCase().replace(/[^a-z0-9]/g, '') + ':' + id.value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}

function postcodeKey(a: Address): string {
  return a.country.toUpperCase() + ':' + (a.postcode ?? '').replace(/\s+/g, '').toUpperCase();
}

function inForce(from: DateTime, to: DateTime | undefined, at: number): boolean {
  return Date.parse(from) <= at && (to === undefined || at < Date.parse(to));
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) { if (list[list.length - 1] !== value) list.push(value); } else map.set(key, [value]);
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
      const prepared: Prepared = { list, entry };
      if (entry.address && (entry.address.street || entry.address.postcode)) {
        prepared.address = { tokens: addressTokens([entry.address.street, entry.address.city]), postcode: postcodeKey(entry.address), country: entry.address.country.toUpperCase() };
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
  return { entries, variants, byTrigram, byIdentifier, byPostcode, counts: new Int32Array(variants.length), minThreshold };
}

function letterCount(toks: string[]): number {
  let n = 0;
  for (const t of toks) { if (t.length < 2) return -1; n += t.length; }
  return n;
}

const DIGITS = /^\d+$/;

/**
 * Whether a listed address and a party's address clearly differ: another country, or house
 * numbers on both sides with none in common ("51 Le Loi" is not "72 Le Loi"). A namesake at a
 * clearly different address is a weaker match than a name alone: see `nameMatchScore`.
 */
function addressConflict(p: Prepared, address: Address | undefined): boolean {
  if (!p.address || !address) return false;
  if (p.address.country !== address.country.toUpperCase()) return true;
  const listed = p.address.tokens.filter((t) => DIGITS.test(t));
  if (listed.length === 0) return false;
  const given = addressTokens([address.street]).filter((t) => DIGITS.test(t));
  return given.length > 0 && !given.some((t) => listed.includes(t));
}

/**
 * A name match weighed by the address: up to 10 % off for a weak address match, 20 % off for a
 * clearly different address, so that at the default threshold (0.85) a namesake elsewhere needs
 * a near-exact name and a different address rules out an exact one. Measured on the simulator:
 * homonym sellers at other addresses were 80 of 143 false alarms (docs/decisions/0004-risk.md).
 */
function nameMatchScore(nameScore: number, p: Prepared, address: Address | undefined, addressScore: number | undefined): number {
  if (addressScore === undefined) return nameScore;
  return addressConflict(p, address) ? nameScore * 0.8 : nameScore * (0.9 + 0.1 * addressScore);
}

function addressSimilarity(p: Prepared, address: Address | undefined): number | undefined {
  if (!p.address || !address) return undefined;
  if (p.address.country !== address.country.toUpperCase()) return 0;
  const street = tokenSetSimilarity(p.address.tokens, addressTokens([address.street, address.city]));
  const samePostcode = p.address.postcode === postcodeKey(address) && address.postcode !== undefined;
  return samePostcode ? Math.min(1, 0.3 + 0.7 * street) : 0.7 * street;
}

/**
 * Every list entry in force at `at` that the party matches with a score at or above the
 * threshold (the list's, or `threshold`), best first, one match per entry.
 */
export function matchParty(index: WatchIndex, party: Party | undefined, at: DateTime, threshold?: number): WatchMatch[] {
  if (!party) return [];
  const atMs = Date.parse(at);
  const best = new Map<number, WatchMatch>();
  const consider = (e: number, m: Omit<WatchMatch, 'listId' | 'entry' | 'points'>): void => {
    const p = index.entries[e];
    if (!inForce(p.list.validFrom, p.list.validTo, atMs) || !inForce(p.entry.validFrom, p.entry.validTo, atMs)) return;
    const min = threshold ?? p.list.threshold ?? 0.85;
    if (m.score < min) return;
    const prev = best.get(e);
    if (!prev || prev.score < m.score) best.set(e, { listId: p.list.id, entry: p.entry, points: p.entry.points ?? p.list.points, ...m });
  };

  for (const id of party.identifiers ?? []) {
    for (const e of index.byIdentifier.get(identKey(id)) ?? []) consider(e, { score: 1, by: 'identifier' });
  }
  if (party.id) for (const e of index.byIdentifier.get(identKey({ scheme: 'id', value: party.id })) ?? []) consider(e, { score: 1, by: 'identifier' });

  if (party.name) {
    const q = nameTokens(party.name);
    if (q.length > 0) {
      const tri = [...new Set(trigrams(q))];
      const qLetters = letterCount(q);
      // Without initials, tokenSetSimilarity ≤ shorter/longer letter count (each word pair scores
      // at most min/max of their lengths, and so does the joined comparison), and a match needs a
      // name score ≥ the threshold: a length ratio below it cannot match, so skip the scoring.
      const floor = Math.max(0.6, threshold ?? index.minThreshold);
      const counts = index.counts;
      const touched: number[] = [];
      for (const t of tri) {
        const posting = index.byTrigram.get(t);
        if (!posting) continue;
        for (const v of posting) { if (counts[v] === 0) touched.push(v); counts[v]++; }
      }
      for (const v of touched) {
        const shared = counts[v];
        counts[v] = 0;
        const variant = index.variants[v];
        // Trigram filter: a name within the edit-distance budget shares about half its trigrams or more.
        if (shared < 0.45 * Math.min(tri.length, variant.trigramCount)) continue;
        if (qLetters > 0 && variant.letters > 0 && Math.min(qLetters, variant.letters) < floor * Math.max(qLetters, variant.letters)) continue;
        const nameScore = tokenSetSimilarity(q, variant.tokens);
        if (nameScore < 0.6) continue;
        const addressScore = addressSimilarity(index.entries[variant.entry], party.address);
        const score = nameMatchScore(nameScore, index.entries[variant.entry], party.address, addressScore);
        consider(variant.entry, { score, by: 'name', matchedName: variant.name, nameScore, addressScore });
      }
    }
  }

  if (party.address?.postcode) {
    for (const e of index.byPostcode.get(postcodeKey(party.address)) ?? []) {
      const p = index.entries[e];
      if (p.entry.kind !== 'address') continue;
      const addressScore = addressSimilarity(p, party.address) ?? 0;
      consider(e, { score: addressScore, by: 'address', addressScore });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

/** A list match as an explanation: the matched entry, the score and the threshold. */
export function watchReason(role: string, m: WatchMatch, threshold: number): Reason {
  return {
    code: 'watchlist-match',
    source: 'list',
    message: `${role} matches ${m.entry.kind} "${m.entry.name ?? m.entry.address?.street ?? m.entry.id}" on list ${m.listId} by ${m.by} (${m.entry.reason})`,
    version: m.listId,
    score: m.points,
    measured: Math.round(m.score * 1000) / 1000,
    threshold,
    matched: { list: m.listId, entryId: m.entry.id, name: m.entry.name, matchedName: m.matchedName, address: m.entry.address, by: m.by, nameScore: m.nameScore, addressScore: m.addressScore },
  };
}
