import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logLoss, precisionAt, rankByScore, recallAt, rocAuc, selectedCount } from '../../src/model/metrics.js';

// Hand-made golden cases: each expected figure is worked out in the comment beside it.
const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
const labels = [1, 0, 1, 1, 0, 0, 1, 0, 0, 0];

test('precision at an inspection rate counts hits among the top share by score', () => {
  const cases: [number, number][] = [
    [0.1, 1 / 1], // top 1: [1]
    [0.2, 1 / 2], // top 2: [1, 0]
    [0.3, 2 / 3], // top 3: [1, 0, 1]
    [0.5, 3 / 5], // top 5: [1, 0, 1, 1, 0]
    [1.0, 4 / 10], // everything: base rate
  ];
  for (const [rate, expected] of cases) assert.equal(precisionAt(scores, labels, rate), expected, `rate ${rate}`);
});

test('recall at an inspection rate is the share of all non-compliant consignments caught', () => {
  assert.equal(recallAt(scores, labels, 0.3), 2 / 4);
  assert.equal(recallAt(scores, labels, 0.7), 4 / 4);
  assert.equal(recallAt(scores, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.5), 0);
});

test('selects floor(n × rate) consignments, at least one', () => {
  assert.equal(selectedCount(8134, 0.05), 406);
  assert.equal(selectedCount(100, 0.05), 5);
  assert.equal(selectedCount(10, 0.01), 1);
});

test('ROC AUC equals the share of correctly ordered positive–negative pairs', () => {
  // Positives at ranks 0,2,3,6 (descending); pairs (pos above neg): pos@0 beats 6 negs, pos@2 beats 5,
  // pos@3 beats 5, pos@6 beats 3 → 19 of 4×6 = 24.
  assert.equal(rocAuc(scores, labels), 19 / 24);
  assert.equal(rocAuc([1, 2, 3, 4], [0, 0, 1, 1]), 1);
  assert.equal(rocAuc([4, 3, 2, 1], [0, 0, 1, 1]), 0);
  // All tied: every pair counts one half.
  assert.equal(rocAuc([5, 5, 5, 5], [0, 1, 0, 1]), 0.5);
  // A tie between one positive and one negative counts half: pairs (p1>n1)=1, (p1~n2)=0.5, (p2>n1)=1, (p2>n2)=1 → 3.5/4.
  assert.equal(rocAuc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1]), 3.5 / 4);
});

test('ranking keeps input order among tied scores', () => {
  assert.deepEqual(Array.from(rankByScore([1, 3, 3, 2])), [1, 2, 3, 0]);
});

test('log loss of a perfect and of an uninformed classifier', () => {
  assert.ok(logLoss([1, 0], [1, 0]) < 1e-12);
  assert.ok(Math.abs(logLoss([0.5, 0.5], [1, 0]) - Math.log(2)) < 1e-15);
});
