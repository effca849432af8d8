/**
 * Text folding for tolerant matching: names, addresses and goods descriptions arrive in any
 * case, with or without accents, in Latin, Cyrillic or Greek script, with legal forms written
 * five ways. Everything that compares text goes through `fold` so the same spelling variants
 * collapse the same way everywhere.
 */

import { romaniseHan } from './pinyin.js';

// Why a table rather than a library: ICAO 9303-style romanisation is small, fixed, and keeping it
// here makes the match deterministic and dependency-free.
const TRANSLITERATION: Record<string, string> = {
  // Cyrillic (Russian, Ukrainian, Bulgarian, Serbian letters), ICAO Doc 9303 Part 3 table
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'i',
  й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh',
  ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: 'ie', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia', ђ: 'd', ј: 'j',
  љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz',
  // Greek, ELOT 743
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n',
  ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
  // Latin letters that NFKD does not decompose
  ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ŀ: 'l', ħ: 'h',
};

const COMBINING = /\p{M}/gu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const ASCII = /^[\x00-\x7f]*$/;
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;

/** Lower case, accents stripped, transliterated to Latin, punctuation to single spaces, trimmed. */
export function fold(text: string): string {
  let s = text.toLowerCase();
  if (!ASCII.test(s)) {
    s = s.normalize('NFKD').replace(COMBINING, '');
    let out = '';
    for (const ch of s) out += TRANSLITERATION[ch] ?? ch;
    s = out;
  }
  return s.replace(NON_WORD, ' ').trim();
}

// Goods descriptions repeat across parcels (the same catalogue lines), and every check folds them:
// a bounded memo turns the repeated Unicode work into one Map look-up. Cleared, not evicted, when
// full: simpler, and a miss costs only one fold.
const FOLD_MEMO = new Map<string, string>();
const FOLD_MEMO_MAX = 20_000;

/** `fold` for goods descriptions, memoised (same result as `fold`). */
export function foldDescription(text: string): string {
  const hit = FOLD_MEMO.get(text);
  if (hit !== undefined) return hit;
  const f = fold(text);
  if (FOLD_MEMO.size >= FOLD_MEMO_MAX) FOLD_MEMO.clear();
  FOLD_MEMO.set(text, f);
  return f;
}

const TOKENS_MEMO = new Map<string, readonly string[]>();

/** Distinct tokens of a goods description (folded), memoised like `foldDescription`. */
export function descriptionTokens(text: string): readonly string[] {
  const hit = TOKENS_MEMO.get(text);
  if (hit !== undefined) return hit;
  const f = foldDescription(text);
  const toks = f === '' ? [] : [...new Set(f.split(' '))];
  if (TOKENS_MEMO.size >= FOLD_MEMO_MAX) TOKENS_MEMO.clear();
  TOKENS_MEMO.set(text, toks);
  return toks;
}

export function tokens(text: string): string[] {
  const ascii = asciiTokens(text);
  if (ascii !== undefined) return ascii;
  const f = fold(text);
  return f === '' ? [] : f.split(' ');
}

/**
 * `tokens` for ASCII text in one pass without regular expressions or intermediate strings: for
 * ASCII, fold keeps exactly the runs of letters and digits, lower-cased. Undefined for any other
 * text (the Unicode path decides). Names and addresses are ASCII in most declarations.
 */
function asciiTokens(text: string): string[] | undefined {
  const out: string[] = [];
  let start = -1;
  let upper = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    if (c > 0x7f) return undefined;
    const lower = c >= 97 && c <= 122;
    const up = c >= 65 && c <= 90;
    if (lower || up || (c >= 48 && c <= 57)) {
      if (start < 0) { start = i; upper = false; }
      if (up) upper = true;
    } else if (start >= 0) {
      const w = text.slice(start, i);
      out.push(upper ? w.toLowerCase() : w);
      start = -1;
    }
  }
  return out;
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** Whether any character is in or above the CJK blocks (a cheap gate before romanisation). */
function hasHanRange(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x3400) return true;
  return false;
}

/** Legal forms and filler words that do not identify an organisation (Co., Company, Ltd, GmbH …). */
const LEGAL_FORMS = new Set([
  'co', 'company', 'companies', 'corp', 'corporation', 'inc', 'incorporated', 'ltd', 'limited', 'llc', 'plc',
  'gmbh', 'ag', 'kg', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'aps', 'kk', 'pty', 'pte',
  'llp', 'lp', 'sp', 'zoo', 'ooo', 'oao', 'zao', 'pao', 'the', 'and', 'of', 'und', 'et', 'y', 'de', 'trading',
  'enterprise', 'enterprises', 'group', 'holding', 'holdings', 'intl', 'international', 'industrial', 'industry',
  // long forms of the legal forms above and their national equivalents: "Limited Liability
  // Company" (LLC), "Private Limited" (Pvt Ltd, India), "Limited Şirketi" (Ltd. Şti., Turkey)
  'liability', 'private', 'pvt', 'sirketi', 'sti',
]);

