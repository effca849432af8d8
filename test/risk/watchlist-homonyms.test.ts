/**
 * Namesakes (FoS Technical Specifications 2.3.4: lists matched tolerantly, but a match must be the
 * listed party): the same name at a clearly different address is not reported at the default
 * threshold; the listed party at its address spelt another way still is. Cases from the simulator's
 * offender list (src/simulate/offenders.ts) and the homonyms its traffic produced.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Party } from '../../src/domain/message.js';
import { buildWatchIndex, matchParty, type WatchEntry } from '../../src/risk/watchlist.js';

const entries: WatchEntry[] = [
  { id: 'OFF-009', kind: 'organisation', name: 'Saigon Thread Co., Ltd.', address: { street: '72 Le Loi', city: 'Ho Chi Minh City', postcode: '700000', country: 'VN' }, reason: 'counterfeit', validFrom: '2020-01-01T00:00:00Z' },
  { id: 'OFF-006', kind: 'organisation', name: 'Golden Bridge Trading Limited', address: { street: 'Flat 5, 12/F, 238 Nathan Road', city: 'Hong Kong', country: 'HK' }, reason: 'undervaluation', validFrom: '2020-01-01T00:00:00Z' },
  { id: 'OFF-103', kind: 'person', name: 'Zhang Wei', address: { street: '300 George Street', city: 'Sydney', postcode: '2000', country: 'AU' }, reason: 'split-shipment', validFrom: '2020-01-01T00:00:00Z' },
];
const index = buildWatchIndex([{ id: 'sim', name: 'offenders', source: 'test', points: 40, validFrom: '2020-01-01T00:00:00Z', entries }]);
const at = '2026-11-20T00:00:00Z';

const cases: [string, Party, string | undefined][] = [
  ['a namesake at another number of the same street', { name: 'Saigon Thread Co., Ltd.', address: { street: '51 Le Loi', city: 'Ho Chi Minh City', postcode: '700000', country: 'VN' } }, undefined],
  ['a namesake on another street', { name: 'Golden Bridge Trading Limited', address: { street: '175 Hennessy Road', city: 'Hong Kong', country: 'HK' } }, undefined],
  ['a common personal name in another country', { name: 'Zhang Wei', address: { street: 'Nanjing Road 87', city: 'Shanghai', postcode: '200120', country: 'CN' } }, undefined],
  ['the listed company, legal form spelt out, same address', { name: 'Saigon Thread Company Limited', address: { street: '72 Le Loi', city: 'Ho Chi Minh City', postcode: '700000', country: 'VN' } }, 'OFF-009'],
  ['the listed company, street abbreviated', { name: 'Golden Bridge Trading Ltd', address: { street: 'Flat 5, 12/F, 238 Nathan Rd', city: 'Hong Kong', country: 'HK' } }, 'OFF-006'],
  ['the listed person, upper case, street abbreviated', { name: 'ZHANG WEI', address: { street: '300 George St', city: 'Sydney', postcode: '2000', country: 'AU' } }, 'OFF-103'],
  ['the listed name without an address', { name: 'Zhang Wei' }, 'OFF-103'],
];

describe('watch-list namesakes', () => {
  for (const [what, party, expected] of cases) {
    it(`${expected ? 'matches' : 'does not match'} ${what}`, () => {
      const found = matchParty(index, party, at);
      assert.deepEqual(found.map((m) => m.entry.id), expected ? [expected] : [], JSON.stringify(found.map((m) => [m.entry.id, m.score])));
    });
  }
});

it('a name with a word such as "constructor" or "toString" is folded as words, not as object properties', async () => {
  const { nameTokens } = await import('../../src/risk/normalise.js');
  assert.deepEqual(nameTokens('Constructor Trading Ltd').filter((t) => typeof t !== 'string'), []);
  assert.ok(nameTokens('Constructor toString Co').includes('constructor'));
});
