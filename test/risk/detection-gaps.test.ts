/**
 * Detection gaps closed in issue 4 (docs/decisions/0004-risk.md, "Fifth pass"): listed parties
 * written as senders write them (FoS TS 2.3.4), a whole consignment priced below its references
 * (WCO Guide to Customs Valuation and Tariff Classification: unit value analysis), an HS code
 * judged by what the description says the goods are (HS General Interpretative Rule 1: the terms
 * of the headings), and referrals asked about before loading.
 */
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Party } from '../../src/domain/message.js';
import { buildWatchIndex, matchParty, type WatchEntry } from '../../src/risk/watchlist.js';
import { nameTokens, tokenSetSimilarity } from '../../src/risk/normalise.js';
import { combinedUndervaluation, emptyPositions, ValuationReference } from '../../src/risk/valuation.js';
import { createRiskEngine } from '../../src/risk/engine.js';
import { dataQuality } from '../../src/risk/reference.js';
import type { RuleSet } from '../../src/risk/rule-types.js';
import { context, facts, items } from './fixtures.js';

// ---- listed parties, spelt the ways senders spell them ----------------------------------------

const entries: WatchEntry[] = [
  { id: 'OFF-009', kind: 'organisation', name: 'Saigon Thread Co., Ltd.', address: { street: '72 Le Loi', city: 'Ho Chi Minh City', postcode: '700000', country: 'VN' }, reason: 'undervaluation', validFrom: '2020-01-01T00:00:00Z' },
  { id: 'OFF-008', kind: 'organisation', name: 'Mohammed Rafiq Exports Pvt Ltd', address: { street: '21 Mint Road', city: 'Mumbai', postcode: '400001', country: 'IN' }, reason: 'prohibited', validFrom: '2020-01-01T00:00:00Z' },
  { id: 'OFF-010', kind: 'organisation', name: 'Bluewater Supplements LLC', address: { street: '900 S Main Street', city: 'Los Angeles', postcode: '90013', country: 'US' }, reason: 'prohibited', validFrom: '2020-01-01T00:00:00Z' },
  { id: 'OFF-007', kind: 'organisation', name: 'Anatolia Tekstil Ltd. Şti.', address: { street: 'Istiklal Caddesi 140', city: 'Istanbul', postcode: '34430', country: 'TR' }, reason: 'undervaluation', validFrom: '2020-01-01T00:00:00Z' },
  { id: 'OFF-006', kind: 'organisation', name: 'Golden Bridge Trading Limited', address: { street: 'Flat 5, 12/F, 238 Nathan Road', city: 'Hong Kong', country: 'HK' }, reason: 'undervaluation', validFrom: '2020-01-01T00:00:00Z' },
  { id: 'OFF-101', kind: 'person', name: 'Aleksandr Petrov', address: { street: 'Torstrasse 12', city: 'Berlin', postcode: '10115', country: 'DE' }, reason: 'split-shipment', validFrom: '2020-01-01T00:00:00Z' },
  { id: 'OFF-103', kind: 'person', name: 'Zhang Wei', address: { street: '300 George Street', city: 'Sydney', postcode: '2000', country: 'AU' }, reason: 'split-shipment', validFrom: '2020-01-01T00:00:00Z' },
];
const index = buildWatchIndex([{ id: 'sim', name: 'offenders', source: 'test', points: 40, validFrom: '2020-01-01T00:00:00Z', entries }]);
const AT = '2026-11-20T00:00:00Z';
const listed = (id: string): Party['address'] => entries.find((e) => e.id === id)!.address;

