/**
 * Histogram gradient-boosted decision trees, grown leaf-wise (as LightGBM does: Ke et al.,
 * "LightGBM", NeurIPS 2017) with second-order leaf values and L2 regularisation (Chen and
 * Guestrin, "XGBoost", KDD 2016). Pure TypeScript on typed arrays, deterministic for a seed.
 *
 * Each feature is cut into at most `maxBin` bins (one bin is reserved for missing values);
 * a split on bin t is stored as the raw-value threshold `x <= upper[t]`, so scoring needs no
 * binning and gives exactly the split the training histogram chose. Missing values (NaN,
 * and ±Infinity which are treated the same) go to the side that gained more in training.
 */
import { Prng } from './prng.js';
import { logLoss, rocAuc } from './metrics.js';

export type Objective = 'binary' | 'regression';
export type EvalMetric = 'logloss' | 'auc' | 'l2';

export interface GbdtParams {
  objective: Objective;
  numRounds: number;
  learningRate: number;
  numLeaves: number;
  /** 0 = no limit. */
  maxDepth: number;
  minDataInLeaf: number;
  minSumHessian: number;
  lambdaL2: number;
  minGainToSplit: number;
  /** Share of rows drawn (without replacement) for each bagging period; 1 = all. */
  baggingFraction: number;
  baggingFreq: number;
  /** Share of features each tree may split on. */
  featureFraction: number;
  maxBin: number;
  /** Stop when the validation metric has not improved for this many rounds (0 = never). */
  earlyStoppingRounds: number;
  metric: EvalMetric;
  seed: number;
}

export const DEFAULT_PARAMS: GbdtParams = {
  objective: 'binary',
  numRounds: 500,
  learningRate: 0.05,
  numLeaves: 31,
  maxDepth: 0,
  minDataInLeaf: 20,
  minSumHessian: 1e-3,
  lambdaL2: 1,
  minGainToSplit: 0,
  baggingFraction: 0.8,
  baggingFreq: 1,
  featureFraction: 0.8,
  maxBin: 255,
  earlyStoppingRounds: 50,
  metric: 'logloss',
  seed: 1,
};

/** Column-major features: columns[f][row]. NaN means missing. */
export interface FeatureMatrix {
  names: string[];
  columns: Float64Array[];
  rows: number;
}

/**
 * One tree in flat arrays. Node i is internal; a child index c >= 0 is a node, c < 0 is the
 * leaf ~c. `nodeValue` is the value the tree would give if it stopped at that node: the
 * difference along a path attributes the score to features (Saabas contributions).
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  gain: Float64Array;
  nodeValue: Float64Array;
  leafValue: Float64Array;
}

export interface GbdtModel {
  objective: Objective;
  featureNames: string[];
  initScore: number;
  trees: Tree[];
  bestIteration: number;
  /** Validation metric per round (empty without a validation set). */
  validHistory: number[];
}

export interface TrainInput {
  train: FeatureMatrix;
  labels: ArrayLike<number>;
  weights?: ArrayLike<number>;
  valid?: { x: FeatureMatrix; labels: ArrayLike<number>; weights?: ArrayLike<number> };
}

interface BinMapper {
  /** upper[b] is the largest value in bin b; values above the last go to the last bin. */
  upper: Float64Array;
  numBins: number;
}

function isMissing(v: number): boolean {
  return !Number.isFinite(v);
}

/** Cuts one column into at most maxBins value bins by weighted quantiles of its distinct values. */
export function fitBins(column: ArrayLike<number>, maxBins: number): BinMapper {
  const values: number[] = [];
  for (let i = 0; i < column.length; i++) if (!isMissing(column[i]!)) values.push(column[i]!);
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (distinct.length > 0 && sorted[i] === distinct[distinct.length - 1]) counts[counts.length - 1]!++;
    else { distinct.push(sorted[i]!); counts.push(1); }
  }
  if (distinct.length <= 1) return { upper: new Float64Array(0), numBins: 1 };
  const cuts: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push(midpoint(distinct[i]!, distinct[i + 1]!));
  } else {
    // Greedy equal-count bins; a heavy single value closes its bin on its own.
    let remaining = sorted.length;
    let binsLeft = maxBins;
    let acc = 0;
    for (let i = 0; i + 1 < distinct.length && binsLeft > 1; i++) {
      acc += counts[i]!;
      const target = remaining / binsLeft;
      const nextHeavy = counts[i + 1]! >= target;
      if (acc >= target || nextHeavy) {
        cuts.push(midpoint(distinct[i]!, distinct[i + 1]!));
        remaining -= acc;
        acc = 0;
        binsLeft--;
      }
    }
  }
  return { upper: Float64Array.from(cuts), numBins: cuts.length + 1 };
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  // Keep a < m... and the threshold test `x <= m` true for a and false for b.
  return m >= b ? a : m;
}

