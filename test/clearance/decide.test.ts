import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newConsignmentState } from '../../src/clearance/consignment-state.js';
import { decide } from '../../src/clearance/decide.js';
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
