/**
 * Ruleset versions through the real server: validation with the JSON pointer of the bad node,
 * publication taking effect on the next consignment without a restart, a shadow version recorded
 * without acting, and back-testing that recomputes lanes even when a stored decision is corrupted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.js';
import { riskRoutes } from '../../src/api/risk-routes.js';
import type { Assessment, AssessmentPolicy } from '../../src/clearance/seam.js';
import { loadEngines, type Engines } from '../../src/platform/engines.js';
import { backtestVersion, riskRulesPolicy, RiskRules, type AssessmentWithShadow } from '../../src/platform/risk-rules.js';
import type { RuleSet } from '../../src/risk/index.js';
import type { RiskAssessment } from '../../src/risk/engine.js';
import { example, harness, postgresAvailable, type Harness, type StoreKind } from '../helpers.js';

/** Every declared consignment is referred to an agency: a rule that certainly changes the example's lane (red or yellow by default). */
const redForChina: RuleSet = {
  id: 'luxor-test', version: '2', lanes: { yellow: 30, red: 60 },
  rules: [{ id: 'all-agency', description: 'every declaration to the health agency', when: { field: 'has.declaration', op: 'eq', value: true }, then: [{ type: 'refer', agency: 'AGENCY-HEALTH', reason: 'test' }] }],
};

