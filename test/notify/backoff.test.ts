import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffCeilingMs, DEFAULT_BACKOFF, nextAttemptAt, seededRandom } from '../../src/notify/backoff.js';

const from = new Date('2026-11-22T06:00:00Z');

test('the back-off doubles from the base up to the cap', () => {
  const policy = { baseMs: 1000, capMs: 10_000, maxAttempts: 10 };
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((a) => backoffCeilingMs(a, policy)), [1000, 2000, 4000, 8000, 10_000, 10_000]);
  assert.equal(backoffCeilingMs(500, policy), 10_000);
  assert.throws(() => backoffCeilingMs(0, policy), RangeError);
});

test('each retry falls between half the back-off and the full back-off', () => {
  const random = seededRandom(7);
  for (let attempts = 1; attempts < DEFAULT_BACKOFF.maxAttempts; attempts++) {
    const ceiling = backoffCeilingMs(attempts);
    for (let i = 0; i < 50; i++) {
      const delay = nextAttemptAt(attempts, from, random)!.getTime() - from.getTime();
      assert.ok(delay >= ceiling / 2 && delay <= ceiling, `attempt ${attempts}: ${delay} outside [${ceiling / 2}, ${ceiling}]`);
    }
  }
});

test('the same seed gives the same schedule, another seed another one', () => {
  const schedule = (seed: number): number[] => {
    const random = seededRandom(seed);
    return [1, 2, 3, 4, 5].map((a) => nextAttemptAt(a, from, random)!.getTime());
  };
  assert.deepEqual(schedule(42), schedule(42));
  assert.notDeepEqual(schedule(42), schedule(43));
});

test('the jitter spreads deliveries that failed together', () => {
  const random = seededRandom(1);
  const times = new Set(Array.from({ length: 100 }, () => nextAttemptAt(3, from, random)!.getTime()));
  assert.ok(times.size > 90);
});

test('there is no next attempt once the attempts are used up', () => {
  const policy = { baseMs: 1000, capMs: 10_000, maxAttempts: 3 };
  const random = seededRandom(3);
  assert.notEqual(nextAttemptAt(2, from, random, policy), null);
  assert.equal(nextAttemptAt(3, from, random, policy), null);
});

test('the seeded random source stays in [0, 1)', () => {
  const random = seededRandom(123456789);
  for (let i = 0; i < 10_000; i++) {
    const r = random();
    assert.ok(r >= 0 && r < 1);
  }
});
