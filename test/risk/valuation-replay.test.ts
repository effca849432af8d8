/**
 * Back-testing recomputes with the recorded context (issue 4: "replays stored consignments ...
 * with the same pure functions and the recorded contexts"): the valuation reference of the day is
 * part of that context, so a replay after the live reference has moved on finds what the day found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtest } from '../../src/risk/backtest.js';
import { createRiskEngine, type RiskContext } from '../../src/risk/engine.js';
import { loadDefaultRuleSet } from '../../src/risk/reference.js';
import { ValuationReference } from '../../src/risk/valuation.js';
import { context, facts, items } from './fixtures.js';

test('a replay with the recorded valuation snapshot finds the undervaluation of the day, whatever the live reference learned since', () => {
  const live = new ValuationReference();
  for (let i = 0; i < 40; i++) live.observe({ hsCode: '610910', currency: 'EUR', unitPrice: (9 + (i % 10) * 0.2).toFixed(2), origin: 'CN' });
  const f = facts({ items: items({ unitPrice: '2.00' }) });
  const day: RiskContext = { ...context(), valuation: live.snapshotFor(f.declaration!.items, 'EUR') };
  const engine = createRiskEngine({ ruleset: loadDefaultRuleSet(), valuation: live });
  assert.ok(engine.assess(f, day).reasons.some((r) => r.code === 'undervaluation'));

  // later, cheap T-shirts became the norm: the live reference no longer finds 2.00 low
  for (let i = 0; i < 400; i++) live.observe({ hsCode: '610910', currency: 'EUR', unitPrice: (1.8 + (i % 10) * 0.05).toFixed(2), origin: 'CN' });
  assert.ok(!engine.assess(f, context()).reasons.some((r) => r.code === 'undervaluation'));

  // the back-test replays the recorded context, snapshot included, and finds it again
  const report = backtest(loadDefaultRuleSet(), [{ facts: f, context: JSON.parse(JSON.stringify(day)) as RiskContext }], { valuation: live });
  const replayed = createRiskEngine({ ruleset: loadDefaultRuleSet(), valuation: live }).assess(f, JSON.parse(JSON.stringify(day)) as RiskContext);
  assert.ok(replayed.reasons.some((r) => r.code === 'undervaluation'));
  assert.equal(report.decisions[0].score, replayed.score);
});
