/**
 * EU, GB and US tariff rows checked by a helper on 2026-12-05 (fifth pass) against third-party renderings of the official
 * schedules: the HSRates compilation of the UK Trade Tariff, EU TARIC and USITC HTS (custom-tariffs-seo.pages.dev, data
 * accessed by it 2026-02-22) and, for US lines, portoria.app (data of December 2025), htshub.com (2024 HTS Revisions 1 and
 * 9), etoolsage.com, unisco.com and hs-codes.com renderings of the HTSUS. Each expected figure below is the rate printed on
 * the page named beside it; the page is also named in the row's source in reference/revenue/*.json
 * (docs/decisions/0003-revenue.md, "EU, GB and US tariff checks, fifth pass").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessRevenue } from '../../src/revenue/index.js';
import { tariffRate } from '../../src/revenue/lookup.js';
import { assertCheckedRates, assertCheckedRowsNameTheirPage, context, facts, shipped, type Case } from './helpers.js';

const HSR = 'https://custom-tariffs-seo.pages.dev/en/codes/';
const PORT = 'https://portoria.app/hts/';
const DAY = '2026-12-05';

const P6303_91 = `${HSR}6303-91-other`;
const P4203_10 = `${HSR}4203-10-articles-of-apparel`;
const UNISCO4203 = 'https://www.unisco.com/hts/42031040';
const HUB6214 = 'https://www.htshub.com/us-hs/chapter/62-75';
const HUB6307 = 'https://htshub.com/us-hs/head/630710';
const HUB7113 = 'https://htshub.com/us-hs/chapter/71-6';
const ETOOL7113 = 'https://etoolsage.com/Query/USHTS.asp?HTS=PA&action=ScollUp&pageNo=47';
const HSCODES6111 = 'https://www.hs-codes.com/?a=61112020';

// [jurisdiction, declared code, expected ad valorem %, page the rate was read from]
const CHECKED: [j: 'EU' | 'GB' | 'US', code: string, percent: string, page: string][] = [
  // Confirmed as shipped: the page lists 6303910000, 6303910010, 6303910091 and 6303910099 at "12.00 %" for the UK and for EU TARIC.
  ['EU', '630391', '12', P6303_91], ['GB', '630391', '12', P6303_91],
  // Corrected: "6214.20.00.00 | 6.7% | ... | Of wool or fine animal hair (459)" (was shipped Free).
  ['US', '621420', '6.7', HUB6214],
  // National lines of split subheadings.
  ['US', '42031020', '4.7', P4203_10], //        HSRates, US table: "4203102000 | 4.7% | Free (17 programs)"
  ['US', '42031040', '6', UNISCO4203], //        "The general duty rate for HTS code 4203.10.40 and its subdivisions is 6%"
  ['US', '61046315', '14.9', `${PORT}6104631510`], // "6104.63.15.10 - Trousers and breeches (448)", General 14.9%
  ['US', '61046320', '28.2', `${PORT}6104632028`], // "6104.63.20.28 - Other (648)", General 28.2%
  ['US', '61112010', '19.7', `${PORT}6111201000`], // "6111.20.10.00 - Blouses and shirts ...", General 19.7%
  ['US', '61112020', '14.9', HSCODES6111], //    "The bound / Most-Favored Nation (MFN) duty rate ... 61112020 is 14.9%"
  ['US', '61112060', '8.1', `${PORT}6111206030`], // "6111.20.60.30 - Imported as parts of sets (239)", General 8.1%
  ['US', '62034313', '27.9', `${PORT}6203431310`], // "6203.43.13.10 - Men's (647)", General 27.9%
  ['US', '62046205', '8.9', `${PORT}6204620510`], // "6204.62.05.10 - Women's (359)", General 8.9%
  ['US', '62046215', '16.6', `${PORT}6204621521`], // "6204.62.15.21 - Other (348)", General 16.6%
  ['US', '62046260', '8.9', `${PORT}6204626010`], // "6204.62.60.10 - Women's (359)", General 8.9%
  ['US', '62046280', '16.6', `${PORT}6204628018`], // "6204.62.80.18 - Other (348)", General 16.6%
  ['US', '63071010', '4.1', HUB6307], //         "6307.10.10 4.1% ... Dustcloths, mop cloths and polishing cloths, of cotton"
  ['US', '63071020', '5.3', HUB6307], //         "6307.10.20 5.3% ... Other"
  ['US', '71131910', '7', HUB7113], //           "7113.19.10.00 7% ... Rope, curb, cable, chain and similar articles ..."
  ['US', '71131930', '5.8', ETOOL7113], //       "7113.19.30 | 00 | Clasps and parts thereof | X | 5.8%"
  ['US', '71131950', '5.5', `${PORT}7113195045`], // "7113.19.50.45 - Other", General Rate of Duty 5.5%
  ['US', '96190015', '0', `${PORT}9619001530`], //  "9619.00.15.30 - Diapers and diaper liners", General Free
  ['US', '96190021', '3.6', `${PORT}9619002100`], // "9619.00.21.00 - Of cotton (369)", General 3.6%
  ['US', '96190031', '8.1', `${PORT}9619003100`], // "9619.00.31.00 - Of knitted or crocheted textile fabric (239)", General 8.1%
  ['US', '96190043', '14.9', `${PORT}9619004300`], // "9619.00.43.00 - Of artificial fibers (239)", General 14.9%
  ['US', '96190061', '10.8', `${PORT}9619006100`], // "9619.00.61.00 - Of cotton", General 10.8%
  ['US', '96190068', '5.6', `${PORT}9619006800`], // "9619.00.68.00 - Other", General 5.6%
  ['US', '96190071', '8.1', `${PORT}9619007100`], // "9619.00.71.00 - Of cotton", General 8.1%
];

test('each EU, GB and US tariff row checked in the fifth pass gives the rate printed on the page its source names', () => {
  assertCheckedRates(CHECKED, DAY);
});

test('the wool-blend lines of US 6203.43 are compound: 49.6 cents/kg + 19.7 % (portoria 6203.43.09.10 and 6203.43.70.10)', () => {
  for (const [code, page] of [['62034309', `${PORT}6203430910`], ['62034370', `${PORT}6203437010`]] as const) {
    const r = tariffRate(shipped.US!, code, DAY, 'GB');
    assert.equal(r.kind, 'rate', code);
    if (r.kind !== 'rate') continue;
    // "General Rate of Duty (Column 1 - General) 49.6¢/kg + 19.7%"
    assert.deepEqual(r.entry.duty, { adValorem: '19.7', specific: { amount: '0.496', per: 'kg' } }, code);
    assert.ok(r.entry.source.includes(page), `${code} names ${page}`);
  }
});

test('every row checked on 2026-12-05 names, in its source, the page it was checked against', () => {
  const checked = assertCheckedRowsNameTheirPage('2026-12-05');
  // 94 or more from the fourth pass, plus 3 confirmed or corrected and 24 split lines from this pass.
  assert.ok(checked >= 94 + 27, `only ${checked} rows checked on 2026-12-05`);
});

test('the EU, GB and US rows still marked "not re-verified" are the ones no usable page was found for (EU 4, GB 2, US 1)', () => {
  const left = (j: 'EU' | 'GB' | 'US') => shipped[j]!.tariff.filter((r) => /not re-verified/i.test(r.note ?? '')).map((r) => r.hs).sort();
  assert.deepEqual(left('EU'), ['42029298', '850440', '950490', '961900']);
  assert.deepEqual(left('GB'), ['950490', '961900']);
  assert.deepEqual(left('US'), ['620140']);
});

test('US wool scarf (HTS 6214.20.00) of USD 100.00 from GB pays 6.7 % = 6.70 (was shipped Free)', () => {
  const c: Case = { j: 'US', at: '2026-12-05T15:00:00Z', items: [['621420', 1, '100.00', 'GB']] };
  const a = assessRevenue(facts(c), context(c.at), shipped);
  assert.deepEqual(a.liabilities.filter((l) => l.type === 'duty').map((l) => l.amount), ['6.70']);
});

test('split subheadings: a 6-digit declaration is asked for its national line', () => {
  const amb = (hs: string) => tariffRate(shipped.US!, hs, DAY, 'CN');
  assert.deepEqual(amb('420310'), { kind: 'ambiguous', candidates: ['42031020', '42031040'] });
  assert.deepEqual(amb('610463'), { kind: 'ambiguous', candidates: ['61046315', '61046320'] });
  assert.deepEqual(amb('611120'), { kind: 'ambiguous', candidates: ['61112010', '61112020', '61112060'] });
  assert.deepEqual(amb('620343'), { kind: 'ambiguous', candidates: ['62034309', '62034313', '62034370'] });
  assert.deepEqual(amb('620462'), { kind: 'ambiguous', candidates: ['62046205', '62046215', '62046260', '62046280'] });
  assert.deepEqual(amb('630710'), { kind: 'ambiguous', candidates: ['63071010', '63071020'] });
  assert.deepEqual(amb('711319'), { kind: 'ambiguous', candidates: ['71131910', '71131930', '71131950'] });
  assert.deepEqual(amb('961900'), {
    kind: 'ambiguous', candidates: ['96190015', '96190021', '96190031', '96190043', '96190061', '96190068', '96190071'],
  });
  // A US pack of diapers declared 9619.00 gets a request naming the lines, not the Free rate shipped before.
  const c: Case = { j: 'US', at: '2026-12-05T15:00:00Z', items: [['961900', 1, '20.00', 'GB']] };
  const a = assessRevenue(facts(c), context(c.at), shipped);
  assert.equal(a.requestsForInformation.length, 1);
  for (const line of ['96190015', '96190071']) assert.match(a.requestsForInformation[0], new RegExp(line));
});

test('lines of a split subheading that no page showed are held, not given the old subheading rate', () => {
  // 6104.63.10, 6111.20.40 and 7113.19.21 were not found with a rate: no row answers them.
  for (const code of ['61046310', '61112040', '71131921']) assert.deepEqual(tariffRate(shipped.US!, code, DAY, 'CN'), { kind: 'none' }, code);
});
