/**
 * What a rule can look at. Each field has a type (which decides the legal operators), a cost
 * (which decides evaluation order: cheapest first) and an accessor over `EvalInput`, which
 * derives each value from the facts at most once per consignment.
 */
import type { AssessmentContext, ConsignmentFacts, PartyHistory } from '../clearance/seam.js';
import { Decimal } from '../domain/decimal.js';
import type { DeclaredConsignment, Item } from '../domain/message.js';
import { addressKey, buyerOf, consignmentView, hoursBetween, keysOf, parseTime, partyKey, sellerOf, type KeyOf, type PartyRole } from './keys.js';
import { descriptionTokens, foldDescription } from './normalise.js';

export interface EvalEnv {
  /** Data-quality score 0..100 of the consignment, for `quality.score` conditions. */
  qualityScore?: (facts: ConsignmentFacts) => number;
}

const UNSET = Symbol('unset');
const MEMO_NONE = Symbol('none');
type Cached<T> = T | typeof UNSET;

/** One consignment prepared for rule evaluation; values are computed lazily and memoised. */
export class EvalInput {
  readonly view: Partial<DeclaredConsignment>;
  readonly items: Item[];
  private _itemsTotal: Cached<Decimal | undefined> = UNSET;
  private _hs: Cached<string[]> = UNSET;
  private _origins: Cached<string[]> = UNSET;
  private _folded: Cached<string> = UNSET;
  private _tokens: Cached<Set<string>> = UNSET;
  private _itemTokens: (readonly string[])[] | undefined;
  private _quality: Cached<number> = UNSET;
  // Party keys (a hash each for names, unless the context carries them), computed once and shared with the engine's checks.
  private _kSeller: Cached<string | undefined> = UNSET;
  private _kBuyer: Cached<string | undefined> = UNSET;
  private _kAddress: Cached<string | undefined> = UNSET;
  private _kOther: KeyOf | undefined;
  private _now: Cached<number> = UNSET;
  private _recentTimes: Float64Array | undefined;
  private readonly _history: Partial<Record<PartyRole, PartyHistory | null>> = {};
  private _sellerHistory: Cached<PartyHistory | undefined> = UNSET;
  /** Memoised field values by field slot (see FIELD_SLOTS); UNSET until read. */
  readonly memo: unknown[] = [];

  constructor(readonly facts: ConsignmentFacts, readonly context: AssessmentContext, readonly env: EvalEnv = {}) {
    this.view = consignmentView(facts);
    this.items = this.view.items ?? facts.orders[0]?.items ?? [];
  }

  private _keyFn: KeyOf | undefined;
  /** `key` as a function, for checks that take a KeyOf (made on first use: rules alone never need it). */
  get keyOf(): KeyOf { return (this._keyFn ??= (role) => this.key(role)); }

  currency(): string | undefined {
    return this.view.invoice?.currency ?? this.facts.orders[0]?.currency;
  }

  itemsTotal(): Decimal | undefined {
    if (this._itemsTotal !== UNSET) return this._itemsTotal;
    const text = this.view.invoice?.itemsTotal ?? this.facts.orders[0]?.itemsTotal;
    return (this._itemsTotal = text !== undefined && Decimal.isDecimalString(text) ? Decimal.parse(text) : undefined);
  }

  hsCodes(): string[] {
    if (this._hs !== UNSET) return this._hs;
    const out: string[] = [];
    for (const it of this.items) if (it.hsCode) out.push(it.hsCode);
    return (this._hs = out);
  }

  origins(): string[] {
    if (this._origins !== UNSET) return this._origins;
    const out: string[] = [];
    for (const it of this.items) if (it.origin) out.push(it.origin);
    return (this._origins = out);
  }

  /** All item descriptions folded and joined, padded with spaces for whole-phrase search. */
  foldedDescriptions(): string {
    if (this._folded !== UNSET) return this._folded;
    let s = ' ';
    for (const it of this.items) s += foldDescription(it.description) + ' ';
    return (this._folded = s);
  }

  /** Tokens of each item's description (shared, memoised arrays: do not modify). */
  itemTokens(): readonly (readonly string[])[] {
    if (this._itemTokens) return this._itemTokens;
    const out: (readonly string[])[] = [];
    for (const it of this.items) out.push(descriptionTokens(it.description));
    return (this._itemTokens = out);
  }

  descriptionTokens(): Set<string> {
    if (this._tokens !== UNSET) return this._tokens;
    const set = new Set<string>();
    for (const toks of this.itemTokens()) for (const t of toks) set.add(t);
    return (this._tokens = set);
  }

  qualityScore(): number | undefined {
    if (this._quality !== UNSET) return this._quality;
    if (!this.env.qualityScore) return undefined;
    return (this._quality = this.env.qualityScore(this.facts));
  }

