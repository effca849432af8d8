/**
 * Simulated traffic as NDJSON (one message per line, as `POST /v1/messages` takes in bulk) and
 * a summary of what it contains.
 */
import type { Writable } from 'node:stream';
import { Decimal } from '../domain/decimal.js';
import type { SimulatedEvent, SimulatedTraffic } from './generate.js';

export interface NdjsonOptions {
  /** Also write the ground truth: each line is then `{ at, message, truth }` instead of the bare message. */
  withTruth?: boolean;
}

/** Writes one line per event, honouring back-pressure; resolves when everything is handed to the stream. */
export async function writeNdjson(traffic: SimulatedTraffic | Iterable<SimulatedEvent>, stream: Writable, options: NdjsonOptions = {}): Promise<number> {
  const events: Iterable<SimulatedEvent> = isTraffic(traffic) ? traffic.events : traffic;
  let count = 0;
  let buffer = '';
  for (const e of events) {
    buffer += JSON.stringify(options.withTruth ? e : e.message) + '\n';
    count++;
    // Batching lines into larger writes keeps the per-write overhead of streams out of the way.
    if (buffer.length >= 64 * 1024) {
      const ok = stream.write(buffer);
      buffer = '';
      if (!ok) await new Promise<void>(resolve => stream.once('drain', resolve));
    }
  }
  if (buffer.length > 0 && !stream.write(buffer)) await new Promise<void>(resolve => stream.once('drain', resolve));
  return count;
}

function isTraffic(t: SimulatedTraffic | Iterable<SimulatedEvent>): t is SimulatedTraffic {
  return (t as SimulatedTraffic).events !== undefined && (t as SimulatedTraffic).organisations !== undefined;
}

export interface TrafficSummary {
  events: number;
  consignments: number;
  nonCompliant: number;
  /** Consignments with at least one violation label. */
  labelled: number;
  byType: Record<string, number>;
  byJurisdiction: Record<string, number>;
  byModel: Record<string, number>;
  /** Consignments per violation label. */
  byViolation: Record<string, number>;
  /** Sum of revenue at stake per currency (decimal strings). */
  revenueAtStake: Record<string, string>;
  first?: string;
  last?: string;
}

const inc = (r: Record<string, number>, k: string): void => { r[k] = (r[k] ?? 0) + 1; };

/** Counts per message type (events), and per jurisdiction, model and violation (consignments). */
export function summarizeTraffic(traffic: SimulatedTraffic | Iterable<SimulatedEvent>): TrafficSummary {
  const events: Iterable<SimulatedEvent> = isTraffic(traffic) ? traffic.events : traffic;
  const s: TrafficSummary = { events: 0, consignments: 0, nonCompliant: 0, labelled: 0, byType: {}, byJurisdiction: {}, byModel: {}, byViolation: {}, revenueAtStake: {} };
  const seen = new Set<string>();
  const revenue = new Map<string, Decimal>();
  for (const e of events) {
    s.events++;
    inc(s.byType, e.message.type);
    s.first ??= e.at;
    s.last = e.at;
    const t = e.truth;
    if (!t || seen.has(t.consignmentKey)) continue;
    seen.add(t.consignmentKey);
    s.consignments++;
    inc(s.byJurisdiction, t.jurisdiction);
    inc(s.byModel, t.model);
    if (t.nonCompliant) s.nonCompliant++;
    if (t.violations.length > 0) s.labelled++;
    for (const v of t.violations) inc(s.byViolation, v);
    if (t.revenueAtStake) revenue.set(t.currency, (revenue.get(t.currency) ?? Decimal.ZERO).add(Decimal.parse(t.revenueAtStake)));
  }
  for (const [currency, total] of revenue) s.revenueAtStake[currency] = total.toString();
  return s;
}
