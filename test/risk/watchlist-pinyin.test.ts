/**
 * Chinese names in characters are found on watch lists kept in Pinyin (issue 4: tolerant
 * matching "transliteration"; readings from the Unicode Han Database kMandarin, UAX #38,
 * https://www.unicode.org/reports/tr38/; name orthography GB/T 28039-2011).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { romaniseHan } from '../../src/risk/pinyin.js';
import { buildWatchIndex, matchParty, type WatchList } from '../../src/risk/watchlist.js';

const AT = '2026-11-20T08:15:00Z';
const LIST: WatchList = {
  id: 'test-cn', name: 'Test list', source: 'test', points: 40, validFrom: '2020-01-01T00:00:00Z',
  entries: [
    { id: 'P-1', kind: 'person', name: 'Wang Xiaoming', reason: 'test', validFrom: '2020-01-01T00:00:00Z' },
    { id: 'O-1', kind: 'organisation', name: 'Shenzhen Xinda Trading Co., Ltd.', reason: 'test', validFrom: '2020-01-01T00:00:00Z' },
  ],
};

test('Chinese names are romanised as Pinyin names are written: surname apart, given name as one word', () => {
  // expected readings: 王 wang, 小 xiao, 明 ming; 深圳 shenzhen; 新 xin, 达 da; 有限公司 = Co., Ltd.
  assert.equal(romaniseHan('王小明').trim().split(/\s+/).join(' '), 'wang xiaoming');
  assert.equal(romaniseHan('深圳新达贸易有限公司').trim().split(/\s+/).join(' '), 'shenzhen xinda trading co ltd');
  assert.equal(romaniseHan('Anna de Vries'), 'Anna de Vries');
});

test('a person and a company written in characters match their Pinyin watch-list entries', () => {
  const index = buildWatchIndex([LIST]);
  const person = matchParty(index, { name: '王小明' }, AT);
  assert.deepEqual(person.map((m) => m.entry.id), ['P-1']);
  const company = matchParty(index, { name: '深圳新达贸易有限公司' }, AT);
  assert.deepEqual(company.map((m) => m.entry.id), ['O-1']);
  // another person with the same surname is not a match
  assert.deepEqual(matchParty(index, { name: '王建国' }, AT), []);
});