describe('watch list: the listed party as senders write it (FoS TS 2.3.4)', () => {
  const cases: [string, Party, string | undefined][] = [
    ['a word written as two ("Sai Gon")', { name: 'Sai Gon Thread Co., Ltd.', address: listed('OFF-009') }, 'OFF-009'],
    ['two words split and reordered', { name: 'Thread Sai Gon Co Ltd', address: listed('OFF-009') }, 'OFF-009'],
    ['"Pvt Ltd" spelt out as "Private Limited"', { name: 'Mohammed Rafiq Exports Private Limited', address: listed('OFF-008') }, 'OFF-008'],
    ['"LLC" spelt out', { name: 'BLUEWATER SUPPLEMENTS LIMITED LIABILITY COMPANY', address: listed('OFF-010') }, 'OFF-010'],
    ['"Ltd. Şti." spelt out', { name: 'Anatolia Tekstil Limited Şirketi', address: listed('OFF-007') }, 'OFF-007'],
    ['a typing error in the legal form', { name: 'Golden Bridge Trading Limiited', address: listed('OFF-006') }, 'OFF-006'],
    ['another transliteration of the given name', { name: 'Alexander Petrov', address: listed('OFF-101') }, 'OFF-101'],
    ['a short name one letter off, at the listed address', { name: 'Zhaang Wei', address: listed('OFF-103') }, 'OFF-103'],
    ['the same short name one letter off, elsewhere', { name: 'Zhaang Wei', address: { street: '12 Pitt Street', city: 'Sydney', postcode: '2000', country: 'AU' } }, undefined],
    ['a namesake of the listed company on another street', { name: 'Golden Bridge Trading Limited', address: { street: '175 Hennessy Road', city: 'Hong Kong', country: 'HK' } }, undefined],
    ['another company sharing one word', { name: 'Saigon Garden Co., Ltd.', address: listed('OFF-009') }, undefined],
  ];
  for (const [what, party, expected] of cases) {
    it(`${expected ? 'matches' : 'does not match'} ${what}`, () => {
      const found = matchParty(index, party, AT);
      assert.deepEqual(found.map((m) => m.entry.id), expected ? [expected] : [], JSON.stringify(found.map((m) => [m.entry.id, m.score])));
    });
  }
  it('keeps legal forms with a typing error out of the name, and compares a joined word with its halves', () => {
    assert.deepEqual(nameTokens('Yiwu Jinlong Import Export Conpany Limited'), nameTokens('Yiwu Jinlong Import Export Co Ltd'));
    assert.equal(tokenSetSimilarity(nameTokens('Dong Guan Ruifeng Footwear'), nameTokens('Dongguan Ruifeng Footwear')), 1);
  });
});

// ---- valuation over the whole consignment -----------------------------------------------------

test('a consignment whose every line is priced low is flagged even when no line alone is far enough out (combined z, geometric-mean ratio)', () => {
  const ref = new ValuationReference({ minSamples: 30 });
  // two subheadings with a wide spread of honest prices (robust log-sd about 0.9): medians 30 and 20
  const spread = [0.2025, 0.36, 0.5625, 0.81, 1, 1.21, 1.8225, 2.89, 4.84];
  for (let i = 0; i < 90; i++) {
    ref.observe({ hsCode: '851830', currency: 'EUR', unitPrice: (30 * spread[i % 9]).toFixed(2) });
    ref.observe({ hsCode: '950300', currency: 'EUR', unitPrice: (20 * spread[i % 9]).toFixed(2) });
  }
  const position = (lines: [string, string][]) => {
    const p = emptyPositions();
    const low = lines.map(([hs, price]) => ref.outlier(hs, 'EUR', price, undefined, p)?.tail === 'low');
    return { lowAlone: low.some(Boolean), combined: combinedUndervaluation(p, ref.options) };
  };
  // each at 15 % of its median: not flagged alone (z about −2.1), flagged together (about −3.0)
  const cut = position([['851830', '4.50'], ['950300', '3.00']]);
  assert.equal(cut.lowAlone, false);
  assert.ok(cut.combined, 'both lines low together');
  assert.equal(cut.combined.lines, 2);
  assert.ok(cut.combined.ratio < 0.35 && cut.combined.z < -2.5);
  // one cheap line and one dear: no finding
  assert.equal(position([['851830', '4.50'], ['950300', '40.00']]).combined, undefined);
  // one line alone is left to the per-line test
  assert.equal(position([['851830', '4.50']]).combined, undefined);

  const engine = createRiskEngine({ ruleset: { id: 'none', version: '1', rules: [] }, valuation: ref, reconciliation: false, splitting: false, parties: false, dataQuality: false, prohibited: false });
  const a = engine.assess(facts({ invoice: { currency: 'EUR', itemsTotal: '7.50' }, items: items({ description: 'Wireless earbuds', hsCode: '851830', unitPrice: '4.50' }, { description: 'Plush teddy bear', hsCode: '950300', unitPrice: '3.00' }) }), context());
  const r = a.reasons.find((x) => x.code === 'undervaluation');
  assert.ok(r, JSON.stringify(a.reasons));
  assert.match(r.message, /all 2 priced lines together/);
  assert.equal(a.lane, 'yellow');
});