let n = 0;
function declaration(): { message: Record<string, unknown>; td: string } {
  n++;
  const m = example('declaration-eu-over-150.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture edits
  const td = `HAWBRISK${n}`;
  m.messageId = `risk-${n}`;
  m.consignment.transportDocument.number = td;
  m.consignment.order.id = `ORD-RISK-${n}`;
  return { message: m, td };
}

const kinds: StoreKind[] = ['sqlite', ...((await postgresAvailable()) ? ['postgres' as const] : [])];

for (const kind of kinds) describe(`risk rules registry and API on ${kind}`, () => {
  let h: Harness;
  let app: FastifyInstance;
  let engines: Engines;
  let rules: RiskRules;
  const seen: AssessmentWithShadow[] = [];
  // The engines' verdict, with what the seam's narrower type leaves out.
  const lastRisk = () => seen[seen.length - 1].risk as RiskAssessment | undefined;
  const call = async (method: string, url: string, key: string | undefined, body?: unknown) => {
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await app.inject({ method: method as 'GET', url, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are inspected freely
  };
  const declare = async (): Promise<{ lane: string; td: string }> => {
    const { message, td } = declaration();
    const r = await h.request('POST', '/v1/messages', h.keys.DE9876543210, message);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return { lane: r.body.lane as string, td };
  };

  before(async () => {
    engines = loadEngines({ randomAuditRate: 0 });
    const inner = riskRulesPolicy(engines, () => rules);
    // Keeps every assessment so the test can read the shadow result the platform was handed.
    const policy: AssessmentPolicy = { ...inner, assess(f, c): Assessment { const a = inner.assess(f, c); seen.push(a as AssessmentWithShadow); return a; } };
    h = await harness({ policy, kind });
    rules = await RiskRules.open(h.store, engines.risk);
    app = await buildServer({ platform: h.platform, extensions: riskRoutes({ rules, engines }) });
  });
  after(async () => { await app.close(); await h.close(); });

  it('refuses an invalid rule with LUX_ERR_FIELD_INVALID and the JSON pointer of the node', async () => {
    const bad = { ...redForChina, rules: [{ ...redForChina.rules[0], when: { field: 'has.declaration', op: 'gt', value: true } }] };
    const r = await call('POST', '/v1/risk/rulesets/validate', h.keys.ANALYST, bad);
    assert.deepEqual([r.status, r.body.code], [422, 'LUX_ERR_FIELD_INVALID']);
    assert.match(JSON.stringify(r.body), /\/rules\/0\/when/);
    const ok = await call('POST', '/v1/risk/rulesets/validate', h.keys.ANALYST, redForChina);
    assert.deepEqual([ok.status, ok.body.ok], [200, true]);
  });

  it('lets only risk analysts draft and publish', async () => {
    const denied = await call('POST', '/v1/risk/rulesets', h.keys['OFFICER-1'], redForChina);
    assert.equal(denied.status, 403);
  });

  it('refuses to publish an invalid draft, pointing into the ruleset', async () => {
    const draft = await call('POST', '/v1/risk/rulesets', h.keys.ANALYST, { ...redForChina, version: 'bad', rules: [{ id: 'x', when: { field: 'nope', op: 'eq', value: 1 }, then: [] }] });
    assert.deepEqual([draft.status, draft.body.valid], [201, false]);
    const pub = await call('POST', '/v1/risk/rulesets/luxor-test/bad/publish', h.keys.ANALYST, {});
    assert.deepEqual([pub.status, pub.body.code], [422, 'LUX_ERR_FIELD_INVALID']);
    assert.match(JSON.stringify(pub.body), /\/ruleset\/rules\/0/);
  });

  it('records the shadow version without acting, then applies a published version to the next consignment without a restart', async () => {
    const before = await declare();
    assert.notEqual(before.lane, 'agency', 'the default ruleset does not refer the example, or the test proves nothing');

    const draft = await call('POST', '/v1/risk/rulesets', h.keys.ANALYST, redForChina);
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    const shadow = await call('PUT', '/v1/risk/shadow', h.keys.ANALYST, { rulesetId: 'luxor-test', version: '2' });
    assert.equal(shadow.status, 200, JSON.stringify(shadow.body));
    const shadowed = await declare();
    const last = seen[seen.length - 1];
    // The lane of a second parcel may differ from the first (the seller now has history): compare with the live assessment.
    assert.notEqual(shadowed.lane, 'agency', 'the shadow version must not change the lane');
    assert.equal(last.risk?.minLane, (last as { risk?: { lane?: string } }).risk?.lane);
    assert.notEqual(last.risk?.minLane, 'agency');
    assert.deepEqual([last.shadow?.rulesetVersion, last.shadow?.lane, last.shadow?.differs], ['2', 'agency', true]);
    await call('PUT', '/v1/risk/shadow', h.keys.ANALYST, { rulesetId: null });

    const pub = await call('POST', '/v1/risk/rulesets/luxor-test/2/publish', h.keys.ANALYST, { validTo: '2100-01-01T00:00:00Z' });
    assert.deepEqual([pub.status, pub.body.status, pub.body.publishedBy, pub.body.validFrom, pub.body.validTo], [200, 'published', 'ANALYST', pub.body.publishedAt, '2100-01-01T00:00:00Z'], JSON.stringify(pub.body));
    const afterPublish = await declare();
    assert.equal(afterPublish.lane, 'agency');
    const list = await call('GET', '/v1/risk/rulesets', h.keys.ANALYST);
    assert.deepEqual(list.body.live, { rulesetId: 'luxor-test', version: '2' });

    // A second registry over the same store sees the same version in force: it is persisted.
    const reopened = await RiskRules.open(h.store, engines.risk);
    assert.equal(reopened.liveAt(new Date().toISOString()).ruleset.version, '2');

    const retired = await call('POST', '/v1/risk/rulesets/luxor-test/2/retire', h.keys.ANALYST);
    assert.equal(retired.body.status, 'retired');
    const afterRetire = await declare();
    assert.notEqual(afterRetire.lane, 'agency');
  });

  it('sets the random audit rate by publishing a version: it applies to the next consignment, and a bad rate is refused with its pointer', async () => {
    const bad = await call('POST', '/v1/risk/rulesets/validate', h.keys.ANALYST, { ...redForChina, version: '3', randomAudit: { rate: 2 } });
    assert.deepEqual([bad.status, bad.body.code], [422, 'LUX_ERR_FIELD_INVALID']);
    assert.match(JSON.stringify(bad.body), /\/randomAudit\/rate/);
    const plain = await declare();
    assert.equal(lastRisk()?.randomAudit, false, `the engine's own rate is 0 here (lane ${plain.lane})`);
    // Every consignment audited: a rate no one would publish, so that one parcel proves it.
    const everyOne: RuleSet = { id: 'luxor-test', version: '3', lanes: { yellow: 30, red: 60 }, randomAudit: { rate: 1 }, rules: [] };
    assert.equal((await call('POST', '/v1/risk/rulesets', h.keys.ANALYST, everyOne)).status, 201);
    assert.equal((await call('POST', '/v1/risk/rulesets/luxor-test/3/publish', h.keys.ANALYST, {})).status, 200);
    const audited = await declare();
    assert.deepEqual([audited.lane, lastRisk()?.randomAudit, lastRisk()?.rulesetVersion], ['red', true, '3']);
    assert.equal((await call('POST', '/v1/risk/rulesets/luxor-test/3/retire', h.keys.ANALYST)).body.status, 'retired');
    await declare();
    assert.equal(lastRisk()?.randomAudit, false);
  });

  it('back-tests the live versions to the lanes the live path gave, even after a stored decision was corrupted', async () => {
    const lanes = new Map<string, string>();
    for (const e of await collect(h)) lanes.set(e.consignmentId, e.lane);
    assert.ok(lanes.size >= 3);
    assert.ok(new Set(lanes.values()).size >= 2, 'decisions in more than one lane are needed');
    const changed = await h.store.tamper(`UPDATE events SET payload = replace(payload, '"lane":"red"', '"lane":"green"') WHERE type = 'decision'`);
    assert.ok(changed > 0);
    const r = await backtestVersion(rules, h.store, 'luxor-test', '2', { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }, engines);
    assert.equal(r.live.consignments, lanes.size);
    for (const d of r.live.decisions) assert.equal(d.lane, lanes.get(d.consignmentId), d.consignmentId);
    // The candidate refers every one of them.
    assert.equal(r.candidate.lanes.agency, lanes.size);
    const api = await call('POST', '/v1/risk/rulesets/luxor-test/2/backtest', h.keys.ANALYST, { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' });
    assert.equal(api.status, 200, JSON.stringify(api.body));
    assert.deepEqual(api.body.live.lanes, r.live.lanes);
  });
});

/** The lanes decided, read before any tampering (one decision per consignment here). */
async function collect(h: Harness): Promise<{ consignmentId: string; lane: string }[]> {
  const out: { consignmentId: string; lane: string }[] = [];
  for await (const e of h.store.allEvents()) {
    if (e.type !== 'decision' || !e.consignmentId) continue;
    out.push({ consignmentId: e.consignmentId, lane: (JSON.parse(e.payload) as { decision: { lane: string } }).decision.lane });
  }
  return out;
}