function binOf(mapper: BinMapper, v: number): number {
  if (isMissing(v)) return mapper.numBins; // the missing bin
  const u = mapper.upper;
  let lo = 0;
  let hi = u.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= u[mid]!) hi = mid; else lo = mid + 1;
  }
  return lo;
}

interface SplitInfo {
  gain: number;
  feature: number;
  bin: number;
  defaultLeft: boolean;
  leftG: number; leftH: number; leftN: number;
}

interface LeafState {
  begin: number;
  end: number;
  g: number;
  h: number;
  depth: number;
  hist: Float64Array;
  /** Where the parent points at this leaf: node index and side, or -1 for the root. */
  parent: number;
  isLeft: boolean;
  split: SplitInfo | null;
}

/** Trains a model. Labels are 0/1 for 'binary', real for 'regression'. */
export function trainGbdt(input: TrainInput, paramsIn: Partial<GbdtParams> = {}): GbdtModel {
  const p: GbdtParams = { ...DEFAULT_PARAMS, ...paramsIn };
  if (p.maxBin < 2 || p.maxBin > 255) throw new RangeError('maxBin must be within 2..255');
  const { train } = input;
  const n = train.rows;
  const F = train.columns.length;
  const prng = new Prng(p.seed);

  // Bin the training matrix row-major so building a histogram walks memory in order.
  const mappers: BinMapper[] = train.columns.map((c) => fitBins(c, p.maxBin - 1));
  const binOffset = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) binOffset[f + 1] = binOffset[f]! + mappers[f]!.numBins + 1;
  const totalBins = binOffset[F]!;
  // Column-major bins: a histogram is built one feature at a time, so its bins stay in cache.
  const binned: Uint8Array[] = train.columns.map((col, f) => {
    const m = mappers[f]!;
    const out = new Uint8Array(n);
    for (let r = 0; r < n; r++) out[r] = binOf(m, col[r]!);
    return out;
  });

  const y = Float64Array.from(input.labels);
  const w = input.weights ? Float64Array.from(input.weights) : new Float64Array(n).fill(1);
  const initScore = initialScore(p.objective, y, w);
  const pred = new Float64Array(n).fill(initScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);

  const valid = input.valid;
  const validPred = valid ? new Float64Array(valid.x.rows).fill(initScore) : null;
  const validRows = valid ? rowsOf(valid.x) : null;
  const validHistory: number[] = [];
  const higherIsBetter = p.metric === 'auc';
  let best = higherIsBetter ? -Infinity : Infinity;
  let bestIteration = 0;

  const trees: Tree[] = [];
  const indices = new Uint32Array(n);
  let bagSize = n;
  const allRows = new Uint32Array(n);
  for (let i = 0; i < n; i++) allRows[i] = i;
  const featureMask = new Uint8Array(F);
  const pool: HistPool = { free: [], size: totalBins * 3, gOrd: new Float64Array(n), hOrd: new Float64Array(n) };

  for (let round = 0; round < p.numRounds; round++) {
    computeGradients(p.objective, pred, y, w, grad, hess);
    if (p.baggingFraction < 1 && p.baggingFreq > 0) {
      if (round % p.baggingFreq === 0) {
        const shuffled = prng.shuffle(Uint32Array.from(allRows));
        bagSize = Math.max(1, Math.round(n * p.baggingFraction));
        const bag = shuffled.subarray(0, bagSize).sort();
        indices.set(bag);
      }
    } else {
      indices.set(allRows);
      bagSize = n;
    }
    featureMask.fill(0);
    const usable = Math.max(1, Math.round(F * p.featureFraction));
    const order = prng.shuffle(Int32Array.from({ length: F }, (_, i) => i));
    for (let i = 0; i < usable; i++) featureMask[order[i]!] = 1;

    const tree = growTree(p, binned, F, mappers, binOffset, totalBins, grad, hess, indices.subarray(0, bagSize), featureMask, pool);
    trees.push(tree);
    // Update every training row (also those out of the bag) through the binned tree.
    for (let r = 0; r < n; r++) pred[r]! += predictBinned(tree, binned, r, mappers);
    if (valid && validPred && validRows) {
      for (let r = 0; r < validRows.length; r++) validPred[r]! += predictTree(tree, validRows[r]!);
      const score = evaluate(p, validPred, valid.labels, valid.weights);
      validHistory.push(score);
      const improved = higherIsBetter ? score > best : score < best;
      if (improved) { best = score; bestIteration = round + 1; }
      else if (p.earlyStoppingRounds > 0 && round + 1 - bestIteration >= p.earlyStoppingRounds) break;
    } else {
      bestIteration = round + 1;
    }
  }
  return { objective: p.objective, featureNames: [...train.names], initScore, trees: trees.slice(0, bestIteration), bestIteration, validHistory };
}