// A Map, not an object literal: a name word such as "constructor" must not find Object's prototype.
// Romanisations of one name (Arabic Muhammad; Russian Aleksandr, Yekaterina as ICAO 9303, BGN/PCGN
// and English spell them): the same person's name in another transliteration is the same name.
const NAME_SYNONYMS = new Map<string, string>([
  ['mohammed', 'muhammad'], ['mohamed', 'muhammad'], ['mohammad', 'muhammad'], ['muhammed', 'muhammad'], ['mohamad', 'muhammad'], ['muhamad', 'muhammad'], ['mohamud', 'muhammad'],
  ['alexander', 'aleksandr'], ['aleksander', 'aleksandr'], ['alexandr', 'aleksandr'], ['oleksandr', 'aleksandr'],
  ['yekaterina', 'ekaterina'], ['jekaterina', 'ekaterina'], ['katerina', 'ekaterina'],
]);

/** Legal forms long enough that one typing error cannot turn another word into them. */
const LONG_LEGAL_FORMS = [...LEGAL_FORMS].filter((f) => f.length >= 7);

function misspeltLegalForm(t: string): string | undefined {
  const t0 = t.charCodeAt(0);
  const t1 = t.charCodeAt(1);
  for (const f of LONG_LEGAL_FORMS) {
    if (Math.abs(f.length - t.length) > 1) continue;
    // One edit (substitution, insertion, deletion or transposition) leaves one of the first two
    // letters of each word in place or shifted by one: words that share none are further apart,
    // and most surnames are skipped without running the distance.
    const f0 = f.charCodeAt(0);
    const f1 = f.charCodeAt(1);
    if (t0 !== f0 && t0 !== f1 && t1 !== f0 && t1 !== f1) continue;
    if (editDistance(t, f, 1) <= 1) return f;
  }
  return undefined;
}

/** Tokens of a party name that identify it: folded, legal forms dropped, sorted (word order ignored). */
export function nameTokens(name: string): string[] {
  // In place on the fresh array from `tokens`: same result as map + filter without two copies.
  const all = tokens(hasHanRange(name) ? romaniseHan(name) : name);
  let kept = 0;
  for (let i = 0; i < all.length; i++) {
    let t = NAME_SYNONYMS.get(all[i]) ?? all[i];
    // a legal form with a typing error ("Limiited", "Tradng") is still a legal form
    if (t.length >= 6 && !LEGAL_FORMS.has(t)) t = misspeltLegalForm(t) ?? t;
    all[i] = t;
    if (!LEGAL_FORMS.has(t)) kept++;
  }
  if (kept > 0 && kept < all.length) {
    let n = 0;
    for (let i = 0; i < all.length; i++) if (!LEGAL_FORMS.has(all[i])) all[n++] = all[i];
    all.length = n;
  }
  return sortSmall(all);
}

/** In-place insertion sort by UTF-16 code units, as `Array.prototype.sort()`: names have a few words, and this allocates nothing. */
function sortSmall(a: string[]): string[] {
  if (a.length > 16) return a.sort();
  for (let i = 1; i < a.length; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
  return a;
}

const ADDRESS_WORDS: Record<string, string> = {
  st: 'street', str: 'strasse', strasse: 'strasse', straat: 'straat', rd: 'road', ave: 'avenue', av: 'avenue',
  blvd: 'boulevard', ln: 'lane', dr: 'drive', ct: 'court', pl: 'place', sq: 'square', hwy: 'highway',
  apt: '', flat: '', unit: '', suite: '', ste: '', no: '', nr: '', number: '', bldg: 'building', fl: 'floor',
  n: 'north', s: 'south', e: 'east', w: 'west',
};

/** Address tokens: folded, common abbreviations expanded, flat/number words dropped, "Mainstr" split. */
export function addressTokens(parts: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (!part) continue;
    for (let t of tokens(part)) {
      // German compounds: "hauptstr" / "hauptstrasse" → "haupt strasse"
      const m = /^(.{3,}?)(strasse|str)$/.exec(t);
      if (m) { out.push(m[1]); t = 'strasse'; }
      const mapped = ADDRESS_WORDS[t];
      if (mapped === '') continue;
      out.push(mapped ?? t);
    }
  }
  return out;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), abandoned once it
 * exceeds `max` since callers only care whether two words are close.
 */
