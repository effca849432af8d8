/**
 * A watch list is refused field by field (JSON pointer and a sentence) before it can match traffic.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateWatchList } from '../../src/risk/watchlist-validate.js';

const entry = { id: 'E-1', kind: 'person', name: 'Ivan Petrovic', reason: 'convicted of smuggling', validFrom: '2026-01-01T00:00:00Z' };
const list = { id: 'L', name: 'List', source: 'Customs Act s. 1', points: 40, validFrom: '2026-01-01T00:00:00Z', entries: [entry] };

const cases: [string, unknown, string][] = [
  ['an entry without a reason', { ...list, entries: [{ ...entry, reason: '' }] }, '/entries/0/reason'],
  ['an entry valid from a date without a zone', { ...list, entries: [{ ...entry, validFrom: '2026-01-01T00:00:00' }] }, '/entries/0/validFrom'],
  ['an entry that ends before it begins', { ...list, entries: [{ ...entry, validTo: '2025-12-31T00:00:00Z' }] }, '/entries/0/validTo'],
  ['an entry with nothing to match by', { ...list, entries: [{ id: 'E-2', kind: 'person', reason: 'r', validFrom: '2026-01-01T00:00:00Z' }] }, '/entries/0/name'],
  ['an address entry without its address', { ...list, entries: [{ ...entry, kind: 'address' }] }, '/entries/0/address'],
  ['an unknown kind', { ...list, entries: [{ ...entry, kind: 'ship' }] }, '/entries/0/kind'],
  ['two entries of one id', { ...list, entries: [entry, entry] }, '/entries/1/id'],
  ['a list without its source', { ...list, source: ' ' }, '/source'],
  ['points out of range', { ...list, points: 250 }, '/points'],
  ['a threshold above 1', { ...list, threshold: 1.5 }, '/threshold'],
];

for (const [name, input, pointer] of cases) {
  test(`refuses ${name}, at ${pointer}`, () => {
    const v = validateWatchList(input);
    assert.equal(v.ok, false);
    if (!v.ok) assert.ok(v.problems.some((p) => p.pointer === pointer), JSON.stringify(v.problems));
  });
}

test('accepts a dated list whose entries have a reason and something to match by', () => {
  assert.equal(validateWatchList({ ...list, entries: [entry, { id: 'E-2', kind: 'organisation', identifiers: [{ scheme: 'EORI', value: 'CN1234567' }], reason: 'r', validFrom: '2026-02-01T00:00:00+08:00', validTo: '2027-02-01T00:00:00+08:00' }] }).ok, true);
});
