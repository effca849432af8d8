/**
 * Prohibited and restricted goods per jurisdiction (FoS Technical Specifications 8.1.3), as
 * dated data: HS ranges and multilingual keywords per FoS category, each naming the agency that
 * decides. A hit refers the consignment to that agency; customs does not decide alone.
 */
import type { DateTime, Item, Jurisdiction } from '../domain/message.js';
import type { Reason } from '../clearance/seam.js';
import { editDistance, fold, foldDescription, hasCjk } from './normalise.js';
import { parseTime } from './keys.js';

export const FOS_CATEGORIES = [
  'product-safety', 'ipr', 'arms-explosives', 'dangerous-biological-chemical', 'weapons-of-mass-destruction',
  'drugs-precursors', 'cybercrime-tools', 'invasive-species-pests', 'cites', 'phytosanitary', 'sanitary', 'hazardous-waste',
] as const;
export type FosCategory = (typeof FOS_CATEGORIES)[number];

export interface ProhibitedEntry {
  id: string;
  category: FosCategory;
  measure: 'prohibited' | 'restricted';
  description: string;
  /** HS prefixes ("9301") or prefix ranges of equal length ("9301-9307"). */
  hs: string[];
  /**
   * Keywords by language (ISO 639-1): a word, a phrase (words in that order), or words joined by
   * " + " that must all occur in the description, in any order ("knife + automatic": "Folding
   * knife, automatic opening" and "Automatic knife" both match; "Automatic umbrella" does not).
   */
  keywords: Record<string, string[]>;
  /** Where the translations of the keywords come from (terminology base, dictionary), when not the legal source. */
  keywordsSource?: string;
  agency: { code: string; name: string };
  source: string;
  validFrom: DateTime;
  validTo?: DateTime;
}

export interface ProhibitedList {
  jurisdiction: Jurisdiction;
  title: string;
  validFrom: DateTime;
  validTo?: DateTime;
  entries: ProhibitedEntry[];
}

export interface ProhibitedHit {
  entry: ProhibitedEntry;
  line: number;
  by: 'hs' | 'keyword';
  /** The HS code or the keyword that matched. */
  matched: string;
  /** The range or keyword of the entry it matched. */
  rule: string;
  /** The word as written, when it matched the keyword only as an inflection or a misspelling. */
  written?: string;
}

/**
 * FoS categories whose keywords are distinctive names (drugs, weapons, species, agents): a word
 * one typing error away from such a keyword of 7 letters or more is read as that keyword
 * ("sildenafill", "pistolet", "revolvr"). Not for IPR or product-safety words, whose neighbours are
 * ordinary goods words ("imitación" ~ "imitation").
 */
const SPELLING_TOLERANT: ReadonlySet<FosCategory> = new Set<FosCategory>([
  'arms-explosives', 'weapons-of-mass-destruction', 'dangerous-biological-chemical', 'drugs-precursors', 'cites',
]);
/** Shortest keyword read with a typing error: shorter words have too many innocent neighbours. */
const SPELLING_MIN_LENGTH = 7;

/**
 * Ordinary goods words one edit away from a spelling-tolerant keyword: words of their own, not
 * misspellings. Screening every word of the HS 2022 nomenclature and of the simulated catalogue
 * finds no other (test/risk/prohibited-tolerance.test.ts keeps it so).
 */
const NOT_MISSPELLINGS: ReadonlySet<string> = new Set<string>([
  'heroine', // a female hero (costumes, figures), not "heroína"
  'pistolet', // French and Polish: also a spray, glue or caulking gun ("pistolet à colle"), not "Pistole"
]);

interface Range { from: string; to: string; entry: number; text: string }

/** A keyword found in a description (entry validity is applied per screening, not here). */
interface KeywordMatch { entry: number; keyword: string; written?: string }

const MEMO_MAX = 20_000;

/** The word and each string one letter shorter: two words within one edit share one of these. */
function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export interface ProhibitedIndex {
  list: ProhibitedList;
  /** Ranges by the first two digits they can cover. */
  ranges: Map<string, Range[]>;
  words: Map<string, { entry: number; keyword: string }[]>;
  phrases: { text: string; entry: number; keyword: string }[];
  /** Indices into `phrases` of the Latin phrases, by their first word: a phrase is only tried when that word occurs. */
  phrasesByFirstWord: Map<string, number[]>;
  /** Indices into `phrases` of the CJK phrases (substring match), tried only on CJK descriptions. */
  cjkPhrases: number[];
  /** Keywords of words that must all occur ("knife + automatic"), each part a folded word or phrase. */
  together: { parts: string[]; entry: number; keyword: string }[];
  /** Spelling-tolerant single-word keywords, by the keyword and each of its one-letter deletions. */
  tolerant: Map<string, { word: string; entry: number; keyword: string }[]>;
  /** Keyword matches per description text (bounded; cleared when full): descriptions recur. */
  memo: Map<string, readonly KeywordMatch[]>;
  /** Validity of the list in ms, parsed once. */
  fromMs: number;
  toMs: number;
}

