/** The shared example messages, refunds, statements, vendor returns, what-if, imports and the strict loader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { referencePath, sharedDataPath } from '../../src/domain/paths.js';
import type { DeclarationMessage } from '../../src/domain/message.js';
import type { ConsignmentFacts } from '../../src/clearance/seam.js';
import {
  assessRevenue, buildStatement, computeRefund, estimate, loadRevenueReference, parseRatesCsv, parseTariffCsv, reconcileVendorReturn, whatIf,
} from '../../src/revenue/index.js';
import { context, facts, shipped, withRates } from './helpers.js';

function example(name: string): ConsignmentFacts {
  const m = JSON.parse(readFileSync(join(sharedDataPath(), '..', 'examples', name), 'utf8')) as DeclarationMessage;
  return { id: m.messageId, jurisdiction: m.jurisdiction, declaration: m.consignment, declaredAt: m.sentAt, orders: [], payments: [], inspections: [], agencyDecisions: [] };
}
// Test fixture, not a published rate: the November 2026 EU customs rate was not found in a source.
const USD_NOV_2026 = withRates('EU', [{ currency: 'USD', rate: '1.1600', quote: 'foreign-per-local', from: '2026-11-01', to: '2026-11-30', source: 'test fixture (hypothetical rate)' }]);

test('declaration-eu-ioss.json: EUR 3 on each of two subheadings due through the marketplace account, VAT 9.45 collected under IOSS', () => {
  const a = assessRevenue(example('declaration-eu-ioss.json'), context('2026-11-20T08:15:00Z'), shipped);
  assert.equal(a.due, '6.00');
  assert.equal(a.total, '15.45');
  assert.equal(a.vendor?.taxComputed, '9.45');
  assert.equal(a.vendor?.shortfall, undefined);
  assert.equal(a.collectionModel, 'vendor');
  assert.equal(a.category, 3);
  assert.equal(a.reportingLevel, 'H7');
  assert.deepEqual(a.holds, []);
});

test('declaration-eu-ioss.json is held when the guarantee headroom is one cent short, released at exactly 6.00', () => {
  const f = example('declaration-eu-ioss.json');
  const short = assessRevenue(f, context('2026-11-20T08:15:00Z', { account: { accountId: 'A1', currency: 'EUR', guarantee: '100.00', used: '94.01' } }), shipped);
  assert.deepEqual(short.holds.map((h) => h.code), ['LUX_REV_OVER_GUARANTEE']);
  const exact = assessRevenue(f, context('2026-11-20T08:15:00Z', { account: { accountId: 'A1', currency: 'EUR', guarantee: '100.00', used: '94.00' } }), shipped);
  assert.deepEqual(exact.holds, []);
});

test('declaration-eu-over-150.json accepted in December 2026, a month without any USD rate, is held LUX_REV_NO_RATE', () => {
  const f = { ...example('declaration-eu-over-150.json'), declaredAt: '2026-12-02T11:02:13Z' };
  const a = assessRevenue(f, context('2026-12-02T11:02:13Z'), shipped);
  assert.deepEqual(a.holds.map((h) => h.code), ['LUX_REV_NO_RATE']);
});

test('declaration-eu-over-150.json at a USD rate of 1.1600: 310/1.16 = 267.24, 20/1.16 = 17.24, CV 284.48; duty 16.9% = 48.08; VAT DE 19% x 332.56 = 63.19', () => {
  const a = assessRevenue(example('declaration-eu-over-150.json'), context('2026-11-20T11:02:13Z'), USD_NOV_2026);
  assert.equal(a.customsValue, '284.48');
  assert.deepEqual(a.liabilities.map((l) => [l.type, l.base, l.amount, l.collectedBy]), [['duty', '284.48', '48.08', 'intermediary'], ['vat', '332.56', '63.19', 'intermediary']]);
  assert.equal(a.due, '111.27');
  assert.equal(a.category, 4);
  assert.equal(a.reportingLevel, 'H1');
});

test('return.json: both pairs exported 2026-12-10 are refunded in full (111.27), a second claim is refused', () => {
  const f = example('declaration-eu-over-150.json');
  const a = assessRevenue(f, context('2026-11-20T11:02:13Z'), USD_NOV_2026);
  const r = computeRefund(a, f, [{ line: 1, quantity: 2 }], '2026-12-10T12:00:00Z', USD_NOV_2026);
  assert.equal(r.refundable, true);
  assert.equal(r.total, '111.27');
  const again = computeRefund(a, f, [{ line: 1, quantity: 2 }], '2026-12-11T12:00:00Z', USD_NOV_2026, [{ line: 1, quantity: 2 }]);
  assert.equal(again.refundable, false);
});

test('a refund of one pair of two: duty 48.08/2 = 24.04, VAT 63.19/2 = 31.595 -> 31.60', () => {
  const f = example('declaration-eu-over-150.json');
  const a = assessRevenue(f, context('2026-11-20T11:02:13Z'), USD_NOV_2026);
  const r = computeRefund(a, f, [{ line: 1, quantity: 1 }], '2026-12-10T12:00:00Z', USD_NOV_2026);
  assert.deepEqual(r.liabilities.map((l) => l.amount), ['24.04', '31.60']);
  assert.equal(r.total, '55.64');
});

test('a refund after the EU 3-year limit (UCC art. 121) is refused', () => {
  const f = example('declaration-eu-over-150.json');
  const a = assessRevenue(f, context('2026-11-20T11:02:13Z'), USD_NOV_2026);
  assert.equal(computeRefund(a, f, [{ line: 1, quantity: 2 }], '2029-11-21T12:00:00Z', USD_NOV_2026).refundable, false);
  assert.equal(computeRefund(a, f, [{ line: 1, quantity: 2 }], '2029-11-19T12:00:00Z', USD_NOV_2026).refundable, true);
});

test('a CN return restores the annual quota used by the consignment', () => {
  const c = { j: 'CN' as const, at: '2025-03-03T02:00:00Z', items: [['851830', 1, '1000.00']] as [string, number, string][] };
  const f = facts(c);
  const a = assessRevenue(f, context(c.at), shipped);
  const r = computeRefund(a, f, [{ line: 1, quantity: 1 }], '2025-03-20T02:00:00Z', shipped);
  assert.equal(r.quotaRestored, '1000.00');
  assert.equal(r.total, '91.00');
  assert.equal(computeRefund(a, f, [{ line: 1, quantity: 1 }], '2025-04-20T02:00:00Z', shipped).refundable, false);
});

test('the periodic statement of an account: opening, charges, payments, closing, and the CN 31-45 day window', () => {
  const s = buildStatement([
    { accountId: 'A1', kind: 'charge', date: '2026-10-30', consignmentId: 'c0', currency: 'EUR', amount: '10.00' },
    { accountId: 'A1', kind: 'charge', date: '2026-11-20', consignmentId: 'c1', currency: 'EUR', amount: '6.00', liabilities: [{ type: 'flat-duty', base: '1', rate: '3', amount: '6.00', currency: 'EUR', source: 's', collectedBy: 'intermediary' }] },
    { accountId: 'A1', kind: 'charge', date: '2026-11-21', consignmentId: 'c2', currency: 'EUR', amount: '111.27' },
    { accountId: 'A1', kind: 'payment', date: '2026-11-25', paymentReference: 'P1', currency: 'EUR', amount: '50.00' },
  ], '2026-11', '31-45');
  assert.deepEqual([s.opening, s.charges, s.payments, s.closing], ['10.00', '117.27', '50.00', '77.27']);
  assert.equal(s.byType['flat-duty'], '6.00');
  assert.equal(s.entries[0].dueFrom, '2026-12-21');
  assert.equal(s.entries[0].dueBy, '2027-01-04');
});

test('a vendor return is reconciled against the consignments declared under its IOSS number', () => {
  const a = assessRevenue(example('declaration-eu-ioss.json'), context('2026-11-20T08:15:00Z'), shipped);
  const ok = reconcileVendorReturn({ scheme: 'IOSS', number: 'IM5280000001', period: '2026-11', currency: 'EUR', declaredTax: '18.90' }, [a, a]);
  assert.deepEqual([ok.consignments, ok.computedTax, ok.status], [2, '18.90', 'match']);
  const short = reconcileVendorReturn({ scheme: 'IOSS', number: 'IM5280000001', period: '2026-11', currency: 'EUR', declaredTax: '9.45' }, [a, a]);
  assert.deepEqual([short.difference, short.status], ['-9.45', 'shortfall']);
});

test('what-if: widening the flat-duty scope to every B2C distance sale changes a courier parcel from 14.21 to 12.03', () => {
  const c = { j: 'EU' as const, to: 'NL', at: '2026-08-03T12:00:00Z', items: [['610910', 1, '40.00']] as [string, number, string][] };
  const r = whatIf([{ facts: facts(c), context: context(c.at) }], shipped, { flatDutyScope: 'all-b2c-distance-sales' });
  assert.deepEqual([r.baseline.EUR, r.scenario.EUR, r.difference.EUR], ['14.21', '12.03', '-2.18']);
});

test('what-if: the EUR 22 VAT-free threshold set to 0 changes the category of a EUR 20 parcel of 2021-06-30 from 2 to 3', () => {
  const c = { j: 'EU' as const, to: 'NL', at: '2021-06-30T12:00:00Z', items: [['610910', 1, '20.00']] as [string, number, string][] };
  const r = whatIf([{ facts: facts(c), context: context(c.at) }], shipped, { taxDeMinimis: '0' }, 'EU');
  assert.equal(r.categoryChanges, 1);
  assert.deepEqual(whatIf([{ facts: facts(c), context: context(c.at) }], shipped, { taxDeMinimis: '0' }, 'GB').difference, { EUR: '0.00' });
  assert.equal(r.difference.EUR, '4.20');
});

test('the estimator gives customs value, liabilities, de minimis outcome, category and collection model', () => {
  const m = JSON.parse(readFileSync(join(sharedDataPath(), '..', 'examples', 'declaration-eu-ioss.json'), 'utf8')) as DeclarationMessage;
  const e = estimate({ jurisdiction: 'EU', date: '2026-11-20', consignment: m.consignment }, shipped);
  assert.deepEqual([e.customsValue, e.due, e.deMinimis?.outcome, e.category, e.collectionModel], ['44.99', '6.00', 'flat-duty', 3, 'vendor']);
});

test('a tariff CSV is imported into validated entries; a row without a source is refused', () => {
  const ok = parseTariffCsv('hs,description,adValorem,specificAmount,specificPer,source\n6109.10,T-shirts,12,,,TARIC\n2204,Wine,,0.32,litre,TARIC\n', 'EU', '2026-01-01');
  assert.deepEqual(ok.map((e) => [e.hs, e.duty]), [['610910', { adValorem: '12' }], ['2204', { specific: { amount: '0.32', per: 'litre' } }]]);
  assert.throws(() => parseTariffCsv('hs,description,adValorem\n610910,T-shirts,12\n', 'EU', '2026-01-01'), /source/);
  assert.throws(() => parseTariffCsv('hs,description,adValorem,source\n610910,T-shirts,1.2.3,TARIC\n', 'EU', '2026-01-01'), /decimal/);
});

test('a rates CSV is imported into validated entries; an unknown quote is refused', () => {
  const ok = parseRatesCsv('currency,rate,quote,from,to,source\nUSD,1.0944,foreign-per-local,2024-01-01,2024-01-31,Revenue IE\n');
  assert.equal(ok[0].rate, '1.0944');
  assert.throws(() => parseRatesCsv('currency,rate,quote,from,source\nUSD,1.09,sideways,2024-01-01,x source\n'), /quote/);
});

test('the loader refuses an unknown key, a value without a source and a value without a start date', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rev-'));
  const base = JSON.parse(readFileSync(referencePath('revenue', 'gb.json'), 'utf8'));
  const tryWith = (mutate: (p: Record<string, unknown>) => void) => {
    const p = structuredClone(base); mutate(p); writeFileSync(join(dir, 'gb.json'), JSON.stringify(p)); return () => loadRevenueReference(dir);
  };
  assert.doesNotThrow(tryWith(() => {}));
  assert.throws(tryWith((p) => { p.surprise = 1; }), /unknown key/);
  assert.throws(tryWith((p) => { delete (p.parameters as Record<string, { source?: string }[]>).dutyDeMinimis[0].source; }), /source/);
  assert.throws(tryWith((p) => { delete (p.taxRates as Record<string, { from?: string }[]>).GB[0].from; }), /from/);
  assert.throws(tryWith((p) => { (p.parameters as Record<string, unknown>).madeUp = []; }), /unknown parameter/);
});

test('every shipped profile loads, and every jurisdiction has one', () => {
  assert.deepEqual(Object.keys(loadRevenueReference()).sort(), ['AU', 'CA', 'CN', 'EU', 'GB', 'US']);
});

test('consumer collection: held until a duties payment covers what is due, then no revenue hold', () => {
  const c = { j: 'EU' as const, to: 'DE', at: '2026-03-02T10:00:00Z', items: [['610910', 1, '150.01']] as [string, number, string][] };
  const f = facts(c);
  assert.deepEqual(assessRevenue(f, context(c.at), shipped).holds.map((h) => h.code), ['LUX_REV_AWAITING_PAYMENT']);
  f.payments.push({ reference: 'PAY-1', amount: '49.92', currency: 'EUR', purpose: 'duties' });
  assert.deepEqual(assessRevenue(f, context(c.at), shipped).holds, []);
});

test('a consignment of documents without value is IRG category 1', () => {
  const c = { j: 'EU' as const, to: 'NL', at: '2026-03-02T10:00:00Z', items: [['490700', 1, '0.00']] as [string, number, string][] };
  const f = facts(c);
  f.declaration!.items[0].description = 'Documents';
  const a = assessRevenue(f, context(c.at), shipped);
  assert.equal(a.category, 1);
});

test('the loader refuses two values of one parameter valid on the same day', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rev-'));
  const p = JSON.parse(readFileSync(referencePath('revenue', 'gb.json'), 'utf8'));
  p.parameters.giftRelief.push({ value: '40', from: '2024-01-01', source: 'a second value overlapping the first' });
  writeFileSync(join(dir, 'gb.json'), JSON.stringify(p));
  assert.throws(() => loadRevenueReference(dir), /overlap/);
});
