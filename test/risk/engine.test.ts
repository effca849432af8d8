import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRiskEngine, type RiskContext } from '../../src/risk/engine.js';
import { backtest, backtestCompare, type BacktestRecord } from '../../src/risk/backtest.js';
import { loadDefaultRuleSet, loadSampleTrustedRegister, loadSampleWatchLists } from '../../src/risk/reference.js';
import { auditDraw, isAuditSelected } from '../../src/risk/random-audit.js';
import { adaptiveRedThreshold, emptyHistogram, recordScore } from '../../src/risk/capacity.js';
import { addressKey, partyKey } from '../../src/risk/keys.js';
import type { RuleSet } from '../../src/risk/rule-types.js';
import { context, declaration, facts, items } from './fixtures.js';

const scoreRule = (points: number, version = '1'): RuleSet => ({
  id: 'cap', version, lanes: { yellow: 30, red: 60 },
  rules: [{ id: 'points', description: 'fixed points for the test', when: { field: 'items.count', op: 'gte', value: 1 }, then: [{ type: 'score', points }] }],
});
const bare = { prohibited: false, dataQuality: false, reconciliation: false, splitting: false, parties: false } as const;

test('releases a low-risk IOSS consignment green with the explanation of every check', () => {
  const engine = createRiskEngine({ ruleset: loadDefaultRuleSet(), watchLists: loadSampleWatchLists() });
  const seller = partyKey(declaration().seller)!;
  const buyer = partyKey(declaration().buyer)!;
  const parties = { [seller]: { key: seller, firstSeen: '2025-01-01T00:00:00Z', consignments: 900, inspected: 20, findings: 0 }, [buyer]: { key: buyer, firstSeen: '2025-01-01T00:00:00Z', consignments: 12, inspected: 0, findings: 0 } };
  const a = engine.assess(facts(), context({ parties }));
  assert.equal(a.lane, 'green', JSON.stringify(a.reasons));
  assert.equal(a.score, 0);
  assert.deepEqual(a.referrals, []);
  assert.equal(a.preLoading, undefined);
});

test('a watch-list match, a prohibited good and a rule hit each appear in the explanation and the score', () => {
  const engine = createRiskEngine({ ruleset: loadDefaultRuleSet(), watchLists: loadSampleWatchLists() });
  const f = facts({ seller: { name: 'Shenzen Bright Star Trading Company', address: { street: '88 Huaqiang N Rd', city: 'Shenzhen', postcode: '518031', country: 'CN' } }, items: items({ description: 'Ivory bracelet', hsCode: '960110', unitPrice: '20.00' }), invoice: { currency: 'EUR', itemsTotal: '20.00' } });
  const a = engine.assess(f, context());
  const list = a.reasons.find((r) => r.code === 'watchlist-match');
  assert.ok(list && (list.matched as { entryId: string }).entryId === 'OFF-1' && (list.measured as number) >= 0.85);
  const cites = a.reasons.find((r) => r.code === 'restricted-goods');
  assert.ok(cites, JSON.stringify(a.reasons.map((r) => r.code)));
  assert.deepEqual(a.referrals.map((r) => r.agency), ['cites']);
  assert.equal(a.lane, 'agency');
  const sum = a.reasons.reduce((s, r) => s + (r.score ?? 0), 0);
  assert.equal(a.score, Math.round(sum * 10) / 10, 'the score is the sum of the reasons\' points');
});

test('a listed party named as both seller and consignor counts once in the score', () => {
  const engine = createRiskEngine({ ruleset: loadDefaultRuleSet(), watchLists: loadSampleWatchLists() });
  const listed = { name: 'Shenzen Bright Star Trading Company', address: { street: '88 Huaqiang N Rd', city: 'Shenzhen', postcode: '518031', country: 'CN' } };
  const once = engine.assess(facts({ seller: listed }), context());
  const twice = engine.assess(facts({ seller: listed, consignor: listed }), context());
  const matches = twice.reasons.filter((r) => r.code === 'watchlist-match');
  assert.equal(matches.length, 2, 'both roles are explained');
  assert.equal(matches.filter((r) => (r.score ?? 0) > 0).length, 1, 'one carries the points');
  assert.match(matches.find((r) => r.score === 0)!.message, /counted once/);
  const points = (a: typeof once) => a.reasons.filter((r) => r.code === 'watchlist-match').reduce((s, r) => s + (r.score ?? 0), 0);
  assert.equal(points(twice), points(once));
});

