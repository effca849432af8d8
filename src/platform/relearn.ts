/**
 * What the policy learns from traffic (reference prices, the wording of each subheading) and the
 * day's score histogram that sets the red threshold live in memory; the log is what survives a
 * restart. On opening, the platform reads the latest events again and feeds the policy's
 * `observe` as the live path fed it after each committed decision, so that a restart does not
 * blind the valuation and wording checks until they re-learn, nor let the next hour's inspections
 * through as if the day had just begun.
 *
 * Messages are applied without their personal data (sealed apart; nothing learned reads it), and
 * decisions are read as recorded: the reasons that doubted a consignment's prices or wording
 * keep it from teaching now as they did then.
 */
import { applyMessage } from '../clearance/apply-message.js';
import { newConsignmentState, type ConsignmentState } from '../clearance/consignment-state.js';
import type { AssessmentPolicy } from '../clearance/seam.js';
import type { Message } from '../domain/message.js';
import type { Store } from '../ledger/store.js';
import { emptyHistogram, type ScoreHistogram } from '../risk/index.js';
import { decodeDecision } from './decision-record.js';

export interface RelearnReport {
  /** Events read: declarations, amendments, invalidations and decisions among the log's latest `events`. */
  events: number;
  /** Decisions fed to `observe`: those a declaration's content first got (TEACHING_TRIGGERS). */
  observed: number;
  /** The score histograms of the days (per inspection location) the window covers. */
  histograms: Map<string, ScoreHistogram>;
  ms: number;
}

/**
 * How far back a restart reads by default: the log's latest 100,000 events, 25,000 to 50,000
 * declarations (two to four events each), enough for every subheading common enough to have a
 * reference (30 prices, 50 descriptions) to have one again. A day busier than that comes back
 * with the part of its score histogram the window holds.
 */
export const RELEARN_EVENTS = 100_000;

const PAGE = 5_000;
/** Consignments whose facts are kept while reading: a decision comes within seconds of its message. */
const STATES_KEPT = 20_000;

/**
 * The assessments whose consignment teaches the policy: those made on a message that states the
 * goods (a declaration, its amendment, or in the three-party flow the order and the transport
 * data that together make the declaration). A re-assessment on arrival, payment or a later split
 * would teach the same prices again and weigh the reference towards consignments with many messages.
 */
export const TEACHING_TRIGGERS: ReadonlySet<string> = new Set(['declaration', 'amendment', 'order', 'transport']);

/** The messages a declaration's facts are built from (apply-message.ts `mergeDeclaration`), and the decisions. */
const READ = ['message.declaration', 'message.amendment', 'message.invalidation', 'message.order', 'message.transport', 'message.pre-loading', 'decision'];

export async function relearnFromLog(store: Store, policy: Pick<AssessmentPolicy, 'observe'>, options: { events?: number } = {}): Promise<RelearnReport> {
  const started = performance.now();
  const limit = options.events ?? RELEARN_EVENTS;
  const head = await store.head();
  const report: RelearnReport = { events: 0, observed: 0, histograms: new Map(), ms: 0 };
  if (!head || limit <= 0) return report;
  const states = new Map<string, ConsignmentState>();
  // The last score each consignment counted, per location and day: one score per consignment, as live.
  const scores = new Map<string, { location: string; date: string; byConsignment: Map<string, number> }>();
  let after = Math.max(0, head.seq - limit);
  for (;;) {
    const events = await store.readEventsOfTypes(after, PAGE, READ);
    if (events.length === 0) break;
    after = events[events.length - 1].seq;
    report.events += events.length;
    for (const event of events) {
      if (!event.consignmentId) continue;
      if (event.type.startsWith('message.')) {
        const message = JSON.parse(event.payload) as Message;
        const state = states.get(event.consignmentId) ?? newConsignmentState(event.consignmentId, message.jurisdiction, event.at);
        // A message whose consignment began before the window may not apply to the part seen: it teaches nothing.
        try { states.set(event.consignmentId, applyMessage(state, message, { seq: event.seq, at: event.at }).state); } catch { /* skipped */ }
        // The oldest consignments are let go (about 6 KB each): their decisions came long before.
        if (states.size > STATES_KEPT) states.delete(states.keys().next().value!);
      } else if (event.type === 'decision') {
        const facts = states.get(event.consignmentId)?.facts;
        if (!facts?.declaration) continue;
        const decision = decodeDecision(event.payload);
        if (decision.score === undefined) continue;
        if (TEACHING_TRIGGERS.has(decision.trigger)) {
          policy.observe?.(facts, {
            policy: decision.policy,
            risk: { score: decision.score, minLane: decision.lane ?? 'green', referrals: [], requestsForInformation: [], reasons: decision.reasons, deferred: decision.deferred },
          });
          report.observed++;
        }
        // Where and on which day the platform counted the score (platform.ts `context`).
        const location = facts.declaration.unloadingPlace ?? 'ANY';
        const date = decision.at.slice(0, 10);
        const key = `${location}|${date}`;
        let day = scores.get(key);
        if (!day) scores.set(key, day = { location, date, byConsignment: new Map() });
        day.byConsignment.set(event.consignmentId, decision.score);
      }
    }
    if (events.length < PAGE) break;
  }
  for (const [key, day] of scores) {
    const histogram = emptyHistogram(day.location, day.date);
    for (const score of day.byConsignment.values()) {
      histogram.buckets[Math.max(0, Math.min(histogram.buckets.length - 1, Math.floor(score)))]++;
      histogram.total++;
    }
    report.histograms.set(key, histogram);
  }
  report.ms = performance.now() - started;
  return report;
}
