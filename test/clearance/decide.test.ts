import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newConsignmentState } from '../../src/clearance/consignment-state.js';
import { decide, keepAnsweredSecurity, reuseAnsweredGates, upholdOfficerDecision } from '../../src/clearance/decide.js';
import type { ConsignmentState, DecisionRecord } from '../../src/clearance/consignment-state.js';
import type { Assessment } from '../../src/clearance/seam.js';
import type { DeclarationMessage } from '../../src/domain/message.js';
import { example } from '../helpers.js';

const VAT_SOURCE = 'Council Directive 2006/112/EC art. 86; standard rate of the Member State of destination (test)';

test('a revenue reason does not repeat the legal source that its liability carries; a reason with a source of its own keeps it', () => {
  const declared = (example('declaration-eu-ioss.json') as unknown as DeclarationMessage).consignment;
  const facts = { ...newConsignmentState('LX1', 'EU', '2026-11-25T10:00:00Z').facts, declaration: declared };
  const assessment: Assessment = {
    policy: 'test',
    risk: { score: 0, minLane: 'green', referrals: [], requestsForInformation: [], reasons: [] },
    revenue: {
      referenceDate: '2026-11-25', currency: 'EUR', customsValue: '44.99', due: '0.00', collectionModel: 'vendor', category: 3,
      liabilities: [{ type: 'vat', base: '44.99', rate: '21%', amount: '9.45', currency: 'EUR', source: VAT_SOURCE, collectedBy: 'vendor' }],
      holds: [], requestsForInformation: [],
      reasons: [
        { code: 'LUX_REV_VAT', source: 'revenue', message: 'vat: 21% on 44.99 = 9.45 EUR (vendor)', measured: '9.45', matched: VAT_SOURCE },
        { code: 'LUX_REV_AIR_FREIGHT_SHARE_MISSING', source: 'revenue', message: 'no air-freight share loaded', matched: 'UCC-IA Annex 23-01 (test)' },
      ],
    },
  };
  const decision = decide(facts, assessment, { now: '2026-11-25T10:00:00Z', recent: [], parties: {}, versions: {} }, { number: 1, at: '2026-11-25T10:00:00Z', trigger: 'declaration' });
  const vat = decision.reasons.find((r) => r.code === 'LUX_REV_VAT');
  assert.equal(vat?.matched, undefined);
  assert.equal(vat?.measured, '9.45');
  assert.equal(decision.revenue?.liabilities[0].source, VAT_SOURCE, 'the source stays with the liability');
  assert.equal(decision.reasons.find((r) => r.code === 'LUX_REV_AIR_FREIGHT_SHARE_MISSING')?.matched, 'UCC-IA Annex 23-01 (test)');
});

const at = '2026-11-25T10:00:00Z';
const engine = (lane: 'green' | 'yellow' | 'red', number = 3): DecisionRecord => ({
  number, at, trigger: 'amendment', policy: 'engines', versions: {}, lane,
  gates: lane === 'red' ? [{ id: `inspection-${number}`, type: 'inspection', reason: 'red lane: physical inspection', fourEyes: true }]
    : lane === 'yellow' ? [{ id: `information-${number}`, type: 'information', reason: 'documents' }] : [],
  reasons: [],
});
const officerSet = (lane: 'yellow' | 'red' | 'green'): DecisionRecord => ({
  number: 2, at, trigger: 'officer', policy: 'officer', versions: {}, lane, officer: 'CUSTOMS/k1',
  gates: lane === 'red' ? [{ id: 'inspection-2', type: 'inspection', reason: 'officer set red lane: intelligence', fourEyes: true }]
    : lane === 'yellow' ? [{ id: 'information-2', type: 'information', reason: 'officer set yellow lane: invoice' }] : [],
  reasons: [{ code: 'LUX_OFFICER_LANE', source: 'officer', message: 'intelligence' }],
});

// Each row: the decisions so far, what is satisfied, the engines' new decision, and the lane and gate ids that stand.
const UPHOLD: { name: string; before: DecisionRecord[]; satisfied: string[]; fresh: DecisionRecord; lane: string; gates: string[] }[] = [
  { name: 'an open red lane of an officer stands over an engine green', before: [engine('green', 1), officerSet('red')], satisfied: [], fresh: engine('green'), lane: 'red', gates: ['inspection-2'] },
  { name: 'the engines may be stricter than the officer', before: [engine('green', 1), officerSet('yellow')], satisfied: [], fresh: engine('red'), lane: 'red', gates: ['information-2', 'inspection-3'] },
  { name: 'an officer gate already satisfied no longer holds the lane', before: [engine('green', 1), officerSet('red')], satisfied: ['inspection-2'], fresh: engine('green'), lane: 'green', gates: [] },
  { name: 'an officer who lowered red to green is not undone by a stricter re-assessment: an officer reviews it', before: [engine('red', 1), officerSet('green')], satisfied: [], fresh: engine('yellow'), lane: 'green', gates: ['officer-review-3'] },
  { name: 'an officer who lowered yellow to green is reviewed when the engines say yellow again', before: [engine('yellow', 1), officerSet('green')], satisfied: [], fresh: engine('yellow'), lane: 'green', gates: ['officer-review-3'] },
  { name: 'an officer green that the engines now agree with needs no review', before: [engine('red', 1), officerSet('green')], satisfied: [], fresh: engine('green'), lane: 'green', gates: [] },
  { name: 'an officer green over an engine green opens nothing, so the engines decide', before: [engine('green', 1), officerSet('green')], satisfied: [], fresh: engine('yellow'), lane: 'yellow', gates: ['information-3'] },
  { name: 'without an officer decision the engines decide', before: [engine('red', 1)], satisfied: [], fresh: engine('green'), lane: 'green', gates: [] },
  { name: 'a carried gate is carried again by the next re-assessment', before: [engine('green', 1), officerSet('red'), { ...engine('green'), lane: 'red', gates: [officerSet('red').gates[0]] }], satisfied: [], fresh: engine('green', 4), lane: 'red', gates: ['inspection-2'] },
];

