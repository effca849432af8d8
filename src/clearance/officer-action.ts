/**
 * What a customs officer may do to a consignment, always with a reason. Overriding a red lane
 * or an agency's hold needs a second officer (four eyes): the first request waits as a pending
 * approval until a different officer approves it.
 */
import type { DateTime } from '../domain/message.js';
import { latestDecision, type ConsignmentState, type DecisionRecord, type PendingApproval } from './consignment-state.js';
import { blockingGates } from './gates.js';
import type { Lane } from './seam.js';

export type OfficerAction =
  | { action: 'release'; reason: string }
  | { action: 'hold'; reason: string }
  | { action: 'set-lane'; lane: Lane; reason: string }
  | { action: 'request-information'; reason: string }
  | { action: 'approve'; approvalId: string; reason: string };

export interface OfficerResult {
  state: ConsignmentState;
  outcome: 'done' | 'awaiting-approval';
  refusal?: { code: 'LUX_ERR_STATE_CONFLICT' | 'LUX_ERR_FORBIDDEN' | 'LUX_ERR_FIELD_INVALID'; detail: string; pointer?: string };
}

const LANE_RANK: Record<Lane, number> = { green: 0, yellow: 1, red: 2, agency: 3 };
const CLOSED = new Set(['invalidated', 'seized', 'refused', 'returned']);

export function applyOfficerAction(state: ConsignmentState, input: OfficerAction, officer: string, at: DateTime): OfficerResult {
  if (!input.reason || input.reason.trim().length < 3) return { state, outcome: 'done', refusal: { code: 'LUX_ERR_FIELD_INVALID', detail: 'every officer action needs a reason', pointer: '/reason' } };
  if (state.terminal && CLOSED.has(state.terminal)) return { state, outcome: 'done', refusal: { code: 'LUX_ERR_STATE_CONFLICT', detail: `consignment is ${state.terminal}` } };
  if (state.releasedAt && input.action !== 'approve') return { state, outcome: 'done', refusal: { code: 'LUX_ERR_STATE_CONFLICT', detail: 'consignment is already released' } };
  const record = { at, officer, action: input.action, reason: input.reason };

  if (input.action === 'approve') {
    const pending = state.pendingApprovals.find((p) => p.id === input.approvalId);
    if (!pending) return { state, outcome: 'done', refusal: { code: 'LUX_ERR_FIELD_INVALID', detail: `no pending approval ${input.approvalId}`, pointer: '/approvalId' } };
    if (pending.requestedBy === officer) return { state, outcome: 'done', refusal: { code: 'LUX_ERR_FORBIDDEN', detail: 'four eyes: the officer who asked cannot approve' } };
    const rest = { ...state, pendingApprovals: state.pendingApprovals.filter((p) => p.id !== pending.id) };
    const done = perform(rest, pending.action === 'release' ? { action: 'release', reason: pending.reason } : { action: 'set-lane', lane: pending.lane!, reason: pending.reason }, pending.requestedBy, at);
    return { state: { ...done, officerActions: [...done.officerActions, { ...record, approvedBy: officer, action: `approve:${pending.action}` }] }, outcome: 'done' };
  }

  if (needsFourEyes(state, input)) {
    const approval: PendingApproval = {
      id: `${state.id}-A${state.pendingApprovals.length + state.officerActions.length + 1}`,
      action: input.action as 'release' | 'set-lane', lane: input.action === 'set-lane' ? input.lane : undefined,
      requestedBy: officer, at, reason: input.reason,
    };
    return { state: { ...state, pendingApprovals: [...state.pendingApprovals, approval], officerActions: [...state.officerActions, { ...record, action: `request:${input.action}` }] }, outcome: 'awaiting-approval' };
  }
  const done = perform(state, input, officer, at);
  return { state: { ...done, officerActions: [...done.officerActions, { ...record, lane: input.action === 'set-lane' ? input.lane : undefined }] }, outcome: 'done' };
}

function needsFourEyes(state: ConsignmentState, input: OfficerAction): boolean {
  const protectedGates = blockingGates(state).filter((g) => g.fourEyes);
  if (input.action === 'release') return protectedGates.length > 0;
  if (input.action === 'set-lane') {
    const current = latestDecision(state)?.lane;
    return current !== undefined && LANE_RANK[input.lane] < LANE_RANK[current] && (current === 'red' || current === 'agency');
  }
  return false;
}

function perform(state: ConsignmentState, input: Exclude<OfficerAction, { action: 'approve' }>, officer: string, at: DateTime): ConsignmentState {
  const n = state.officerActions.length + 1;
  switch (input.action) {
    case 'release': {
      const satisfied = [...state.satisfied];
      for (const gate of blockingGates(state)) if (!satisfied.includes(gate.id)) satisfied.push(gate.id);
      const security = state.security === 'none' || state.security === 'received' ? state.security : 'assessment-complete';
      return { ...state, satisfied, security, reviewHold: undefined };
    }
    case 'hold':
      return { ...state, officerHolds: [...state.officerHolds, { id: `officer-hold-${n}`, type: 'officer-hold', reason: input.reason }] };
    case 'request-information':
      return { ...state, officerHolds: [...state.officerHolds, { id: `officer-information-${n}`, type: 'information', reason: input.reason }] };
    case 'set-lane': {
      const previous = latestDecision(state);
      const number = state.decisions.length + 1;
      const gates: DecisionRecord['gates'] = [];
      if (input.lane === 'red') gates.push({ id: `inspection-${number}`, type: 'inspection', reason: `officer set red lane: ${input.reason}`, fourEyes: true });
      if (input.lane === 'yellow') gates.push({ id: `information-${number}`, type: 'information', reason: `officer set yellow lane: ${input.reason}` });
      if (input.lane === 'agency') gates.push({ id: `agency-officer-${number}`, type: 'agency', agency: 'referred-by-officer', reason: input.reason, fourEyes: true });
      // Revenue holds and payment still stand: a lane change is about risk, not about money owed.
      for (const gate of previous?.gates ?? []) if (gate.type === 'revenue-hold') gates.push(gate);
      const decision: DecisionRecord = {
        number, at, trigger: 'officer', policy: 'officer', versions: previous?.versions ?? {}, lane: input.lane,
        security: previous?.security, score: previous?.score, gates, revenue: previous?.revenue, reservation: previous?.reservation,
        reasons: [{ code: 'LUX_OFFICER_LANE', source: 'officer', message: input.reason }], officer,
      };
      return { ...state, decisions: [...state.decisions, decision] };
    }
  }
}
