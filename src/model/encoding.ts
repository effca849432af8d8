/**
 * Encoders for categorical columns with thousands of values (importer, seller, declarant, HS
 * code, origin). All are fitted on training rows only; a value never seen in training maps to
 * the prior (target) or to 0 (frequency), so scoring never looks at the scored rows' labels.
 */
import { Prng } from './prng.js';

/** Smoothed target statistics of one column, in a form that serialises to JSON. */
export interface TargetEncoder {
  kind: 'target';
  prior: number;
  smoothing: number;
  /** value -> [weighted sum of the target, weight] */
  stats: Record<string, [number, number]>;
}

export interface FrequencyEncoder {
  kind: 'frequency';
  total: number;
  counts: Record<string, number>;
}

/** (sum + m·prior) / (weight + m): a category seen rarely stays near the prior. */
function smoothed(sum: number, weight: number, prior: number, m: number): number {
  return (sum + m * prior) / (weight + m);
}

function weightedPrior(y: ArrayLike<number>, w?: ArrayLike<number>): number {
  let s = 0;
  let ws = 0;
  for (let i = 0; i < y.length; i++) { const wi = w ? w[i]! : 1; s += wi * y[i]!; ws += wi; }
  return ws > 0 ? s / ws : 0;
}

export function fitTargetEncoder(values: readonly string[], y: ArrayLike<number>, smoothing: number, w?: ArrayLike<number>): TargetEncoder {
  const prior = weightedPrior(y, w);
  const stats: Record<string, [number, number]> = Object.create(null) as Record<string, [number, number]>;
  for (let i = 0; i < values.length; i++) {
    const wi = w ? w[i]! : 1;
    const s = stats[values[i]!] ?? (stats[values[i]!] = [0, 0]);
    s[0] += wi * y[i]!;
    s[1] += wi;
  }
  return { kind: 'target', prior, smoothing, stats };
}

export function applyTargetEncoder(enc: TargetEncoder, value: string): number {
  const s = enc.stats[value];
  return s ? smoothed(s[0], s[1], enc.prior, enc.smoothing) : enc.prior;
}

/**
 * Out-of-fold encoding of the training rows: each row is encoded with statistics of the other
 * folds only, so the model never learns from a row's own label through its category.
 */
export function outOfFoldTargetEncoding(values: readonly string[], y: ArrayLike<number>, smoothing: number, folds: number, seed: number, w?: ArrayLike<number>): Float64Array {
  const n = values.length;
  const fold = new Uint8Array(n);
  const order = new Prng(seed).shuffle(Uint32Array.from({ length: n }, (_, i) => i));
  for (let i = 0; i < n; i++) fold[order[i]!] = i % folds;
  const prior = weightedPrior(y, w);
  const total = new Map<string, [number, number]>();
  const perFold: Map<string, [number, number]>[] = Array.from({ length: folds }, () => new Map());
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    for (const m of [total, perFold[fold[i]!]!]) {
      const s = m.get(values[i]!) ?? [0, 0];
      s[0] += wi * y[i]!;
      s[1] += wi;
      m.set(values[i]!, s);
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = total.get(values[i]!)!;
    const own = perFold[fold[i]!]!.get(values[i]!)!;
    out[i] = smoothed(t[0] - own[0], t[1] - own[1], prior, smoothing);
  }
  return out;
}

export function fitFrequencyEncoder(values: readonly string[]): FrequencyEncoder {
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return { kind: 'frequency', total: values.length, counts };
}

export function applyFrequencyEncoder(enc: FrequencyEncoder, value: string): number {
  return enc.counts[value] ?? 0;
}

/**
 * Ordinal codes by descending training frequency (ties by value), so low-cardinality codes
 * (office, import type, transport mode) can be split on directly; unseen values are missing.
 */
export interface OrdinalEncoder {
  kind: 'ordinal';
  codes: Record<string, number>;
}

export function fitOrdinalEncoder(values: readonly string[], maxCodes = 254): OrdinalEncoder {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const codes: Record<string, number> = Object.create(null) as Record<string, number>;
  sorted.slice(0, maxCodes).forEach(([v], i) => { codes[v] = i; });
  return { kind: 'ordinal', codes };
}

export function applyOrdinalEncoder(enc: OrdinalEncoder, value: string): number {
  const c = enc.codes[value];
  return c === undefined ? NaN : c;
}

/**
 * A party's record as of a date, computed strictly from earlier dates: how many declarations it
 * made before, how many of those had a known outcome, and how many were non-compliant.
 */
export interface HistoryEvent {
  key: string;
  /** Sortable date/time; events on the same date do not see each other. */
  date: string;
  /** The outcome if known to the scorer (training labels), undefined otherwise. */
  label?: number;
}

export interface AsOfHistory {
  seen: Float64Array;
  labelled: Float64Array;
  positives: Float64Array;
}

export function historyAsOf(events: readonly HistoryEvent[]): AsOfHistory {
  const n = events.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (events[a]!.date < events[b]!.date ? -1 : events[a]!.date > events[b]!.date ? 1 : a - b));
  const seen = new Float64Array(n);
  const labelled = new Float64Array(n);
  const positives = new Float64Array(n);
  const state = new Map<string, [number, number, number]>();
  let i = 0;
  while (i < n) {
    // Read every event of one date first, then record them: no event sees its own date.
    let j = i;
    const date = events[order[i]!]!.date;
    while (j < n && events[order[j]!]!.date === date) {
      const e = events[order[j]!]!;
      const s = state.get(e.key);
      seen[order[j]!] = s ? s[0] : 0;
      labelled[order[j]!] = s ? s[1] : 0;
      positives[order[j]!] = s ? s[2] : 0;
      j++;
    }
    for (let k = i; k < j; k++) {
      const e = events[order[k]!]!;
      const s = state.get(e.key) ?? [0, 0, 0];
      s[0] += 1;
      if (e.label !== undefined) { s[1] += 1; s[2] += e.label > 0 ? 1 : 0; }
      state.set(e.key, s);
    }
    i = j;
  }
  return { seen, labelled, positives };
}