function rowsOf(x: FeatureMatrix): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let r = 0; r < x.rows; r++) {
    const row = new Float64Array(x.columns.length);
    for (let f = 0; f < x.columns.length; f++) row[f] = x.columns[f]![r]!;
    rows.push(row);
  }
  return rows;
}

function evaluate(p: GbdtParams, raw: Float64Array, labels: ArrayLike<number>, weights?: ArrayLike<number>): number {
  if (p.objective === 'binary') {
    if (p.metric === 'auc') return rocAuc(raw, labels, weights);
    return logLoss(raw.map(sigmoid), labels, weights);
  }
  let s = 0;
  let ws = 0;
  for (let i = 0; i < raw.length; i++) {
    const wi = weights ? weights[i]! : 1;
    s += wi * (raw[i]! - labels[i]!) ** 2;
    ws += wi;
  }
  return s / ws;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function initialScore(objective: Objective, y: Float64Array, w: Float64Array): number {
  let sy = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) { sy += w[i]! * y[i]!; sw += w[i]!; }
  const mean = sw > 0 ? sy / sw : 0;
  if (objective === 'regression') return mean;
  const pm = Math.min(1 - 1e-6, Math.max(1e-6, mean));
  return Math.log(pm / (1 - pm));
}

function computeGradients(objective: Objective, pred: Float64Array, y: Float64Array, w: Float64Array, g: Float64Array, h: Float64Array): void {
  if (objective === 'binary') {
    for (let i = 0; i < pred.length; i++) {
      const pr = sigmoid(pred[i]!);
      g[i] = (pr - y[i]!) * w[i]!;
      h[i] = Math.max(pr * (1 - pr), 1e-16) * w[i]!;
    }
  } else {
    for (let i = 0; i < pred.length; i++) {
      g[i] = (pred[i]! - y[i]!) * w[i]!;
      h[i] = w[i]!;
    }
  }
}

/** Reused histogram buffers and gathered gradients: a tree allocates nothing per split. */
interface HistPool {
  free: Float64Array[];
  size: number;
  gOrd: Float64Array;
  hOrd: Float64Array;
}

function takeHist(pool: HistPool): Float64Array {
  return pool.free.pop() ?? new Float64Array(pool.size);
}

function buildHistogram(hist: Float64Array, binned: Uint8Array[], F: number, binOffset: Int32Array, rows: Uint32Array, begin: number, end: number, grad: Float64Array, hess: Float64Array, featureMask: Uint8Array, pool: HistPool): void {
  hist.fill(0);
  // Gather the leaf's gradients once in row order (LightGBM's "ordered gradients").
  const gOrd = pool.gOrd;
  const hOrd = pool.hOrd;
  const len = end - begin;
  for (let i = 0; i < len; i++) { const r = rows[begin + i]!; gOrd[i] = grad[r]!; hOrd[i] = hess[r]!; }
  for (let f = 0; f < F; f++) {
    if (!featureMask[f]) continue;
    const col = binned[f]!;
    const off = binOffset[f]! * 3;
    for (let i = 0; i < len; i++) {
      const k = off + col[rows[begin + i]!]! * 3;
      hist[k]! += gOrd[i]!;
      hist[k + 1]! += hOrd[i]!;
      hist[k + 2]! += 1;
    }
  }
}