for (const row of UPHOLD) {
  test(`an officer's lane on re-assessment: ${row.name}`, () => {
    const decision = upholdOfficerDecision(row.before, row.satisfied, row.fresh);
    assert.equal(decision.lane, row.lane);
    assert.deepEqual(decision.gates.map((g) => g.id), row.gates);
    const upheld = decision.reasons.some((r) => r.code === 'LUX_OFFICER_LANE_UPHELD' || r.code === 'LUX_OFFICER_OVERRIDE_REVIEW');
    assert.equal(upheld, row.fresh.lane !== row.lane || row.gates.some((g) => g.endsWith('-2')));
  });
}

const gate = (id: string, type: 'information' | 'inspection' | 'agency', reason: string, agency?: string) => ({ id, type, reason, ...(agency ? { agency } : {}) });
const decided = (number: number, gates: ReturnType<typeof gate>[]): DecisionRecord => ({ number, at, trigger: 'declaration', policy: 'engines', versions: {}, lane: 'yellow', gates, reasons: [] });

// Each row: earlier decisions, satisfied gate ids, the new decision's gates, and the ids they end with.
const REUSE: { name: string; before: DecisionRecord[]; satisfied: string[]; fresh: ReturnType<typeof gate>[]; ids: string[] }[] = [
  { name: 'an answered question keeps its id', before: [decided(1, [gate('information-1', 'information', 'invoice')])], satisfied: ['information-1'], fresh: [gate('information-3', 'information', 'invoice')], ids: ['information-1'] },
  { name: 'a reworded question is asked', before: [decided(1, [gate('information-1', 'information', 'invoice')])], satisfied: ['information-1'], fresh: [gate('information-3', 'information', 'invoice; proof of payment')], ids: ['information-3'] },
  { name: 'a question not yet answered stays new', before: [decided(1, [gate('information-1', 'information', 'invoice')])], satisfied: [], fresh: [gate('information-3', 'information', 'invoice')], ids: ['information-3'] },
  { name: 'an inspection passed is not asked again', before: [decided(1, [gate('inspection-1', 'inspection', 'red lane: physical inspection')])], satisfied: ['inspection-1'], fresh: [gate('inspection-2', 'inspection', 'red lane: physical inspection')], ids: ['inspection-1'] },
  { name: "one agency's release does not answer another agency's referral", before: [decided(1, [gate('agency-A-1', 'agency', 'medicines', 'A')])], satisfied: ['agency-A-1'], fresh: [gate('agency-B-2', 'agency', 'medicines', 'B')], ids: ['agency-B-2'] },
];

for (const row of REUSE) {
  test(`a later assessment: ${row.name}`, () => {
    const decision = reuseAnsweredGates(row.before, row.satisfied, decided(3, row.fresh));
    assert.deepEqual(decision.gates.map((g) => g.id), row.ids);
  });
}

const asked = (number: number, security: DecisionRecord['security']): DecisionRecord => ({ number, at, trigger: 'pre-loading', policy: 'engines', versions: {}, security, gates: [], reasons: [] });
// Each row: the security track now, what was received, the earlier decisions, what the engines ask now, and what stands.
const SECURITY: { name: string; security: ConsignmentState['security']; informationReceived: number; before: DecisionRecord[]; now: DecisionRecord['security']; stands: DecisionRecord['security'] }[] = [
  { name: 'a request for information answered is not asked again', security: 'assessment-complete', informationReceived: 1, before: [asked(1, 'request-for-information')], now: 'request-for-information', stands: 'assessment-complete' },
  { name: 'nor after a decision that recorded it as answered', security: 'assessment-complete', informationReceived: 1, before: [asked(1, 'request-for-information'), asked(2, 'assessment-complete')], now: 'request-for-information', stands: 'assessment-complete' },
  { name: 'a request not answered stands', security: 'assessment-complete', informationReceived: 0, before: [asked(1, 'request-for-information'), asked(2, 'assessment-complete')], now: 'request-for-information', stands: 'request-for-information' },
  { name: 'a screening never asked before is asked', security: 'assessment-complete', informationReceived: 1, before: [asked(1, 'request-for-information')], now: 'request-for-screening', stands: 'request-for-screening' },
  { name: 'do not load is never softened', security: 'assessment-complete', informationReceived: 1, before: [asked(1, 'request-for-information')], now: 'do-not-load', stands: 'do-not-load' },
];

for (const row of SECURITY) {
  test(`the security track on re-assessment: ${row.name}`, () => {
    const decision = keepAnsweredSecurity({ security: row.security, decisions: row.before, informationReceived: row.informationReceived, officerActions: [] }, asked(3, row.now));
    assert.equal(decision.security, row.stands);
  });
}
