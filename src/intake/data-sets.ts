/**
 * The regulated data set per jurisdiction and moment (MISSION row 1), read from reference/data-sets/.
 * One file per jurisdiction drives four things: which elements a message must carry (validation),
 * how complete a consignment is, which roles may see which element, and how long each is kept.
 */
import { readFileSync } from 'node:fs';
import { JURISDICTIONS, type Jurisdiction, type MessageType, type Role } from '../domain/message.js';
import { referencePath } from '../domain/paths.js';
import type { IdentifierScheme } from './identifiers.js';

export const MOMENTS = ['pre-loading', 'declaration', 'arrival'] as const;
export type Moment = (typeof MOMENTS)[number];
export type Purpose = 'security' | 'fiscal' | 'statistical' | 'agency';

export interface DataElement {
  id: string;
  name: string;
  /** RFC 6901 pointer into the native message; `*` stands for every element of an array. */
  pointer: string;
  required: boolean;
  /** 'message': a message of the moment without it is rejected; 'consignment': needed before assessment, from any linked message. */
  enforce: 'message' | 'consignment';
  purpose: Purpose[];
  /** ISO 8601 duration, e.g. P3Y. */
  retention: string;
  roles: Role[];
  personal: boolean;
}

export interface MomentDataSet { messageTypes: MessageType[]; source: string; elements: DataElement[] }

export interface JurisdictionDataSet {
  jurisdiction: Jurisdiction;
  name: string;
  version: string;
  validFrom: string;
  validTo: string | null;
  currency: string;
  retention: { default: string; source: string };
  identifierSchemes: { declarant: IdentifierScheme[]; representative: IdentifierScheme[]; vendorCollection: IdentifierScheme[] };
  note?: string;
  moments: Record<Moment, MomentDataSet>;
}

let cache: Map<Jurisdiction, JurisdictionDataSet> | undefined;

/** Reads every jurisdiction's data set (once per process; pass `reload` after editing reference/). */
export function loadDataSets(reload = false): Map<Jurisdiction, JurisdictionDataSet> {
  if (cache !== undefined && !reload) return cache;
  const sets = new Map<Jurisdiction, JurisdictionDataSet>();
  for (const j of JURISDICTIONS) {
    const set = JSON.parse(readFileSync(referencePath('data-sets', `${j}.json`), 'utf8')) as JurisdictionDataSet;
    if (set.jurisdiction !== j) throw new Error(`reference/data-sets/${j}.json declares jurisdiction ${set.jurisdiction}`);
    for (const m of MOMENTS) if (!set.moments[m]) throw new Error(`reference/data-sets/${j}.json has no moment ${m}`);
    sets.set(j, set);
  }
  cache = sets;
  compiled.clear();
  return sets;
}

export function dataSetFor(jurisdiction: Jurisdiction): JurisdictionDataSet {
  const set = loadDataSets().get(jurisdiction);
  if (set === undefined) throw new RangeError(`no data set for ${jurisdiction}`);
  return set;
}

/** The moment a message type reports at, if it is one of the regulated moments. */
export function momentOf(type: string): Moment | undefined {
  return type === 'pre-loading' || type === 'declaration' || type === 'arrival' ? type : undefined;
}

/** The required elements of a moment; `enforce` narrows to those checked on each message. */
export function requiredFor(jurisdiction: Jurisdiction, moment: Moment, enforce?: 'message' | 'consignment'): DataElement[] {
  return dataSetFor(jurisdiction).moments[moment].elements.filter((e) => e.required && (enforce === undefined || e.enforce === enforce));
}

/** Pointer split into unescaped reference tokens (RFC 6901 §4). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function escapeToken(t: string): string {
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isPresent(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/**
 * Concrete pointers where an element with `tokens` is missing in `value`. An element under an
 * array is missing in each array element that lacks it; an absent or empty array makes the
 * array itself the missing pointer, and a missing parent object is reported instead of its children.
 */
