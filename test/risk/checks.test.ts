import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWatchIndex, matchParty } from '../../src/risk/watchlist.js';
import { buildProhibitedIndex, FOS_CATEGORIES, screenItems } from '../../src/risk/prohibited.js';
import { dataQuality, loadProhibitedList, loadSampleWatchLists } from '../../src/risk/reference.js';
import { reconcile } from '../../src/risk/reconciliation.js';
import { ValuationReference } from '../../src/risk/valuation.js';
import { editDistance, fold, nameTokens } from '../../src/risk/normalise.js';
import { JURISDICTIONS } from '../../src/domain/message.js';
import { context, facts, items } from './fixtures.js';

const AT = '2026-11-20T08:15:00Z';

test('text folding removes case, accents, script and punctuation', () => {
  assert.equal(fold('José MÜLLER-García'), 'jose muller garcia');
  assert.equal(fold('Иван Петрович Соколов'), 'ivan petrovich sokolov');
  assert.equal(fold('Straße'), 'strasse');
  assert.deepEqual(nameTokens('Bright Star Trading Co., Ltd.'), ['bright', 'star']);
  assert.equal(editDistance('sokolov', 'sokolvo'), 1); // transposition counts once
});

test('watch list finds spelling variants of listed offenders, with score and matched entry', () => {
  const index = buildWatchIndex(loadSampleWatchLists());
  // variant → expected entry (each a kind of variation the standard names)
  const variants: [string, string][] = [
    ['shenzhen bright star trading company limited', 'OFF-1'], // case, Co./Company, Ltd/Limited
    ['Bright Star Trading Co', 'OFF-1'],                        // alias
    ['Shenzen Brigth Star Trading Ltd', 'OFF-1'],               // typing errors
    ['Sokolov Ivan Petrovich', 'OFF-2'],                        // word order
    ['Иван Петрович Соколов', 'OFF-2'],                         // Cyrillic script
    ['Ivan Petrovitch Sokolow', 'OFF-2'],                       // transliteration variants
    ['Jose Muller Garcia', 'OFF-3'],                            // accents, hyphen
    ['José Mueller-García', 'OFF-3'],                           // ü written ue
  ];
  for (const [name, id] of variants) {
    const m = matchParty(index, { name }, AT);
    assert.ok(m.length > 0 && m[0].entry.id === id, `${name} should match ${id}, got ${JSON.stringify(m.map((x) => [x.entry.id, x.score]))}`);
    assert.ok(m[0].score >= 0.85 && m[0].score <= 1);
  }
  for (const name of ['Anna de Vries', 'Shenzhen Example Electronics Co., Ltd.', 'Ivan Ivanov', 'Star Bright Foods']) {
    assert.deepEqual(matchParty(index, { name }, AT).map((m) => m.entry.id), [], name);
  }
});

test('watch list matches identifiers exactly and drop addresses after normalisation, and honours validity dates', () => {
  const index = buildWatchIndex(loadSampleWatchLists());
  const byId = matchParty(index, { name: 'Totally Different Name', identifiers: [{ scheme: 'platform-seller-id', value: 's-66600' }] }, AT);
  assert.equal(byId[0]?.entry.id, 'OFF-5');
  assert.equal(byId[0]?.by, 'identifier');
  const drop = matchParty(index, { name: 'John Smith', address: { street: '17 Harbour Ln', city: 'DOVER', postcode: 'ct161aa', country: 'GB' } }, AT);
  assert.equal(drop[0]?.entry.id, 'OFF-4');
  assert.equal(drop[0]?.by, 'address');
  // OFF-6 was listed until 2025-01-01 only
  assert.equal(matchParty(index, { name: 'Mohamed Al-Rashid' }, '2024-06-01T00:00:00Z')[0]?.entry.id, 'OFF-6');
  assert.deepEqual(matchParty(index, { name: 'Mohamed Al-Rashid' }, AT), []);
});

test('every jurisdiction lists every FoS category of prohibited and restricted goods with an agency and a source', () => {
  for (const j of JURISDICTIONS) {
    const list = loadProhibitedList(j);
    assert.equal(list.jurisdiction, j);
    for (const cat of FOS_CATEGORIES) {
      const e = list.entries.find((x) => x.category === cat);
      assert.ok(e, `${j} lacks ${cat}`);
      assert.ok(e.agency.code && e.agency.name && e.source && e.validFrom, `${j} ${cat} incomplete`);
      assert.ok(e.hs.length > 0 || Object.keys(e.keywords).length >= 3, `${j} ${cat} has neither HS ranges nor multilingual keywords`);
    }
  }
});

