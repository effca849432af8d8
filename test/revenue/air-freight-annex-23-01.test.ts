/**
 * UCC-IA Annex 23-01 (Implementing Regulation (EU) 2015/2447, as amended by Implementing Regulation (EU) 2020/2038):
 * the share of the air transport cost that enters the customs value, by place of loading.
 *
 * Shipped rows (reference/revenue/eu.json, airFreightShares), each read in the page named in its source:
 *   CH 5 %  from 2016-05-01  https://inspire.customs4trade.com/blog/ucc-implementing-act-amendment-air-transport-costs-to-be-applied-to-the-value-of-goods-coming-from-the-uk
 *   GB 5 %  from 2021-01-01  https://www.vatupdate.com/2021/02/05/air-transport-costs-to-be-included-in-the-customs-value
 * The rest of the table (the Canadian and US airports by zone among them) is not loaded: no stored copy of it could be read.
 *
 * Figures worked out by hand; duty 12 % on 6109 10 (TARIC, as in eu.json), import VAT DE 19 %; half-up to the cent.
 * As in golden.test.ts, the import VAT base holds the whole transport (VAT Directive art. 86): the part of it outside
 * the customs value is added to customs value + duty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessRevenue } from '../../src/revenue/assess-revenue.js';
import { context, facts, shipped, type Case } from './helpers.js';

const AT = '2026-03-02T10:00:00Z';
const T_SHIRT: Case['items'] = [['610910', 1, '200.00']];

/** The facts of a case with the place of loading set to a given UN/LOCODE (helpers.facts writes `${from}XXX`). */
function loadedAt(c: Case, locode: string | undefined) {
  const f = facts(c);
  f.declaration!.loadingPlace = locode;
  return f;
}

function codes(a: { reasons: { code: string }[] }): string {
  return a.reasons.map((r) => r.code).join(', ');
}

test('EU air consignment from Switzerland (ZRH): 5 % of the air transport cost enters the customs value, the whole of it the VAT base', () => {
  // Switzerland 5 %: Customs4trade (URL above), shipped row CH, matched by country (no row for CHZRH).
  // Transport 10.00 x 5 % = 0.50 -> CV 200.00 + 0.50 = 200.50; duty 12 % x 200.50 = 24.06;
  // VAT 19 % x (200.50 + 24.06 + 9.50 transport outside the customs value) = 19 % x 234.06 = 44.4714 -> 44.47.
  const c: Case = { j: 'EU', to: 'DE', from: 'CH', at: AT, items: T_SHIRT, transport: '10.00' };
  const a = assessRevenue(loadedAt(c, 'CHZRH'), context(AT), shipped);
  assert.equal(a.customsValue, '200.50');
  assert.deepEqual(a.liabilities.map((l) => [l.type, l.base, l.amount]), [['duty', '200.50', '24.06'], ['vat', '234.06', '44.47']]);
  const r = a.reasons.find((x) => x.code === 'LUX_REV_AIR_FREIGHT_SHARE');
  assert.ok(r, codes(a));
  assert.equal(r.message, '5% of air transport cost from CH enters the customs value');
  assert.equal(r.measured, '0.50');
  assert.match(String(r.matched), /customs4trade\.com/);
  assert.ok(!a.reasons.some((x) => x.code === 'LUX_REV_AIR_FREIGHT_SHARE_MISSING'));
});

test('EU air consignment from the United Kingdom (LHR) after 2020-12-31: 5 % (Implementing Regulation (EU) 2020/2038, Zone Q)', () => {
  // United Kingdom except Northern Ireland 5 % from 2021-01-01: vatupdate.com (gov.si), shipped row GB.
  // Transport 20.00 x 5 % = 1.00 -> CV 201.00; duty 12 % x 201.00 = 24.12;
  // VAT 19 % x (201.00 + 24.12 + 19.00) = 19 % x 244.12 = 46.3828 -> 46.38.
  const c: Case = { j: 'EU', to: 'DE', from: 'GB', at: AT, items: T_SHIRT, transport: '20.00' };
  const a = assessRevenue(loadedAt(c, 'GBLHR'), context(AT), shipped);
  assert.equal(a.customsValue, '201.00');
  assert.deepEqual(a.liabilities.map((l) => [l.type, l.base, l.amount]), [['duty', '201.00', '24.12'], ['vat', '244.12', '46.38']]);
  assert.equal(a.reasons.find((x) => x.code === 'LUX_REV_AIR_FREIGHT_SHARE')?.message, '5% of air transport cost from GB enters the customs value');
  // The row applies from 2021-01-01, the day after the transition period ended (the United Kingdom was no third country before).
  const gb = shipped.EU!.airFreightShares.filter((s) => s.departure === 'GB');
  assert.deepEqual(gb.map((s) => [s.percent, s.from]), [['5', '2021-01-01']]);
  assert.match(gb[0].source, /2020\/2038/);
});

test('without a place of loading, the seller\'s country finds the row (CH 5 %)', () => {
  // Same figures as the Zurich case: CV 200.50, duty 24.06, VAT 44.47.
  const c: Case = { j: 'EU', to: 'DE', from: 'CH', at: AT, items: T_SHIRT, transport: '10.00' };
  const f = loadedAt(c, undefined);
  f.declaration!.seller = { name: 'S', address: { country: 'CH' } };
  const a = assessRevenue(f, context(AT), shipped);
  assert.equal(a.customsValue, '200.50');
  assert.deepEqual(a.liabilities.map((l) => [l.type, l.amount]), [['duty', '24.06'], ['vat', '44.47']]);
});

