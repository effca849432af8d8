/**
 * The trained model as a versioned artefact: plain JSON with the training data description,
 * feature list, fitted encoders, trees and metrics. Numbers are written with JavaScript's
 * shortest round-trip form, so deserialize(serialize(a)) scores bit for bit like `a`.
 */
import { contributions, predictRaw, sigmoid, type GbdtModel, type Objective, type Tree } from './gbdt.js';
import { transformInto, type FittedPipeline, type TabularRow } from './pipeline.js';

export const ARTIFACT_FORMAT = 'luxor-gbdt/1';

export interface TrainingDataDescription {
  source: string;
  from?: string;
  to?: string;
  rows: number;
  positives: number;
  /** How labels were weighted, e.g. inverse selection probability of random audits. */
  weighting?: string;
  notes?: string;
}

export interface ModelArtifact {
  format: typeof ARTIFACT_FORMAT;
  version: string;
  createdAt: string;
  seed: number;
  training: TrainingDataDescription;
  featureNames: string[];
  pipeline: FittedPipeline;
  /** Probability of non-compliance. */
  risk: GbdtModel;
  /** Expected revenue at stake (or, where the data has no amount, expected severity). */
  revenue?: GbdtModel;
  /** What `revenue` predicts, in words: 'revenue-at-stake' or 'severity'. */
  revenueTarget?: string;
  metrics: Record<string, number>;
  params: Record<string, unknown>;
}

interface TreeJson {
  feature: number[]; threshold: number[]; defaultLeft: number[]; left: number[]; right: number[];
  gain: number[]; nodeValue: number[]; leafValue: number[];
}
interface ModelJson { objective: Objective; featureNames: string[]; initScore: number; bestIteration: number; validHistory: number[]; trees: TreeJson[] }

function treeToJson(t: Tree): TreeJson {
  return {
    feature: Array.from(t.feature), threshold: Array.from(t.threshold), defaultLeft: Array.from(t.defaultLeft),
    left: Array.from(t.left), right: Array.from(t.right), gain: Array.from(t.gain),
    nodeValue: Array.from(t.nodeValue), leafValue: Array.from(t.leafValue),
  };
}

function treeFromJson(t: TreeJson): Tree {
  return {
    feature: Int32Array.from(t.feature), threshold: Float64Array.from(t.threshold), defaultLeft: Uint8Array.from(t.defaultLeft),
    left: Int32Array.from(t.left), right: Int32Array.from(t.right), gain: Float64Array.from(t.gain),
    nodeValue: Float64Array.from(t.nodeValue), leafValue: Float64Array.from(t.leafValue),
  };
}

function modelToJson(m: GbdtModel): ModelJson {
  return { objective: m.objective, featureNames: m.featureNames, initScore: m.initScore, bestIteration: m.bestIteration, validHistory: m.validHistory, trees: m.trees.map(treeToJson) };
}

function modelFromJson(m: ModelJson): GbdtModel {
  return { objective: m.objective, featureNames: m.featureNames, initScore: m.initScore, bestIteration: m.bestIteration, validHistory: m.validHistory, trees: m.trees.map(treeFromJson) };
}

/** NaN and ±Infinity are not JSON; they only occur in validation history, written as null. */
function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

export function serialize(a: ModelArtifact): string {
  // Fixed key order, so an artefact read back serialises to the same text.
  const plain = {
    format: a.format, version: a.version, createdAt: a.createdAt, seed: a.seed, training: a.training,
    featureNames: a.featureNames, metrics: a.metrics, params: a.params, revenueTarget: a.revenueTarget,
    pipeline: a.pipeline, risk: modelToJson(a.risk), revenue: a.revenue ? modelToJson(a.revenue) : undefined,
  };
  return JSON.stringify(plain, finiteOrNull);
}

export function deserialize(text: string): ModelArtifact {
  const raw = JSON.parse(text) as Omit<ModelArtifact, 'risk' | 'revenue'> & { risk: ModelJson; revenue?: ModelJson };
  if (raw.format !== ARTIFACT_FORMAT) throw new Error(`unknown model artefact format ${JSON.stringify(raw.format)}`);
  const { risk, revenue, ...rest } = raw;
  const out: ModelArtifact = { ...rest, risk: modelFromJson(risk) };
  if (revenue) out.revenue = modelFromJson(revenue);
  return out;
}

export interface FeatureContribution {
  feature: string;
  /** Change in log-odds (risk) attributed to this feature. */
  contribution: number;
  value: number;
}

export interface ArtifactScore {
  probability: number;
  /** Output of the revenue model, clamped at 0 (NaN when the artefact has none). */
  expected: number;
}

/** Scores a tabular row: microseconds, no allocation beyond one feature vector. */
export function scoreRow(a: ModelArtifact, row: TabularRow, buffer = new Float64Array(a.featureNames.length)): ArtifactScore {
  transformInto(a.pipeline, row, buffer);
  const probability = sigmoid(predictRaw(a.risk, buffer));
  const expected = a.revenue ? Math.max(0, predictRaw(a.revenue, buffer)) : NaN;
  return { probability, expected };
}

/** The features that pushed this row's risk score most (largest absolute Saabas contribution). */
export function explain(a: ModelArtifact, row: TabularRow, top = 5): FeatureContribution[] {
  const x = new Float64Array(a.featureNames.length);
  transformInto(a.pipeline, row, x);
  return explainVector(a, x, top).contributions;
}

/**
 * Probability and top contributions from one pass over the trees: the contributions plus the
 * bias are the raw score, so the explanation costs no second prediction.
 */
export function explainVector(a: ModelArtifact, x: Float64Array, top: number): { probability: number; contributions: FeatureContribution[] } {
  const { bias, values } = contributions(a.risk, x);
  let raw = bias;
  for (let i = 0; i < values.length; i++) raw += values[i]!;
  // Top-k by selection: k is small, sorting every feature is not needed.
  const picked: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]!);
    if (v === 0) continue;
    let j = picked.length;
    while (j > 0 && Math.abs(values[picked[j - 1]!]!) < v) j--;
    if (j < top) { picked.splice(j, 0, i); if (picked.length > top) picked.pop(); }
  }
  return {
    probability: sigmoid(raw),
    contributions: picked.map((i) => ({ feature: a.featureNames[i]!, contribution: values[i]!, value: x[i]! })),
  };
}
