/** Fixtures shared by the revenue tests that run through the platform (test/platform/revenue-*.test.ts). */
import type { AssessmentPolicy, RevenueVerdict } from '../../src/clearance/seam.js';
import { example } from '../helpers.js';

/** Reserves the amount written as [due=X] in the first item's description, collected by the intermediary. */
export const reserving: AssessmentPolicy = {
  name: 'reserving-test-policy',
  assess(facts, context) {
    const due = /\[due=([\d.]+)\]/.exec(facts.declaration?.items[0]?.description ?? '')?.[1] ?? '0.00';
    const revenue: RevenueVerdict = {
      referenceDate: facts.declaredAt?.slice(0, 10) ?? '2026-11-20', currency: 'EUR', customsValue: '100.00',
      liabilities: [
        { type: 'duty', base: '100.00', rate: '0', amount: '0.00', currency: 'EUR', source: 'test', collectedBy: 'intermediary' },
        { type: 'vat', base: '100.00', rate: '0.21', amount: due, currency: 'EUR', source: 'test', collectedBy: 'intermediary' },
      ],
      due, collectionModel: 'intermediary', category: 4, holds: [], requestsForInformation: [], reasons: [],
    };
    void context;
    return { policy: 'reserving-test-policy', risk: { score: 0, minLane: 'green', referrals: [], requestsForInformation: [], reasons: [] }, revenue };
  },
};

let n = 0;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test fixture edits
export function declaration(due: string, carrier = 'DE9876543210'): { message: Record<string, any>; td: string } {
  n++;
  const m = example('declaration-eu-over-150.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture edits
  const td = `HAWBREV${n}`;
  m.messageId = `rev-${n}`;
  m.sender.id = carrier;
  m.consignment.transportDocument.number = td;
  m.consignment.order.id = `ORD-REV-${n}`;
  m.consignment.items[0].description = `Men's running shoes [due=${due}]`;
  return { message: m, td };
}

