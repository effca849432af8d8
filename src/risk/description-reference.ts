/**
 * What goods declared under each HS subheading are usually called, learned from the descriptions
 * declared under it (FoS Technical Specifications 2.2.2 and 8.1.3; 2022 FoS Standard 3: the
 * description and the code must agree). Goods hidden under another name ("metal bottle opener"
 * for a knuckle duster) are usually declared under a code that fits the cover story, so the
 * chapter-level consistency check (data-quality.json) passes them; but the words rarely match
 * what thousands of honest declarations under that subheading say. A line whose content words are
 * mostly unknown under its subheading asks the declarant what the goods are.
 *
 * Counts are kept per subheading (six digits) and word; when a subheading reaches `window`
 * descriptions every count is halved, so old wording fades and memory stays bounded. Like the
 * valuation reference (valuation.ts), the statistics a check reads are recorded in the decision's
 * context (`snapshotFor`), so a back-test replays the reference of the day.
 */
import type { ConsignmentFacts, Reason } from '../clearance/seam.js';
import { fold } from './normalise.js';

export interface DescriptionOptions {
  /** Descriptions a subheading needs before it is used. */
  minSamples: number;
  /** Descriptions after which a subheading's counts are halved. */
  window: number;
  /** A word is known under a subheading when at least this share of its descriptions used it. */
  knownShare: number;
  /** Flag when fewer than this fraction of a line's content words are known. */
  minKnownFraction: number;
  /** Words kept per subheading (the rarest go first when it is full). */
  maxWords: number;
}

/**
 * 50 descriptions before a subheading is used; a word is known at 1 % of them; a line is flagged
 * when under half of its words are known. At these settings the simulator's clean traffic
 * (src/simulate) is flagged in under 1 % of consignments (docs/decisions/0004-risk.md).
 */
export const DEFAULT_DESCRIPTIONS: DescriptionOptions = { minSamples: 50, window: 2000, knownShare: 0.05, minKnownFraction: 0.5, maxWords: 2000 };

/** Words that say nothing about what the goods are (packaging, quantities, connectives). */
const FILLER = new Set([
  'and', 'with', 'for', 'the', 'from', 'set', 'pack', 'pcs', 'piece', 'pieces', 'pair', 'pairs', 'new', 'size', 'each', 'per',
  'une', 'des', 'les', 'pour', 'avec', 'und', 'mit', 'fur', 'der', 'die', 'das', 'con', 'para', 'los', 'las', 'del',
]);

// Descriptions repeat (one product, thousands of parcels) and each line's words are read up to
// three times (check, snapshot, observe): memoised per text, bounded, cleared when full.
const wordsMemo = new Map<string, readonly string[]>();
const WORDS_MEMO_LIMIT = 20_000;

/** The content words of a description: folded, letters only, three letters or more, a plural's s dropped. */
export function contentWords(description: string): readonly string[] {
  let words = wordsMemo.get(description);
  if (words === undefined) {
    if (wordsMemo.size >= WORDS_MEMO_LIMIT) wordsMemo.clear();
    words = Object.freeze(foldedWords(description));
    wordsMemo.set(description, words);
  }
  return words;
}

