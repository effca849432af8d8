import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataPath } from '../src/domain/paths.js';

const template = JSON.parse(readFileSync(join(sharedDataPath(), '..', 'examples', 'declaration-eu-ioss.json'), 'utf8')) as {
  messageId: string; consignment: { transportDocument: { number: string }; order: { id: string }; buyer: { name: string; address: { street: string } } };
};

/** Distinct declarations of the canonical IOSS shape, as JSON text: n-th of a run tagged `run`. */
export function declarationText(run: string, n: number): string {
  const m = structuredClone(template);
  m.messageId = `${run}-${n}`;
  m.consignment.transportDocument.number = `HAWB${run.toUpperCase()}${String(n).padStart(8, '0')}`;
  m.consignment.order.id = `ORD-${run}-${n}`;
  m.consignment.buyer.name = `Buyer ${n % 5000}`;
  m.consignment.buyer.address.street = `Street ${n % 20000}`;
  return JSON.stringify(m);
}
