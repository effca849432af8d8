import { Decimal } from '../domain/decimal.js';
import type { DateTime } from '../domain/message.js';
import type { ConsignmentState, DecisionRecord, Gate, SecurityStatus } from './consignment-state.js';
import type { Assessment, AssessmentContext, ConsignmentFacts, Lane } from './seam.js';

/**
 * The pure decision: an assessment becomes a lane, a security outcome and the gates that
 * must close before release. It never releases by itself: release is what happens when the
 * gates are closed and the goods have arrived.
 */
export function decide(
  facts: ConsignmentFacts,
  assessment: Assessment,
  context: AssessmentContext,
  meta: { number: number; at: DateTime; trigger: string },
): DecisionRecord {
  const n = meta.number;
  const base = { number: n, at: meta.at, trigger: meta.trigger, policy: assessment.policy, versions: context.versions };
  if (assessment.pending) {
    // Fail closed: with no engine to assess, an officer decides.
    return { ...base, gates: [{ id: `officer-${n}`, type: 'officer', reason: assessment.pending.message }], reasons: [assessment.pending] };
  }
  const risk = assessment.risk;
  const revenue = assessment.revenue;
  const gates: Gate[] = [];
  // A revenue reason that cites the same source as one of the liabilities listed beside it does
  // not repeat it: the liability carries the source (a legal reference is often 300 characters).
  const cited = new Set(revenue?.liabilities.map((l) => l.source));
  const reasons = [...(risk?.reasons ?? []), ...(revenue?.reasons ?? []).map((r) => {
    if (typeof r.matched !== 'string' || !cited.has(r.matched)) return r;
    const { matched: _cited, ...rest } = r;
    return rest;
  })];

  let security: SecurityStatus | undefined;
  if (facts.preLoading) security = risk?.preLoading ?? 'assessment-complete';

  let lane: Lane | undefined;
  let deferred = false;
  if (facts.declaration && risk) {
    lane = risk.minLane;
    const capacity = context.inspections;
    if (risk.deferred) {
      deferred = true;
      gates.push({ id: `deferred-${n}`, type: 'deferred', reason: `would be red (score ${risk.score}) but the day's inspection capacity${capacity ? ` at ${capacity.location}` : ''} is used: deferred for post-clearance audit`, fourEyes: true });
    } else if (lane === 'red') {
      if (capacity && capacity.used >= capacity.capacity) {
        deferred = true;
        gates.push({ id: `deferred-${n}`, type: 'deferred', reason: `inspection capacity of ${capacity.capacity} at ${capacity.location} on ${capacity.date} is used: deferred for post-clearance audit`, fourEyes: true });
      } else {
        gates.push({ id: `inspection-${n}`, type: 'inspection', reason: 'red lane: physical inspection', fourEyes: true });
      }
    }
    for (const referral of risk.referrals) {
      gates.push({ id: `agency-${referral.agency}-${n}`, type: 'agency', agency: referral.agency, reason: referral.reason, fourEyes: true });
    }
    const questions = risk.requestsForInformation;
    if ((lane === 'yellow' && !deferred) || questions.length > 0) {
      gates.push({ id: `information-${n}`, type: 'information', reason: questions.join('; ') || 'yellow lane: documents or information requested' });
    }
  }
  // What revenue asks is data the duty is computed from: a document does not answer it, a
  // corrected declaration does (a 6-digit code where the national lines differ would otherwise be
  // released with no duty on that line once any answer came in).
  if (facts.declaration && revenue?.requestsForInformation.length) {
    gates.push({ id: `correction-${n}`, type: 'correction', reason: `${revenue.requestsForInformation.join('; ')}: send an amendment with the corrected data` });
  }
  for (const hold of revenue?.holds ?? []) {
    gates.push({ id: `revenue-${hold.code}-${n}`, type: 'revenue-hold', reason: hold.message });
  }

  const record: DecisionRecord = {
    number: n, at: meta.at, trigger: meta.trigger, policy: assessment.policy, versions: context.versions,
    lane, security, score: risk?.score, deferred: deferred || undefined, gates, reasons,
  };
  if (revenue && facts.declaration) {
    record.revenue = {
      referenceDate: revenue.referenceDate, currency: revenue.currency, customsValue: revenue.customsValue,
      due: revenue.due, collectionModel: revenue.collectionModel, category: revenue.category, liabilities: revenue.liabilities,
    };
    const overGuarantee = revenue.holds.some((h) => h.code === 'LUX_REV_OVER_GUARANTEE');
    if (revenue.collectionModel === 'intermediary' && context.account && !overGuarantee && Decimal.parse(revenue.due).gt(Decimal.ZERO)) {
      record.reservation = { accountId: context.account.accountId, amount: revenue.due, currency: revenue.currency };
    }
  }
  return record;
}

const LANE_RANK: Record<Lane, number> = { green: 0, yellow: 1, agency: 2, red: 3 };

/**
 * An officer's lane stands while what it opened is still open: when a later message makes the
 * engines assess the consignment again, their decision may be stricter, never laxer. The officer's
 * open gates are carried into the new decision with their ids (what was satisfied stays so, and a
 * release past them still needs the second officer). Once those gates are closed, or when the
 * officer set a lane that opened none, the engines decide as usual.
 */