function foldedWords(description: string): string[] {
  const out: string[] = [];
  for (const raw of fold(description).split(' ')) {
    if (raw.length < 3 || FILLER.has(raw) || !/^\p{L}+$/u.test(raw)) continue;
    const w = raw.length > 4 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw;
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

interface Subheading { samples: number; words: Map<string, number> }

export interface DescriptionSnapshot {
  options: Pick<DescriptionOptions, 'minSamples' | 'knownShare' | 'minKnownFraction'>;
  /** Per subheading: its descriptions seen, and the count of each word the snapshot's lines use (absent: 0). */
  subheadings: Record<string, { samples: number; words: Record<string, number> }>;
}

export interface DescriptionCheck {
  subheading: string;
  samples: number;
  /** Each content word of the line with the share of the subheading's descriptions that used it. */
  words: { word: string; share: number }[];
  knownFraction: number;
}

export class DescriptionReference {
  readonly options: DescriptionOptions;
  private readonly subheadings = new Map<string, Subheading>();
  private fixed?: DescriptionSnapshot['subheadings'];

  constructor(options: Partial<DescriptionOptions> = {}) {
    this.options = { ...DEFAULT_DESCRIPTIONS, ...options };
  }

  /** A frozen reference that answers from a recorded snapshot only (back-testing). */
  static fromSnapshot(s: DescriptionSnapshot): DescriptionReference {
    const r = new DescriptionReference(s.options);
    r.fixed = s.subheadings;
    return r;
  }

  observe(hsCode: string, description: string): void {
    if (this.fixed || hsCode.length < 6) return;
    const key = hsCode.slice(0, 6);
    let s = this.subheadings.get(key);
    if (!s) { s = { samples: 0, words: new Map() }; this.subheadings.set(key, s); }
    s.samples++;
    for (const w of contentWords(description)) s.words.set(w, (s.words.get(w) ?? 0) + 1);
    if (s.samples >= this.options.window || s.words.size > this.options.maxWords) halve(s);
  }

  /** Descriptions seen under a subheading, and how many used a word (a recorded snapshot when frozen). */
  private samplesOf(key: string): number | undefined {
    return this.fixed ? this.fixed[key]?.samples : this.subheadings.get(key)?.samples;
  }

  private countOf(key: string, word: string): number {
    if (!this.fixed) return this.subheadings.get(key)?.words.get(word) ?? 0;
    const words = this.fixed[key]?.words; // a plain object from JSON: "constructor" is a word, not its prototype's
    return words !== undefined && Object.hasOwn(words, word) ? words[word] : 0;
  }

  /** The line's words against its subheading; undefined while the subheading has too few descriptions. */
  check(hsCode: string, description: string): DescriptionCheck | undefined {
    if (hsCode.length < 6) return undefined;
    const key = hsCode.slice(0, 6);
    const samples = this.samplesOf(key);
    if (samples === undefined || samples < this.options.minSamples) return undefined;
    const words = contentWords(description).map((word) => ({ word, share: this.countOf(key, word) / samples }));
    if (words.length === 0) return undefined;
    const known = words.filter((w) => w.share >= this.options.knownShare).length;
    return { subheading: key, samples, words, knownFraction: known / words.length };
  }

  /**
   * A check that fails: most of the line's words are not what its subheading's goods are called.
   * Every line of every declaration is checked and almost all pass, so the pass allocates nothing.
   */
  unusual(hsCode: string, description: string): DescriptionCheck | undefined {
    if (hsCode.length < 6) return undefined;
    const key = hsCode.slice(0, 6);
    const samples = this.samplesOf(key);
    if (samples === undefined || samples < this.options.minSamples) return undefined;
    const words = contentWords(description);
    if (words.length === 0) return undefined;
    let known = 0;
    for (const w of words) if (this.countOf(key, w) / samples >= this.options.knownShare) known++;
    return known / words.length < this.options.minKnownFraction ? this.check(hsCode, description) : undefined;
  }

  /** What a check of these lines reads, for the decision's recorded context. */
  snapshotFor(items: readonly { hsCode?: string; description?: string }[]): DescriptionSnapshot {
    const subheadings: DescriptionSnapshot['subheadings'] = {};
    for (const it of items) {
      if (!it.hsCode || it.hsCode.length < 6 || !it.description) continue;
      const key = it.hsCode.slice(0, 6);
      const samples = this.samplesOf(key);
      if (samples === undefined) continue;
      const entry = subheadings[key] ?? (subheadings[key] = { samples, words: {} });
      for (const w of contentWords(it.description)) { const n = this.countOf(key, w); if (n > 0) entry.words[w] = n; }
    }
    const { minSamples, knownShare, minKnownFraction } = this.options;
    return { options: { minSamples, knownShare, minKnownFraction }, subheadings };
  }
}

function halve(s: Subheading): void {
  s.samples = Math.floor(s.samples / 2);
  for (const [w, n] of s.words) {
    const h = Math.floor(n / 2);
    if (h === 0) s.words.delete(w); else s.words.set(w, h);
  }
}

export function isDescriptionSnapshot(v: unknown): v is DescriptionSnapshot {
  return typeof v === 'object' && v !== null && typeof (v as DescriptionSnapshot).subheadings === 'object' && typeof (v as DescriptionSnapshot).options === 'object';
}

export function unusualDescriptionReason(line: number, description: string, c: DescriptionCheck, minKnownFraction: number, points: number): Reason {
  const unknown = c.words.filter((w) => w.share === 0).map((w) => w.word);
  return {
    code: 'description-unusual-for-subheading',
    source: 'check',
    message: `line ${line}: the description "${description}" is unlike what is declared under ${c.subheading} (${Math.round(c.knownFraction * 100)} % of its words known there, from ${c.samples} descriptions${unknown.length ? `; never seen there: ${unknown.join(', ')}` : ''}): are the goods what the code says?`,
    score: points,
    measured: { knownFraction: c.knownFraction, words: c.words },
    threshold: { minKnownFraction },
    matched: { subheading: c.subheading, samples: c.samples },
  };
}

/** Findings that put a consignment's descriptions in doubt: they must not teach the reference. */
const DOUBTFUL_DESCRIPTION = new Set(['description-unusual-for-subheading', 'dq-vague-description', 'dq-hs-inconsistent', 'prohibited-goods', 'restricted-goods', 'ipr-protected-mark']);

/** What the platform feeds the reference after each assessment: the declared descriptions, unless the assessment doubted them. */
export function observeDeclaredDescriptions(reference: DescriptionReference, facts: ConsignmentFacts, reasons: readonly { code: string }[] = []): void {
  const d = facts.declaration;
  if (!d) return;
  for (const r of reasons) if (DOUBTFUL_DESCRIPTION.has(r.code)) return;
  for (const item of d.items) if (item.hsCode && item.description) reference.observe(item.hsCode, item.description);
}
