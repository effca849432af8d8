/** Properties over generated consignments: totals add up as rounded, nothing negative, no float artefacts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from '../../src/domain/decimal.js';
import { assessRevenue } from '../../src/revenue/assess-revenue.js';
import type { Jurisdiction } from '../../src/domain/message.js';
import { context, facts, shipped, type Case } from './helpers.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

test('over 2,000 generated consignments the total equals the sum of the liabilities, none negative, none with float artefacts', () => {
  const next = rng(42);
  const js: [Jurisdiction, string, string[]][] = [
    ['EU', 'NL', ['610910', '851830', '392690', '640411', '910211']], ['GB', 'GB', ['610910', '392690', '640411']],
    ['AU', 'AU', ['610910', '640411', '9503']], ['CA', 'ON', ['610910', '392690', '640411']],
    ['US', 'US', ['610910', '851830', '392690']], ['CN', 'CN', ['851830', '330499']],
  ];
  const dates = ['2025-03-03T10:00:00Z', '2025-06-02T10:00:00Z', '2025-09-01T10:00:00Z', '2026-03-02T10:00:00Z', '2026-08-03T10:00:00Z'];
  const money = /^\d+\.\d{2}$/;
  for (let i = 0; i < 2000; i++) {
    const [j, region, codes] = js[Math.floor(next() * js.length)];
    const n = 1 + Math.floor(next() * 3);
    const items: Case['items'] = [];
    for (let k = 0; k < n; k++) items.push([codes[Math.floor(next() * codes.length)], 1 + Math.floor(next() * 3), (Math.floor(next() * 60000) / 100).toFixed(2), next() < 0.5 ? 'CN' : 'VN']);
    const c: Case = { j, to: j === 'EU' ? region : undefined, region, at: dates[Math.floor(next() * dates.length)], items, transport: (Math.floor(next() * 3000) / 100).toFixed(2), mode: next() < 0.3 ? 'post' : 'air' };
    const a = assessRevenue(facts(c), context(c.at), shipped);
    const sum = a.liabilities.reduce((s, l) => s.add(Decimal.parse(l.amount)), Decimal.ZERO);
    assert.equal(a.total, sum.round(2).toString(), JSON.stringify(c));
    assert.ok(money.test(a.total) && money.test(a.due), a.total);
    for (const l of a.liabilities) {
      assert.ok(money.test(l.amount), `${l.type} ${l.amount}`);
      assert.ok(!Decimal.parse(l.amount).isNegative());
      assert.ok(!/e|0000000/.test(l.base), l.base);
    }
    assert.ok(Decimal.parse(a.due).lte(Decimal.parse(a.total)));
  }
});