  key(role: PartyRole | 'address'): string | undefined {
    // The shell's keys (keyed pseudonyms) when it gave them: `recent` and `parties` are keyed so.
    const given = this.context.keys;
    if (given) return given[role];
    switch (role) {
      case 'seller': return this._kSeller !== UNSET ? this._kSeller : (this._kSeller = partyKey(sellerOf(this.facts)));
      case 'buyer': return this._kBuyer !== UNSET ? this._kBuyer : (this._kBuyer = partyKey(buyerOf(this.facts)));
      case 'address': return this._kAddress !== UNSET ? this._kAddress : (this._kAddress = addressKey(buyerOf(this.facts)?.address));
      default: return (this._kOther ??= keysOf(this.facts, this.context))(role);
    }
  }

  /** context.recent declaration times, parsed once per consignment for all window conditions. */
  recentTimes(): Float64Array {
    if (this._recentTimes) return this._recentTimes;
    const r = this.context.recent;
    const out = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) out[i] = parseTime(r[i].declaredAt);
    return (this._recentTimes = out);
  }

  private _historyFn: ((role: PartyRole) => PartyHistory | undefined) | undefined;
  /** `history` as a function, for checks that take one (made on first use). */
  get historyOf(): (role: PartyRole) => PartyHistory | undefined { return (this._historyFn ??= (role) => this.history(role)); }

  history(role: PartyRole): PartyHistory | undefined {
    // the seller's history is what rules read most: a field, not a keyed look-up
    if (role === 'seller') {
      if (this._sellerHistory !== UNSET) return this._sellerHistory;
      const k = this.key('seller');
      return (this._sellerHistory = k === undefined ? undefined : this.context.parties[k]);
    }
    const h = this._history[role];
    if (h !== undefined) return h ?? undefined;
    const k = this.key(role);
    const found = k === undefined ? undefined : this.context.parties[k];
    this._history[role] = found ?? null;
    return found;
  }

  nowMs(): number {
    if (this._now !== UNSET) return this._now;
    return (this._now = parseTime(this.context.now));
  }
}

export type FieldType = 'number' | 'money' | 'string' | 'strings' | 'boolean';
export type FieldValue = number | Decimal | string | string[] | boolean | undefined;

export interface FieldDef {
  type: FieldType;
  /** Relative cost of reading the field (1 = a property read). */
  cost: number;
  description: string;
  get(x: EvalInput): FieldValue;
}

function sumNumbers(items: Item[], pick: (it: Item) => number | undefined): number | undefined {
  let total = 0;
  let any = false;
  for (const it of items) { const v = pick(it); if (v !== undefined) { total += v; any = true; } }
  return any ? total : undefined;
}

function maxUnitPrice(items: Item[]): Decimal | undefined {
  let best: Decimal | undefined;
  for (const it of items) {
    if (it.unitPrice === undefined || !Decimal.isDecimalString(it.unitPrice)) continue;
    const p = Decimal.parse(it.unitPrice);
    if (!best || p.gt(best)) best = p;
  }
  return best;
}

function country(place: string | undefined): string | undefined {
  return place && place.length >= 2 ? place.slice(0, 2).toUpperCase() : undefined;
}