test('the red threshold adapts to inspection capacity and defers, never silently releases, beyond it', () => {
  const engine = createRiskEngine({ ruleset: scoreRule(70), ...bare });
  const base: RiskContext = context({ now: '2026-11-20T12:00:00Z' });
  assert.equal(engine.assess(facts(), base).lane, 'red');
  const full = engine.assess(facts(), { ...base, inspections: { location: 'BEBRU', date: '2026-11-20', capacity: 40, used: 40 } });
  assert.equal(full.lane, 'yellow');
  assert.equal(full.deferred, true);
  const reason = full.reasons.find((r) => r.code === 'capacity-deferred');
  assert.ok(reason);
  assert.equal(reason.measured, 70);
  // half the day gone, 1,000 scores seen of which 100 at 70 and 20 at 90: 1,000 more expected in the rest of the day;
  // 10 inspections left fit the 20 expected at 90? No (20 > 10) → threshold is the top score seen, 90.
  let h = emptyHistogram('BEBRU', '2026-11-20');
  for (let i = 0; i < 880; i++) h = recordScore(h, 10);
  for (let i = 0; i < 100; i++) h = recordScore(h, 70);
  for (let i = 0; i < 20; i++) h = recordScore(h, 90);
  assert.equal(adaptiveRedThreshold({ base: 60, capacity: 50, used: 40, dayFraction: 0.5, seen: h }).threshold, 90);
  // 150 left: the 120 expected at ≥ 60 all fit → the base threshold stands; 110 left: the 120 at ≥ 70 do not fit, the 20 at ≥ 71 do
  assert.equal(adaptiveRedThreshold({ base: 60, capacity: 200, used: 50, dayFraction: 0.5, seen: h }).threshold, 60);
  assert.equal(adaptiveRedThreshold({ base: 60, capacity: 160, used: 50, dayFraction: 0.5, seen: h }).threshold, 71);
  const ctx = { ...base, inspections: { location: 'BEBRU', date: '2026-11-20', capacity: 50, used: 40 }, scoresSeen: h };
  const deferred = engine.assess(facts(), ctx);
  assert.equal(deferred.deferred, true);
  assert.equal(deferred.redThreshold, 90);
  const top = createRiskEngine({ ruleset: scoreRule(95), ...bare }).assess(facts(), ctx);
  assert.equal(top.lane, 'red');
  assert.equal(top.deferred, false);
});

test('random audit draws are deterministic in (consignment, ruleset version, seed) and hit the configured rate', () => {
  assert.equal(auditDraw('C-1', 'v1', 7), auditDraw('C-1', 'v1', 7));
  assert.notEqual(auditDraw('C-1', 'v1', 7), auditDraw('C-1', 'v2', 7));
  assert.notEqual(auditDraw('C-1', 'v1', 7), auditDraw('C-1', 'v1', 8));
  let n = 0;
  for (let i = 0; i < 20000; i++) if (isAuditSelected(`C-${i}`, 'v1', 42, 0.05)) n++;
  assert.ok(Math.abs(n / 20000 - 0.05) < 0.006, `rate ${n / 20000}`);
  const engine = createRiskEngine({ ruleset: scoreRule(0), ...bare, randomAudit: { rate: 0.05, seed: 42 } });
  const picked = Array.from({ length: 400 }, (_, i) => `C-${i}`).filter((id) => engine.assess(facts({}, id), context()).randomAudit);
  const again = Array.from({ length: 400 }, (_, i) => `C-${i}`).filter((id) => engine.assess(facts({}, id), context()).randomAudit);
  assert.deepEqual(picked, again);
  assert.ok(picked.length > 5);
  assert.equal(engine.assess(facts({}, picked[0]), context()).lane, 'red');
});

