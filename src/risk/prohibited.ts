/**
 * Prohibited and restricted goods per jurisdiction (FoS Technical Specifications 8.1.3), as
 * dated data: HS ranges and multilingual keywords per FoS category, each naming the agency that
 * decides. A hit refers the consignment to that agency; customs does not decide alone.
 */
import type { DateTime, Item, Jurisdiction } from '../domain/message.js';
import type { Reason } from '../clearance/seam.js';
import { fold, foldDescription, hasCjk } from './normalise.js';
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
  /** Keywords by language (ISO 639-1). */
  keywords: Record<string, string[]>;
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
}

interface Range { from: string; to: string; entry: number; text: string }

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
  /** Validity of the list in ms, parsed once. */
  fromMs: number;
  toMs: number;
}

export function buildProhibitedIndex(list: ProhibitedList): ProhibitedIndex {
  const ranges = new Map<string, Range[]>();
  const words = new Map<string, { entry: number; keyword: string }[]>();
  const phrases: { text: string; entry: number; keyword: string }[] = [];
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
        const f = fold(keyword);
        if (!f) continue;
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
    list, ranges, words, phrases, phrasesByFirstWord, cjkPhrases,
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
    const seen = new Set<number>();
    const add = (entry: number, by: 'hs' | 'keyword', matched: string, rule: string): void => {
      if (seen.has(entry)) return;
      const e = index.list.entries[entry];
      if (!inForce(e.validFrom, e.validTo, atMs)) return;
      seen.add(entry);
      hits.push({ entry: e, line: item.line, by, matched, rule });
    };
    const hs = item.hsCode;
    if (hs && hs.length >= 2) {
      for (const r of index.ranges.get(hs.slice(0, 2)) ?? []) {
        const p = hs.slice(0, r.from.length);
        if (p.length === r.from.length && p >= r.from && p <= r.to) add(r.entry, 'hs', hs, r.text);
      }
    }
    const text = ' ' + foldDescription(item.description) + ' ';
    let start = 1;
    let tryPhrases: number[] | undefined;
    for (let i = 1; i < text.length; i++) {
      if (text.charCodeAt(i) !== 32) continue;
      if (i > start) {
        const word = text.slice(start, i);
        const found = index.words.get(word);
        if (found) for (const f of found) add(f.entry, 'keyword', f.keyword, f.keyword);
        const ps = index.phrasesByFirstWord.get(word);
        if (ps) (tryPhrases ??= []).push(...ps);
      }
      start = i + 1;
    }
    if (index.cjkPhrases.length > 0 && hasCjk(item.description)) (tryPhrases ??= []).push(...index.cjkPhrases);
    if (tryPhrases) {
      // In list order, as a scan of every phrase would add them.
      tryPhrases.sort((a, b) => a - b);
      for (let k = 0; k < tryPhrases.length; k++) {
        if (k > 0 && tryPhrases[k] === tryPhrases[k - 1]) continue;
        const p = index.phrases[tryPhrases[k]];
        if (text.includes(p.text)) add(p.entry, 'keyword', p.keyword, p.keyword);
      }
    }
  }
  return hits;
}

export function prohibitedReason(hit: ProhibitedHit, points: number): Reason {
  const e = hit.entry;
  return {
    code: e.measure === 'prohibited' ? 'prohibited-goods' : 'restricted-goods',
    source: 'list',
    message: `line ${hit.line}: ${e.category} (${e.measure}) by ${hit.by} "${hit.matched}"; referred to ${e.agency.name}`,
    version: e.id,
    score: points,
    measured: { line: hit.line, [hit.by === 'hs' ? 'hsCode' : 'keyword']: hit.matched },
    threshold: hit.by === 'hs' ? { hsRange: hit.rule } : { keyword: hit.rule },
    matched: { entryId: e.id, category: e.category, measure: e.measure, agency: e.agency, source: e.source },
  };
}
