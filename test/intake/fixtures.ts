import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataPath } from '../../src/domain/paths.js';

/** shared/examples/ sits beside shared/data/. */
export const EXAMPLES_DIR = join(sharedDataPath(), '..', 'examples');

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();
}

export function exampleText(name: string): string {
  return readFileSync(join(EXAMPLES_DIR, name), 'utf8');
}

export function example(name: string): Record<string, unknown> {
  return JSON.parse(exampleText(name)) as Record<string, unknown>;
}

/** Sets (or with `undefined`, deletes) the value at a JSON pointer, creating no parents. */
export function setAt(obj: unknown, pointer: string, value: unknown): void {
  const tokens = pointer.slice(1).split('/');
  let cur = obj as Record<string, unknown>;
  for (const t of tokens.slice(0, -1)) cur = cur[t] as Record<string, unknown>;
  const last = tokens[tokens.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

const envelope = (type: string, body: Record<string, unknown>, role = 'customs-officer', jurisdiction = 'EU'): Record<string, unknown> => ({
  messageId: `t-${type}-1`, type, sentAt: '2026-11-21T10:00:00+01:00', sender: { role, id: 'ORG-1' }, jurisdiction, ...body,
});

/** Valid messages of the types shared/examples/ has no file for, built from message.ts. */
export function extraMessages(): Record<string, Record<string, unknown>> {
  const td = { type: 'house-waybill', number: 'HAWB7712345601' };
  return {
    amendment: envelope('amendment', { amendment: { transportDocument: td, reason: 'wrong HS code on line 2', consignment: { items: [{ line: 2, description: 'Silicone phone case', hsCode: '392690', unitPrice: '5.00' }] } } }, 'platform'),
    invalidation: envelope('invalidation', { invalidation: { transportDocument: td, reason: 'order cancelled before dispatch' } }, 'platform'),
    information: envelope('information', { information: { transportDocument: td, answers: 'The headphones contain a lithium-ion battery of 0.3 Wh.', documents: [{ type: 'invoice', reference: 'INV-5512093' }] } }, 'platform'),
    'inspection-result': envelope('inspection-result', { inspection: { transportDocument: td, inspectedAt: '2026-11-22T07:30:00Z', outcome: 'release', findings: ['compliant'], revenueAtStake: '0.00' } }),
    'agency-decision': envelope('agency-decision', { decision: { transportDocument: td, agency: 'NVWA', outcome: 'release', remarks: 'no phytosanitary concern' } }, 'agency'),
  };
}