test("a ruleset version's own random audit rate overrides the engine's, and the draw stays that version's", () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `R-${i}`);
  const audited = (engine: ReturnType<typeof createRiskEngine>) => ids.filter((id) => engine.assess(facts({}, id), context()).randomAudit);
  const engineRate = createRiskEngine({ ruleset: scoreRule(0, '7'), ...bare, randomAudit: { rate: 0.01, seed: 42 } });
  const versionRate = engineRate.withRuleset({ ...scoreRule(0, '7'), randomAudit: { rate: 0.2 } });
  const none = engineRate.withRuleset({ ...scoreRule(0, '7'), randomAudit: { rate: 0 } });
  const low = audited(engineRate);
  const high = audited(versionRate);
  assert.ok(low.length > 5 && low.length < 45, `${low.length} of 2000 at the engine's 1 %`);
  assert.ok(high.length > 340 && high.length < 460, `${high.length} of 2000 at the version's 20 %`);
  // The same draw (consignment, version, seed) against a higher rate: every parcel picked at 1 % is picked at 20 %.
  assert.ok(low.every((id) => high.includes(id)));
  assert.deepEqual(audited(none), []);
  const reason = versionRate.assess(facts({}, high[0]), context()).reasons.find((r) => r.code === 'random-audit');
  assert.deepEqual([reason?.threshold, reason?.version], [0.2, '7']);
  // An engine with no rate of its own audits at the version's rate.
  const bareEngine = createRiskEngine({ ruleset: { ...scoreRule(0, '7'), randomAudit: { rate: 1 } }, ...bare });
  assert.equal(bareEngine.assess(facts({}, 'R-x'), context()).lane, 'red');
});

test('a trusted trader gets a lower score and a lower random-audit rate; poor compliance suspends it', () => {
  const trusted = { register: loadSampleTrustedRegister() };
  const engine = createRiskEngine({ ruleset: scoreRule(40), ...bare, trusted, randomAudit: { rate: 0.2, seed: 1 } });
  const ids = Array.from({ length: 2000 }, (_, i) => `T-${i}`);
  const plain = createRiskEngine({ ruleset: scoreRule(40), ...bare, randomAudit: { rate: 0.2, seed: 1 } });
  const a = engine.assess(facts({}, 'T-x'), context());
  assert.equal(a.trusted, true);
  assert.equal(a.score, 25);
  const auditedTrusted = ids.filter((id) => engine.assess(facts({}, id), context()).randomAudit).length;
  const audited = ids.filter((id) => plain.assess(facts({}, id), context()).randomAudit).length;
  assert.ok(auditedTrusted < audited * 0.65, `${auditedTrusted} vs ${audited}`);
  const parties = { 'id:IM5280000001': { key: 'id:IM5280000001', consignments: 10000, inspected: 100, findings: 12 } };
  const review = engine.assess(facts({}, 'T-x'), context({ parties }));
  assert.equal(review.trusted, false);
  assert.ok(review.reasons.some((r) => r.code === 'trusted-compliance-review'));
});

test('splitting across parcels to the same buyer from the same seller is flagged with the sum and threshold', () => {
  const engine = createRiskEngine({ ruleset: scoreRule(0), prohibited: false, dataQuality: false, reconciliation: false, parties: false });
  const d = declaration({ invoice: { currency: 'EUR', itemsTotal: '120.00' } });
  const recent = [{ consignmentId: 'R1', declaredAt: '2026-11-19T10:00:00Z', sellerKey: partyKey(d.seller)!, buyerKey: 'someone-else', addressKey: addressKey(d.buyer!.address)!, itemsTotal: '90.00', currency: 'EUR' }];
  const a = engine.assess(facts({ invoice: { currency: 'EUR', itemsTotal: '120.00' } }), context({ recent }));
  const r = a.reasons.find((x) => x.code === 'splitting-suspected');
  assert.ok(r);
  assert.equal((r.measured as { sum: string }).sum, '210.00');
  assert.equal((r.threshold as { amount: string }).amount, '150.00');
});