test('a split country: the airport\'s UN/LOCODE row wins over the country row, another airport of the country takes the country row', () => {
  // Mechanism only, with FIXTURE figures (not the Annex): the US rows of Annex 23-01 are not loaded.
  const ref = structuredClone(shipped);
  ref.EU!.airFreightShares.push(
    { departure: 'US', percent: '50', from: '2016-05-01', source: 'test fixture country row (not Annex 23-01)' },
    { departure: 'USJFK', percent: '40', from: '2016-05-01', source: 'test fixture airport row (not Annex 23-01)' },
  );
  const c: Case = { j: 'EU', to: 'DE', from: 'US', at: AT, items: T_SHIRT, transport: '10.00' };
  // JFK: 10.00 x 40 % = 4.00 -> CV 204.00; duty 12 % x 204.00 = 24.48; VAT 19 % x (204.00 + 24.48 + 6.00) = 234.48 x 0.19 = 44.5512 -> 44.55.
  const jfk = assessRevenue(loadedAt(c, 'USJFK'), context(AT), ref);
  assert.equal(jfk.customsValue, '204.00');
  assert.deepEqual(jfk.liabilities.map((l) => [l.type, l.base, l.amount]), [['duty', '204.00', '24.48'], ['vat', '234.48', '44.55']]);
  const r = jfk.reasons.find((x) => x.code === 'LUX_REV_AIR_FREIGHT_SHARE');
  assert.equal(r?.message, '40% of air transport cost from USJFK enters the customs value');
  assert.equal(r?.matched, 'test fixture airport row (not Annex 23-01)');
  // LAX has no row of its own: the country row, 10.00 x 50 % = 5.00 -> CV 205.00; duty 12 % x 205.00 = 24.60;
  // VAT 19 % x (205.00 + 24.60 + 5.00) = 234.60 x 0.19 = 44.574 -> 44.57.
  const lax = assessRevenue(loadedAt(c, 'USLAX'), context(AT), ref);
  assert.equal(lax.customsValue, '205.00');
  assert.deepEqual(lax.liabilities.map((l) => [l.type, l.base, l.amount]), [['duty', '205.00', '24.60'], ['vat', '234.60', '44.57']]);
  assert.equal(lax.reasons.find((x) => x.code === 'LUX_REV_AIR_FREIGHT_SHARE')?.message, '50% of air transport cost from US enters the customs value');
  // Asked in the other order on the same day view, each place keeps its own answer.
  assert.equal(assessRevenue(loadedAt(c, 'USJFK'), context(AT), ref).customsValue, '204.00');
});

test('a departure not in the table keeps LUX_REV_AIR_FREIGHT_SHARE_MISSING and the whole transport in the customs value', () => {
  // China (Shenzhen) has no loaded row: CV 200.00 + 10.00 = 210.00; duty 12 % x 210.00 = 25.20; VAT 19 % x (210.00 + 25.20) = 235.20 x 0.19 = 44.688 -> 44.69.
  const c: Case = { j: 'EU', to: 'DE', from: 'CN', at: AT, items: T_SHIRT, transport: '10.00' };
  const a = assessRevenue(loadedAt(c, 'CNSZX'), context(AT), shipped);
  assert.equal(a.customsValue, '210.00');
  assert.deepEqual(a.liabilities.map((l) => [l.type, l.base, l.amount]), [['duty', '210.00', '25.20'], ['vat', '235.20', '44.69']]);
  const r = a.reasons.find((x) => x.code === 'LUX_REV_AIR_FREIGHT_SHARE_MISSING');
  assert.ok(r, codes(a));
  assert.match(r.message, /departure CN: the whole air transport cost 10\.00 EUR enters the customs value/);
  assert.ok(!a.reasons.some((x) => x.code === 'LUX_REV_AIR_FREIGHT_SHARE'));
});

test('every shipped air freight share names a source URL, a percent between 0 and 100 and a country or UN/LOCODE departure', () => {
  const rows = shipped.EU!.airFreightShares;
  assert.ok(rows.length >= 2, `${rows.length} rows`);
  for (const s of rows) {
    assert.match(s.source, /https?:\/\/\S+/, s.departure);
    assert.match(s.percent, /^\d{1,3}(\.\d+)?$/, s.departure);
    const p = Number(s.percent);
    assert.ok(p >= 0 && p <= 100, `${s.departure} ${s.percent}`);
    assert.match(s.departure, /^[A-Z]{2}([A-Z2-9]{3})?$/);
  }
  // One row per departure and day: the first valid row is the one the engine takes.
  const keys = rows.map((s) => `${s.departure}@${s.from}`);
  assert.equal(new Set(keys).size, keys.length);
  // Every other jurisdiction ships none (Annex 23-01 is EU law).
  for (const j of ['GB', 'US', 'CA', 'AU', 'CN'] as const) assert.deepEqual(shipped[j]!.airFreightShares, [], j);
});
