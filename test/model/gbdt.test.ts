import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contributions, fitBins, predict, predictMatrix, predictRaw, trainGbdt, type FeatureMatrix } from '../../src/model/gbdt.js';
import { Prng } from '../../src/model/prng.js';
import { rocAuc } from '../../src/model/metrics.js';

/** x0 carries the signal (y = 1 when x0 > 0.6 or x1 is missing), x2 and x3 are noise. */
function planted(n: number, seed: number): { x: FeatureMatrix; y: Float64Array } {
  const r = new Prng(seed);
  const columns = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    columns[0]![i] = r.next();
    columns[1]![i] = r.next() < 0.2 ? NaN : r.next();
    columns[2]![i] = r.next();
    columns[3]![i] = Math.floor(r.next() * 5);
    const signal = columns[0]![i]! > 0.6 || Number.isNaN(columns[1]![i]!);
    // 10 % label noise so the planted rule is learnable but not trivial.
    y[i] = r.next() < 0.1 ? (signal ? 0 : 1) : signal ? 1 : 0;
  }
  return { x: { names: ['x0', 'x1', 'x2', 'x3'], columns, rows: n }, y };
}

test('learns a planted signal, including one carried by missing values', () => {
  const tr = planted(3000, 1);
  const te = planted(1000, 2);
  const model = trainGbdt({ train: tr.x, labels: tr.y }, { numRounds: 60, learningRate: 0.2, numLeaves: 8, seed: 3 });
  const p = predictMatrix(model, te.x);
  // The Bayes-optimal ranking only reaches about 0.9 with 10 % flipped labels.
  assert.ok(rocAuc(p, te.y) > 0.85, `auc ${rocAuc(p, te.y)}`);
  assert.ok(predict(model, [0.9, 0.5, 0.5, 1]) > 0.7);
  assert.ok(predict(model, [0.1, 0.5, 0.5, 1]) < 0.3);
  assert.ok(predict(model, [0.1, NaN, 0.5, 1]) > 0.7, 'missing x1 is the risky side');
});

test('the same seed gives the same model; another seed gives another', () => {
  const tr = planted(1500, 5);
  const params = { numRounds: 20, baggingFraction: 0.7, featureFraction: 0.5, seed: 11 };
  const a = trainGbdt({ train: tr.x, labels: tr.y }, params);
  const b = trainGbdt({ train: tr.x, labels: tr.y }, params);
  const c = trainGbdt({ train: tr.x, labels: tr.y }, { ...params, seed: 12 });
  assert.deepEqual(a.trees, b.trees);
  assert.equal(a.initScore, b.initScore);
  assert.notDeepEqual(a.trees, c.trees);
});

test('stops early when the validation loss stops improving and keeps the best trees', () => {
  const tr = planted(1500, 7);
  const va = planted(500, 8);
  const m = trainGbdt({ train: tr.x, labels: tr.y, valid: { x: va.x, labels: va.y } }, { numRounds: 400, learningRate: 0.3, earlyStoppingRounds: 10, seed: 1 });
  assert.ok(m.validHistory.length < 400);
  assert.equal(m.trees.length, m.bestIteration);
  const best = Math.min(...m.validHistory);
  assert.equal(m.validHistory[m.bestIteration - 1], best);
});

test('path contributions add up to the raw score', () => {
  const tr = planted(1000, 9);
  const m = trainGbdt({ train: tr.x, labels: tr.y }, { numRounds: 30, seed: 2 });
  for (const row of [[0.9, 0.1, 0.3, 2], [0.2, NaN, 0.7, 0], [0.5, 0.5, 0.5, 4]]) {
    const { bias, values } = contributions(m, row);
    const total = bias + values.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(total - predictRaw(m, row)) < 1e-9);
    if (row[0] === 0.9) assert.ok(values[0]! > Math.abs(values[2]!), 'the signal feature explains more than noise');
  }
});

test('squared loss regression fits a step function, and sample weights pull the fit', () => {
  const n = 2000;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) { x[i] = i / n; y[i] = x[i]! < 0.5 ? 10 : 30; }
  const m = trainGbdt({ train: { names: ['x'], columns: [x], rows: n }, labels: y }, { objective: 'regression', numRounds: 100, learningRate: 0.3, baggingFraction: 1, featureFraction: 1, metric: 'l2', seed: 1 });
  assert.ok(Math.abs(predict(m, [0.25]) - 10) < 0.5);
  assert.ok(Math.abs(predict(m, [0.75]) - 30) < 0.5);
  // One feature value, two labels: the weighted mean is the only fit.
  const w = Float64Array.from({ length: 100 }, (_, i) => (i < 50 ? 3 : 1));
  const yy = Float64Array.from({ length: 100 }, (_, i) => (i < 50 ? 0 : 4));
  const flat = trainGbdt({ train: { names: ['c'], columns: [new Float64Array(100)], rows: 100 }, labels: yy, weights: w }, { objective: 'regression', numRounds: 1 });
  assert.equal(flat.initScore, 1); // (50×3×0 + 50×1×4) / (150 + 50)
});

test('bins at most maxBins values, one per distinct value when there are few', () => {
  const few = fitBins([3, 1, 2, 2, NaN, 1], 10);
  assert.equal(few.numBins, 3);
  assert.deepEqual(Array.from(few.upper), [1.5, 2.5]);
  const many = fitBins(Float64Array.from({ length: 10000 }, (_, i) => i), 254);
  assert.ok(many.numBins <= 254 && many.numBins > 200);
});