test('prohibited goods are found by HS range and by keyword in several languages', () => {
  const index = buildProhibitedIndex(loadProhibitedList('EU'));
  const cases: [Partial<import('../../src/domain/message.js').Item>, string, 'hs' | 'keyword'][] = [
    [{ description: 'Air pistol spare part', hsCode: '930200' }, 'arms-explosives', 'hs'],
    [{ description: 'Elfenbein Schnitzerei', hsCode: '442090' }, 'cites', 'keyword'],
    [{ description: '象牙 手镯', hsCode: '711719' }, 'cites', 'keyword'],
    [{ description: 'Replica designer handbag', hsCode: '420221' }, 'ipr', 'keyword'],
    [{ description: 'Tomato seeds for sowing', hsCode: '120991' }, 'phytosanitary', 'hs'],
    [{ description: 'GPS signal jammer', hsCode: '852692' }, 'cybercrime-tools', 'keyword'],
    [{ description: 'Kratom powder', hsCode: '121190' }, 'drugs-precursors', 'keyword'],
    [{ description: 'Used lead acid battery', hsCode: '854911' }, 'hazardous-waste', 'hs'],
    [{ description: 'Salami, dried', hsCode: '160100' }, 'sanitary', 'hs'],
  ];
  for (const [it, category, by] of cases) {
    const hits = screenItems(index, items(it), AT);
    const hit = hits.find((h) => h.entry.category === category);
    assert.ok(hit, `${it.description} should hit ${category}: ${JSON.stringify(hits.map((h) => h.entry.category))}`);
    assert.equal(hit.by, by, it.description);
  }
  assert.deepEqual(screenItems(index, items({ description: 'Cotton T-shirt, coral pink', hsCode: '610910' }, { description: 'LED light bulbs', hsCode: '853952' }), AT), []);
});

test('automatic and butterfly knives are prohibited imports in the US (15 U.S.C. 1241; 19 CFR 12.95), GB (Restriction of Offensive Weapons Act 1959 s.1) and CA (Criminal Code s.84); an automatic umbrella is not', () => {
  for (const j of ['US', 'GB', 'CA'] as const) {
    const index = buildProhibitedIndex(loadProhibitedList(j));
    for (const description of ['Balisong butterfly knife, stainless', 'Gravity knife with locking blade', 'OTF knife, double action']) {
      const hit = screenItems(index, items({ description, hsCode: '821193' }), AT).find((h) => h.entry.category === 'arms-explosives');
      assert.ok(hit, `${j}: ${description}`);
      assert.match(hit.entry.source, j === 'US' ? /15 U\.S\.C\. 1241/ : j === 'GB' ? /Restriction of Offensive Weapons Act 1959/ : /Criminal Code s\.84/);
    }
    assert.deepEqual(screenItems(index, items({ description: 'Automatic open and close umbrella', hsCode: '660191' }, { description: 'Folding pocket knife, 7 cm blade', hsCode: '821193' }), AT), [], j);
  }
});

test('data quality flags vague descriptions in several languages, unknown HS codes, inconsistency and lateness', () => {
  const good = dataQuality(facts());
  assert.equal(good.score, 100, JSON.stringify(good.reasons));
  for (const description of ['Gift', 'parts', 'Accessories', 'sample', 'goods', 'Geschenk', 'cadeau', 'regalo', '礼物', 'Подарок', 'spare parts']) {
    const r = dataQuality(facts({ items: items({ description }) }));
    assert.ok(r.reasons.some((x) => x.code === 'dq-vague-description'), description);
    assert.ok(r.score < 100);
  }
  const unknown = dataQuality(facts({ items: items({ hsCode: '999999' }) }));
  assert.ok(unknown.reasons.some((x) => x.code === 'dq-hs-unknown'));
  // 040310 (yogurt) is an HS 2017 subheading that HS 2022 split into 040320/040390
  const outdated = dataQuality(facts({ items: items({ description: 'Yogurt', hsCode: '040310' }) }));
  assert.ok(outdated.reasons.some((x) => x.code === 'dq-hs-outdated'), JSON.stringify(outdated.reasons));
  assert.ok(dataQuality(facts({ items: items({ hsCode: '6109' }) })).reasons.some((x) => x.code === 'dq-hs-too-short'));
  const inconsistent = dataQuality(facts({ items: items({ description: 'Running shoes, mesh upper', hsCode: '851830' }) }));
  assert.ok(inconsistent.reasons.some((x) => x.code === 'dq-hs-inconsistent'));
  const late = dataQuality(facts({ expectedArrival: '2026-11-20T09:15:00Z' }));
  const lateReason = late.reasons.find((x) => x.code === 'dq-late');
  assert.ok(lateReason);
  assert.equal(lateReason.measured, 1);
  assert.equal(lateReason.threshold, 4);
  const incomplete = dataQuality(facts({ buyer: { name: 'Anna de Vries', address: { country: 'NL' } } }));
  assert.ok(incomplete.reasons.some((x) => x.code === 'dq-incomplete'));
});

