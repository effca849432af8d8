/**
 * Tariff rows checked by helper "revenue" on 2026-11-25 against third-party renderings of the official schedules
 * (HSRates compilation of the UK Trade Tariff, EU TARIC and USITC HTS, data accessed by it 2026-02-22; etoolsage.com and
 * htshub.com renderings of the HTSUS; china-gacc.agency rendering of the China tariff). Each expected figure below is the
 * rate printed on the page named beside it; the page is also named in the row's source in reference/revenue/*.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessRevenue } from '../../src/revenue/index.js';
import { tariffRate } from '../../src/revenue/lookup.js';
import { assertCheckedRates, assertCheckedRowsNameTheirPage, context, facts, shipped, type Case } from './helpers.js';

const HSR = 'https://custom-tariffs-seo.pages.dev/en/codes/';
const DAY = '2026-11-25';

// [jurisdiction, declared code, expected ad valorem %, page the rate was read from]
const MS = 'https://www.moneysense.ca/?p=42980';
const ETCA = 'https://etoolsage.com/Query/CAHS.asp?HTS=pencils&action=ScollUp&pageNo=1';
const TREAYO = 'https://treayo.com/en/hs/australia/';
const HA95 = 'http://www.homeaffairs.gov.au/busi/cargo-support-trade-and-goods/importing-goods/tariff-classification-of-goods/current-tariff-classification/schedule-3/section-xx/chapter-95';

// [jurisdiction, declared code, expected ad valorem %, page the rate was read from, day (DAY unless the page's data is dated otherwise)]
const CHECKED: [j: 'EU' | 'GB' | 'US' | 'CN' | 'AU' | 'CA', code: string, percent: string, page: string, day?: string][] = [
  ['GB', '330720', '6', `${HSR}3307-20-personal-deodorants-and-antiperspirants`],
  ['EU', '330720', '6.5', `${HSR}3307-20-personal-deodorants-and-antiperspirants`],
  ['US', '330720', '4.9', `${HSR}3307-20-personal-deodorants-and-antiperspirants`],
  ['GB', '420221', '2', `${HSR}4202-21-handbags-whether-or-not-with-shoulder-strap-including-those-without-handle`],
  ['US', '630260', '9.1', `${HSR}6302-60-toilet-linen-and-kitchen-linen-of-terry-towelling-or-similar-terry-fabrics-of-co`],
  ['GB', '640299', '16', `${HSR}6402-99-other`],
  ['EU', '640299', '16.8', `${HSR}6402-99-other`],
  ['US', '650610', '0', 'https://htshub.com/us-hs/head/6506'],
  ['GB', '841451', '2', `${HSR}8414-51-fans`],
  ['EU', '841451', '3.2', `${HSR}8414-51-fans`],
  ['US', '841451', '4.7', `${HSR}8414-51-fans`],
  ['US', '850760', '3.4', `${HSR}8507-60-lithium-ion`],
  ['US', '630391', '10.3', 'https://www.etoolsage.com/query/USHTSC.asp?HTS=%5BArvind&action=ScollUp&pageNo=165'],
  ['CN', '420310', '6', 'https://china-gacc.agency/China_HS_CIQ_code/Head_search.asp?page=0&word=4203'],
  ['CN', '611120', '10', 'https://china-gacc.agency/China_HS_CIQ_code/Head_search.asp?page=-1&word=6111'],
  ['US', '64029931', '6', 'https://htshub.com/us-hs/head/640299-2'],
  ['US', '71131150', '5', `${HSR}7113-11-of-precious-metal-whether-or-not-plated-or-clad-with-precious-metal`],
  ['GB', '61112010', '8', `${HSR}6111-20-of-cotton`],
  ['EU', '61112010', '8.9', `${HSR}6111-20-of-cotton`],
  // AU and CA, helper 2026-12-05 (docs/decisions/0003-revenue.md, "AU and CA tariff checks").
  // Budget 2013 tariff relief as reported (MoneySense table, source Budget 2013): babies' garments and exercise equipment Free from 2013-04-01.
  ['CA', '611120', '0', MS],
  ['CA', '950691', '0', MS],
  // etoolsage rendering of the Canadian tariff (undated): 9608.10.00.00 Ball point pens 7 %.
  // treayo rendering of the Australian tariff (undated, IA-CEPA shown so 2020 or later): checked on a day before the 2024 nuisance-tariff changes.
  ['AU', '42023110', '5', `${TREAYO}42023110`, '2024-06-30'],
  ['AU', '42023210', '5', `${TREAYO}42023210`, '2024-06-30'],
  // ABF/Home Affairs working tariff, Chapter 95 (undated): 9503.00.10/.20/.30 at 5 %.
  ['AU', '95030010', '5', HA95, '2019-06-30'],
  ['AU', '95030020', '5', HA95, '2019-06-30'],
  ['AU', '95030030', '5', HA95, '2019-06-30'],
];

test('each tariff row checked on 2026-11-25 gives the rate printed on the page its source names', () => {
  assertCheckedRates(CHECKED, DAY);
});

test('every row whose note says it was checked names, in its source, the page it was checked against', () => {
  const checked = assertCheckedRowsNameTheirPage(String.raw`\d{4}-\d{2}-\d{2}`);
  assert.ok(checked >= 100, `only ${checked} checked rows`);
});

test('US cotton curtains (HTS 6303.91.00) of USD 100.00 from GB on 2026-11-25 pay the HTS general rate 10.3 % = 10.30, not the 11.3 % of synthetic curtains', () => {
  // 10.3 %: 6303.91.00 "Of cotton" (etoolsage rendering of the HTSUS, in us.json); after the Section 122 surcharge ended
  // on 2026-07-23 a UK-origin item pays MFN alone.
  const c: Case = { j: 'US', at: '2026-11-25T15:00:00Z', items: [['630391', 1, '100.00', 'GB']] };
  const a = assessRevenue(facts(c), context(c.at), shipped);
  assert.deepEqual(a.liabilities.map((l) => [l.type, l.base, l.amount]), [['duty', '100.00', '10.30']]);
});

test('CN leather jacket of RMB 6,000 (over the RMB 5,000 single-transaction limit) pays the MFN duty of 4203.10 in full: 6 % = 360.00', () => {
  // 6 %: 4203100090 MFN (china-gacc.agency rendering of the China tariff, in cn.json); a single item over the limit is taxed
  // in full (Cai Guan Shui [2018] No. 49), so the duty is not reduced to 0.
  const c: Case = { j: 'CN', at: '2026-11-25T02:00:00Z', items: [['420310', 1, '6000.00', 'IT']] };
  const a = assessRevenue(facts(c), context(c.at), shipped);
  assert.deepEqual(a.liabilities.filter((l) => l.type === 'duty').map((l) => [l.base, l.amount]), [['6000.00', '360.00']]);
});

test('US sandals declared at 6 digits (6402.99) are asked for their national line, naming the six lines found (6 % to 37.5 %); at 6402.99.31 they pay 6 % = 6.00 on USD 100', () => {
  const six: Case = { j: 'US', at: '2026-11-25T15:00:00Z', items: [['640299', 1, '100.00', 'GB']] };
  const a = assessRevenue(facts(six), context(six.at), shipped);
  assert.equal(a.requestsForInformation.length, 1);
  for (const line of ['64029904', '64029908', '64029921', '64029931', '64029932', '64029933']) assert.match(a.requestsForInformation[0], new RegExp(line));
  const eight: Case = { ...six, items: [['64029931', 1, '100.00', 'GB']] };
  const b = assessRevenue(facts(eight), context(eight.at), shipped);
  assert.deepEqual(b.requestsForInformation, []);
  assert.deepEqual(b.liabilities.filter((l) => l.type === 'duty').map((l) => l.amount), ['6.00']);
});

test('EU ceramic vase declared 6913 90 is asked for its CN line (3.5 % / 6 %); at 6913 90 10 it pays 3.5 %, at 6913 90 93 6 %', () => {
  // TARIC via HSRates: 6913901000 3.50 %, 6913909310 and 6913909800 6.00 %.
  const six = tariffRate(shipped.EU!, '691390', DAY, 'CN');
  assert.deepEqual(six, { kind: 'ambiguous', candidates: ['69139010', '69139093', '69139098'] });
  const rate = (code: string) => { const r = tariffRate(shipped.EU!, code, DAY, 'CN'); return r.kind === 'rate' ? r.entry.duty.adValorem : r.kind; };
  assert.deepEqual([rate('69139010'), rate('69139093')], ['3.5', '6']);
});

test('GB LED lamp declared 9405 42 is asked for its commodity code (2 % / 4 %), and a knitted hat declared 6505 00 likewise (4 % / 2 %)', () => {
  // UK Trade Tariff via HSRates: 9405421000 2.00 %, 9405423100 4.00 %, 9405423900 2.00 %; 6505001000 4.00 %, 6505003000 and 6505009000 2.00 %.
  assert.deepEqual(tariffRate(shipped.GB!, '940542', DAY, 'CN'), { kind: 'ambiguous', candidates: ['94054210', '94054231', '94054239'] });
  assert.deepEqual(tariffRate(shipped.GB!, '650500', DAY, 'CN'), { kind: 'ambiguous', candidates: ['65050010', '65050030', '65050090'] });
});

test('a baby romper declared 6111 20 in the EU or GB is asked for its line: 6111 20 10 is 8.9 % (EU) / 8 % (GB), 6111 20 90 12 % like the rest of the chapter', () => {
  for (const j of ['EU', 'GB'] as const) {
    assert.deepEqual(tariffRate(shipped[j]!, '611120', DAY, 'CN'), { kind: 'ambiguous', candidates: ['61112010', '61112090'] }, j);
    const r = tariffRate(shipped[j]!, '61112090', DAY, 'CN');
    assert.equal(r.kind === 'rate' ? r.entry.duty.adValorem : r.kind, '12', j);
  }
  // A T-shirt still takes the chapter row (12 %): the split stays under 6111 20.
  const t = tariffRate(shipped.GB!, '610910', DAY, 'CN');
  assert.equal(t.kind === 'rate' ? t.entry.duty.adValorem : t.kind, '12');
});

test('AU toys declared 9503.00 are asked for their national line: the ABF page shows 9503.00.10/.20/.30 at 5 %, the heading row Free is not confirmed', () => {
  assert.deepEqual(tariffRate(shipped.AU!, '950300', DAY, 'CN'), { kind: 'ambiguous', candidates: ['95030010', '95030020', '95030030'] });
});

test('CA baby romper (6111.20) of CAD 100.00 from CN on 2026-11-25 pays no duty: babies\' garments are Free since the Budget 2013 tariff relief (was 18 %)', () => {
  const c: Case = { j: 'CA', at: '2026-11-25T15:00:00Z', items: [['611120', 1, '100.00', 'CN']] };
  const a = assessRevenue(facts(c), context(c.at), shipped);
  assert.deepEqual(a.requestsForInformation, []);
  assert.deepEqual(a.liabilities.filter((l) => l.type === 'duty').map((l) => l.amount).filter((x) => x !== '0.00'), []);
});