// ---- HS code against what the description says the goods are ----------------------------------

test('the head of a description decides the chapter: a watch with an LED display is a watch, not LED goods (GIR 1)', () => {
  const inconsistent = (description: string, hsCode: string) => dataQuality(facts({ items: items({ description, hsCode }) })).reasons.some((r) => r.code === 'dq-hs-inconsistent');
  // [description, declared code, flagged?, why]
  const cases: [string, string, boolean][] = [
    ['Digital sports watch, LED display', '910212', false],   // watch under 9102
    ['Digital sports watch, LED display', '960390', true],    // watch declared as brushes: LED no longer lets chapter 96 pass
    ['USB desk fan, 3 speeds', '841451', false],
    ['USB desk fan, 3 speeds', '392690', true],               // "USB" names a feature, not goods of chapter 39
    ['Eau de toilette for men, 50 ml', '330300', false],
    ['Eau de toilette for men, 50 ml', '960321', true],       // perfume declared as toothbrushes
    ['Silicone phone case for 6.1 inch smartphone', '392690', false],
    ['Drone with 4K camera', '880621', false],                // head names goods the table does not know: no finding from the feature
    ['Chamomile herbal tea bags', '121190', false],           // herbal infusions: heading 1211
  ];
  const wrong = cases.filter(([description, hsCode, flagged]) => inconsistent(description, hsCode) !== flagged);
  assert.deepEqual(wrong, []);
});

// ---- questions before loading ------------------------------------------------------------------

test('before loading, a rule\'s referral to an agency and an HS code that contradicts the description are asked about (request for information)', () => {
  const rs: RuleSet = { id: 'r', version: '1', rules: [{ id: 'medicines', when: { field: 'items.hsCodes', op: 'anyStartsWith', value: ['3004'] }, then: [{ type: 'refer', agency: 'medicines-agency', reason: 'medicinal products require the medicines agency\'s clearance' }] }] };
  const engine = createRiskEngine({ ruleset: rs, reconciliation: false, splitting: false, parties: false, prohibited: false });
  const pre = (description: string, hsCode: string) => ({ id: 'P', jurisdiction: 'US' as const, preLoading: { transportDocument: { type: 'postal-item', number: 'RR123456785CN' }, transportMode: 'air' as const, grossMassKg: 0.2, consignor: { name: 'A Co', address: { country: 'CN' } }, consignee: { name: 'B', address: { street: 's', country: 'US' } }, items: [{ line: 1, description, hsCode }] }, preLoadedAt: '2026-11-20T00:00:00Z', orders: [], payments: [], inspections: [], agencyDecisions: [] });
  const medicine = engine.assess(pre('Sildenafil tablets 100 mg', '300490'), context());
  assert.equal(medicine.preLoading, 'request-for-information');
  assert.ok(medicine.requestsForInformation.some((q) => /medicines-agency's permit/.test(q)), JSON.stringify(medicine.requestsForInformation));
  const wrongCode = engine.assess(pre('Ballpoint pens', '950490'), context());
  assert.equal(wrongCode.preLoading, 'request-for-information');
  assert.ok(wrongCode.requestsForInformation.some((q) => /description and HS code that agree/.test(q)));
  assert.equal(engine.assess(pre('Ballpoint pens', '960810'), context()).preLoading, 'assessment-complete');
});