function leafScore(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

function findBestSplit(p: GbdtParams, leaf: LeafState, F: number, mappers: BinMapper[], binOffset: Int32Array, featureMask: Uint8Array): SplitInfo | null {
  const hist = leaf.hist;
  const total = leaf.end - leaf.begin;
  const G = leaf.g;
  const H = leaf.h;
  const parentScore = leafScore(G, H, p.lambdaL2);
  let best: SplitInfo | null = null;
  for (let f = 0; f < F; f++) {
    if (!featureMask[f]) continue;
    const nb = mappers[f]!.numBins;
    const off = binOffset[f]! * 3;
    const mk = off + nb * 3;
    const mg = hist[mk]!;
    const mh = hist[mk + 1]!;
    const mn = hist[mk + 2]!;
    let cg = 0;
    let ch = 0;
    let cn = 0;
    // Bin t = nb-1 puts every present value left: only useful to split off the missing ones.
    for (let t = 0; t < nb; t++) {
      const k = off + t * 3;
      cg += hist[k]!;
      ch += hist[k + 1]!;
      cn += hist[k + 2]!;
      for (let side = 0; side < 2; side++) {
        const missingLeft = side === 1;
        if (missingLeft && mn === 0) continue;
        const lg = missingLeft ? cg + mg : cg;
        const lh = missingLeft ? ch + mh : ch;
        const ln = missingLeft ? cn + mn : cn;
        const rn = total - ln;
        if (ln < p.minDataInLeaf || rn < p.minDataInLeaf) continue;
        const rh = H - lh;
        if (lh < p.minSumHessian || rh < p.minSumHessian) continue;
        const gain = leafScore(lg, lh, p.lambdaL2) + leafScore(G - lg, rh, p.lambdaL2) - parentScore;
        if (gain > p.minGainToSplit && (best === null || gain > best.gain)) {
          best = { gain, feature: f, bin: t, defaultLeft: missingLeft, leftG: lg, leftH: lh, leftN: ln };
        }
      }
    }
  }
  return best;
}

function growTree(
  p: GbdtParams, binned: Uint8Array[], F: number, mappers: BinMapper[], binOffset: Int32Array, _totalBins: number,
  grad: Float64Array, hess: Float64Array, rows: Uint32Array, featureMask: Uint8Array, pool: HistPool,
): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const defaultLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const gains: number[] = [];
  const nodeValue: number[] = [];
  const leafValue: number[] = [];
  const lr = p.learningRate;
  const value = (g: number, h: number): number => (-g / (h + p.lambdaL2)) * lr;

  let g0 = 0;
  let h0 = 0;
  for (let i = 0; i < rows.length; i++) { g0 += grad[rows[i]!]!; h0 += hess[rows[i]!]!; }
  const rootHist = takeHist(pool);
  buildHistogram(rootHist, binned, F, binOffset, rows, 0, rows.length, grad, hess, featureMask, pool);
  const root: LeafState = { begin: 0, end: rows.length, g: g0, h: h0, depth: 0, hist: rootHist, parent: -1, isLeft: false, split: null };
  root.split = findBestSplit(p, root, F, mappers, binOffset, featureMask);
  const leaves: LeafState[] = [root];

  while (leaves.length < p.numLeaves) {
    let bi = -1;
    for (let i = 0; i < leaves.length; i++) {
      const s = leaves[i]!.split;
      if (s && (bi < 0 || s.gain > leaves[bi]!.split!.gain)) bi = i;
    }
    if (bi < 0) break;
    const leaf = leaves[bi]!;
    const s = leaf.split!;
    const node = feature.length;
    const nb = mappers[s.feature]!.numBins;
    feature.push(s.feature);
    threshold.push(s.bin < nb - 1 ? mappers[s.feature]!.upper[s.bin]! : Number.MAX_VALUE);
    defaultLeft.push(s.defaultLeft ? 1 : 0);
    left.push(0);
    right.push(0);
    gains.push(s.gain);
    nodeValue.push(value(leaf.g, leaf.h));
    if (leaf.parent >= 0) (leaf.isLeft ? left : right)[leaf.parent] = node;

    // Partition rows[begin, end) so the left child comes first.
    const missingBin = nb;
    const splitCol = binned[s.feature]!;
    let i = leaf.begin;
    let j = leaf.end - 1;
    while (i <= j) {
      const b = splitCol[rows[i]!]!;
      const goesLeft = b === missingBin ? s.defaultLeft : b <= s.bin;
      if (goesLeft) i++;
      else { const t = rows[i]!; rows[i] = rows[j]!; rows[j] = t; j--; }
    }
    const mid = leaf.begin + s.leftN;
    const lState: LeafState = { begin: leaf.begin, end: mid, g: s.leftG, h: s.leftH, depth: leaf.depth + 1, hist: leaf.hist, parent: node, isLeft: true, split: null };
    const rState: LeafState = { begin: mid, end: leaf.end, g: leaf.g - s.leftG, h: leaf.h - s.leftH, depth: leaf.depth + 1, hist: leaf.hist, parent: node, isLeft: false, split: null };
    // Histogram subtraction: build the smaller child, derive the larger from the parent.
    const small = mid - leaf.begin <= leaf.end - mid ? lState : rState;
    const large = small === lState ? rState : lState;
    const smallHist = takeHist(pool);
    buildHistogram(smallHist, binned, F, binOffset, rows, small.begin, small.end, grad, hess, featureMask, pool);
    const parentHist = leaf.hist;
    for (let f = 0; f < F; f++) {
      if (!featureMask[f]) continue;
      for (let k = binOffset[f]! * 3, e = binOffset[f + 1]! * 3; k < e; k++) parentHist[k]! -= smallHist[k]!;
    }
    small.hist = smallHist;
    large.hist = parentHist;
    const depthOk = p.maxDepth <= 0 || leaf.depth + 1 < p.maxDepth;
    for (const child of [lState, rState]) child.split = depthOk ? findBestSplit(p, child, F, mappers, binOffset, featureMask) : null;
    leaves.splice(bi, 1, lState, rState);
  }

  for (const leaf of leaves) {
    pool.free.push(leaf.hist);
    const li = leafValue.length;
    leafValue.push(value(leaf.g, leaf.h));
    if (leaf.parent >= 0) (leaf.isLeft ? left : right)[leaf.parent] = ~li;
  }
  if (feature.length === 0) {
    // A stump with no split: one leaf; represent as a node whose both sides are that leaf.
    feature.push(0); threshold.push(0); defaultLeft.push(1); left.push(~0); right.push(~0); gains.push(0);
    nodeValue.push(leafValue[0]!);
  }
  return {
    feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), defaultLeft: Uint8Array.from(defaultLeft),
    left: Int32Array.from(left), right: Int32Array.from(right), gain: Float64Array.from(gains),
    nodeValue: Float64Array.from(nodeValue), leafValue: Float64Array.from(leafValue),
  };
}

