/**
 * Worked examples published by the US (CBP), China (a customs district answering under Cai Guan Shui [2016] 18 and
 * [2018] 49) and GB (HMRC) administrations, added by helper revenue3 for issue 3. Each case says what the
 * administration published and which figures, if any, are Luxor's own arithmetic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessRevenue } from '../../src/revenue/index.js';
import type { RevenueReference } from '../../src/revenue/types.js';
import { context, facts, shipped, type Case } from './helpers.js';

/** The worksheet names no tariff line; its rate column is the IEEPA rate alone, so the goods sit on a Free fixture line. */
function withFreeLine(): RevenueReference {
  const ref = structuredClone(shipped);
  ref.US!.tariff.push({ hs: '999903', description: 'CBP worksheet goods, general rate Free (fixture)', duty: { adValorem: '0' }, from: '2000-01-01', source: 'CBP International Mail Duty Worksheet example (fixture)' });
  return ref;
}

// Source: U.S. Customs and Border Protection, "International Mail Duty Worksheet", August 2025 release, OMB 1651-0147,
// sheet "Page 2" example rows (http://www.https.omb.report/icr/202508-1651-006/doc/162238701):
//   EX123456789CN  $47.00  origin UK  10%  duties owed $4.70
//   EX123456789CN  $23.00  origin FR  10%  duties owed $2.30  ("a different item in the same package")
//   LS987654321HK  $45.00  origin BR  50%  duties owed $22.50
// "Tariff Rate = a duty equal to the effective IEEPA tariff rate applicable to the country of origin".
// The worksheet prints arrival dates 2025-05-02/03, but it belongs to the postal duty method of EO 14324, which applies
// from 2025-08-29 (before that a UK item of $47 was free under section 321, see the next test), and Brazil's 50% exists
// only from 2025-08-06 (EO 14323). The example is therefore reproduced on an arrival date inside the worksheet's own
// regime, 2025-09-02. Rates come from us.json: 9903.01.25 baseline 10% (UK, FR) and 9903.01.77 Brazil 40% + baseline 10%.
// Caveat: FR comes out at 10% because Luxor does not model the EU framework rate of 15% from 2025-08-07 (EO 14326); the
// worksheet's 10% for FR is illustrative.
test('CBP International Mail Duty Worksheet example: $47.00 UK and $23.00 FR in one package at 10% owe 4.70 and 2.30; $45.00 BR at 50% owes 22.50', () => {
  const ref = withFreeLine();
  const pkg1: Case = { j: 'US', at: '2025-09-02T15:00:00Z', mode: 'post', from: 'CN', items: [['999903', 1, '47.00', 'GB'], ['999903', 1, '23.00', 'FR']] };
  const a = assessRevenue(facts(pkg1), context(pkg1.at), ref);
  assert.deepEqual(a.holds.filter((h) => h.code !== 'LUX_REV_AWAITING_PAYMENT').map((h) => h.code), []);
  assert.deepEqual(a.liabilities.filter((l) => l.amount !== '0.00').map((l) => [l.type, l.line, l.base, l.amount]), [
    ['additional-duty', 1, '47.00', '4.70'],
    ['additional-duty', 2, '23.00', '2.30'],
  ]);
  assert.equal(a.total, '7.00');

  const pkg2: Case = { j: 'US', at: '2025-09-02T15:00:00Z', mode: 'post', from: 'HK', items: [['999903', 1, '45.00', 'BR']] };
  const b = assessRevenue(facts(pkg2), context(pkg2.at), ref);
  // 10% baseline (9903.01.25) = 4.50 + 40% Brazil (9903.01.77) = 18.00; the worksheet shows the sum, 22.50.
  assert.deepEqual(b.liabilities.filter((l) => l.amount !== '0.00').map((l) => l.amount), ['4.50', '18.00']);
  assert.equal(b.total, '22.50');
});

test('the CBP worksheet package on its printed arrival date 2025-05-02 was still free under section 321 (UK and FR origin, USD 70)', () => {
  // Shows why the worksheet's dates are placeholders: the USD 800 de minimis (19 U.S.C. 1321) covered these origins until 2025-08-28.
  const c: Case = { j: 'US', at: '2025-05-02T15:00:00Z', mode: 'post', from: 'CN', items: [['999903', 1, '47.00', 'GB'], ['999903', 1, '23.00', 'FR']] };
  const a = assessRevenue(facts(c), context(c.at), withFreeLine());
  assert.deepEqual([a.deMinimis?.outcome, a.total], ['relieved', '0.00']);
});

