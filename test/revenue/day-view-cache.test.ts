/**
 * The engine resolves each profile once per date and keeps it (src/revenue/day-view.ts): a changed reference
 * must still give its own answer, whether it is a new object (an import, a what-if) or a copy grown in place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessRevenue } from '../../src/revenue/assess-revenue.js';
import { parseInstant } from '../../src/revenue/lookup.js';
import { whatIf } from '../../src/revenue/what-if.js';
import { context, facts, shipped, type Case } from './helpers.js';

const AT = '2026-03-02T10:00:00Z';

test('a rate, a tariff row and an air freight share added to a copy after it was used are seen on the next consignment', () => {
  const ref = structuredClone(shipped);
  const usd: Case = { j: 'EU', to: 'DE', at: AT, from: 'US', items: [['999905', 1, '200.00']], transport: '10.00' };
  const before = assessRevenue(facts(usd), context(AT), ref);
  // Neither a row for this code nor a share for departures from the US is shipped.
  assert.ok(before.holds.some((h) => h.code === 'LUX_REV_NO_TARIFF'), before.holds.map((h) => h.code).join(', '));
  assert.ok(before.reasons.some((r) => r.code === 'LUX_REV_AIR_FREIGHT_SHARE_MISSING'));
  ref.EU!.tariff.push({ hs: '999905', description: 'fixture goods at 10%', duty: { adValorem: '10' }, from: '2000-01-01', source: 'test fixture row' });
  ref.EU!.airFreightShares.push({ departure: 'US', percent: '50', from: '2016-05-01', source: 'test fixture share' });
  const after = assessRevenue(facts(usd), context(AT), ref);
  assert.ok(!after.holds.some((h) => h.code === 'LUX_REV_NO_TARIFF'));
  assert.ok(after.reasons.some((r) => r.code === 'LUX_REV_AIR_FREIGHT_SHARE'));
  assert.equal(after.liabilities[0].type, 'duty');
  // The shipped reference, used alongside, is unchanged.
  assert.deepEqual(assessRevenue(facts(usd), context(AT), shipped), before);
});

test('a what-if profile (new parameters over the same arrays) answers with its own parameters, the shipped one with the law', () => {
  // Over the GBP 135 low-value ceiling, so import VAT is due at the border.
  const c: Case = { j: 'GB', at: AT, items: [['610910', 1, '200.00']] };
  const consignments = [{ facts: facts(c), context: context(AT) }];
  const shippedTotal = assessRevenue(facts(c), context(AT), shipped).total;
  const r = whatIf(consignments, shipped, { 'taxRate.GB': '10' }, 'GB');
  assert.equal(r.baseline.GBP, shippedTotal);
  assert.notEqual(r.scenario.GBP, shippedTotal);
  // Asked again after the scenario, the shipped profile still gives the law's answer.
  assert.equal(assessRevenue(facts(c), context(AT), shipped).total, shippedTotal);
});

test('the same facts on two reference dates use the law of each date', () => {
  // EU duty relief up to EUR 150 ended on 2026-06-30; the flat EUR 3 duty applies from 2026-07-01 (IOSS or post).
  const june: Case = { j: 'EU', to: 'NL', at: '2026-06-30T10:00:00Z', mode: 'post', items: [['610910', 1, '50.00']] };
  const july: Case = { ...june, at: '2026-07-01T10:00:00Z' };
  for (let k = 0; k < 2; k++) {
    assert.equal(assessRevenue(facts(june), context(june.at), shipped).deMinimis?.outcome, 'relieved');
    assert.equal(assessRevenue(facts(july), context(july.at), shipped).deMinimis?.outcome, 'flat-duty');
  }
});

test('instants read directly agree with Date.parse, valid or not', () => {
  const texts = [
    '2026-12-05T08:31:25Z', '2026-12-05T08:31:25.123Z', '2026-02-28T23:59:59.999Z', '2026-02-30T00:00:00Z', '2026-12-31T10:00:00Z',
    '0099-01-01T00:00:00Z', '0100-01-01T00:00:00Z', '2026-12-05T24:00:00Z', '2026-12-05T08:00:60Z', '2026-13-05T08:00:00Z',
    '2026-12-05T08:00:00.12Z', '2026-12-05T08:00:00+01:00', '2026-12-05T08:00:00.-99Z', '2026-12-05 08:00:00Z', 'not a date',
  ];
  for (const text of texts) assert.ok(Object.is(parseInstant(text), Date.parse(text)), text);
  for (let t = Date.parse('2025-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 12_343_457) {
    const iso = new Date(t).toISOString();
    assert.equal(parseInstant(iso), t, iso);
    assert.equal(parseInstant(iso.slice(0, 19) + 'Z'), Date.parse(iso.slice(0, 19) + 'Z'), iso);
  }
});
