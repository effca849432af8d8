/**
 * The assess/decide seam (ARCHITECTURE.md). Everything here is data: the shell reads the
 * consignment facts and a context at one moment, calls the pure `assess` of the configured
 * policy, then the pure `decide`, and commits the decision with what it reserves in one
 * transaction, recording the context so that a replay gives the same answer.
 */
import type {
  AgencyDecisionMessage, Amount, ArrivalMessage, DateTime, DeclaredConsignment, InspectionResultMessage,
  Jurisdiction, OrderMessage, PaymentMessage, PreLoadingMessage, TransportMessage,
} from '../domain/message.js';

/** What Luxor knows of one consignment, merged from every linked message. */
export interface ConsignmentFacts {
  id: string;
  jurisdiction: Jurisdiction;
  mrn?: string;
  transportDocument?: string;
  /** The declared consignment, with accepted amendments applied. */
  declaration?: DeclaredConsignment;
  declarationMessageId?: string;
  /** Organisation that sent the declaration. */
  declaredBy?: string;
  declaredAt?: DateTime;
  declarant?: string;
  debtor?: string;
  preLoading?: PreLoadingMessage['consignment'];
  preLoadedAt?: DateTime;
  preLoadedBy?: string;
  orders: OrderMessage['order'][];
  payments: PaymentMessage['payment'][];
  /** Who sent each order (by order id) and each order payment (by reference): another party's message with the same id must not replace it. */
  orderSenders?: Record<string, string>;
  paymentSenders?: Record<string, string>;
  transport?: TransportMessage['consignment'];
  transportedBy?: string;
  arrival?: ArrivalMessage['arrival'];
  inspections: InspectionResultMessage['inspection'][];
  agencyDecisions: AgencyDecisionMessage['decision'][];
}

/** The history of one party as of the assessment (never later: no leak of the future). */
export interface PartyHistory {
  key: string;
  firstSeen?: DateTime;
  consignments: number;
  inspected: number;
  findings: number;
}

/** A recent consignment of the same buyer, for splitting, per-day and per-year limits. */
export interface RecentConsignment {
  consignmentId: string;
  declaredAt: DateTime;
  sellerKey: string;
  buyerKey: string;
  addressKey: string;
  itemsTotal: Amount;
  currency: string;
}

export interface AccountHeadroom {
  accountId: string;
  currency: string;
  guarantee: Amount;
  /** Drawn and not yet paid. */
  used: Amount;
}

/** Shared state read by the shell at the moment of assessment. */
export interface AssessmentContext {
  now: DateTime;
  /** The buyer's (and the buyer address's) consignments of the last 366 days, before this one. */
  recent: RecentConsignment[];
  parties: Record<string, PartyHistory>;
  /**
   * The keys of this consignment's parties (by role, and the buyer's address) as the shell made
   * them: pseudonyms keyed with the platform's secret (risk/keys.ts). The engines key `recent` and
   * `parties` with these; without them (pure tests, records from before) they make unkeyed ones.
   */
  keys?: { [role in 'seller' | 'buyer' | 'consignee' | 'consignor' | 'declarant' | 'carrier' | 'submitter' | 'address']?: string };
  account?: AccountHeadroom;
  /** CN: value already used of the buyer's annual cross-border quota (RMB). */
  annualQuotaUsed?: Amount;
  /** Inspections already booked today at the location, and the day's capacity. */
  inspections?: { location: string; date: string; capacity: number; used: number };
  /** Risk scores seen today at the location, for the capacity-adapted red threshold (opaque to the shell). */
  scoresSeen?: unknown;
  /** Engine versions in force (ruleset, model, reference data). */
  versions: Record<string, string>;
}

export type Lane = 'green' | 'yellow' | 'red' | 'agency';
export type PreLoadingOutcome = 'assessment-complete' | 'request-for-information' | 'request-for-screening' | 'do-not-load';

/** One reason in an explanation: a rule hit, a list match, a measured check, a liability. */
export interface Reason {
  code: string;
  source: 'rule' | 'list' | 'check' | 'model' | 'random' | 'revenue' | 'policy' | 'officer';
  message: string;
  version?: string;
  score?: number;
  measured?: unknown;
  threshold?: unknown;
  /** The matched list entry, for list hits. */
  matched?: unknown;
}

/** The part of a risk assessment that `decide` needs; the risk engine adds detail. */
export interface RiskVerdict {
  score: number;
  minLane: Lane;
  preLoading?: PreLoadingOutcome;
  referrals: { agency: string; reason: string }[];
  requestsForInformation: string[];
  reasons: Reason[];
  /** Would be red, but the day's inspection capacity is used: deferred to post-clearance audit. */
  deferred?: boolean;
  /** The data-quality score (0..100) of the consignment's data, when the policy measured one. */
  qualityScore?: number;
}

export interface Liability {
  type: 'duty' | 'vat' | 'gst' | 'hst' | 'pst' | 'excise' | 'consumption-tax' | 'flat-duty' | 'handling-fee' | 'additional-duty';
  line?: number;
  base: Amount;
  rate: string;
  amount: Amount;
  currency: string;
  source: string;
  /** Who collects it: the vendor (already collected), an intermediary's account, the consumer at the border. */
  collectedBy: 'vendor' | 'intermediary' | 'consumer' | 'none';
}

/** The part of a revenue assessment that `decide` needs; the revenue engine adds detail. */
export interface RevenueVerdict {
  referenceDate: string;
  currency: string;
  customsValue?: Amount;
  liabilities: Liability[];
  /** Sum due at the border or on account (excludes what the vendor already collected). */
  due: Amount;
  collectionModel: 'vendor' | 'intermediary' | 'consumer';
  category?: 1 | 2 | 3 | 4;
  holds: Reason[];
  requestsForInformation: string[];
  reasons: Reason[];
}

export interface Assessment {
  policy: string;
  risk?: RiskVerdict;
  revenue?: RevenueVerdict;
  /** Set when the policy cannot assess (no engine): decide fails closed. */
  pending?: Reason;
  /** What a shadow version would have decided: recorded with the decision, never acting. */
  shadow?: unknown;
}

/** A pure assessment policy: risk and revenue engines plug in here. */
export interface AssessmentPolicy {
  readonly name: string;
  assess(facts: ConsignmentFacts, context: AssessmentContext): Assessment;
  /**
   * Told of every committed declaration after its decision, so that learned references
   * (unit prices) follow the data. Never called during a replay.
   */
  observe?(facts: ConsignmentFacts, assessment: Assessment): void;
  /** The refund due on returned goods, line by line; pure like `assess`. */
  refund?(facts: ConsignmentFacts, context: AssessmentContext, returned: { line: number; quantity: number }[], previouslyReturned: { line: number; quantity: number }[], exportedAt: string): RefundVerdict;
}

export interface RefundVerdict {
  refundable: boolean;
  reason?: string;
  currency: string;
  total: Amount;
  liabilities: Liability[];
}
