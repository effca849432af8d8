/**
 * The rule language: a typed JSON tree that analysts write, store, version and publish.
 * It is data (no code in it), validated by `validateRuleSet` and compiled by `compileRuleSet`.
 */
import type { Lane } from '../clearance/seam.js';
import type { PartyRole } from './keys.js';

export type FieldOp =
  | 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'between'       // numbers, money
  | 'in' | 'notIn' | 'startsWith' | 'contains'                   // strings
  | 'anyIn' | 'noneIn' | 'allIn' | 'anyStartsWith'               // string lists
  | 'exists' | 'missing';                                        // any field

/** A comparison of one field of the consignment (catalogue in rule-fields.ts) with a constant. */
export interface FieldCondition {
  field: string;
  op: FieldOp;
  /** number / decimal string / string / string[] / [low, high] / boolean, by field type and op. */
  value?: unknown;
  /** For money fields: the comparison only holds when the amount is in this currency. */
  currency?: string;
}

/** Words or phrases in any goods description (folded: case, accents and script ignored). */
export interface KeywordCondition { keywords: string[] }

export type PartyFact = 'known' | 'consignments' | 'ageDays' | 'inspected' | 'findings' | 'findingRate';

/** A fact of a party's history (context.parties), looked up by the party's key. */
export interface PartyCondition {
  party: { role: PartyRole; fact: PartyFact; op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'; value: number | boolean };
}

/** An aggregate over context.recent in a time window before the assessment. */
export interface WindowCondition {
  window: {
    measure: 'count' | 'sum';
    /** Same buyer (party key) or same delivery address (address key). */
    by: 'buyer' | 'address';
    sameSeller: boolean;
    hours: number;
    /** Count/sum this consignment too (default true). */
    includeCurrent?: boolean;
    op: 'lt' | 'lte' | 'gt' | 'gte' | 'eq';
    /** A count, or a decimal string sum in `currency`. */
    value: number | string;
    /** Required for sums: parcels in other currencies are not summed. */
    currency?: string;
  };
}

export interface AllCondition { all: Condition[] }
export interface AnyCondition { any: Condition[] }
export interface NotCondition { not: Condition }

export type Condition =
  | AllCondition | AnyCondition | NotCondition
  | FieldCondition | KeywordCondition | PartyCondition | WindowCondition;

export type Action =
  | { type: 'score'; points: number }
  | { type: 'minLane'; lane: Lane }
  | { type: 'requestInformation'; what: string }
  | { type: 'requestScreening'; reason?: string }
  | { type: 'doNotLoad'; reason?: string }
  | { type: 'refer'; agency: string; reason?: string }
  | { type: 'flagCheck'; check: string };

export interface Rule {
  id: string;
  description?: string;
  /** Disabled rules stay in the version for the record but are not compiled. */
  enabled?: boolean;
  when: Condition;
  then: Action[];
}

export interface LaneThresholds {
  /** Score at or above which a consignment goes to the yellow lane. */
  yellow: number;
  /** Score at or above which a consignment goes to the red lane (before capacity adaption). */
  red: number;
}

export interface RuleSet {
  id: string;
  version: string;
  description?: string;
  lanes?: LaneThresholds;
  /**
   * The share of consignments (0 to 1) this version sends to a random audit inspection (FoS TS
   * 2.4.2). A property of the version, like its lanes: a replay or back-test of the version draws
   * at the rate it ran with. Absent: the engine's own rate (1 % in the platform).
   */
  randomAudit?: { rate: number };
  rules: Rule[];
}

/** One rule that fired, with the version of the ruleset it belongs to. */
export interface RuleHit {
  ruleId: string;
  version: string;
  description?: string;
  actions: Action[];
}