export function buildProhibitedIndex(list: ProhibitedList): ProhibitedIndex {
  const ranges = new Map<string, Range[]>();
  const words = new Map<string, { entry: number; keyword: string }[]>();
  const phrases: { text: string; entry: number; keyword: string }[] = [];
  const together: ProhibitedIndex['together'] = [];
  const tolerant: ProhibitedIndex['tolerant'] = new Map();
  list.entries.forEach((e, i) => {
    for (const spec of e.hs) {
      const [from, to = from] = spec.split('-');
      if (from.length !== to.length || !/^\d{2,10}$/.test(from) || !/^\d{2,10}$/.test(to)) throw new Error(`${e.id}: bad HS range ${spec}`);
      for (let ch = Number(from.slice(0, 2)); ch <= Number(to.slice(0, 2)); ch++) {
        const key = String(ch).padStart(2, '0');
        const arr = ranges.get(key) ?? [];
        arr.push({ from, to, entry: i, text: spec });
        ranges.set(key, arr);
      }
    }
    for (const list of Object.values(e.keywords)) {
      for (const keyword of list) {
        if (keyword.includes('+')) {
          const parts = keyword.split('+').map((p) => fold(p)).filter((p) => p !== '');
          if (parts.length < 2) throw new Error(`${e.id}: keyword "${keyword}" needs two parts around "+"`);
          together.push({ parts, entry: i, keyword });
          continue;
        }
        const f = fold(keyword);
        if (!f) continue;
        if (SPELLING_TOLERANT.has(e.category) && f.length >= SPELLING_MIN_LENGTH && !f.includes(' ') && !hasCjk(keyword)) {
          for (const d of deletions(f)) {
            const arr = tolerant.get(d);
            if (arr) arr.push({ word: f, entry: i, keyword }); else tolerant.set(d, [{ word: f, entry: i, keyword }]);
          }
        }
        if (hasCjk(keyword)) phrases.push({ text: f, entry: i, keyword });
        else if (f.includes(' ')) phrases.push({ text: ' ' + f + ' ', entry: i, keyword });
        else {
          const arr = words.get(f) ?? [];
          arr.push({ entry: i, keyword });
          words.set(f, arr);
        }
      }
    }
  });
  const phrasesByFirstWord = new Map<string, number[]>();
  const cjkPhrases: number[] = [];
  phrases.forEach((p, i) => {
    if (!p.text.startsWith(' ')) { cjkPhrases.push(i); return; }
    const first = p.text.slice(1, p.text.indexOf(' ', 1));
    const arr = phrasesByFirstWord.get(first);
    if (arr) arr.push(i); else phrasesByFirstWord.set(first, [i]);
  });
  return {
    list, ranges, words, phrases, phrasesByFirstWord, cjkPhrases, together, tolerant, memo: new Map(),
    fromMs: Date.parse(list.validFrom), toMs: list.validTo === undefined ? Infinity : Date.parse(list.validTo),
  };
}

function inForce(from: DateTime, to: DateTime | undefined, at: number): boolean {
  return Date.parse(from) <= at && (to === undefined || at < Date.parse(to));
}

/** Every entry in force at `at` that an item matches by HS range or keyword (one hit per entry and line). */
export function screenItems(index: ProhibitedIndex, items: Item[], at: DateTime): ProhibitedHit[] {
  const atMs = parseTime(at);
  if (atMs < index.fromMs || atMs >= index.toMs) return [];
  const hits: ProhibitedHit[] = [];
  for (const item of items) {
    // Almost every item hits nothing: the per-line set of entries is made on the first hit.
    let seen: Set<number> | undefined;
    const hs = item.hsCode;
    if (hs && hs.length >= 2) {
      const ranges = index.ranges.get(hs.slice(0, 2));
      if (ranges) {
        for (const r of ranges) {
          const p = hs.slice(0, r.from.length);
          if (p.length === r.from.length && p >= r.from && p <= r.to) seen = addHit(index, hits, seen, item, atMs, r.entry, 'hs', hs, r.text, undefined);
        }
      }
    }
    const matches = keywordMatches(index, item.description);
    for (let k = 0; k < matches.length; k++) { const m = matches[k]; seen = addHit(index, hits, seen, item, atMs, m.entry, 'keyword', m.keyword, m.keyword, m.written); }
  }
  return hits;
}

/** One hit of an item, unless its entry already hit the line or is not in force; returns the line's set of entries. */
function addHit(index: ProhibitedIndex, hits: ProhibitedHit[], seen: Set<number> | undefined, item: Item, atMs: number, entry: number, by: 'hs' | 'keyword', matched: string, rule: string, written: string | undefined): Set<number> | undefined {
  if (seen?.has(entry)) return seen;
  const e = index.list.entries[entry];
  if (!inForce(e.validFrom, e.validTo, atMs)) return seen;
  (seen ??= new Set()).add(entry);
  const hit: ProhibitedHit = { entry: e, line: item.line, by, matched, rule };
  if (written !== undefined) hit.written = written;
  hits.push(hit);
  return seen;
}

