/** The detection report: simulated traffic through the engines policy, measured against its truth labels. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectionReport } from '../../src/cli/risk-commands.js';

describe('detection report', () => {
  it('decides every simulated consignment and counts each violation label against what was selected', async () => {
    const r = await detectionReport({ seed: 3, consignments: 120 });
    assert.ok(r.decided >= 100 && r.decided <= 120, `${r.decided} of 120 decided`);
    assert.equal(Object.values(r.lanes).reduce((s, n) => s + n, 0), r.decided);
    const labelled = r.byViolation.reduce((s, row) => s + row.consignments, 0);
    assert.ok(labelled > 0 && r.clean.consignments > 0);
    for (const row of r.byViolation) {
      assert.ok(row.selected + row.yellow <= row.consignments, row.label);
      assert.equal(row.detectionRate, Math.round((row.selected / row.consignments) * 1000) / 1000);
    }
    // Prohibited goods are referred to the agency by the prohibited list whenever they are labelled.
    const prohibited = r.byViolation.find((row) => row.label === 'prohibited');
    if (prohibited) assert.ok(prohibited.selected > 0, JSON.stringify(prohibited));
    assert.ok(r.clean.falsePositiveRate < 0.1, `false positives ${r.clean.falsePositiveRate}`);
  });
});
