/**
 * The feature pipeline: from a tabular row (categorical and numeric fields of one declaration,
 * with the party history as of its date) to the numeric vector the trees split on. Fitted on
 * training rows only and stored in the artefact, so scoring in production applies exactly the
 * encoders the model was trained with.
 */
import {
  applyFrequencyEncoder, applyOrdinalEncoder, applyTargetEncoder, fitFrequencyEncoder, fitOrdinalEncoder,
  fitTargetEncoder, outOfFoldTargetEncoding,
  type FrequencyEncoder, type OrdinalEncoder, type TargetEncoder,
} from './encoding.js';
import type { FeatureMatrix } from './gbdt.js';

/** One declaration as the pipeline sees it. Missing categorical = '' ; missing numeric = NaN. */
export interface TabularRow {
  date: string;
  cats: Record<string, string>;
  nums: Record<string, number>;
  /** Party history as of `date` (strictly earlier outcomes): key -> counts. */
  history?: Record<string, { seen: number; labelled: number; positives: number }>;
}

export interface UnitValueSpec {
  /** Feature name prefix, e.g. 'uv_kg'. */
  name: string;
  /** Numeric field of the value and of the quantity (mass, units). */
  value: string;
  quantity: string;
  /** Categorical fields from most to least specific, e.g. ['hs6', 'hs4', 'hs2']. */
  groups: string[];
}

export interface PipelineConfig {
  numeric: string[];
  /** Low-cardinality categorical fields split on by code. */
  ordinal: string[];
  /** High-cardinality fields: smoothed target encoding and frequency encoding. */
  target: string[];
  unitValues: UnitValueSpec[];
  /** Party roles whose history (TabularRow.history) is turned into features. */
  history: string[];
  smoothing: number;
  folds: number;
}

export interface UnitValueReference {
  spec: UnitValueSpec;
  /** per group field: value -> [median log unit value, rows] */
  medians: Record<string, Record<string, [number, number]>>;
  global: number;
}

export interface FittedPipeline {
  config: PipelineConfig;
  featureNames: string[];
  ordinal: Record<string, OrdinalEncoder>;
  target: Record<string, TargetEncoder>;
  frequency: Record<string, FrequencyEncoder>;
  unitValues: UnitValueReference[];
  /** Prior non-compliance rate, the starting point of every smoothed history rate. */
  prior: number;
}

/** Fewer rows than this and a group's median unit value is not trusted as a reference. */
const MIN_REFERENCE_ROWS = 3;

export function featureNamesOf(config: PipelineConfig): string[] {
  const names: string[] = [...config.numeric];
  for (const c of config.ordinal) names.push(`${c}:code`);
  for (const c of config.target) names.push(`${c}:rate`, `${c}:count`);
  for (const u of config.unitValues) {
    names.push(`${u.name}:log`);
    for (const g of u.groups) names.push(`${u.name}:dev_${g}`);
    names.push(`${u.name}:dev_best`);
  }
  for (const h of config.history) names.push(`${h}:hist_seen`, `${h}:hist_labelled`, `${h}:hist_rate`);
  return names;
}