function predictBinned(tree: Tree, binned: Uint8Array[], r: number, mappers: BinMapper[]): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node]!;
    const m = mappers[f]!;
    const b = binned[f]![r]!;
    // Thresholds are bin uppers, so compare in bin space: bin <= t  <=>  x <= upper[t].
    const goLeft = b === m.numBins ? tree.defaultLeft[node] === 1 : binUpperTest(m, b, tree.threshold[node]!);
    const next = goLeft ? tree.left[node]! : tree.right[node]!;
    if (next < 0) return tree.leafValue[~next]!;
    node = next;
  }
}

function binUpperTest(m: BinMapper, b: number, threshold: number): boolean {
  // Every value of bin b is <= upper[b] and > upper[b-1]; the threshold is some upper[t].
  return b < m.upper.length ? m.upper[b]! <= threshold : threshold === Number.MAX_VALUE;
}

/** The raw contribution of one tree for one row of raw feature values. */
export function predictTree(tree: Tree, row: ArrayLike<number>): number {
  let node = 0;
  for (;;) {
    const v = row[tree.feature[node]!]!;
    const goLeft = isMissing(v) ? tree.defaultLeft[node] === 1 : v <= tree.threshold[node]!;
    const next = goLeft ? tree.left[node]! : tree.right[node]!;
    if (next < 0) return tree.leafValue[~next]!;
    node = next;
  }
}

/**
 * All trees of a model in one set of arrays: scoring walks a few contiguous typed arrays
 * instead of one small array set per tree.
 */
