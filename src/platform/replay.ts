/**
 * A consignment's state is a projection of its events: replaying them through the same pure
 * functions rebuilds it. Messages are applied as they were received (personal data opened with
 * the consignment key while it exists), decisions are taken as recorded, never re-made.
 */
import { applyMessage } from '../clearance/apply-message.js';
import { newConsignmentState, type ConsignmentState, type DecisionRecord, type PostClearanceOutcome } from '../clearance/consignment-state.js';
import { applyOfficerAction, type OfficerAction } from '../clearance/officer-action.js';
import type { Jurisdiction, Message } from '../domain/message.js';
import { mergePersonalData, openPersonalData, type SealedPersonalData } from '../ledger/personal-data.js';
import type { ConsignmentRow, PersonalRow, StoredEvent } from '../ledger/store.js';

export function replayConsignment(row: ConsignmentRow, events: StoredEvent[], personal: PersonalRow[], key: Buffer | null): ConsignmentState {
  const summary = JSON.parse(row.state || '{}') as { createdAt?: string };
  let state = newConsignmentState(row.id, row.jurisdiction as Jurisdiction, summary.createdAt ?? events[0]?.at ?? new Date(0).toISOString());
  const personalBySeq = new Map(personal.map((p) => [p.seq, p]));
  for (const event of events) {
    if (event.type.startsWith('message.')) {
      let message = JSON.parse(event.payload) as Message;
      const sealed = personalBySeq.get(event.seq);
      if (sealed && key) message = mergePersonalData(message, openPersonalData(key, JSON.parse(sealed.sealed) as SealedPersonalData, event.commitment ?? undefined));
      const applied = applyMessage(state, message, { seq: event.seq, at: event.at });
      state = applied.state;
    } else if (event.type === 'decision') {
      const decision = (JSON.parse(event.payload) as { decision: DecisionRecord }).decision;
      state = { ...state, decisions: [...state.decisions, decision] };
      if (decision.security) state.security = decision.security;
    } else if (event.type.startsWith('officer.')) {
      const { outcome: _outcome, ...action } = JSON.parse(event.payload) as OfficerAction & { outcome: string };
      state = applyOfficerAction(state, action as OfficerAction, event.actor, event.at).state;
    } else if (event.type === 'state.released') {
      state = { ...state, releasedAt: event.at };
    } else if (event.type === 'refund.decided') {
      const { returnIndex, refund } = JSON.parse(event.payload) as { returnIndex: number; refund: ConsignmentState['returns'][number]['refund'] | null };
      if (refund && state.returns[returnIndex]) {
        const returns = [...state.returns];
        returns[returnIndex] = { ...returns[returnIndex], refund };
        state = { ...state, returns };
      }
    } else if (event.type === 'post-clearance.flagged') {
      const flag = JSON.parse(event.payload) as { reason: string; foundBy: string };
      state = { ...state, postClearance: [...(state.postClearance ?? []), { at: event.at, reason: flag.reason, foundBy: flag.foundBy }] };
    } else if (event.type === 'post-clearance.closed') {
      const closed = JSON.parse(event.payload) as PostClearanceOutcome;
      state = { ...state, postClearanceClosed: { ...closed, at: event.at, officer: event.actor } };
    } else if (event.type === 'link.held-for-review') {
      state = { ...state, reviewHold: (JSON.parse(event.payload) as { reason: string }).reason, parties: state.parties };
    }
  }
  if (row.mrn) state = { ...state, facts: { ...state.facts, mrn: row.mrn } };
  return state;
}
