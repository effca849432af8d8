/**
 * Description and HS code agree (FoS Technical Specifications 2.2.2, 8.1.3; 2022 FoS Standard 3):
 * beside the chapter-level check of data-quality.json, each subheading learns what its goods are
 * usually called, and a line whose words are mostly unknown there is asked what the goods are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtest } from '../../src/risk/backtest.js';
import { contentWords, DescriptionReference, observeDeclaredDescriptions } from '../../src/risk/description-reference.js';
import { createRiskEngine, type RiskContext } from '../../src/risk/engine.js';
import { loadDefaultRuleSet } from '../../src/risk/reference.js';
import type { ConsignmentFacts } from '../../src/clearance/seam.js';
import { context, declaration, facts, items } from './fixtures.js';

/** 60 honest jewellery descriptions under 7117.19, as the simulator's catalogue words them. */
function jewellery(ref: DescriptionReference, n = 60): void {
  for (let i = 0; i < n; i++) ref.observe('711719', i % 2 ? 'Stainless steel necklace with pendant' : 'Zinc alloy earrings, gold-plated, 3 pairs');
}

test('content words are folded, without filler, numbers, short words or a plural s', () => {
  assert.deepEqual(contentWords('Zinc alloy Earrings, gold-plated, 3 pairs'), ['zinc', 'alloy', 'earring', 'gold', 'plated']);
  assert.deepEqual(contentWords('Crème de beauté pour les mains, 50 ml'), ['creme', 'beaute', 'main']);
  assert.deepEqual(contentWords('Glass vase'), ['glass', 'vase']);
});

test('a keychain multi-tool declared as imitation jewellery is asked what it is; a necklace is not', () => {
  const ref = new DescriptionReference();
  jewellery(ref);
  const odd = ref.unusual('71171900', 'Stainless steel keychain multi-tool');
  assert.ok(odd);
  assert.equal(odd.subheading, '711719');
  assert.equal(odd.samples, 60);
  assert.equal(odd.knownFraction, 2 / 5); // stainless, steel of stainless, steel, keychain, multi, tool
  assert.equal(ref.unusual('711719', 'Gold-plated necklace'), undefined);
});

test('a subheading says nothing until it has seen minSamples descriptions', () => {
  const ref = new DescriptionReference({ minSamples: 50 });
  jewellery(ref, 49);
  assert.equal(ref.check('711719', 'Stainless steel keychain multi-tool'), undefined);
  ref.observe('711719', 'Stainless steel necklace with pendant');
  assert.ok(ref.check('711719', 'Stainless steel keychain multi-tool'));
});

test('at the window every count is halved: memory stays bounded and old wording fades', () => {
  const ref = new DescriptionReference({ window: 100, minSamples: 10 });
  for (let i = 0; i < 99; i++) ref.observe('330300', 'Eau de parfum for women');
  assert.equal(ref.check('330300', 'Perfume')?.samples, 99);
  ref.observe('330300', 'Eau de parfum for women');
  assert.equal(ref.check('330300', 'Eau de parfum')?.samples, 50);
  assert.equal(ref.check('330300', 'Eau de parfum')?.words[0].share, 1);
});

test('declarations the assessment doubted do not teach the reference', () => {
  const ref = new DescriptionReference({ minSamples: 1 });
  const f = facts({ items: items({ description: 'Stainless steel keychain multi-tool', hsCode: '711719' }) });
  observeDeclaredDescriptions(ref, f, [{ code: 'description-unusual-for-subheading' }]);
  assert.equal(ref.check('711719', 'keychain'), undefined);
  observeDeclaredDescriptions(ref, f, [{ code: 'buyer-first-time' }]);
  assert.equal(ref.check('711719', 'keychain')?.knownFraction, 1);
});

test('the engine puts the finding in the yellow lane with its question, and a back-test replays the day\'s snapshot', () => {
  const live = new DescriptionReference();
  jewellery(live);
  const f = facts({ items: items({ description: 'Stainless steel keychain multi-tool', hsCode: '711719', unitPrice: '18.00' }) });
  const day: RiskContext = { ...context(), descriptions: live.snapshotFor(f.declaration!.items) };
  const engine = createRiskEngine({ ruleset: loadDefaultRuleSet(), descriptions: live });
  const a = engine.assess(f, day);
  const reason = a.reasons.find((r) => r.code === 'description-unusual-for-subheading');
  assert.ok(reason, JSON.stringify(a.reasons.map((r) => r.code)));
  assert.match(reason.message, /^line 1: .*never seen there: keychain, multi, tool/);
  assert.notEqual(a.lane, 'green');
  assert.ok(a.requestsForInformation.some((q) => q.includes('what the goods are')), JSON.stringify(a.requestsForInformation));

  // later the multi-tool wording became common under 7117.19: the live reference no longer asks
  for (let i = 0; i < 200; i++) live.observe('711719', 'Stainless steel keychain multi-tool');
  assert.ok(!engine.assess(f, context()).reasons.some((r) => r.code === 'description-unusual-for-subheading'));

  // the recorded snapshot (through JSON, as stored) still finds what the day found
  const recorded = JSON.parse(JSON.stringify(day)) as RiskContext;
  const report = backtest(loadDefaultRuleSet(), [{ facts: f, context: recorded }], { descriptions: live });
  assert.ok(createRiskEngine({ ruleset: loadDefaultRuleSet(), descriptions: live }).assess(f, recorded).reasons.some((r) => r.code === 'description-unusual-for-subheading'));
  assert.equal(report.decisions[0].score, a.score);
});

test('a recorded snapshot reads only its own words: "constructor" is a word, not a property of every object', () => {
  const live = new DescriptionReference({ minSamples: 1 });
  live.observe('847130', 'Laptop computer');
  const frozen = DescriptionReference.fromSnapshot(JSON.parse(JSON.stringify(live.snapshotFor([{ hsCode: '847130', description: 'Laptop constructor' }]))));
  assert.deepEqual(frozen.check('847130', 'Laptop constructor')?.words, [{ word: 'laptop', share: 1 }, { word: 'constructor', share: 0 }]);
});

test('before the declaration, the platform records the snapshot of the pre-loading lines the check reads, and the ICS2 outcome asks nothing about wording', async () => {
  const { loadEngines, enginePolicy } = await import('../../src/platform/engines.js');
  const engines = loadEngines();
  jewellery(engines.descriptions);
  const line = { line: 1, description: 'Stainless steel keychain multi-tool', hsCode: '711719', quantity: 1, unit: 'PCE', netMassKg: 0.15, unitPrice: '18.00', origin: 'CN' };
  const preLoaded = facts({}, 'C-PL', { declaration: undefined, preLoading: { ...declaration(), items: [line] } as unknown as ConsignmentFacts['preLoading'] });
  const ctx = context() as RiskContext;
  const a = enginePolicy(engines).assess(preLoaded, ctx);
  assert.deepEqual(Object.keys(ctx.descriptions?.subheadings ?? {}), ['711719']);
  assert.ok(a.risk?.reasons.some((r) => r.code === 'description-unusual-for-subheading'));
  assert.ok(!a.risk?.requestsForInformation.some((q) => q.includes('what the goods are')), JSON.stringify(a.risk?.requestsForInformation));
});
