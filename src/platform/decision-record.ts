/**
 * The decision event's payload: the decision, the context it was taken in (so that a replay or
 * a back-test recomputes from exactly what the policy saw) and any shadow verdict. The day's
 * score histogram is most of a context and nearly all zeros, so it is recorded sparse
 * (`[score, count]` pairs) and expanded on reading.
 */
import type { DecisionRecord } from '../clearance/consignment-state.js';
import type { AssessmentContext } from '../clearance/seam.js';
import { HISTOGRAM_BUCKETS, type ScoreHistogram } from '../risk/index.js';

interface SparseHistogram { location: string; date: string; total: number; size: number; counts: [number, number][] }

export interface RecordedDecision { decision: DecisionRecord; context: AssessmentContext; shadow?: unknown }

function sparse(h: ScoreHistogram): SparseHistogram {
  const counts: [number, number][] = [];
  for (let i = 0; i < h.buckets.length; i++) if (h.buckets[i] !== 0) counts.push([i, h.buckets[i]]);
  return { location: h.location, date: h.date, total: h.total, size: h.buckets.length, counts };
}

function dense(s: SparseHistogram | ScoreHistogram): ScoreHistogram {
  if ('buckets' in s) return s;
  const buckets = new Array<number>(s.size ?? HISTOGRAM_BUCKETS).fill(0);
  for (const [i, n] of s.counts) buckets[i] = n;
  return { location: s.location, date: s.date, total: s.total, buckets };
}

export function encodeDecisionPayload(record: RecordedDecision): string {
  const seen = record.context.scoresSeen as ScoreHistogram | undefined;
  const context = seen ? { ...record.context, scoresSeen: sparse(seen) } : record.context;
  return JSON.stringify(record.shadow === undefined ? { decision: record.decision, context } : { decision: record.decision, context, shadow: record.shadow });
}

/** Reads a decision payload, dense or sparse histogram alike (older records are dense). */
export function decodeDecisionPayload(payload: string): RecordedDecision {
  const record = JSON.parse(payload) as RecordedDecision;
  const seen = record.context?.scoresSeen as SparseHistogram | ScoreHistogram | undefined;
  if (seen) record.context.scoresSeen = dense(seen);
  return record;
}

/**
 * Only the decision of a decision payload, without parsing its context (most of the payload):
 * the decision is written first, so the text before the top-level `"context"` key, closed, is
 * the decision alone. A cut anywhere deeper leaves the braces unbalanced and the parse fails;
 * then, as for a payload written in another key order, the whole payload is read.
 */
export function decodeDecision(payload: string): DecisionRecord {
  const cut = payload.indexOf(',"context":{');
  if (cut > 0) {
    try {
      const head = JSON.parse(payload.slice(0, cut) + '}') as Partial<RecordedDecision>;
      if (head.decision) return head.decision;
    } catch { /* not the top-level key: read it all */ }
  }
  return decodeDecisionPayload(payload).decision;
}