function logUnitValue(row: TabularRow, spec: UnitValueSpec): number {
  const v = row.nums[spec.value];
  const q = row.nums[spec.quantity];
  if (v === undefined || q === undefined || !(v > 0) || !(q > 0)) return NaN;
  return Math.log(v / q);
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function fitUnitValue(rows: readonly TabularRow[], spec: UnitValueSpec): UnitValueReference {
  const medians: Record<string, Record<string, [number, number]>> = {};
  const all: number[] = [];
  const byGroup = spec.groups.map(() => new Map<string, number[]>());
  for (const r of rows) {
    const luv = logUnitValue(r, spec);
    if (Number.isNaN(luv)) continue;
    all.push(luv);
    spec.groups.forEach((g, i) => {
      const key = r.cats[g] ?? '';
      if (key === '') return;
      const list = byGroup[i]!.get(key) ?? [];
      list.push(luv);
      byGroup[i]!.set(key, list);
    });
  }
  spec.groups.forEach((g, i) => {
    const table: Record<string, [number, number]> = Object.create(null) as Record<string, [number, number]>;
    for (const [k, list] of [...byGroup[i]!.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) table[k] = [median(list), list.length];
    medians[g] = table;
  });
  return { spec, medians, global: all.length ? median(all) : 0 };
}

function rateOf(positives: number, labelled: number, prior: number, m: number): number {
  return (positives + m * prior) / (labelled + m);
}

/** Writes the features of one row into `out` (length featureNames.length). */
export function transformInto(p: FittedPipeline, row: TabularRow, out: Float64Array, targetOverride?: (field: string) => number | undefined): void {
  const c = p.config;
  let k = 0;
  for (const f of c.numeric) { const v = row.nums[f]; out[k++] = v === undefined || !Number.isFinite(v) ? NaN : v; }
  for (const f of c.ordinal) out[k++] = applyOrdinalEncoder(p.ordinal[f]!, row.cats[f] ?? '');
  for (const f of c.target) {
    const value = row.cats[f] ?? '';
    out[k++] = targetOverride?.(f) ?? applyTargetEncoder(p.target[f]!, value);
    out[k++] = applyFrequencyEncoder(p.frequency[f]!, value);
  }
  for (const u of p.unitValues) {
    const luv = logUnitValue(row, u.spec);
    out[k++] = luv;
    let best = NaN;
    for (const g of u.spec.groups) {
      const ref = u.medians[g]![row.cats[g] ?? ''];
      const dev = ref && ref[1] >= MIN_REFERENCE_ROWS ? luv - ref[0] : NaN;
      if (Number.isNaN(best) && !Number.isNaN(dev)) best = dev;
      out[k++] = dev;
    }
    out[k++] = Number.isNaN(best) ? luv - u.global : best;
  }
  for (const h of c.history) {
    const s = row.history?.[h];
    out[k++] = s ? s.seen : 0;
    out[k++] = s ? s.labelled : 0;
    out[k++] = rateOf(s?.positives ?? 0, s?.labelled ?? 0, p.prior, c.smoothing);
  }
}

export function transformRow(p: FittedPipeline, row: TabularRow): Float64Array {
  const out = new Float64Array(p.featureNames.length);
  transformInto(p, row, out);
  return out;
}

export function transformRows(p: FittedPipeline, rows: readonly TabularRow[]): FeatureMatrix {
  const F = p.featureNames.length;
  const columns = Array.from({ length: F }, () => new Float64Array(rows.length));
  const buf = new Float64Array(F);
  rows.forEach((r, i) => {
    transformInto(p, r, buf);
    for (let f = 0; f < F; f++) columns[f]![i] = buf[f]!;
  });
  return { names: p.featureNames, columns, rows: rows.length };
}

/**
 * Fits every encoder on the training rows and returns the training matrix, whose target
 * encodings are out-of-fold (a row's own label never reaches its own features).
 */
export function fitPipeline(rows: readonly TabularRow[], y: ArrayLike<number>, config: PipelineConfig, seed: number, w?: ArrayLike<number>): { pipeline: FittedPipeline; train: FeatureMatrix } {
  const ordinal: Record<string, OrdinalEncoder> = {};
  const target: Record<string, TargetEncoder> = {};
  const frequency: Record<string, FrequencyEncoder> = {};
  const oof: Record<string, Float64Array> = {};
  const col = (f: string): string[] => rows.map((r) => r.cats[f] ?? '');
  for (const f of config.ordinal) ordinal[f] = fitOrdinalEncoder(col(f));
  config.target.forEach((f, i) => {
    const values = col(f);
    target[f] = fitTargetEncoder(values, y, config.smoothing, w);
    frequency[f] = fitFrequencyEncoder(values);
    oof[f] = outOfFoldTargetEncoding(values, y, config.smoothing, config.folds, seed * 7919 + i, w);
  });
  let sy = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) { const wi = w ? w[i]! : 1; sy += wi * y[i]!; sw += wi; }
  const pipeline: FittedPipeline = {
    config, featureNames: featureNamesOf(config), ordinal, target, frequency,
    unitValues: config.unitValues.map((u) => fitUnitValue(rows, u)),
    prior: sw > 0 ? sy / sw : 0,
  };
  const F = pipeline.featureNames.length;
  const columns = Array.from({ length: F }, () => new Float64Array(rows.length));
  const buf = new Float64Array(F);
  rows.forEach((r, i) => {
    transformInto(pipeline, r, buf, (f) => oof[f]?.[i]);
    for (let j = 0; j < F; j++) columns[j]![i] = buf[j]!;
  });
  return { pipeline, train: { names: pipeline.featureNames, columns, rows: rows.length } };
}
