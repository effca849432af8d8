import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataPath } from '../src/domain/paths.js';

type Template = {
  messageId: string; sentAt: string;
  consignment: { transportDocument: { number: string }; expectedArrival: string; order: { id: string; date: string }; buyer: { name: string; address: { street: string } } };
};
const example = JSON.parse(readFileSync(join(sharedDataPath(), '..', 'examples', 'declaration-eu-ioss.json'), 'utf8')) as Template;

/**
 * The example moved to the day of the run, its intervals kept (ordered the day before, sent now,
 * arriving two days later): sent as dated in the example, every declaration would arrive after
 * its expected arrival and be held as late, which is not the path ordinary traffic takes.
 */
const template: Template = (() => {
  const m = structuredClone(example);
  const shift = Date.now() - Date.parse(m.sentAt);
  const moved = (iso: string) => new Date(Date.parse(iso) + shift).toISOString().replace(/\.\d{3}Z$/, 'Z');
  m.sentAt = moved(m.sentAt);
  m.consignment.expectedArrival = moved(m.consignment.expectedArrival);
  m.consignment.order.date = moved(`${m.consignment.order.date}T12:00:00Z`).slice(0, 10);
  return m;
})();

/**
 * How many buyers the declarations go to, each at one address (LUXOR_BENCH_BUYERS). With 50,000,
 * a bulk run of 60,000 sends a second parcel to one buyer in five: returning buyers with a history,
 * and no split shipment (two parcels of the example stay under the EUR 150 the splitting check
 * watches). Until session 4 it was 5,000 buyers (and 20,000 streets): every buyer's fourth and
 * later parcels from the same seller within minutes crossed EUR 150 and went yellow as a split,
 * three quarters of a 60,000 run. LUXOR_BENCH_BUYERS=5000 gives a split-heavy run of that kind.
 */
const BUYERS = Number(process.env.LUXOR_BENCH_BUYERS ?? 50_000);

/** Distinct declarations of the canonical IOSS shape, as JSON text: n-th of a run tagged `run`. */
export function declarationText(run: string, n: number): string {
  const m = structuredClone(template);
  m.messageId = `${run}-${n}`;
  m.consignment.transportDocument.number = `HAWB${run.toUpperCase()}${String(n).padStart(8, '0')}`;
  m.consignment.order.id = `ORD-${run}-${n}`;
  m.consignment.buyer.name = `Buyer ${n % BUYERS}`;
  m.consignment.buyer.address.street = `Street ${n % BUYERS}`;
  return JSON.stringify(m);
}