test('reconciliation cross-checks order, payment, transport and declaration with tolerances', () => {
  const order = { id: 'O1', currency: 'EUR', itemsTotal: '39.99', items: [{ line: 1, description: 'x', quantity: 1 }, { line: 2, description: 'y', quantity: 2 }], buyer: { name: 'Anna de Vries' } };
  const payment = { reference: 'P1', amount: '54.44', currency: 'EUR', payer: { name: 'A. de Vries' } };
  assert.deepEqual(reconcile(facts({}, 'C', { orders: [order], payments: [payment] })).map((r) => r.code), []);
  // within tolerance: 0.40 difference on 54.44 (tolerance max(0.50, 2 %))
  assert.deepEqual(reconcile(facts({}, 'C', { payments: [{ ...payment, amount: '54.84' }] })).map((r) => r.code), []);
  const codes = (f: ReturnType<typeof facts>): string[] => reconcile(f).map((r) => r.code);
  assert.deepEqual(codes(facts({}, 'C', { payments: [{ ...payment, amount: '154.44' }] })), ['reconcile-paid-more']);
  assert.deepEqual(codes(facts({}, 'C', { orders: [{ ...order, itemsTotal: '99.99' }] })), ['reconcile-order-amount']);
  assert.deepEqual(codes(facts({}, 'C', { orders: [{ ...order, currency: 'USD' }] })), ['reconcile-currency']);
  assert.deepEqual(codes(facts({}, 'C', { orders: [{ ...order, items: [{ line: 1, description: 'x', quantity: 5 }, { line: 2, description: 'y', quantity: 2 }] }] })), ['reconcile-items']);
  assert.deepEqual(codes(facts({}, 'C', { orders: [{ ...order, buyer: { name: 'Peter Jansen' } }] })), ['reconcile-buyer']);
  assert.deepEqual(codes(facts({ grossMassKg: 0.1 })), ['reconcile-mass-below-net']);
  assert.deepEqual(codes(facts({ grossMassKg: 12 })), ['reconcile-mass-excess']);
  assert.deepEqual(codes(facts({}, 'C', { transport: { transportDocument: { type: 'x', number: '1' }, grossMassKg: 2.0 } })), ['reconcile-mass-transport']);
  const tax = reconcile(facts(), undefined, { computedVendorTax: '12.00' });
  assert.deepEqual(tax.map((r) => r.code), ['reconcile-vendor-tax']);
  assert.equal(tax[0].measured, '2.55');
});

test('valuation learns reference prices robustly and flags undervaluation with the reference shown', () => {
  const ref = new ValuationReference({ minSamples: 20 });
  // 100 prices around 30 EUR for 851830, plus 10 outliers at 1 EUR that must not drag the median
  for (let i = 0; i < 100; i++) ref.observe({ hsCode: '851830', currency: 'EUR', unitPrice: (25 + (i % 11)).toFixed(2), origin: 'CN' });
  for (let i = 0; i < 10; i++) ref.observe({ hsCode: '851830', currency: 'EUR', unitPrice: '1.00', origin: 'CN' });
  const low = ref.check('85183000', 'EUR', '3.00', 'CN');
  assert.ok(low);
  assert.equal(low.undervalued, true);
  // sorted: 10 × 1.00, 10 × 25, 9 each of 26…35 → the 55th and 56th of 110 are both 29 (the outliers shift it one step, no more)
  assert.equal(low.reference.median, '29.00');
  assert.equal(low.reference.samples, 110);
  const fair = ref.check('851830', 'EUR', '24.00', 'CN');
  assert.equal(fair?.undervalued, false);
  assert.equal(ref.check('851830', 'USD', '1.00'), undefined, 'no reference in another currency');
  assert.equal(ref.check('610910', 'EUR', '1.00'), undefined, 'no reference before enough samples');
  const copy = ValuationReference.fromJSON(JSON.parse(JSON.stringify(ref)));
  assert.deepEqual(copy.check('851830', 'EUR', '3.00', 'CN'), low);
});

test('the valuation reference follows new prices, recomputing its median once a thirty-second of the window is new', () => {
  const ref = new ValuationReference({ minSamples: 20, window: 320 });
  for (let i = 0; i < 320; i++) ref.observe({ hsCode: '851830', currency: 'EUR', unitPrice: '10.00' });
  assert.equal(ref.check('851830', 'EUR', '10.00')?.reference.median, '10.00');
  // 10 new prices (320 / 32): the median in use is still the one computed before them.
  for (let i = 0; i < 10; i++) ref.observe({ hsCode: '851830', currency: 'EUR', unitPrice: '20.00' });
  assert.equal(ref.check('851830', 'EUR', '10.00')?.reference.samples, 320);
  // A whole window of new prices: the reference has moved to them.
  for (let i = 0; i < 320; i++) ref.observe({ hsCode: '851830', currency: 'EUR', unitPrice: '20.00' });
  assert.equal(ref.check('851830', 'EUR', '20.00')?.reference.median, '20.00');
});