// Reused rows: edit distance runs on the hot path of list matching and must not allocate.
let ROW_A = new Int32Array(64);
let ROW_B = new Int32Array(64);
let ROW_C = new Int32Array(64);

export function editDistance(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  if (ROW_A.length <= lb) { ROW_A = new Int32Array(lb * 2 + 2); ROW_B = new Int32Array(lb * 2 + 2); ROW_C = new Int32Array(lb * 2 + 2); }
  let prev2 = ROW_A;
  let prev = ROW_B;
  let cur = ROW_C;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2; prev2 = prev; prev = cur; cur = t;
  }
  return prev[lb];
}

/** 1 for equal words, falling with edit distance relative to the longer word; 0 below one half. */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  // an initial stands for any word it begins ("A. de Vries" / "Anna de Vries")
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 0.9;
  const longest = Math.max(a.length, b.length);
  const max = Math.floor(longest / 2);
  const d = editDistance(a, b, max);
  if (d > max) return 0;
  return 1 - d / longest;
}

/**
 * Similarity of two token bags, word order ignored: each token of the shorter bag is paired
 * greedily with its most similar unused token of the other, weighted by length; unpaired
 * tokens count against. Concatenations ("Shen Zhen" / "Shenzhen") are caught by also comparing
 * the joined strings.
 */
export function tokenSetSimilarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const used = new Uint8Array(long.length);
  let matched = 0;
  for (const t of short) {
    let best = 0;
    let bestJ = -1;
    for (let j = 0; j < long.length; j++) {
      if (used[j]) continue;
      const s = wordSimilarity(t, long[j]);
      if (s > best) { best = s; bestJ = j; if (s === 1) break; }
    }
    if (bestJ >= 0) { used[bestJ] = 1; matched += best * (t.length + long[bestJ].length) / 2; }
  }
  let lenA = 0; for (const t of a) lenA += t.length;
  let lenB = 0; for (const t of b) lenB += t.length;
  const tokenScore = matched / Math.max(lenA, lenB);
  if (tokenScore >= 0.999 || a.length === b.length) return tokenScore;
  // different token counts: maybe words run together or split ("Shen Zhen" / "Shenzhen")
  const ja = a.join('');
  const jb = b.join('');
  const joined = ja.length + jb.length < 80 ? wordSimilarity(ja, jb) : 0;
  return Math.max(tokenScore, joined, split ? 0 : splitWords(short, long));
}

/**
 * A word of one name written as two in the other, in any position ("Sai Gon Thread" / "Saigon
 * Thread", "Rui Feng (Dongguan)" / "Dongguan Ruifeng"): tokens are sorted, so the halves need not
 * be adjacent. The best two tokens of the longer bag that, joined in either order, spell a token
 * of the shorter one are merged, and the bags compared again. Names have a few words: the pairs
 * are few.
 */
function splitWords(short: string[], long: string[]): number {
  let best = 0;
  let bi = -1, bj = -1, bJoined = '';
  for (const t of short) {
    for (let i = 0; i < long.length; i++) {
      const x = long[i];
      if (x.length >= t.length) continue;
      for (let j = 0; j < long.length; j++) {
        if (j === i || x.length + long[j].length > t.length + 1 || x.length + long[j].length < t.length - 1) continue;
        const joined = x + long[j];
        const s = wordSimilarity(t, joined);
        if (s > best) { best = s; bi = i; bj = j; bJoined = joined; }
      }
    }
  }
  if (best < 0.8) return 0;
  const merged: string[] = [];
  for (let k = 0; k < long.length; k++) if (k !== bi && k !== bj) merged.push(long[k]);
  merged.push(bJoined);
  return tokenSimilarityOnce(short, merged);
}

/** `tokenSetSimilarity` without a further split: one merge per comparison. */
function tokenSimilarityOnce(a: string[], b: string[]): number {
  split = true;
  try { return tokenSetSimilarity(a, b); } finally { split = false; }
}
let split = false;

/** Character trigrams of a word list joined by spaces with boundary padding, as 24-bit keys. */
export function trigrams(words: string[]): number[] {
  const s = ' ' + words.join(' ') + ' ';
  const out: number[] = [];
  for (let i = 0; i + 3 <= s.length; i++) {
    out.push(((s.charCodeAt(i) & 0xff) << 16) | ((s.charCodeAt(i + 1) & 0xff) << 8) | (s.charCodeAt(i + 2) & 0xff));
  }
  return out;
}