test('pre-loading outcomes: request for information, screening and do not load', () => {
  const rs: RuleSet = { id: 'pl', version: '1', rules: [
    { id: 'dnl', when: { keywords: ['detonator'] }, then: [{ type: 'doNotLoad' }] },
  ] };
  const engine = createRiskEngine({ ruleset: rs, reconciliation: false, splitting: false, parties: false });
  const pre = (description: string, hsCode: string) => ({ id: 'P', jurisdiction: 'EU' as const, preLoading: { transportDocument: { type: 'hawb', number: '1' }, transportMode: 'air' as const, grossMassKg: 1, consignor: { name: 'A Co', address: { country: 'CN' } }, consignee: { name: 'B', address: { street: 's', country: 'NL' } }, items: [{ line: 1, description, hsCode }] }, preLoadedAt: '2026-11-20T00:00:00Z', orders: [], payments: [], inspections: [], agencyDecisions: [] });
  assert.equal(engine.assess(pre('Cotton T-shirt', '610910'), context()).preLoading, 'assessment-complete');
  assert.equal(engine.assess(pre('gift', '610910'), context()).preLoading, 'request-for-information');
  assert.equal(engine.assess(pre('Airsoft pistol', '930400'), context()).preLoading, 'request-for-screening');
  assert.equal(engine.assess(pre('Electric detonator', '360300'), context()).preLoading, 'do-not-load');
});

test('the model hook adds its probability times the weight to the score, with its reasons', () => {
  const engine = createRiskEngine({ ruleset: scoreRule(0), ...bare, model: () => ({ probability: 0.5, reasons: [{ code: 'feature:value', source: 'model', message: 'value contributes' }] }) });
  const a = engine.assess(facts(), context({ versions: { model: 'm-3' } }));
  assert.equal(a.score, 20);
  assert.ok(a.reasons.some((r) => r.code === 'model-score' && r.version === 'm-3'));
  assert.ok(a.reasons.some((r) => r.code === 'feature:value'));
});

test('a new ruleset version takes effect on the next consignment without a restart; shadow records without acting', () => {
  const live = createRiskEngine({ ruleset: scoreRule(10, '1'), ...bare });
  assert.equal(live.assess(facts(), context()).lane, 'green');
  const next = live.withRuleset(scoreRule(65, '2'));
  const a = next.assess(facts(), context());
  assert.equal(a.lane, 'red');
  assert.equal(a.rulesetVersion, '2');
  const s = live.assessWithShadow(facts(), context(), scoreRule(65, '2'));
  assert.equal(s.live.lane, 'green');
  assert.equal(s.shadow.lane, 'red');
  assert.equal(s.differs, true);
});

test('back-testing the live version gives the live decisions, whatever a stored decision says', () => {
  const config = { watchLists: loadSampleWatchLists() };
  const ruleset = loadDefaultRuleSet();
  const engine = createRiskEngine({ ruleset, ...config });
  const records: BacktestRecord[] = [
    { facts: facts({}, 'B1'), context: context(), outcome: { positive: false } },
    { facts: facts({ items: items({ description: 'Ivory carving', hsCode: '960110' }) }, 'B2'), context: context(), outcome: { positive: true, findings: ['prohibited'] } },
    { facts: facts({ items: items({ description: 'Gift', hsCode: '999999', unitPrice: '1.00' }), grossMassKg: 9, invoice: { currency: 'EUR', itemsTotal: '1.00' } }, 'B3'), context: context({ now: '2026-11-21T10:00:00Z' }), outcome: { positive: true, findings: ['undervaluation'] } },
    { facts: facts({}, 'B4'), context: context(), outcome: { positive: true, findings: ['ipr'] } },
  ];
  // a corrupted stored decision travels with the record; the back-test must not read it
  (records[0] as BacktestRecord & { decision: unknown }).decision = { lane: 'red', score: 999 };
  const report = backtest(ruleset, records, config);
  const liveLanes = records.map((r) => engine.assess(r.facts, r.context).lane);
  assert.deepEqual(report.decisions.map((d) => d.lane), liveLanes);
  assert.equal(report.consignments, 4);
  assert.equal(report.outcomes.positives, 3);
  assert.equal(report.outcomes.caught + report.outcomes.missed, 3);
  assert.equal(report.outcomes.byFinding.prohibited.caught, 1);
  assert.equal(report.outcomes.byFinding.ipr.caught, 0);
  assert.equal(report.lanes.green + report.lanes.yellow + report.lanes.red + report.lanes.agency, 4);
  const cmp = backtestCompare(ruleset, scoreRule(65, 'draft'), records, config);
  assert.ok(cmp.laneChanges.length > 0);
  assert.equal(cmp.draft.inspectionsPerDay['2026-11-20'] >= 1, true);
});
