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
  const { values } = contributions(a.risk, x);
  return a.featureNames
    .map((feature, i) => ({ feature, contribution: values[i]!, value: x[i]! }))
    .filter((c) => c.contribution !== 0)
    .sort((p, q) => Math.abs(q.contribution) - Math.abs(p.contribution) || (p.feature < q.feature ? -1 : 1))
    .slice(0, top);
}
