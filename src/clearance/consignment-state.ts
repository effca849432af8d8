/**
 * A consignment's lifecycle as data. Two tracks move independently: security (pre-loading,
 * ICS2-style outcomes) and fiscal (declaration, assessment, payment, release). What still
 * stands between a consignment and its release is a list of open gates, derived from the
 * latest decision and what has happened since; the fiscal status is read off those gates.
 */
import type { Amount, DateTime, Jurisdiction } from '../domain/message.js';
import type { ConsignmentFacts, Lane, Liability, Reason } from './seam.js';

export type SecurityStatus = 'none' | 'received' | 'assessment-complete' | 'request-for-information' | 'request-for-screening' | 'do-not-load';

export type FiscalStatus =
  | 'not-declared' | 'held-for-review' | 'awaiting-officer' | 'inspection' | 'deferred' | 'referred'
  | 'awaiting-information' | 'held' | 'awaiting-payment' | 'assessed' | 'released'
  | 'invalidated' | 'seized' | 'refused' | 'returned';

/**
 * `information` is closed by an `information` message (documents, answers); `correction` only by a
 * corrected declaration (an amendment after which the engines no longer ask), because what is
 * missing is data the liability is computed from (an HS code too short for the tariff, a mass).
 */
export type GateType = 'officer' | 'inspection' | 'deferred' | 'agency' | 'information' | 'correction' | 'revenue-hold' | 'officer-hold' | 'payment' | 'security' | 'arrival' | 'link-review';

export interface Gate {
  id: string;
  type: GateType;
  reason: string;
  agency?: string;
  /** Four eyes: releasing past this gate against its purpose needs a second officer. */
  fourEyes?: boolean;
}

export interface DecisionRecord {
  number: number;
  at: DateTime;
  trigger: string;
  policy: string;
  versions: Record<string, string>;
  lane?: Lane;
  security?: SecurityStatus;
  score?: number;
  deferred?: boolean;
  gates: Gate[];
  reasons: Reason[];
  revenue?: {
    referenceDate: string;
    currency: string;
    customsValue?: Amount;
    due: Amount;
    collectionModel: 'vendor' | 'intermediary' | 'consumer';
    category?: 1 | 2 | 3 | 4;
    liabilities: Liability[];
  };
  /** Guarantee headroom this decision reserved on an account. */
  reservation?: { accountId: string; amount: Amount; currency: string };
  /** Set when an officer made this decision. */
  officer?: string;
}

export interface OfficerActionRecord {
  at: DateTime;
  officer: string;
  action: string;
  reason: string;
  lane?: Lane;
  approvedBy?: string;
}

export interface PendingApproval {
  id: string;
  action: 'release' | 'set-lane';
  lane?: Lane;
  requestedBy: string;
  at: DateTime;
  reason: string;
}

export interface ReturnRecord {
  at: DateTime;
  exportedAt: DateTime;
  items: { line: number; quantity: number }[];
  claimant?: { role: string; id: string };
  refund?: { amount: Amount; currency: string; payee: string; liabilities: Liability[] };
  returnTransportDocument?: string;
}

export interface LinkedMessage { seq: number; type: string; sender: string; messageId: string; at: DateTime }

export interface ConsignmentState {
  id: string;
  jurisdiction: Jurisdiction;
  createdAt: DateTime;
  facts: ConsignmentFacts;
  security: SecurityStatus;
  /** Terminal or review statuses set by events; otherwise the status is derived from gates. */
  terminal?: 'invalidated' | 'seized' | 'refused' | 'returned';
  reviewHold?: string;
  arrived: boolean;
  releasedAt?: DateTime;
  decisions: DecisionRecord[];
  /** Gate ids satisfied since the decision that opened them. */
  satisfied: string[];
  officerHolds: Gate[];
  pendingApprovals: PendingApproval[];
  officerActions: OfficerActionRecord[];
  /** Duties and taxes paid to customs (consumer collection), by payment reference. */
  paid: { reference: string; amount: Amount; currency: string; at: DateTime }[];
  informationReceived: number;
  returns: ReturnRecord[];
  /** Organisations that take part in this consignment and may see its outcomes. */
  parties: string[];
  messages: LinkedMessage[];
  /** Findings made after release that call for a post-clearance audit (a split shown by a later part). */
  postClearance?: { at: DateTime; reason: string; foundBy: string }[];
  /** The post-clearance audit's outcome, once an officer closed it. */
  postClearanceClosed?: PostClearanceOutcome & { at: DateTime; officer: string };
}

/** What a post-clearance audit found: the finding confirmed (and what was recovered) or unfounded. */
export interface PostClearanceOutcome {
  outcome: 'confirmed' | 'unfounded';
  reason: string;
  recovered?: { amount: Amount; currency: string };
}

export function newConsignmentState(id: string, jurisdiction: Jurisdiction, at: DateTime): ConsignmentState {
  return {
    id, jurisdiction, createdAt: at,
    facts: { id, jurisdiction, orders: [], payments: [], inspections: [], agencyDecisions: [] },
    security: 'none', arrived: false, decisions: [], satisfied: [], officerHolds: [], pendingApprovals: [],
    officerActions: [], paid: [], informationReceived: 0, returns: [], parties: [], messages: [],
  };
}

export function latestDecision(state: ConsignmentState): DecisionRecord | undefined {
  return state.decisions[state.decisions.length - 1];
}