test('US Brazil 40% (9903.01.77) starts on 2025-08-06: a USD 100 T-shirt from BR on 2025-09-02 pays MFN 16.5% + 10% + 40% = 66.50, on 2025-08-05 it is still free under section 321', () => {
  // 16.5% for 6109.10.00 from us.json; 9903.01.25 and 9903.01.77 as above (CBP CSMS # 65807735).
  const after: Case = { j: 'US', at: '2025-09-02T15:00:00Z', items: [['610910', 1, '100.00', 'BR']] };
  const a = assessRevenue(facts(after), context(after.at), shipped);
  assert.deepEqual(a.liabilities.map((l) => [l.type, l.amount]), [['duty', '16.50'], ['additional-duty', '10.00'], ['additional-duty', '40.00']]);
  assert.equal(a.total, '66.50');
  const before: Case = { j: 'US', at: '2025-08-05T15:00:00Z', items: [['610910', 1, '100.00', 'BR']] };
  assert.equal(assessRevenue(facts(before), context(before.at), shipped).total, '0.00');
  // After CBP stopped collecting IEEPA duties (2026-02-24), the Brazil duty is gone with the baseline.
  const ended: Case = { j: 'US', at: '2026-08-03T15:00:00Z', items: [['610910', 1, '100.00', 'BR']] };
  assert.deepEqual(assessRevenue(facts(ended), context(ended.at), shipped).liabilities.map((l) => [l.type, l.amount]), [['duty', '16.50']]);
});

// Source: Ningbo Customs, "Customs Q&A: taxes on cross-border e-commerce retail imports" (跨境电商零售进口商品如何征收税款,
// 海关答疑), People's Daily Overseas Edition 2025-11-14, English text at https://www.cceeccic.org/1452613053.html,
// summary at https://reportify.ai/news/1186925140533972992: within the limits 0% duty, import VAT and consumption tax at
// 70% of the amount legally due (Cai Guan Shui [2016] No. 18, [2018] No. 49); high-end cosmetics and skin care priced at
// RMB 10 per ml (g) or RMB 15 per piece and above bear 15% consumption tax; worked example: a skin-care product of
// RMB 425 for 20 g. The stored copies end before the example's own figures, so the figures below are the Q&A's stated
// formula worked by hand (not transcribed): 425 / 20 g = RMB 21.25 per g >= 10, so high-end;
// consumption tax 425 / (1 - 15%) x 15% x 70% = 500 x 0.105 = 52.50; VAT (425 + 75.00 full consumption tax) x 13% x 70% = 45.50.
test('Ningbo Customs Q&A example: skin care RMB 425 for 20 g is high-end; consumption tax 425/0.85 x 15% x 70% = 52.50, VAT 500 x 13% x 70% = 45.50, total 98.00', () => {
  const c: Case = { j: 'CN', at: '2025-11-14T02:00:00Z', items: [['330499', 1, '425.00', 'FR']], extra: { netMassKg: 0.02 } };
  const a = assessRevenue(facts(c), context(c.at), shipped);
  assert.equal(a.deMinimis?.outcome, 'cbec-within-limits');
  assert.deepEqual(a.liabilities.map((l) => [l.type, l.amount]), [['consumption-tax', '52.50'], ['vat', '45.50']]);
  assert.equal(a.total, '98.00');
});

// Source: HMRC, Notice 143 "A guide for international post users" s. 2.4 table "Goods sent as gifts / Relief given"
// (2010-2012 editions, quoted at https://en.paperblog.com/expats-beware-sending-gifts-to-the-uk-398032): "One item valued
// at £44: import VAT is chargeable on the full value"; the limit is now GBP 39 (HMRC, "Import VAT and Customs Duty on
// gifts": "Gifts over £39 are liable to Import VAT. Customs Duty also becomes payable if the value of the goods is over
// £135"). HMRC states the rule, not the figure: 20% x 44.00 = 8.80 is Luxor's arithmetic (VAT rate from gb.json).
test('HMRC Notice 143 gift example: one item of GBP 44 is charged import VAT on its full value (20% x 44.00 = 8.80, no GBP 39 allowance deducted), no duty; GBP 39.00 is free', () => {
  const over: Case = { j: 'GB', at: '2026-03-02T10:00:00Z', type: 'C2C', mode: 'post', items: [['610910', 1, '44.00']] };
  const a = assessRevenue(facts(over), context(over.at), shipped);
  assert.deepEqual(a.liabilities.filter((l) => l.amount !== '0.00').map((l) => [l.type, l.base, l.amount]), [['vat', '44.00', '8.80']]);
  const at: Case = { ...over, items: [['610910', 1, '39.00']] };
  const b = assessRevenue(facts(at), context(at.at), shipped);
  assert.deepEqual([b.deMinimis?.outcome, b.total], ['gift-relief', '0.00']);
});