export function upholdOfficerDecision(decisions: readonly DecisionRecord[], satisfied: readonly string[], decision: DecisionRecord): DecisionRecord {
  let officer: DecisionRecord | undefined;
  let at = decisions.length - 1;
  for (; at >= 0 && !officer; at--) if (decisions[at].officer) officer = decisions[at];
  if (!officer?.lane) return decision;
  const carried = officer.gates.filter((g) => g.type !== 'revenue-hold' && !satisfied.includes(g.id) && !decision.gates.some((x) => x.id === g.id));
  if (carried.length === 0) return reviewOverride(decisions.slice(0, at + 1), officer, decision);
  const lane = decision.lane !== undefined && LANE_RANK[decision.lane] >= LANE_RANK[officer.lane] ? decision.lane : officer.lane;
  return {
    ...decision,
    lane,
    gates: [...carried, ...decision.gates],
    reasons: [...decision.reasons, { code: 'LUX_OFFICER_LANE_UPHELD', source: 'officer', message: `the ${officer.lane} lane set by ${officer.officer} in decision ${officer.number} stands: ${officer.reasons[0]?.message ?? ''}` }],
  };
}

const RISK_GATES: ReadonlySet<Gate['type']> = new Set(['inspection', 'deferred', 'agency', 'information']);

/**
 * An officer who lowered the engines' lane (red to green with a second officer's approval, yellow
 * to green) decided against the engines. When a later message makes them assess the consignment
 * again and they are still stricter than that officer, neither side wins silently: the officer's
 * lane stands, the engines' risk gates are not opened, and an officer review gate says what the
 * engines would now do, so an officer decides (release past it, or set the stricter lane). Money
 * and data gates (revenue holds, corrections) open as usual: they are not the officer's lane.
 */
function reviewOverride(before: readonly DecisionRecord[], officer: DecisionRecord, decision: DecisionRecord): DecisionRecord {
  let engines: Lane | undefined;
  for (let i = before.length - 1; i >= 0 && engines === undefined; i--) if (!before[i].officer) engines = before[i].lane;
  const lowered = engines !== undefined && LANE_RANK[officer.lane!] < LANE_RANK[engines];
  if (!lowered || decision.lane === undefined || LANE_RANK[decision.lane] <= LANE_RANK[officer.lane!]) return decision;
  const withheld = decision.gates.filter((g) => RISK_GATES.has(g.type));
  const message = `re-assessed (${decision.trigger}) after ${officer.officer} set the ${officer.lane} lane in decision ${officer.number}: the engines would now set ${decision.lane}`
    + `${withheld.length ? ` (${withheld.map((g) => g.reason).join('; ')})` : ''}; an officer reviews it`;
  return {
    ...decision,
    lane: officer.lane,
    deferred: undefined,
    // The gate's wording reaches the declarant in `waitingFor`; what the engines found stays in
    // the reasons, which it is not shown (trade-reasons.ts).
    gates: [{ id: `officer-review-${decision.number}`, type: 'officer', reason: `the data changed after an officer's lane decision: an officer reviews the consignment again` }, ...decision.gates.filter((g) => !RISK_GATES.has(g.type))],
    reasons: [...decision.reasons, { code: 'LUX_OFFICER_OVERRIDE_REVIEW', source: 'officer', message }],
  };
}

/**
 * A question answered is not asked again. When the engines assess a consignment again (a later
 * message), a gate that repeats one already satisfied (same kind, same agency, same wording: an
 * information request answered, an inspection passed, an agency's release) takes that gate's id,
 * so it stays satisfied; a new or reworded question opens as usual. The ids are in the decision
 * record, so a replay of the log rebuilds the same open gates.
 */
export function reuseAnsweredGates(decisions: readonly DecisionRecord[], satisfied: readonly string[], decision: DecisionRecord): DecisionRecord {
  if (satisfied.length === 0 || decision.gates.length === 0) return decision;
  let gates: Gate[] | undefined;
  for (let g = 0; g < decision.gates.length; g++) {
    const gate = decision.gates[g];
    if (satisfied.includes(gate.id)) continue;
    let answered: Gate | undefined;
    for (let d = decisions.length - 1; d >= 0 && !answered; d--) {
      answered = decisions[d].gates.find((e) => e.type === gate.type && e.agency === gate.agency && e.reason === gate.reason && satisfied.includes(e.id));
    }
    if (!answered || decision.gates.some((other) => other.id === answered!.id)) continue;
    (gates ??= [...decision.gates])[g] = { ...gate, id: answered.id };
  }
  return gates ? { ...decision, gates } : decision;
}

/**
 * The security track's question answered is not asked again either: a request for information or
 * for screening before loading, answered (an `information` message or an officer's release) and so
 * completed, stays completed when the declaration or a later message makes the engines ask it again.
 * A do-not-load is never softened. The outcome is written into the decision, so a replay agrees.
 */
export function keepAnsweredSecurity(state: Pick<ConsignmentState, 'security' | 'decisions' | 'informationReceived' | 'officerActions'>, decision: DecisionRecord): DecisionRecord {
  const asked = decision.security;
  if ((asked !== 'request-for-information' && asked !== 'request-for-screening') || state.security !== 'assessment-complete') return decision;
  const answered = state.informationReceived > 0 || state.officerActions.some((a) => a.action === 'release');
  if (!answered || !state.decisions.some((d) => d.security === asked)) return decision;
  return {
    ...decision,
    security: 'assessment-complete',
    reasons: [...decision.reasons, { code: 'LUX_SECURITY_ANSWERED', source: 'policy', message: `${asked} before loading was answered already: not asked again` }],
  };
}
