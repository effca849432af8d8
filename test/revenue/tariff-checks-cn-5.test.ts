/**
 * CN tariff rows checked by a helper on 2026-12-05 (fourth CN pass; docs/decisions/0003-revenue.md, "CN tariff checks,
 * fourth pass") against third-party renderings of the China tariff found with the search tool: china-gacc.agency,
 * htshub.com (2024 China tariff), e-to-china.com, bianmachaxun.com and likecha.com. Each expected figure below is the rate
 * printed on the page named beside it; the page is also named in the row's source in reference/revenue/cn.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessRevenue } from '../../src/revenue/index.js';
import { tariffRate } from '../../src/revenue/lookup.js';
import { assertCheckedRates, context, facts, shipped, type Case } from './helpers.js';

const DAY = '2026-12-05';
const ETC_EYE = 'https://suppliers.e-to-china.com/ks-eyelash%20growth%20essence-p_4.html';
const ETC_BOTTLE = 'https://buyer.e-to-china.com/ks-zenglendos%20bottle.html';
const ETC_BAG = 'http://hs.e-to-china.com/ks-antistatic-rustproof-packaging-bag-p_2.html';
const GACC_B = 'https://www.china-gacc.agency/China_HS_code/China_HS_Search.asp?page=1&word=b';
const HTS_3305 = 'https://htshub.com/cn-hs/detail/3305100090';

// [jurisdiction, declared code, expected ad valorem %, page the rate was read from, day (DAY unless the page's data is dated otherwise)]
const CHECKED: [j: 'CN', code: string, percent: string, page: string, day?: string][] = [
  // Confirmed as shipped.
  ['CN', '330300', '3', ETC_EYE], // 3303000020 MFN 3 (3303000010 not shown)
  ['CN', '392410', '6.5', ETC_BOTTLE], // 3924100000, the only line
  ['CN', '847130', '0', 'http://hs.bianmachaxun.com/query/code.php?word=8471'], // 8471301000 and 8471309000
  ['CN', '850760', '10', 'http://www.likecha.com/tools/hscode/8507600090.html'], // 8507600090; 8507600010 also 10 on china-gacc
  ['CN', '851830', '0', GACC_B], // 8518300000, the only line
  // Corrected.
  ['CN', '420221', '6', ETC_BAG], // was 10: 4202210090 MFN 6
  ['CN', '650610', '4', 'https://china-gacc.agency/China_HS_CIQ_code/Head_search.asp?page=-1&word=6506'], // was 6: both lines 4
  ['CN', '650500', '8', 'https://htshub.com/cn-hs/compare-htscode/6505009900-6506100010'], // was 6: 6505009900 MFN 8
  ['CN', '960321', '8', 'https://china-gacc.agency/China_HS_CIQ_code/Head_search.asp?page=-1&word=9603'], // was 5
  ['CN', '961590', '6', 'https://china-gacc.agency/China_HS_code/China_HS_Search.asp?page=32&word=8'], // was 10
  ['CN', '392690', '10', ETC_BOTTLE], // was 6.5: 3926909090 MFN 10
  // 2024 provisional rate (MFN 3, provisional 2 on the 2024 page): checked for 2024 only.
  ['CN', '330510', '2', HTS_3305, '2024-06-30'],
];

test('each CN tariff row checked on 2026-12-05 gives the rate printed on the page its source names', () => {
  for (const [i, entry] of assertCheckedRates(CHECKED, DAY).entries()) assert.match(entry.note ?? '', /^Checked 2026-12-05 against /, `${CHECKED[i][1]} note`);
});

test('CN shampoo (3305.10): the 2024 provisional rate 2 % ends on 2024-12-31; from 2025 the legal MFN 3 % applies and is marked not re-verified', () => {
  const r2024 = tariffRate(shipped.CN!, '330510', '2024-12-31', 'FR');
  assert.equal(r2024.kind === 'rate' ? r2024.entry.duty.adValorem : r2024.kind, '2');
  const r2025 = tariffRate(shipped.CN!, '330510', '2025-01-01', 'FR');
  assert.equal(r2025.kind, 'rate');
  if (r2025.kind !== 'rate') return;
  assert.equal(r2025.entry.duty.adValorem, '3');
  assert.match(r2025.entry.note ?? '', /NOT re-verified/);
  assert.ok(r2025.entry.source.includes(HTS_3305));
});

test('CN leather handbag of RMB 6,000 (over the RMB 5,000 single-transaction limit) pays the MFN duty of 4202.21 in full: 6 % = 360.00', () => {
  // 6 %: 4202210090 MFN (e-to-china.com rendering of the China tariff, in cn.json); was 10 % before this check.
  const c: Case = { j: 'CN', at: '2026-12-05T02:00:00Z', items: [['420221', 1, '6000.00', 'IT']] };
  const a = assessRevenue(facts(c), context(c.at), shipped);
  assert.deepEqual(a.liabilities.filter((l) => l.type === 'duty').map((l) => [l.base, l.amount]), [['6000.00', '360.00']]);
});
