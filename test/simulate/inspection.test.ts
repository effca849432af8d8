import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InspectionFinding } from '../../src/domain/message.js';
import { validateMessage } from '../../src/intake/validate-message.js';
import { generateTraffic, type GroundTruth, type Violation } from '../../src/simulate/generate.js';
import { inspectionResultFor } from '../../src/simulate/inspection.js';

const officer = { id: 'CUSTOMS-EU', name: 'Customs EU inspection unit' };
const AT = '2026-11-22T09:30:00Z';

function truth(violations: Violation[], extra: Partial<GroundTruth> = {}): GroundTruth {
  const found = violations.some(v => !['known-offender', 'late-declaration', 'late-pre-loading', 'late-transport'].includes(v));
  return {
    consignmentKey: 'HAWB0100000001', transportDocument: { type: 'house-waybill', number: 'HAWB0100000001' }, jurisdiction: 'EU', model: 'express',
    violations, nonCompliant: found, currency: 'EUR', details: violations.map(v => `detail of ${v}`), ...extra,
  };
}

describe('inspection results reflect the ground truth', () => {
  // Outcome rule of inspectionResultFor: prohibited and IPR goods are seized, restricted goods referred, the rest released.
  const cases: [string, Violation[], 'release' | 'seize' | 'refer', InspectionFinding[], Partial<GroundTruth>][] = [
    ['a compliant consignment is released as compliant', [], 'release', ['compliant'], {}],
    ['prohibited goods are seized', ['prohibited'], 'seize', ['prohibited'], {}],
    ['counterfeit goods are seized for IPR', ['counterfeit', 'known-offender'], 'seize', ['ipr'], {}],
    ['restricted goods are referred to their agency', ['restricted'], 'refer', ['restricted'], { agency: 'plant-health' }],
    ['undervalued goods are released with the revenue found at stake', ['undervaluation'], 'release', ['undervaluation'], { revenueAtStake: '12.34' }],
    ['a wrong HS code is a misclassification', ['wrong-hs-code'], 'release', ['misclassification'], {}],
    ['more goods shipped than ordered is a misdeclared quantity', ['mismatch-quantity'], 'release', ['misdeclared-quantity'], {}],
    ['late data alone is not found by inspecting the goods', ['late-declaration'], 'release', ['compliant'], {}],
    ['a known offender alone is not a finding', ['known-offender'], 'release', ['compliant'], {}],
  ];
  for (const [name, violations, outcome, findings, extra] of cases) {
    it(name, () => {
      const t = truth(violations, extra);
      const m = inspectionResultFor(t, { jurisdiction: 'EU', transportDocument: 'HAWB0100000001', mrn: '26EU000000000001A1' }, AT, officer);
      assert.equal(m.inspection.outcome, outcome);
      assert.deepEqual(m.inspection.findings, findings);
      assert.equal(m.inspection.revenueAtStake, extra.revenueAtStake);
      assert.deepEqual(m.inspection.transportDocument, t.transportDocument);
      assert.equal(m.reference, '26EU000000000001A1');
      assert.equal(m.sender.role, 'customs-officer');
      if (extra.agency) assert.match(m.inspection.remarks!, /plant-health/);
      const v = validateMessage(JSON.parse(JSON.stringify(m)));
      assert.ok(v.ok, JSON.stringify(v.ok ? '' : v.problems));
    });
  }

  it('finds something on every non-compliant simulated consignment, and nothing on the others', () => {
    const traffic = generateTraffic({ seed: 4, consignments: 1500, start: '2026-11-20T00:00:00Z', violationRate: 0.4 });
    const seen = new Set<string>();
    for (const e of traffic.events) {
      if (!e.truth || seen.has(e.truth.consignmentKey)) continue;
      seen.add(e.truth.consignmentKey);
      const m = inspectionResultFor(e.truth, { jurisdiction: e.truth.jurisdiction, transportDocument: e.truth.transportDocument }, AT, officer);
      assert.equal(m.inspection.findings.includes('compliant'), !e.truth.nonCompliant, e.truth.consignmentKey);
      assert.ok(validateMessage(JSON.parse(JSON.stringify(m))).ok);
    }
  });

  it('is pure: the same inspection gives the same message, so a resend is harmless', () => {
    const t = truth(['undervaluation'], { revenueAtStake: '5.00' });
    assert.deepEqual(inspectionResultFor(t, {}, AT, officer), inspectionResultFor(t, {}, AT, officer));
  });
});