/**
 * The keywords a description contains, in the order an officer would read them: exact words in
 * text order, then phrases and all-words keywords in list order, then inflected or misspelt words
 * (only for entries not already found). Memoised per description: the list is fixed per index.
 */
export function keywordMatches(index: ProhibitedIndex, description: string): readonly KeywordMatch[] {
  const known = index.memo.get(description);
  if (known !== undefined) return known;
  const out: KeywordMatch[] = [];
  const found = new Set<number>();
  const push = (entry: number, keyword: string, written?: string): void => {
    if (found.has(entry)) return;
    found.add(entry);
    out.push(written === undefined ? { entry, keyword } : { entry, keyword, written });
  };
  const text = ' ' + foldDescription(description) + ' ';
  const unmatched: string[] = [];
  let start = 1;
  let tryPhrases: number[] | undefined;
  for (let i = 1; i < text.length; i++) {
    if (text.charCodeAt(i) !== 32) continue;
    if (i > start) {
      const word = text.slice(start, i);
      const exact = index.words.get(word);
      if (exact) for (const f of exact) push(f.entry, f.keyword);
      else unmatched.push(word);
      const ps = index.phrasesByFirstWord.get(word);
      if (ps) (tryPhrases ??= []).push(...ps);
    }
    start = i + 1;
  }
  if (index.cjkPhrases.length > 0 && hasCjk(description)) (tryPhrases ??= []).push(...index.cjkPhrases);
  if (tryPhrases) {
    // In list order, as a scan of every phrase would add them.
    tryPhrases.sort((a, b) => a - b);
    for (let k = 0; k < tryPhrases.length; k++) {
      if (k > 0 && tryPhrases[k] === tryPhrases[k - 1]) continue;
      const p = index.phrases[tryPhrases[k]];
      if (text.includes(p.text)) push(p.entry, p.keyword);
    }
  }
  for (const t of index.together) {
    if (found.has(t.entry)) continue;
    let all = true;
    for (const part of t.parts) if (!text.includes(' ' + part + ' ') && !includesInflected(text, part)) { all = false; break; }
    if (all) push(t.entry, t.keyword);
  }
  for (const word of unmatched) {
    if (word.length < 4 || hasCjk(word)) continue;
    // Plural and inflected forms: "pistols", "pistolas", "revolvers" read as the listed word.
    const stem = inflectionStem(word, index.words);
    if (stem !== undefined) { for (const f of index.words.get(stem)!) push(f.entry, f.keyword, word); continue; }
    if (word.length < SPELLING_MIN_LENGTH - 1 || index.tolerant.size === 0 || NOT_MISSPELLINGS.has(word)) continue;
    for (const d of deletions(word)) {
      const cands = index.tolerant.get(d);
      if (!cands) continue;
      for (const c of cands) if (!found.has(c.entry) && editDistance(word, c.word, 1) <= 1) push(c.entry, c.keyword, word);
    }
  }
  if (index.memo.size >= MEMO_MAX) index.memo.clear();
  index.memo.set(description, out);
  return out;
}

/** The listed word a plural or inflected form stands for ("-s", "-es"), if any. */
function inflectionStem(word: string, words: Map<string, unknown>): string | undefined {
  if (word.charCodeAt(word.length - 1) !== 115 /* s */) return undefined;
  const one = word.slice(0, -1);
  if (one.length >= 4 && words.has(one)) return one;
  if (word.endsWith('es')) {
    const two = word.slice(0, -2);
    if (two.length >= 4 && words.has(two)) return two;
  }
  return undefined;
}

/** Whether a single-word part occurs with a plural ending ("knives" is not covered: list it). */
function includesInflected(text: string, part: string): boolean {
  return !part.includes(' ') && (text.includes(' ' + part + 's ') || text.includes(' ' + part + 'es '));
}

export function prohibitedReason(hit: ProhibitedHit, points: number): Reason {
  const e = hit.entry;
  return {
    code: e.measure === 'prohibited' ? 'prohibited-goods' : 'restricted-goods',
    source: 'list',
    message: `line ${hit.line}: ${e.category} (${e.measure}) by ${hit.by} "${hit.matched}"${hit.written !== undefined ? ` (written "${hit.written}")` : ''}; referred to ${e.agency.name}`,
    version: e.id,
    score: points,
    measured: hit.written !== undefined ? { line: hit.line, keyword: hit.matched, written: hit.written } : { line: hit.line, [hit.by === 'hs' ? 'hsCode' : 'keyword']: hit.matched },
    threshold: hit.by === 'hs' ? { hsRange: hit.rule } : { keyword: hit.rule },
    matched: { entryId: e.id, category: e.category, measure: e.measure, agency: e.agency, source: e.source },
  };
}