export function missingPointers(value: unknown, tokens: readonly string[], at = 0, prefix = ''): string[] {
  if (at === tokens.length) return isPresent(value) ? [] : [prefix];
  const token = tokens[at];
  if (token === '*') {
    if (!Array.isArray(value) || value.length === 0) return [prefix];
    const out: string[] = [];
    for (let i = 0; i < value.length; i++) {
      for (const m of missingPointers(value[i], tokens, at + 1, `${prefix}/${i}`)) out.push(m);
    }
    return out;
  }
  // A missing (or non-object) parent is the gap to report: its children cannot be there either.
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return missingPointers((value as Record<string, unknown>)[token], tokens, at + 1, `${prefix}/${escapeToken(token)}`);
}

/** True when the element is present everywhere `tokens` reaches (the allocation-free check of missingPointers). */
export function presentEverywhere(value: unknown, tokens: readonly string[], at = 0): boolean {
  if (at === tokens.length) return isPresent(value);
  if (tokens[at] === '*') {
    if (!Array.isArray(value) || value.length === 0) return false;
    for (let i = 0; i < value.length; i++) if (!presentEverywhere(value[i], tokens, at + 1)) return false;
    return true;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return presentEverywhere((value as Record<string, unknown>)[tokens[at]], tokens, at + 1);
}

interface CompiledRequirement { element: DataElement; tokens: string[] }
const compiled = new Map<Jurisdiction, Partial<Record<Moment, CompiledRequirement[]>>>();

/** The message-enforced requirements of a moment, with pointers pre-split (hot path). */
export function messageRequirements(jurisdiction: Jurisdiction, moment: Moment): CompiledRequirement[] {
  let byMoment = compiled.get(jurisdiction);
  if (byMoment === undefined) { byMoment = {}; compiled.set(jurisdiction, byMoment); }
  let list = byMoment[moment];
  if (list === undefined) {
    list = requiredFor(jurisdiction, moment, 'message').map((element) => ({ element, tokens: pointerTokens(element.pointer) }));
    byMoment[moment] = list;
  }
  return list;
}

export interface Completeness {
  /** Share of the moment's required elements present, 0 to 1. */
  score: number;
  /** Concrete pointers of what is missing. */
  missing: string[];
  /** Ids of the elements missing. */
  missingElements: string[];
}

const allRequirements = new WeakMap<JurisdictionDataSet, Partial<Record<Moment, CompiledRequirement[]>>>();

/** Every required element of a moment (both enforce kinds), with pointers pre-split. */
function requirementsOf(dataSet: JurisdictionDataSet, moment: Moment): CompiledRequirement[] {
  let byMoment = allRequirements.get(dataSet);
  if (byMoment === undefined) { byMoment = {}; allRequirements.set(dataSet, byMoment); }
  return (byMoment[moment] ??= dataSet.moments[moment].elements.filter((e) => e.required).map((element) => ({ element, tokens: pointerTokens(element.pointer) })));
}

/**
 * How complete a message (or a merged consignment in a message's shape) is against its moment's
 * required elements, both enforce kinds. `moment` defaults to the message's type.
 */
export function completeness(message: { type?: string } & object, dataSet: JurisdictionDataSet, moment?: Moment): Completeness {
  const m = moment ?? momentOf(message.type ?? '');
  if (m === undefined) return { score: 1, missing: [], missingElements: [] };
  const required = requirementsOf(dataSet, m);
  const missing: string[] = [];
  const missingElements: string[] = [];
  for (const { element: e, tokens } of required) {
    // Most elements are present: the allocation-free check first, the pointers only for gaps.
    if (presentEverywhere(message, tokens)) continue;
    const gaps = missingPointers(message, tokens);
    if (gaps.length > 0) { missing.push(...gaps); missingElements.push(e.id); }
  }
  const score = required.length === 0 ? 1 : (required.length - missingElements.length) / required.length;
  return { score, missing, missingElements };
}

/** Deletes the element at `tokens`; returns true when `value` is left an empty object (so the parent drops it too). */
function deleteAt(value: unknown, tokens: readonly string[], at: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const token = tokens[at];
  if (token === '*') {
    if (Array.isArray(value)) for (const v of value) deleteAt(v, tokens, at + 1);
    return false;
  }
  if (Array.isArray(value)) return false;
  const rec = value as Record<string, unknown>;
  if (!(token in rec)) return false;
  if (at === tokens.length - 1 || deleteAt(rec[token], tokens, at + 1)) delete rec[token];
  return Object.keys(rec).length === 0;
}

/** Where a message type keeps what the data set's /consignment pointers name. */
const CONSIGNMENT_ROOT: Partial<Record<string, string>> = {
  declaration: '/consignment', 'pre-loading': '/consignment', transport: '/consignment',
  amendment: '/amendment/consignment', order: '/order', payment: '',
};

/** The moment whose data a message type carries, by the data set's messageTypes lists. */
export function momentCarriedBy(dataSet: JurisdictionDataSet, type: string): Moment | undefined {
  for (const m of MOMENTS) if ((dataSet.moments[m].messageTypes as string[]).includes(type)) return m;
  return undefined;
}

/**
 * A copy of `object` without the elements `role` may not see. A message is judged by the moment
 * its type carries (an order or payment by the declaration's elements, rebased onto its own root);
 * an object without a known `type` by every moment, an element hidden from the role at any moment
 * being removed (the stricter reading). Elements the data set does not list are not regulated and
 * stay; objects the redaction empties are dropped. To redact a consignment projection, pass it in
 * message shape (`{ consignment: facts.declaration }`).
 */
export function redactForRole<T>(object: T, dataSet: JurisdictionDataSet, role: Role, moment?: Moment): T {
  const copy = structuredClone(object);
  const type = object !== null && typeof object === 'object' ? String((object as { type?: unknown }).type ?? '') : '';
  const m = moment ?? momentCarriedBy(dataSet, type);
  const root = CONSIGNMENT_ROOT[type];
  for (const mm of m === undefined ? MOMENTS : [m]) {
    for (const e of dataSet.moments[mm].elements) {
      if (e.roles.includes(role)) continue;
      const pointer = root !== undefined && e.pointer.startsWith('/consignment/') ? root + e.pointer.slice('/consignment'.length) : e.pointer;
      deleteAt(copy, pointerTokens(pointer), 0);
    }
  }
  return copy;
}

/**
 * Retention (ISO 8601 duration) of an element, by pointer or id; the jurisdiction's default for
 * elements the data set does not list. Array indexes in a concrete pointer match `*`.
 */
export function retentionFor(dataSet: JurisdictionDataSet, pointerOrId: string, moment?: Moment): string {
  const generic = pointerOrId.startsWith('/') ? pointerOrId.replace(/\/\d+(?=\/|$)/g, '/*') : undefined;
  const moments = moment === undefined ? MOMENTS : [moment];
  let longest: string | undefined;
  for (const mm of moments) {
    for (const e of dataSet.moments[mm].elements) {
      if (e.id === pointerOrId || e.pointer === generic) {
        if (longest === undefined || durationDays(e.retention) > durationDays(longest)) longest = e.retention;
      }
    }
  }
  return longest ?? dataSet.retention.default;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/** Approximate length in days, only to compare durations. */
function durationDays(d: string): number {
  const m = DURATION.exec(d);
  if (m === null) throw new RangeError(`not a date-only ISO 8601 duration: ${d}`);
  return Number(m[1] ?? 0) * 366 + Number(m[2] ?? 0) * 31 + Number(m[3] ?? 0) * 7 + Number(m[4] ?? 0);
}

/**
 * The calendar date (YYYY-MM-DD, UTC) when a retention period that starts at `start` ends:
 * years and months by the calendar (clamped to the month's last day), then weeks and days.
 */
export function retentionEnds(start: string, duration: string): string {
  const m = DURATION.exec(duration);
  if (m === null) throw new RangeError(`not a date-only ISO 8601 duration: ${duration}`);
  const t = new Date(start);
  if (Number.isNaN(t.getTime())) throw new RangeError(`not a date: ${start}`);
  const months = Number(m[1] ?? 0) * 12 + Number(m[2] ?? 0);
  const y = t.getUTCFullYear();
  const mo = t.getUTCMonth() + months;
  const targetYear = y + Math.floor(mo / 12);
  const targetMonth = mo % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(targetYear, targetMonth, Math.min(t.getUTCDate(), lastDay)));
  end.setUTCDate(end.getUTCDate() + Number(m[3] ?? 0) * 7 + Number(m[4] ?? 0));
  return end.toISOString().slice(0, 10);
}