function domain(text: string | undefined, at: boolean): string | undefined {
  if (!text) return undefined;
  if (at) { const i = text.lastIndexOf('@'); return i < 0 ? undefined : text.slice(i + 1).toLowerCase(); }
  const m = /^[a-z]+:\/\/([^/:?#]+)/i.exec(text);
  return m ? m[1].toLowerCase() : undefined;
}

/** The field catalogue: the only names a rule may use. */
export const FIELDS: Record<string, FieldDef> = {
  'jurisdiction': { type: 'string', cost: 1, description: 'jurisdiction of the clearance', get: (x) => x.facts.jurisdiction },
  'transactionType': { type: 'string', cost: 1, description: 'B2C, C2C or B2B', get: (x) => x.view.transactionType },
  'collection.model': { type: 'string', cost: 1, description: 'vendor, intermediary or consumer', get: (x) => x.view.collection?.model },
  'vendorCollection.scheme': { type: 'string', cost: 1, description: 'IOSS, AU-LVIG, …', get: (x) => x.view.vendorCollection?.scheme },
  'invoice.currency': { type: 'string', cost: 1, description: 'invoice currency', get: (x) => x.currency() },
  'value.itemsTotal': { type: 'money', cost: 2, description: 'intrinsic value of the goods (invoice currency)', get: (x) => x.itemsTotal() },
  'value.transportCost': {
    type: 'money', cost: 2, description: 'transport cost (invoice currency)',
    get: (x) => { const t = x.view.invoice?.transportCost; return t !== undefined && Decimal.isDecimalString(t) ? Decimal.parse(t) : undefined; },
  },
  'value.maxUnitPrice': { type: 'money', cost: 3, description: 'highest declared unit price', get: (x) => maxUnitPrice(x.items) },
  'items.count': { type: 'number', cost: 1, description: 'number of item lines', get: (x) => x.items.length },
  'items.quantity': { type: 'number', cost: 2, description: 'sum of item quantities', get: (x) => sumNumbers(x.items, (it) => it.quantity) },
  'items.hsCodes': { type: 'strings', cost: 2, description: 'HS codes of the items', get: (x) => x.hsCodes() },
  'items.origins': { type: 'strings', cost: 2, description: 'countries of origin of the items', get: (x) => x.origins() },
  'mass.gross': { type: 'number', cost: 1, description: 'declared gross mass, kg', get: (x) => x.view.grossMassKg },
  'mass.net': { type: 'number', cost: 2, description: 'sum of item net masses, kg', get: (x) => sumNumbers(x.items, (it) => it.netMassKg) },
  'packages.count': { type: 'number', cost: 1, description: 'number of packages', get: (x) => x.view.packageCount },
  'route.transportMode': { type: 'string', cost: 1, description: 'air, road, rail, sea, post, multimodal', get: (x) => x.view.transportMode },
  'route.loadingPlace': { type: 'string', cost: 1, description: 'UN/LOCODE of loading', get: (x) => x.view.loadingPlace },
  'route.loadingCountry': { type: 'string', cost: 2, description: 'country of loading', get: (x) => country(x.view.loadingPlace) },
  'route.unloadingPlace': { type: 'string', cost: 1, description: 'UN/LOCODE of unloading', get: (x) => x.view.unloadingPlace },
  'route.destinationCountry': { type: 'string', cost: 1, description: 'destination country', get: (x) => x.view.destinationCountry },
  'seller.country': { type: 'string', cost: 1, description: 'seller country', get: (x) => sellerOf(x.facts)?.address?.country },
  'buyer.country': { type: 'string', cost: 1, description: 'buyer country', get: (x) => buyerOf(x.facts)?.address?.country },
  'buyer.emailDomain': { type: 'string', cost: 2, description: 'domain of the buyer e-mail', get: (x) => domain(buyerOf(x.facts)?.email, true) },
  'seller.urlDomain': { type: 'string', cost: 2, description: 'domain of the seller URL', get: (x) => domain(sellerOf(x.facts)?.url, false) },
  'seller.key': { type: 'string', cost: 3, description: 'seller party key', get: (x) => x.key('seller') },
  'buyer.key': { type: 'string', cost: 3, description: 'buyer party key', get: (x) => x.key('buyer') },
  'submitter': { type: 'string', cost: 1, description: 'organisation that declared', get: (x) => x.facts.declaredBy ?? x.facts.preLoadedBy },
  'carrier.id': { type: 'string', cost: 1, description: 'carrier id', get: (x) => x.view.carrier?.id ?? x.facts.transportedBy },
  'timeliness.hoursBeforeArrival': {
    type: 'number', cost: 3, description: 'hours from the first advance data to the expected arrival',
    get: (x) => hoursBetween(x.facts.preLoadedAt ?? x.facts.declaredAt, x.view.expectedArrival ?? x.facts.transport?.expectedArrival),
  },
  'quality.score': { type: 'number', cost: 30, description: 'data-quality score 0..100', get: (x) => x.qualityScore() },
  'has.declaration': { type: 'boolean', cost: 1, description: 'a declaration was received', get: (x) => x.facts.declaration !== undefined },
  'has.preLoading': { type: 'boolean', cost: 1, description: 'pre-loading data was received', get: (x) => x.facts.preLoading !== undefined },
  'has.order': { type: 'boolean', cost: 1, description: 'order data was received', get: (x) => x.facts.orders.length > 0 },
  'has.payment': { type: 'boolean', cost: 1, description: 'payment data was received', get: (x) => x.facts.payments.length > 0 },
  'has.transport': { type: 'boolean', cost: 1, description: 'transport data was received', get: (x) => x.facts.transport !== undefined },
  'has.arrival': { type: 'boolean', cost: 1, description: 'the consignment has arrived', get: (x) => x.facts.arrival !== undefined },
};

export const OPS_BY_TYPE: Record<FieldType, readonly string[]> = {
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'exists', 'missing'],
  money: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'between', 'exists', 'missing'],
  string: ['eq', 'ne', 'in', 'notIn', 'startsWith', 'contains', 'exists', 'missing'],
  strings: ['anyIn', 'noneIn', 'allIn', 'anyStartsWith', 'exists', 'missing'],
  boolean: ['eq', 'exists', 'missing'],
};

/** Fields costlier than a property read are memoised per consignment: many rules read the same field. */
const MEMO_UNSET = undefined;
let slot = 0;
for (const def of Object.values(FIELDS)) {
  if (def.cost < 2) continue;
  const i = slot++;
  const raw = def.get;
  const NONE = MEMO_NONE;
  def.get = (x: EvalInput): FieldValue => {
    const m = x.memo[i];
    if (m !== MEMO_UNSET) return m === NONE ? undefined : (m as FieldValue);
    const v = raw(x);
    x.memo[i] = v === undefined ? NONE : v;
    return v;
  };
}