interface Forest {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  leafValue: Float64Array;
}

const forests = new WeakMap<GbdtModel, Forest>();

function forestOf(model: GbdtModel): Forest {
  const cached = forests.get(model);
  if (cached && cached.roots.length === model.trees.length) return cached;
  let nodes = 0;
  let leaves = 0;
  for (const t of model.trees) { nodes += t.feature.length; leaves += t.leafValue.length; }
  const f: Forest = {
    roots: new Int32Array(model.trees.length), feature: new Int32Array(nodes), threshold: new Float64Array(nodes),
    defaultLeft: new Uint8Array(nodes), left: new Int32Array(nodes), right: new Int32Array(nodes), leafValue: new Float64Array(leaves),
  };
  let n0 = 0;
  let l0 = 0;
  model.trees.forEach((t, i) => {
    f.roots[i] = n0;
    f.feature.set(t.feature, n0);
    f.threshold.set(t.threshold, n0);
    f.defaultLeft.set(t.defaultLeft, n0);
    f.leafValue.set(t.leafValue, l0);
    for (let k = 0; k < t.feature.length; k++) {
      const a = t.left[k]!;
      const b = t.right[k]!;
      f.left[n0 + k] = a >= 0 ? a + n0 : ~(~a + l0);
      f.right[n0 + k] = b >= 0 ? b + n0 : ~(~b + l0);
    }
    n0 += t.feature.length;
    l0 += t.leafValue.length;
  });
  forests.set(model, f);
  return f;
}

/** Raw score (log-odds for 'binary'). */
export function predictRaw(model: GbdtModel, row: ArrayLike<number>): number {
  const { roots, feature, threshold, defaultLeft, left, right, leafValue } = forestOf(model);
  let s = model.initScore;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t]!;
    for (;;) {
      const v = row[feature[node]!]!;
      // v - v is NaN exactly when v is NaN or ±Infinity: the missing-value test without a call.
      const goLeft = v - v !== 0 ? defaultLeft[node] === 1 : v <= threshold[node]!;
      const next = goLeft ? left[node]! : right[node]!;
      if (next < 0) { s += leafValue[~next]!; break; }
      node = next;
    }
  }
  return s;
}

/** Probability for 'binary', value for 'regression'. */
export function predict(model: GbdtModel, row: ArrayLike<number>): number {
  const s = predictRaw(model, row);
  return model.objective === 'binary' ? sigmoid(s) : s;
}

export function predictMatrix(model: GbdtModel, x: FeatureMatrix): Float64Array {
  const out = new Float64Array(x.rows);
  const row = new Float64Array(x.columns.length);
  for (let r = 0; r < x.rows; r++) {
    for (let f = 0; f < row.length; f++) row[f] = x.columns[f]![r]!;
    out[r] = predict(model, row);
  }
  return out;
}

/**
 * Path contributions (Saabas): for each split on the row's path, the change of the node value
 * is credited to the split's feature. bias + sum(contributions) equals the raw score.
 */
export function contributions(model: GbdtModel, row: ArrayLike<number>): { bias: number; values: Float64Array } {
  const values = new Float64Array(model.featureNames.length);
  let bias = model.initScore;
  for (const tree of model.trees) {
    let node = 0;
    let current = tree.nodeValue[0]!;
    bias += current;
    for (;;) {
      const f = tree.feature[node]!;
      const v = row[f]!;
      const goLeft = isMissing(v) ? tree.defaultLeft[node] === 1 : v <= tree.threshold[node]!;
      const next = goLeft ? tree.left[node]! : tree.right[node]!;
      const nextValue = next < 0 ? tree.leafValue[~next]! : tree.nodeValue[next]!;
      values[f]! += nextValue - current;
      current = nextValue;
      if (next < 0) break;
      node = next;
    }
  }
  return { bias, values };
}

/** Total split gain per feature, a global importance. */
export function featureImportance(model: GbdtModel): { feature: string; gain: number }[] {
  const gains = new Float64Array(model.featureNames.length);
  for (const t of model.trees) for (let i = 0; i < t.feature.length; i++) gains[t.feature[i]!]! += t.gain[i]!;
  return model.featureNames.map((feature, i) => ({ feature, gain: gains[i]! })).sort((a, b) => b.gain - a.gain);
}
