import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRuleSet } from '../../src/risk/rule-validate.js';
import { compileRuleSet, evaluateRules, RuleSetInvalidError } from '../../src/risk/rule-compile.js';
import { createDraft, editDraft, isInForce, LifecycleError, publish, retire, versionInForce } from '../../src/risk/rule-version.js';
import { addressKey, partyKey } from '../../src/risk/keys.js';
import type { RuleSet } from '../../src/risk/rule-types.js';
import { loadDefaultRuleSet } from '../../src/risk/reference.js';
import { context, declaration, facts } from './fixtures.js';

const rs = (rules: RuleSet['rules']): RuleSet => ({ id: 't', version: '1', rules });

test('an invalid rule is reported with the JSON pointer of the offending node', () => {
  const cases: [unknown, string, RegExp][] = [
    [rs([{ id: 'a', when: { field: 'value.itemsTotal', op: 'gt', value: 150 }, then: [{ type: 'score', points: 1 }] }]), '/rules/0/when/value', /decimal string/],
    [rs([{ id: 'a', when: { all: [{ field: 'mass.gross', op: 'gt', value: 1 }, { field: 'nope', op: 'eq', value: 1 }] }, then: [{ type: 'score', points: 1 }] }]), '/rules/0/when/all/1/field', /unknown field/],
    [rs([{ id: 'a', when: { field: 'route.transportMode', op: 'gt', value: 'air' }, then: [{ type: 'score', points: 1 }] }]), '/rules/0/when/op', /does not apply/],
    [rs([{ id: 'a', when: { field: 'mass.gross', op: 'gt', value: 1 }, then: [{ type: 'minLane', lane: 'purple' } as never] }]), '/rules/0/then/0/lane', /lane must be/],
    [rs([{ id: 'a', when: { window: { measure: 'sum', by: 'buyer', sameSeller: true, hours: 24, op: 'gt', value: '150.00' } }, then: [{ type: 'score', points: 1 }] }]), '/rules/0/when/window/currency', /currency/],
    [rs([{ id: 'a', when: { not: { party: { role: 'boss' as never, fact: 'known', op: 'eq', value: true } } }, then: [{ type: 'score', points: 1 }] }]), '/rules/0/when/not/party/role', /role/],
    [{ id: 't', version: '1', rules: [{ id: 'a', when: { field: 'mass.gross', op: 'gt', value: 1 }, then: [{ type: 'score', points: 1 }] }, { id: 'a', when: { field: 'mass.gross', op: 'gt', value: 1 }, then: [{ type: 'score', points: 1 }] }] }, '/rules/1/id', /duplicate/],
    [{ id: 't', version: '1', lanes: { yellow: 70, red: 60 }, rules: [] }, '/lanes', /above red/],
    [{ id: 't', version: '1', randomAudit: { rate: 1.5 }, rules: [] }, '/randomAudit/rate', /from 0 to 1/],
    [{ id: 't', version: '1', randomAudit: { rate: '0.01' }, rules: [] }, '/randomAudit/rate', /number/],
    [{ id: 't', version: '1', randomAudit: { rate: 0.01, seed: 3 }, rules: [] }, '/randomAudit/seed', /platform's/],
  ];
  for (const [json, path, message] of cases) {
    const r = validateRuleSet(json);
    assert.equal(r.ok, false, path);
    const e = r.errors.find((x) => x.path === path);
    assert.ok(e, `expected an error at ${path}, got ${JSON.stringify(r.errors)}`);
    assert.match(e.message, message);
  }
  assert.throws(() => compileRuleSet(cases[0][0] as RuleSet), RuleSetInvalidError);
});

test('the default published ruleset is valid and compiles', () => {
  const def = loadDefaultRuleSet();
  assert.deepEqual(validateRuleSet(def).errors, []);
  assert.ok(compileRuleSet(def).rules.length >= 15);
});

test('compiled rules report every hit with rule id and version, cheapest conditions first', () => {
  const compiled = compileRuleSet(rs([
    { id: 'over-30', when: { field: 'value.itemsTotal', op: 'gt', value: '30.00', currency: 'EUR' }, then: [{ type: 'score', points: 5 }] },
    { id: 'over-30-usd', when: { field: 'value.itemsTotal', op: 'gt', value: '30.00', currency: 'USD' }, then: [{ type: 'score', points: 5 }] },
    { id: 'headphones', when: { keywords: ['headphones'] }, then: [{ type: 'flagCheck', check: 'x-ray' }] },
    { id: 'cn-air', when: { all: [{ field: 'route.loadingCountry', op: 'eq', value: 'CN' }, { field: 'route.transportMode', op: 'in', value: ['air', 'post'] }] }, then: [{ type: 'score', points: 1 }] },
    { id: 'hs-85', when: { field: 'items.hsCodes', op: 'anyStartsWith', value: ['85'] }, then: [{ type: 'score', points: 1 }] },
    { id: 'not-b2c', when: { not: { field: 'transactionType', op: 'eq', value: 'B2C' } }, then: [{ type: 'score', points: 1 }] },
    { id: 'off', enabled: false, when: { field: 'items.count', op: 'gte', value: 1 }, then: [{ type: 'score', points: 1 }] },
    { id: 'quality', when: { field: 'quality.score', op: 'lt', value: 50 }, then: [{ type: 'score', points: 1 }] },
  ]));
  const hits = evaluateRules(compiled, facts(), context(), { qualityScore: () => 40 });
  assert.deepEqual(hits.map((h) => h.ruleId), ['over-30', 'headphones', 'cn-air', 'hs-85', 'quality']);
  assert.ok(hits.every((h) => h.version === '1'));
  // cheapest first: the quality field (cost 30) is evaluated after the property reads
  const costs = compiled.rules.map((r) => r.cost);
  assert.deepEqual(costs, [...costs].sort((a, b) => a - b));
  // short-circuit: an expensive second condition is not evaluated when the cheap one fails
  let calls = 0;
  const sc = compileRuleSet(rs([{ id: 'x', when: { all: [{ field: 'quality.score', op: 'lt', value: 50 }, { field: 'jurisdiction', op: 'eq', value: 'US' }] }, then: [{ type: 'score', points: 1 }] }]));
  evaluateRules(sc, facts(), context(), { qualityScore: () => { calls++; return 10; } });
  assert.equal(calls, 0);
});

test('window conditions count and sum the same buyer\'s recent parcels from the same seller', () => {
  const f = facts();
  const seller = partyKey(declaration().seller)!;
  const buyer = partyKey(declaration().buyer)!;
  const addr = addressKey(declaration().buyer!.address)!;
  const recent = [
    { consignmentId: 'r1', declaredAt: '2026-11-20T01:00:00Z', sellerKey: seller, buyerKey: buyer, addressKey: addr, itemsTotal: '60.00', currency: 'EUR' },
    { consignmentId: 'r2', declaredAt: '2026-11-19T20:00:00Z', sellerKey: seller, buyerKey: buyer, addressKey: addr, itemsTotal: '70.00', currency: 'EUR' },
    { consignmentId: 'r3', declaredAt: '2026-11-18T01:00:00Z', sellerKey: seller, buyerKey: buyer, addressKey: addr, itemsTotal: '70.00', currency: 'EUR' },
    { consignmentId: 'r4', declaredAt: '2026-11-20T02:00:00Z', sellerKey: 'other', buyerKey: buyer, addressKey: addr, itemsTotal: '70.00', currency: 'EUR' },
  ];
  const compiled = compileRuleSet(rs([
    { id: 'count3', when: { window: { measure: 'count', by: 'buyer', sameSeller: true, hours: 24, op: 'gte', value: 3 } }, then: [{ type: 'score', points: 1 }] },
    { id: 'count4', when: { window: { measure: 'count', by: 'buyer', sameSeller: true, hours: 24, op: 'gte', value: 4 } }, then: [{ type: 'score', points: 1 }] },
    { id: 'addr4', when: { window: { measure: 'count', by: 'address', sameSeller: false, hours: 24, op: 'gte', value: 4 } }, then: [{ type: 'score', points: 1 }] },
    // 39.99 + 60 + 70 = 169.99 > 150 in 24 h
    { id: 'sum150', when: { window: { measure: 'sum', by: 'buyer', sameSeller: true, hours: 24, op: 'gt', value: '150.00', currency: 'EUR' } }, then: [{ type: 'score', points: 1 }] },
    { id: 'sum170', when: { window: { measure: 'sum', by: 'buyer', sameSeller: true, hours: 24, op: 'gt', value: '170.00', currency: 'EUR' } }, then: [{ type: 'score', points: 1 }] },
  ]));
  assert.deepEqual(evaluateRules(compiled, f, context({ recent })).map((h) => h.ruleId), ['count3', 'addr4', 'sum150']);
});

test('party conditions read first-seen, history and finding rate', () => {
  const seller = partyKey(declaration().seller)!;
  const compiled = compileRuleSet(rs([
    { id: 'unknown', when: { party: { role: 'seller', fact: 'known', op: 'eq', value: false } }, then: [{ type: 'score', points: 1 }] },
    { id: 'young', when: { party: { role: 'seller', fact: 'ageDays', op: 'lt', value: 30 } }, then: [{ type: 'score', points: 1 }] },
    { id: 'bad', when: { party: { role: 'seller', fact: 'findingRate', op: 'gt', value: 0.3 } }, then: [{ type: 'score', points: 1 }] },
  ]));
  assert.deepEqual(evaluateRules(compiled, facts(), context()).map((h) => h.ruleId), ['unknown', 'young']);
  const parties = { [seller]: { key: seller, firstSeen: '2026-01-01T00:00:00Z', consignments: 40, inspected: 10, findings: 4 } };
  assert.deepEqual(evaluateRules(compiled, facts(), context({ parties })).map((h) => h.ruleId), ['bad']);
});

test('a ruleset version goes from draft to published to retired, with dates and authors', () => {
  const draft = createDraft(rs([{ id: 'a', when: { field: 'mass.gross', op: 'gt', value: 1 }, then: [{ type: 'score', points: 1 }] }]), 'analyst-1', '2026-01-01T00:00:00Z');
  assert.equal(draft.status, 'draft');
  assert.equal(isInForce(draft, '2026-02-01T00:00:00Z'), false);
  const bad = editDraft(draft, rs([{ id: 'a', when: { field: 'mass.gross', op: 'gt', value: 'x' }, then: [{ type: 'score', points: 1 }] }]));
  assert.throws(() => publish(bad, '2026-01-02T00:00:00Z', 'lead'), (e: unknown) => e instanceof LifecycleError && e.errors[0].path === '/rules/0/when/value');
  const pub = publish(draft, '2026-01-02T00:00:00Z', 'lead', '2026-01-03T00:00:00Z');
  assert.equal(pub.status, 'published');
  assert.equal(pub.publishedBy, 'lead');
  assert.throws(() => editDraft(pub, pub.ruleset), LifecycleError);
  assert.equal(isInForce(pub, '2026-01-02T12:00:00Z'), false);
  assert.equal(isInForce(pub, '2026-01-03T00:00:00Z'), true);
  const ret = retire(pub, '2026-03-01T00:00:00Z', 'lead');
  assert.equal(ret.status, 'retired');
  assert.equal(isInForce(ret, '2026-02-28T00:00:00Z'), true);
  assert.equal(isInForce(ret, '2026-03-01T00:00:00Z'), false);
  const v2 = publish(createDraft({ ...rs([]), version: '2' }, 'analyst-1', '2026-02-01T00:00:00Z'), '2026-02-10T00:00:00Z', 'lead');
  assert.equal(versionInForce([ret, v2], '2026-02-05T00:00:00Z')?.version, '1');
  assert.equal(versionInForce([ret, v2], '2026-02-11T00:00:00Z')?.version, '2');
});
