import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTargetEncoder, fitTargetEncoder, historyAsOf, outOfFoldTargetEncoding, type HistoryEvent } from '../../src/model/encoding.js';

test('target encoding smooths a rare category toward the prior', () => {
  const values = ['a', 'a', 'a', 'a', 'b'];
  const y = [1, 1, 1, 1, 0];
  const enc = fitTargetEncoder(values, y, 2);
  // prior 4/5; a: (4 + 2×0.8)/(4 + 2) = 0.9333…; b: (0 + 1.6)/(1 + 2) = 0.5333…
  assert.ok(Math.abs(applyTargetEncoder(enc, 'a') - 5.6 / 6) < 1e-12);
  assert.ok(Math.abs(applyTargetEncoder(enc, 'b') - 1.6 / 3) < 1e-12);
  assert.equal(applyTargetEncoder(enc, 'unseen'), 0.8);
});

test('out-of-fold target encoding never reads a row\'s own label', () => {
  const n = 200;
  const values = Array.from({ length: n }, (_, i) => `c${i % 7}`);
  const y: number[] = Array.from({ length: n }, (_, i) => ((i * 37) % 3 === 0 ? 1 : 0));
  const base = outOfFoldTargetEncoding(values, y, 5, 5, 42);
  for (const flip of [0, 13, 199]) {
    const y2 = y.slice();
    y2[flip] = 1 - y2[flip]!;
    const changed = outOfFoldTargetEncoding(values, y2, 5, 5, 42);
    // The flipped row's own encoding moves only through the prior (m·Δprior/(w+m) ≤ Δprior).
    const priorShift = Math.abs(y2.reduce((s, v) => s + v, 0) - y.reduce((s, v) => s + v, 0)) / n;
    assert.ok(Math.abs(changed[flip]! - base[flip]!) <= priorShift + 1e-12, `row ${flip} read its own label`);
    // Other rows of the same category in other folds do read it: the test can tell the difference.
    const moved = values.some((v, i) => i !== flip && v === values[flip] && Math.abs(changed[i]! - base[i]!) > priorShift + 1e-9);
    assert.ok(moved);
  }
});

test('party history as of a date sees only strictly earlier outcomes', () => {
  const events: HistoryEvent[] = [
    { key: 'imp', date: '2020-01-01', label: 1 },
    { key: 'imp', date: '2020-01-01', label: 0 },
    { key: 'imp', date: '2020-01-02', label: 1 },
    { key: 'other', date: '2020-01-02', label: 1 },
    { key: 'imp', date: '2020-01-03' },
  ];
  const h = historyAsOf(events);
  assert.deepEqual(Array.from(h.seen), [0, 0, 2, 0, 3]);
  assert.deepEqual(Array.from(h.labelled), [0, 0, 2, 0, 3]);
  assert.deepEqual(Array.from(h.positives), [0, 0, 1, 0, 2]);
});

test('no history feature changes when outcomes dated after the declaration change', () => {
  const events: HistoryEvent[] = Array.from({ length: 60 }, (_, i) => ({ key: `p${i % 4}`, date: `2020-01-${String(1 + (i % 28)).padStart(2, '0')}`, label: i % 3 === 0 ? 1 : 0 }));
  const before = historyAsOf(events);
  const cutoff = '2020-01-15';
  const future = events.map((e) => (e.date >= cutoff ? { ...e, label: 1 - (e.label ?? 0) } : e));
  const after = historyAsOf(future);
  events.forEach((e, i) => {
    if (e.date > cutoff) return;
    assert.equal(after.positives[i], before.positives[i], `event ${i} on ${e.date}`);
    assert.equal(after.labelled[i], before.labelled[i]);
  });
});
