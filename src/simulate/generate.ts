/**
 * Seeded, pure generator of realistic cross-border e-commerce traffic with ground truth
 * (issue 2, `luxor simulate`). Consignments start as a Poisson process from `start`; each is
 * told by the parties of its business model (marketplace with vendor collection, express
 * carrier as indirect representative, post, or three parties: order + payment + transport),
 * and a share of them carries seeded violations, labelled in `truth`.
 *
 * Events come out sorted by time with bounded memory: every event of a consignment is at or
 * after the moment its order was placed, and orders are placed in increasing time, so an event
 * can be released as soon as the next order is later than it.
 */
import { Decimal } from '../domain/decimal.js';
import type {
  Address, Amount, ArrivalMessage, DateTime, DeclaredConsignment, Item, Jurisdiction, Message, OrderMessage, Party, PreLoadingMessage,
  TransportDocument, TransportMessage,
} from '../domain/message.js';
import { JURISDICTIONS } from '../domain/message.js';
import { COUNTERFEIT_BRANDS, CONTROLLED_GOODS, PRODUCTS, VAGUE_DESCRIPTIONS, declaredCode, type ControlledGood, type Product } from './catalogue.js';
import { makeAirWaybill, makeUscc, ricFor, s10Number } from './check-digits.js';

/** County-level division codes (GB/T 2260) of one district in each simulated CN destination region. */
const CN_DIVISIONS: Readonly<Record<string, string>> = { SH: '310115', BJ: '110105', GD: '440106', ZJ: '330102', SC: '510107' };
import { offenderAddressVariant, offenderNameVariant, simulatedOffenders, type SimulatedOffender } from './offenders.js';
import { buildOrganisations, publicOrganisation, type Actor, type OrganisationSet, type SimulatedOrganisation } from './organisations.js';
import {
  AIRLINE_PREFIXES, CA_PROVINCE_TAX, DESTINATIONS, EU_MEMBER_STATES, ORIGINS, PROFILES, ROAD_ROUTES, SAMPLING_RATES,
  type City, type Destination, type Origin,
} from './places.js';
import { Prng } from './prng.js';

export type { SimulatedOrganisation } from './organisations.js';

export type BusinessModel = 'marketplace' | 'express' | 'post' | 'three-party';

/** Ground-truth labels. `known-offender` and the late-data labels are not found by inspecting goods. */
export const VIOLATIONS = [
  'undervaluation', 'split-shipment', 'prohibited', 'restricted', 'counterfeit', 'vague-description', 'wrong-hs-code',
  'known-offender', 'mismatch-amount', 'mismatch-quantity', 'mismatch-consignee', 'late-declaration', 'late-pre-loading', 'late-transport',
] as const;
export type Violation = (typeof VIOLATIONS)[number];

/** The kinds of violation a consignment is drawn for (the brief's list); each yields one or more labels. */
export const VIOLATION_CATEGORIES = [
  'undervaluation', 'split-shipment', 'prohibited-or-restricted', 'counterfeit', 'vague-description', 'wrong-hs-code',
  'known-offender', 'mismatch', 'late-data',
] as const;
export type ViolationCategory = (typeof VIOLATION_CATEGORIES)[number];

const DEFAULT_CATEGORY_WEIGHTS: Record<ViolationCategory, number> = {
  'undervaluation': 20, 'split-shipment': 10, 'prohibited-or-restricted': 12, 'counterfeit': 10, 'vague-description': 12,
  'wrong-hs-code': 10, 'known-offender': 8, 'mismatch': 10, 'late-data': 8,
};

/** Labels an inspection of the goods and documents would record as a finding. */
const FOUND_ON_INSPECTION: ReadonlySet<Violation> = new Set<Violation>([
  'undervaluation', 'split-shipment', 'prohibited', 'restricted', 'counterfeit', 'vague-description', 'wrong-hs-code',
  'mismatch-amount', 'mismatch-quantity', 'mismatch-consignee',
]);

export interface GroundTruth {
  /** The transport document number: the key every message of the consignment carries. */
  consignmentKey: string;
  transportDocument: TransportDocument;
  jurisdiction: Jurisdiction;
  model: BusinessModel;
  violations: Violation[];
  /** True when an inspection would find something wrong (every label but known-offender and late data). */
  nonCompliant: boolean;
  /** Indicative duty and tax on what was hidden, in `currency` (undeclared value × the destination's rate). */
  revenueAtStake?: Amount;
  currency: string;
  /** What is really wrong, in words, for inspection remarks and for people reading the data. */
  details: string[];
  splitGroup?: string;
  offenderId?: string;
  /** Agency that restricted goods go to. */
  agency?: string;
  /** Withdrawn by the declarant before departure: no arrival follows. */
  invalidated?: boolean;
}

export interface SimulatedEvent { at: DateTime; message: Message; truth?: GroundTruth }

export interface SimulatedTraffic {
  seed: number;
  start: DateTime;
  organisations: SimulatedOrganisation[];
  events: SimulatedEvent[];
}

export interface TrafficOptions {
  seed: number;
  consignments: number;
  /** RFC 3339 with zone: the first order is placed shortly after. */
  start: DateTime;
  jurisdictions?: Jurisdiction[];
  /** Share of consignments with at least one violation label (default 0.1). */
  violationRate?: number;
  /** Mean consignments (orders) per hour (default 500). */
  perHour?: number;
  /** When set, each organisation gets `${callbackBase}/${id}` as callback URL. */
  callbackBase?: string;
  /** Relative weights of the violation kinds (defaults in DEFAULT_CATEGORY_WEIGHTS). */
  violationWeights?: Partial<Record<ViolationCategory, number>>;
  /** Shares of declarations amended, invalidated, and of arrived consignments returned. */
  amendmentRate?: number;
  invalidationRate?: number;
  returnRate?: number;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

/** ISO 4217 minor digits of the currencies the traffic uses. */
export const CURRENCY_DIGITS: Record<string, number> = { EUR: 2, GBP: 2, AUD: 2, CAD: 2, USD: 2, CNY: 2 };

let cachedDay = Number.NaN;
let cachedDayText = '';
const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** RFC 3339 in UTC to the second; the date part is cached because toISOString dominated the profile. */
export function formatTime(ms: number): DateTime {
  const seconds = Math.round(ms / 1000);
  const day = Math.floor(seconds / 86400);
  if (day !== cachedDay) { cachedDay = day; cachedDayText = new Date(day * 86_400_000).toISOString().slice(0, 11); }
  const r = seconds - day * 86400;
  return `${cachedDayText}${pad2(Math.floor(r / 3600))}:${pad2(Math.floor((r % 3600) / 60))}:${pad2(r % 60)}Z`;
}

/** North American numbers have four digits after the exchange; the others seven after the prefix. */
function phoneNumber(dest: Destination, rng: Prng): string {
  return `${dest.phonePrefix}${rng.digits(dest.phonePrefix.startsWith('+1 ') ? 4 : 7)}`;
}

/** Parties are plain data of known shape: a hand copy is much faster than structuredClone. */
function cloneParty(p: Party): Party {
  const c: Party = { ...p };
  if (p.address) c.address = { ...p.address };
  if (p.identifiers) c.identifiers = p.identifiers.map(i => ({ ...i }));
  return c;
}

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function asciiFold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ł/g, 'l').replace(/[^A-Za-z0-9]+/g, '.').replace(/^\.|\.$/g, '').toLowerCase();
}

interface Line {
  description: string;
  short: string;
  hsCode: string;
  quantity: number;
  unit: string;
  realUnit: bigint;
  declaredUnit: bigint;
  massKg: number;
  origin: string;
  productUrl?: string;
}

interface Seller { party: Party; origin: Origin; shop: string }
interface Buyer { party: Party; city: City; dest: Destination }

interface PendingEvent { atMs: number; seq: number; message: Message; truth: GroundTruth | undefined }

/** Min-heap on (time, sequence): the sequence keeps equal times in generation order, so the output is stable. */
class EventHeap {
  private items: PendingEvent[] = [];
  get size(): number { return this.items.length; }
  peek(): PendingEvent | undefined { return this.items[0]; }
  private less(a: PendingEvent, b: PendingEvent): boolean { return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq); }
  push(e: PendingEvent): void {
    const items = this.items;
    items.push(e);
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(items[i]!, items[p]!)) break;
      [items[i], items[p]] = [items[p]!, items[i]!];
      i = p;
    }
  }
  pop(): PendingEvent | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < items.length && this.less(items[l]!, items[m]!)) m = l;
        if (r < items.length && this.less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

interface Unit {
  t0: number;
  jurisdiction: Jurisdiction;
  dest: Destination;
  category?: ViolationCategory;
  buyer?: Buyer;
  seller?: Seller;
  splitGroup?: string;
  /** Target intrinsic value in minor units (split parcels stay under the threshold). */
  targetValue?: bigint;
  offender?: SimulatedOffender;
}

class TrafficGenerator {
  private readonly rng: Prng;
  private readonly orgs: OrganisationSet;
  private readonly jurisdictions: readonly Jurisdiction[];
  private readonly violationRate: number;
  private readonly weights: Record<ViolationCategory, number>;
  private readonly perHour: number;
  private readonly amendmentRate: number;
  private readonly invalidationRate: number;
  private readonly returnRate: number;
  private readonly sellers = new Map<string, Seller[]>();
  private readonly recentBuyers = new Map<string, Buyer[]>();
  private readonly messageSeq = new Map<string, number>();
  private readonly offenders = simulatedOffenders();
  private docSeq = 0;
  private orderSeq = 0;
  private paySeq = 0;
  private groupSeq = 0;
  private eventSeq = 0;
  private readonly heap = new EventHeap();
  private readonly productWeights = PRODUCTS.map(p => [p, p.weight] as const);
  private readonly destinationWeights = new Map<Jurisdiction, (readonly [Destination, number])[]>();
  private readonly originWeights = new Map<Jurisdiction, (readonly [Origin, number])[]>();

  constructor(private readonly options: TrafficOptions) {
    if (!Number.isInteger(options.consignments) || options.consignments < 0) throw new RangeError('consignments must be a non-negative integer');
    const startMs = Date.parse(options.start);
    if (Number.isNaN(startMs) || !/(Z|[+-]\d\d:\d\d)$/.test(options.start)) throw new RangeError('start must be RFC 3339 with a zone');
    this.rng = new Prng(options.seed);
    this.orgs = buildOrganisations(options.seed, options.callbackBase);
    this.jurisdictions = options.jurisdictions && options.jurisdictions.length > 0 ? options.jurisdictions : JURISDICTIONS;
    this.violationRate = options.violationRate ?? 0.1;
    if (!(this.violationRate >= 0 && this.violationRate <= 1)) throw new RangeError('violationRate must be within [0, 1]');
    this.weights = { ...DEFAULT_CATEGORY_WEIGHTS, ...options.violationWeights };
    this.perHour = options.perHour ?? 500;
    this.amendmentRate = options.amendmentRate ?? 0.05;
    this.invalidationRate = options.invalidationRate ?? 0.015;
    this.returnRate = options.returnRate ?? 0.05;
    this.buildSellers();
  }

  organisations(): SimulatedOrganisation[] { return this.orgs.all.map(publicOrganisation); }

  private buildSellers(): void {
    const rng = this.rng.fork('sellers');
    for (const origin of ORIGINS) {
      const n = Math.max(4, Math.round(origin.weight * 5) + 6);
      const list: Seller[] = [];
      const used = new Set<string>();
      for (let i = 0; i < n; i++) {
        const city = rng.pick(origin.sellerCities);
        let name = '';
        for (let tries = 0; tries < 10; tries++) {
          const trade = rng.pick(origin.sellerNames);
          const form = rng.pick(origin.legalForms);
          name = origin.country === 'CN' ? `${city.city} ${trade} ${form}` : `${trade} ${form}`;
          if (!used.has(name)) break;
          name = origin.country === 'CN' ? `${city.city} ${trade} ${rng.pick(['Global', 'International', 'Smart', 'Online'])} ${form}` : `${trade} ${rng.pick(['Global', 'International', 'Direct', 'Online'])} ${form}`;
          if (!used.has(name)) break;
        }
        used.add(name);
        const address: Address = { street: `${rng.int(1, 400)} ${rng.pick(city.streets)}`, city: city.city, country: origin.country };
        if (origin.country !== 'HK') address.postcode = city.postcode;
        const shop = `S-${rng.int(10000, 99999)}`;
        const party: Party = { name, address, kind: 'organisation' };
        if (origin.country === 'CN' && city.division && rng.chance(0.5)) party.identifiers = [{ scheme: 'CN-USCC', value: makeUscc(rng, city.division) }];
        if (rng.chance(0.4)) party.url = `https://shop.example/${asciiFold(name).replace(/\./g, '-')}`;
        list.push({ party, origin, shop });
      }
      this.sellers.set(origin.country, list);
    }
  }

  /** Generates every event, in time order. */
  *events(): Generator<SimulatedEvent> {
    let remaining = this.options.consignments;
    let clock = Date.parse(this.options.start);
    const meanGap = HOUR / this.perHour;
    while (remaining > 0) {
      clock += this.rng.exponential(meanGap);
      while (this.heap.size > 0 && this.heap.peek()!.atMs < clock) yield this.emit(this.heap.pop()!);
      remaining -= this.unit(clock, remaining);
    }
    while (this.heap.size > 0) yield this.emit(this.heap.pop()!);
  }

  private emit(e: PendingEvent): SimulatedEvent {
    return e.truth ? { at: e.message.sentAt, message: e.message, truth: e.truth } : { at: e.message.sentAt, message: e.message };
  }

  private push(atMs: number, message: Message, truth: GroundTruth | undefined): void {
    this.heap.push({ atMs: Math.round(atMs / 1000) * 1000, seq: this.eventSeq++, message, truth });
  }

  /** Draws one unit of traffic (a consignment, or a split purchase of several) at `t0`; returns how many consignments it made. */
  private unit(t0: number, remaining: number): number {
    const rng = this.rng;
    const jurisdiction = rng.weighted(this.jurisdictions.map(j => [j, PROFILES[j].weight] as const));
    let destinations = this.destinationWeights.get(jurisdiction);
    if (!destinations) this.destinationWeights.set(jurisdiction, destinations = DESTINATIONS.filter(d => d.jurisdiction === jurisdiction).map(d => [d, d.weight] as const));
    const dest = rng.weighted(destinations);
    const categories = VIOLATION_CATEGORIES.filter(c => this.weights[c] > 0 && this.applicable(c, jurisdiction, remaining));
    const totalWeight = categories.reduce((s, c) => s + this.weights[c], 0);
    // A split purchase labels several consignments at once: lower the chance per unit so that the
    // share of labelled consignments stays at the configured rate.
    const splitShare = categories.includes('split-shipment') && totalWeight > 0 ? this.weights['split-shipment'] / totalWeight : 0;
    const meanLabelled = 1 + splitShare * (Math.min(3, remaining) - 1);
    const r = this.violationRate;
    const p = r >= 1 ? 1 : r / (meanLabelled * (1 - r) + r);
    const category = categories.length > 0 && rng.chance(p) ? rng.weighted(categories.map(c => [c, this.weights[c]] as const)) : undefined;

    if (category === 'split-shipment') return this.splitPurchase(t0, jurisdiction, dest, remaining);
    const unit: Unit = { t0, jurisdiction, dest };
    if (category) unit.category = category;
    this.consignment(unit);
    return 1;
  }

  private applicable(c: ViolationCategory, j: Jurisdiction, remaining: number): boolean {
    if (c === 'split-shipment') return PROFILES[j].splitThreshold !== undefined && remaining >= 2;
    return true;
  }

  private splitPurchase(t0: number, jurisdiction: Jurisdiction, dest: Destination, remaining: number): number {
    const rng = this.rng;
    const n = Math.min(remaining, rng.int(2, 4));
    const threshold = Decimal.parse(PROFILES[jurisdiction].splitThreshold!).toMinor(CURRENCY_DIGITS[PROFILES[jurisdiction].currency]!);
    const offenders = this.offenders.filter(o => o.role === 'buyer' && o.jurisdiction === jurisdiction && o.offence === 'split-shipment');
    const offender = offenders.length > 0 && rng.chance(0.3) ? rng.pick(offenders) : undefined;
    const buyer = offender ? this.offenderBuyer(offender, dest) : this.newBuyer(dest);
    const origin = this.pickOrigin(jurisdiction);
    const seller = this.pickSeller(origin);
    const group = `SPLIT-${++this.groupSeq}`;
    const starts: number[] = [];
    for (let i = 0; i < n; i++) starts.push(t0 + (i === 0 ? 0 : rng.next() * 8 * HOUR));
    starts.sort((a, b) => a - b);
    for (const start of starts) {
      const share = BigInt(Math.round((0.6 + rng.next() * 0.35) * 1000));
      const unit: Unit = { t0: start, jurisdiction, dest: buyer.dest, category: 'split-shipment', buyer, seller, splitGroup: group, targetValue: (threshold * share) / 1000n };
      if (offender) unit.offender = offender;
      this.consignment(unit);
    }
    return n;
  }

  private pickOrigin(j: Jurisdiction): Origin {
    let weights = this.originWeights.get(j);
    if (!weights) {
      const allowed = ORIGINS.filter(o => (j === 'EU' ? !EU_MEMBER_STATES.has(o.country) : o.country !== j));
      this.originWeights.set(j, weights = allowed.map(o => [o, j === 'CN' ? o.weightIntoCn : o.weight] as const));
    }
    return this.rng.weighted(weights);
  }

  private pickSeller(origin: Origin): Seller {
    const list = this.sellers.get(origin.country)!;
    // Squaring a uniform draw favours the first sellers: a few shops send most parcels.
    return list[Math.floor(list.length * this.rng.next() ** 2)]!;
  }

  private newBuyer(dest: Destination): Buyer {
    const rng = this.rng;
    const recent = this.recentBuyers.get(dest.country) ?? [];
    if (recent.length > 20 && rng.chance(0.12)) return rng.pick(recent);
    const city = rng.pick(dest.cities);
    const first = rng.pick(dest.firstNames);
    const last = rng.pick(dest.lastNames);
    const name = dest.country === 'CN' ? `${last} ${first}` : `${first} ${last}`;
    const street = dest.country === 'US' || dest.country === 'CA' || dest.country === 'AU' || dest.country === 'GB' || dest.country === 'IE' || dest.country === 'FR'
      ? `${rng.int(1, 350)} ${rng.pick(city.streets)}` : `${rng.pick(city.streets)} ${rng.int(1, 180)}`;
    const address: Address = { street, city: city.city, postcode: city.postcode, country: dest.country };
    if (city.region) address.region = city.region;
    const party: Party = { name, address, email: `${asciiFold(first)}.${asciiFold(last)}${rng.int(1, 999)}@${dest.emailDomain}`, kind: 'person' };
    if (rng.chance(0.6)) party.phone = phoneNumber(dest, rng);
    // CN cross-border retail imports need the buyer's identity (name and ID number) for the annual
    // quota (GACC Announcement 2018 No. 194; reference/data-sets/CN.json, buyer-identifier).
    if (dest.country === 'CN') party.identifiers = [{ scheme: 'CN-RIC', value: ricFor(CN_DIVISIONS[address.region ?? ''] ?? '110105', party.email!) }];
    const buyer: Buyer = { party, city, dest };
    recent.push(buyer);
    if (recent.length > 300) recent.shift();
    this.recentBuyers.set(dest.country, recent);
    return buyer;
  }

  private offenderBuyer(o: SimulatedOffender, fallback: Destination): Buyer {
    const rng = this.rng;
    const dest = DESTINATIONS.find(d => d.country === o.address.country) ?? fallback;
    const city = dest.cities.find(c => c.city === o.address.city) ?? dest.cities[0]!;
    const name = offenderNameVariant(o, rng);
    const party: Party = { name, address: offenderAddressVariant(o, rng), email: `${asciiFold(name).slice(0, 20)}${rng.int(1, 99)}@${dest.emailDomain}`, kind: 'person' };
    if (!party.address!.postcode) party.address!.postcode = city.postcode;
    return { party, city, dest };
  }

  private offenderSeller(o: SimulatedOffender): Seller {
    const origin = ORIGINS.find(x => x.country === o.address.country)!;
    const party: Party = { name: offenderNameVariant(o, this.rng), address: offenderAddressVariant(o, this.rng), kind: 'organisation' };
    if (o.identifiers && this.rng.chance(0.4)) party.identifiers = o.identifiers.map(i => ({ ...i }));
    return { party, origin, shop: `S-${fnv(o.id) % 90000 + 10000}` };
  }

  private money(currency: string, usd: number): bigint {
    const rng = this.rng;
    let p = usd * (SAMPLING_RATES[currency] ?? 1);
    if (p < 1) p = 1;
    const style = rng.next();
    // Shops price at .99 or round amounts; the rest is whatever a conversion left.
    if (style < 0.55) p = Math.floor(p) + 0.99;
    else if (style < 0.8) p = Math.max(1, Math.round(p));
    const digits = CURRENCY_DIGITS[currency] ?? 2;
    return BigInt(Math.round(p * 10 ** digits));
  }

  private amount(currency: string, minor: bigint): Amount {
    return Decimal.fromMinor(minor, CURRENCY_DIGITS[currency] ?? 2).toString();
  }

  private basket(unit: Unit, currency: string, origin: Origin): Line[] {
    const rng = this.rng;
    const n = rng.weighted([[1, 65], [2, 22], [3, 9], [4, 3], [5, 1]] as const);
    const lines: Line[] = [];
    const used = new Set<string>();
    for (let i = 0; i < n; i++) {
      let product: Product = rng.weighted(this.productWeights);
      for (let tries = 0; tries < 5 && used.has(product.key); tries++) product = rng.weighted(this.productWeights);
      if (used.has(product.key)) continue;
      used.add(product.key);
      lines.push(this.line(product, currency, origin));
    }
    if (unit.targetValue !== undefined) this.fitToTarget(lines, unit.targetValue);
    return lines;
  }

  private line(product: Product, currency: string, origin: Origin): Line {
    const rng = this.rng;
    const quantity = product.maxQuantity <= 1 ? 1 : rng.weighted([[1, 70], [2, 18], [3, 7], [product.maxQuantity, 5]] as const);
    const price = this.money(currency, rng.logNormal(product.medianUsd, product.sigma));
    const line: Line = {
      description: rng.pick(product.descriptions), short: product.short, hsCode: product.hsCode, quantity, unit: product.unit,
      realUnit: price, declaredUnit: price, massKg: product.massKg * (0.85 + rng.next() * 0.3), origin: origin.country,
    };
    if (rng.chance(0.3)) line.productUrl = `https://marketplace.example/p/${product.key}-${rng.int(1000, 99999)}`;
    return line;
  }

  /** Scales quantities and prices so that the basket's value is the target (split parcels just under a threshold). */
  private fitToTarget(lines: Line[], target: bigint): void {
    const perLine = target / BigInt(lines.length);
    let rest = target - perLine * BigInt(lines.length);
    for (const line of lines) {
      const value = perLine + rest;
      rest = 0n;
      let q = BigInt(line.quantity);
      if (line.realUnit * q < value / 4n) q = value / line.realUnit > 0n ? value / line.realUnit : 1n;
      const unitPrice = value / q > 0n ? value / q : 1n;
      line.quantity = Number(q);
      line.realUnit = unitPrice;
      line.declaredUnit = unitPrice;
    }
  }

  private chooseModel(unit: Unit, hasDeclaration: boolean | undefined): BusinessModel {
    const m = PROFILES[unit.jurisdiction].models;
    const options: [BusinessModel, number][] = [['marketplace', m.marketplace], ['express', m.express], ['post', m.post], ['three-party', m.threeParty]];
    const filtered = options.filter(([model, w]) => w > 0 && (hasDeclaration === undefined || (model !== 'three-party') === hasDeclaration));
    return this.rng.weighted(filtered);
  }

  private taxRate(dest: Destination, city: City, j: Jurisdiction): string {
    if (j === 'CA') return CA_PROVINCE_TAX[city.region ?? 'ON'] ?? '0.13';
    if (j === 'US') return PROFILES.US.indicativeDutyRate!;
    return dest.taxRate;
  }

  private messageId(actor: Actor, abbr: string, atMs: number): string {
    const n = (this.messageSeq.get(actor.id) ?? 0) + 1;
    this.messageSeq.set(actor.id, n);
    return `${actor.prefix}-${abbr}-${formatTime(atMs).slice(0, 10).replace(/-/g, '')}-${String(n).padStart(6, '0')}`;
  }

  /**
   * A message: the envelope, then its one payload property. Built without object spread, which
   * made V8 fall back to slow dictionary objects and doubled the generator's time and memory.
   */
  private message<T extends Message['type']>(actor: Actor, type: T, abbr: string, atMs: number, j: Jurisdiction, key: string, payload: unknown): Extract<Message, { type: T }> {
    const m: Record<string, unknown> = { messageId: this.messageId(actor, abbr, atMs), type, sentAt: formatTime(atMs), sender: { role: actor.role, id: actor.id, name: actor.name }, jurisdiction: j };
    m[key] = payload;
    return m as unknown as Extract<Message, { type: T }>;
  }

  /**
   * One consignment, told by the parties of its model. Split into steps on purpose: as one
   * function it took V8 seconds to optimise, which cost more than generating the traffic.
   */
  private consignment(unit: Unit): void {
    const s = this.cast(unit);
    this.spoilGoods(s);
    const route = this.route(s);
    const deal = this.deal(s, route);
    const truth = this.label(s, route, deal);
    if (s.model === 'three-party') this.tellThreeParty(s, route, deal, truth);
    else if (!this.tellDeclared(s, route, deal, truth)) return;
    this.tellArrivalAndReturn(s, route, deal, truth);
  }

  /** Who: the parties, the violation kind and the business model. */
  private cast(unit: Unit): Story {
    const rng = this.rng;
    const j = unit.jurisdiction;
    const currency = PROFILES[j].currency;
    const violations: Violation[] = [];
    const details: string[] = [];
    let category = unit.category;
    let offender = unit.offender;
    if (category === 'known-offender') {
      const buyers = this.offenders.filter(o => o.role === 'buyer' && o.jurisdiction === j);
      const sellers = this.offenders.filter(o => o.role === 'seller' && (j === 'EU' ? !EU_MEMBER_STATES.has(o.address.country) : o.address.country !== j));
      offender = buyers.length > 0 && rng.chance(0.4) ? rng.pick(buyers) : rng.pick(sellers);
    }
    let buyer = unit.buyer;
    let seller = unit.seller;
    if (offender && !buyer && offender.role === 'buyer') buyer = this.offenderBuyer(offender, unit.dest);
    if (offender && !seller && offender.role === 'seller') seller = this.offenderSeller(offender);
    if (offender) {
      violations.push('known-offender');
      details.push(`party on the offender list: ${offender.id} ${offender.name}`);
    }
    buyer ??= this.newBuyer(unit.dest);
    const origin = seller?.origin ?? this.pickOrigin(j);
    seller ??= this.pickSeller(origin);
    // An offender repeats its offence most of the time; its label alone is not a finding.
    if (category === 'known-offender' && rng.chance(0.7)) {
      category = offender!.offence === 'counterfeit' ? 'counterfeit' : offender!.offence === 'prohibited' ? 'prohibited-or-restricted' : 'undervaluation';
    }
    // Some violations only exist where there is a declaration, mismatches only between three parties.
    const needsDeclaration = category === 'undervaluation' || category === 'wrong-hs-code' || category === 'known-offender' ? true
      : category === 'mismatch' ? false : undefined;
    const model = this.chooseModel(unit, needsDeclaration);
    const basket = this.basket(unit, currency, origin);
    if (basket.length === 0) basket.push(this.line(PRODUCTS[0]!, currency, origin));
    const s: Story = {
      unit, j, currency, digits: CURRENCY_DIGITS[currency] ?? 2, violations, details, buyer, seller, dest: buyer.dest, origin, model,
      lines: basket, taxRate: this.taxRate(buyer.dest, buyer.city, j),
    };
    if (category) s.category = category;
    if (offender) s.offender = offender;
    return s;
  }

  /** What is wrong with the goods or their declaration. */
  private spoilGoods(s: Story): void {
    const rng = this.rng;
    const { lines, currency, digits } = s;
    switch (s.category) {
      case 'undervaluation': {
        for (const line of lines) line.declaredUnit = BigInt(Math.max(50, Math.round(Number(line.realUnit) * (0.05 + rng.next() * 0.25))));
        const real = lines.reduce((sum, l) => sum + l.realUnit * BigInt(l.quantity), 0n);
        const declared = lines.reduce((sum, l) => sum + l.declaredUnit * BigInt(l.quantity), 0n);
        s.violations.push('undervaluation');
        s.details.push(`declared ${this.amount(currency, declared)} ${currency}, real value ${this.amount(currency, real)} ${currency}`);
        s.revenueAtStake = Decimal.fromMinor(real - declared, digits).mul(Decimal.parse(s.taxRate)).round(digits, 'half-up');
        break;
      }
      case 'prohibited-or-restricted': {
        const pool = s.offender?.offence === 'prohibited' ? CONTROLLED_GOODS.filter(g => g.kind === 'prohibited') : CONTROLLED_GOODS;
        const good: ControlledGood = rng.pick(pool);
        const honest = rng.chance(0.4);
        const price = this.money(currency, rng.logNormal(good.medianUsd, 0.5));
        lines.push({
          description: honest ? good.honest : good.disguised.description, short: honest ? good.honest.split(',')[0]! : good.disguised.description,
          hsCode: honest ? good.hsCode : good.disguised.hsCode, quantity: 1, unit: 'PCE', realUnit: price, declaredUnit: price, massKg: good.massKg, origin: s.origin.country,
        });
        s.violations.push(good.kind);
        s.details.push(`${good.kind} goods: ${good.actual} (HS ${good.hsCode})${honest ? '' : `, declared as "${good.disguised.description}"`}`);
        if (good.kind === 'restricted') s.agency = good.agency;
        break;
      }
      case 'counterfeit': {
        const product = rng.pick(COUNTERFEITABLE);
        const brand = rng.pick(COUNTERFEIT_BRANDS);
        const line = this.line(product, currency, s.origin);
        line.description = `${brand} ${product.short.toLowerCase()}, logo, ${rng.pick(['replica', 'AAA quality', 'with original box', 'premium copy', 'new'])}`;
        lines.unshift(line);
        s.violations.push('counterfeit');
        s.details.push(`counterfeit ${product.short.toLowerCase()} bearing the ${brand} trade mark`);
        break;
      }
      case 'vague-description': {
        const all = rng.chance(0.5);
        for (const [i, line] of lines.entries()) {
          if (!all && i > 0) continue;
          const vague = rng.pick(VAGUE_DESCRIPTIONS);
          s.details.push(`line ${i + 1} (${line.short}, HS ${line.hsCode}) described as "${vague}"`);
          line.description = vague;
          line.short = vague;
        }
        s.violations.push('vague-description');
        break;
      }
      case 'wrong-hs-code': {
        const i = rng.int(0, lines.length - 1);
        const line = lines[i]!;
        const wrong = rng.pick(PRODUCTS.filter(p => p.hsCode.slice(0, 2) !== line.hsCode.slice(0, 2))).hsCode;
        s.details.push(`line ${i + 1} ("${line.short}") is HS ${line.hsCode}, declared as ${wrong}`);
        line.hsCode = wrong;
        s.violations.push('wrong-hs-code');
        break;
      }
      default: break;
    }
    if (s.unit.category === 'split-shipment') {
      s.violations.push('split-shipment');
      s.details.push(`one of the parcels of purchase ${s.unit.splitGroup} (same buyer and seller within hours), each under ${PROFILES[s.j].splitThreshold} ${s.currency}`);
    }
  }

  /** How the parcel travels: mode, places, times and transport documents. */
  private route(s: Story): Route {
    const rng = this.rng;
    const { j, origin, dest } = s;
    const profile = PROFILES[j];
    const itemsTotal = lines(s.lines, 'declared');
    // Vendor collection only covers goods up to the scheme's ceiling; above it the carrier declares.
    const scheme = profile.vendorScheme;
    const underCeiling = scheme !== undefined && itemsTotal <= Decimal.parse(scheme.ceiling).toMinor(s.digits);
    if (s.model === 'marketplace' && !underCeiling) s.model = 'express';
    s.underCeiling = underCeiling;

    const carrier = rng.pick(this.orgs.carriers[j]);
    const destPost = this.orgs.posts.get(dest.country)!;
    const originPost = this.orgs.posts.get(origin.country)!;
    const viaPost = s.model === 'post' || (s.model === 'three-party' && rng.chance(0.4));
    const bulky = s.lines.some(l => BULKY.has(l.short));
    const roads = ROAD_ROUTES.filter(r => r.origin === origin.country && r.jurisdiction === j);
    let mode: 'air' | 'road' | 'sea' = 'air';
    if (!viaPost && bulky && rng.chance(0.7)) mode = 'sea';
    else if (!viaPost && roads.length > 0 && rng.chance(0.5)) mode = 'road';
    const road = mode === 'road' ? rng.pick(roads) : undefined;
    const ownAirports = profile.unloading.air.filter(c => c.startsWith(dest.country));
    const loadingPlace = road ? road.loading : rng.pick(mode === 'sea' ? origin.seaports : origin.airports);
    const unloadingPlace = road ? road.unloading : mode === 'sea' ? rng.pick(profile.unloading.sea) : rng.pick(ownAirports.length > 0 ? ownAirports : profile.unloading.air);

    const departure = s.unit.t0 + (18 + rng.next() * 54) * HOUR;
    const transit = road ? (road.hours[0] + rng.next() * (road.hours[1] - road.hours[0])) * HOUR
      : mode === 'sea' ? (18 + rng.next() * 17) * DAY : viaPost ? (60 + rng.next() * 140) * HOUR : (14 + rng.next() * 26) * HOUR;
    const expectedArrival = Math.round((departure + transit) / (5 * MINUTE)) * 5 * MINUTE;
    const arrivedAt = Math.max(departure + HOUR, Math.round((expectedArrival + rng.normal() * 1.5 * HOUR) / MINUTE) * MINUTE);

    const docSeq = ++this.docSeq;
    let transportDocument: TransportDocument;
    let masterDocument: TransportDocument | undefined;
    if (viaPost) {
      // Multiplying by a prime coprime to the range spreads serials and keeps them unique; returns use 60000000 and up.
      transportDocument = { type: 'postal-item', number: s10Number(rng.pick(origin.s10Services), String(10_000_000 + (docSeq * 7919) % 50_000_000), origin.country) };
    } else {
      const carrierIndex = this.orgs.all.indexOf(carrier);
      transportDocument = { type: mode === 'sea' ? 'house-bill-of-lading' : 'house-waybill', number: `${mode === 'sea' ? 'HBL' : 'HAWB'}${String(carrierIndex).padStart(2, '0')}${String(docSeq).padStart(8, '0')}` };
      // Parcels of one carrier on one lane and day share a master document, derived rather than remembered.
      const lane = new Prng(fnv(`${carrier.id}|${loadingPlace}|${unloadingPlace}|${formatTime(departure).slice(0, 10)}|${this.options.seed}`));
      if (mode === 'air') masterDocument = { type: 'air-waybill', number: makeAirWaybill(lane, lane.pick(AIRLINE_PREFIXES)) };
      else if (mode === 'sea') masterDocument = { type: 'bill-of-lading', number: `MBL${lane.digits(10)}` };
    }
    const r: Route = { carrier, destPost, originPost, viaPost, mode, loadingPlace, unloadingPlace, departure, transit, expectedArrival, arrivedAt, docSeq, transportDocument };
    if (masterDocument) r.masterDocument = masterDocument;
    return r;
  }

  /** The commercial side: totals, tax collected at sale, the order, the payment. */
  private deal(s: Story, route: Route): Deal {
    const rng = this.rng;
    const { j, currency, digits } = s;
    const itemsTotal = lines(s.lines, 'declared');
    const realTotal = lines(s.lines, 'real');
    const transportCost = rng.chance(0.4) ? 0n : this.money(currency, rng.logNormal(5, 0.5));
    const platform = rng.pick(this.orgs.platforms[j]);
    const vendorCollects = platform.vendorCollection !== undefined && platform.jurisdiction === j
      && (s.model === 'marketplace' || ((s.model === 'three-party' || s.model === 'post') && s.underCeiling === true && rng.chance(0.7)));
    const taxCollected = vendorCollects
      ? Decimal.fromMinor(itemsTotal + transportCost, digits).mul(Decimal.parse(s.dest.taxRate)).round(digits, 'half-up').toMinor(digits) : 0n;
    const paidAt = s.unit.t0 + (5 + rng.next() * 85) * 1000;
    let paidAmount = realTotal + transportCost + taxCollected;
    // An undervaluer hides the price from customs but most often not from the payment trail.
    if (s.category === 'undervaluation' && rng.chance(0.6)) paidAmount = itemsTotal + transportCost + taxCollected;
    const items: Item[] = s.lines.map((l, i) => {
      const item: Item = { line: i + 1, description: l.description, hsCode: declaredCode(l.hsCode, j), quantity: l.quantity, unit: l.unit,
        netMassKg: Math.max(0.001, Math.round(l.massKg * l.quantity * 1000) / 1000), unitPrice: this.amount(currency, l.declaredUnit), origin: l.origin };
      if (l.productUrl && s.model !== 'post') item.productUrl = l.productUrl;
      return item;
    });
    const sellerParty = cloneParty(s.seller.party);
    if (s.model === 'marketplace') sellerParty.identifiers = [...(sellerParty.identifiers ?? []), { scheme: 'platform-seller-id', value: s.seller.shop }];
    void route;
    return {
      itemsTotal, transportCost, platform, vendorCollects, taxCollected, paidAt, paidAmount, items,
      orderId: `${s.model === 'express' || s.model === 'post' ? 'SHOP' : platform.prefix.toUpperCase().replace(/-/g, '')}-ORD-${String(++this.orderSeq).padStart(8, '0')}`,
      orderDate: formatTime(s.unit.t0).slice(0, 10),
      psp: rng.pick(this.orgs.paymentProviders[j]),
      paymentRef: `PAY${j}${String(++this.paySeq).padStart(9, '0')}`,
      grossMassKg: Math.round((s.lines.reduce((sum, l) => sum + l.massKg * l.quantity, 0) * 1.1 + 0.05) * 100) / 100,
      sellerParty, buyerParty: cloneParty(s.buyer.party), consigneeParty: undefined,
      transportItems: s.lines.map((l, i) => ({ line: i + 1, description: l.short, quantity: l.quantity })),
    };
  }

  /** Mismatches between order, payment and transport, late data, and the label itself. */
  private label(s: Story, route: Route, deal: Deal): GroundTruth {
    const rng = this.rng;
    const { currency, digits } = s;
    if (s.category === 'mismatch') {
      const kind = rng.weighted([['mismatch-amount', 40], ['mismatch-quantity', 30], ['mismatch-consignee', 30]] as const);
      s.violations.push(kind);
      if (kind === 'mismatch-amount') {
        const before = deal.itemsTotal + deal.transportCost + deal.taxCollected;
        deal.paidAmount = BigInt(Math.round(Number(before) * (1.4 + rng.next() * 1.6)));
        s.details.push(`payment ${this.amount(currency, deal.paidAmount)} ${currency} against an order of ${this.amount(currency, before)} ${currency}`);
        s.revenueAtStake = Decimal.fromMinor(deal.paidAmount - before, digits).mul(Decimal.parse(s.taxRate)).round(digits, 'half-up');
      } else if (kind === 'mismatch-quantity') {
        const i = rng.int(0, deal.transportItems.length - 1);
        const ordered = deal.transportItems[i]!.quantity;
        const shipped = ordered + rng.int(2, 9);
        deal.transportItems[i] = { ...deal.transportItems[i]!, quantity: shipped };
        s.details.push(`line ${i + 1}: ordered ${ordered}, shipped ${shipped}`);
      } else {
        let other = this.newBuyer(s.dest);
        for (let tries = 0; tries < 20 && other.party.name === deal.buyerParty.name; tries++) other = this.newBuyer(s.dest);
        const party = cloneParty(other.party);
        if (party.name === deal.buyerParty.name) party.name = `${party.name} ${rng.pick(s.dest.lastNames)}`;
        deal.consigneeParty = party;
        s.details.push(`ordered by ${deal.buyerParty.name}, shipped to ${party.name} (${party.address?.city})`);
      }
    }
    if (s.category === 'late-data') {
      s.late = s.model === 'three-party' ? 'late-transport' : rng.chance(0.6) ? 'late-declaration' : 'late-pre-loading';
      s.violations.push(s.late);
      s.details.push(s.late === 'late-declaration' ? 'declaration sent after arrival' : s.late === 'late-pre-loading' ? 'pre-loading data sent after loading' : 'transport data sent after arrival');
    }
    const truth: GroundTruth = {
      consignmentKey: route.transportDocument.number, transportDocument: route.transportDocument, jurisdiction: s.j, model: s.model,
      violations: s.violations, nonCompliant: s.violations.some(v => FOUND_ON_INSPECTION.has(v)), currency, details: s.details,
    };
    if (s.revenueAtStake && s.revenueAtStake.gt(Decimal.ZERO)) truth.revenueAtStake = s.revenueAtStake.toString();
    if (s.unit.splitGroup) truth.splitGroup = s.unit.splitGroup;
    if (s.offender) truth.offenderId = s.offender.id;
    if (s.agency) truth.agency = s.agency;
    return truth;
  }

  private latestBefore(s: Story, t: number, lo: number, hi: number): number {
    return Math.max(s.unit.t0 + 10 * MINUTE, t - (lo + this.rng.next() * (hi - lo)) * HOUR);
  }

  /** The transport part every consignment message shares, as properties added to `target`. */
  private withRoute<T extends { transportDocument: TransportDocument }>(target: T, route: Route, post: boolean): T {
    const b = target as T & Partial<DeclaredConsignment>;
    if (route.masterDocument) b.masterDocument = route.masterDocument;
    b.transportMode = post ? 'post' : route.mode;
    b.loadingPlace = route.loadingPlace;
    b.unloadingPlace = route.unloadingPlace;
    b.expectedDeparture = formatTime(route.departure);
    return b;
  }

  /** Order by the platform, payment by the payment provider, transport by the carrier or post; no declaration. */
  private tellThreeParty(s: Story, route: Route, deal: Deal, truth: GroundTruth): void {
    const rng = this.rng;
    const { j, currency } = s;
    const platform = deal.platform;
    const orderAt = s.unit.t0 + rng.next() * 10 * MINUTE;
    const order: OrderMessage['order'] = {
      id: deal.orderId, date: deal.orderDate, seller: deal.sellerParty, buyer: deal.buyerParty, currency,
      itemsTotal: this.amount(currency, deal.itemsTotal), transportCost: this.amount(currency, deal.transportCost),
      items: deal.items.map(orderItem),
    };
    if (deal.vendorCollects) order.vendorCollection = { scheme: platform.vendorCollection!.scheme, number: platform.vendorCollection!.number, taxCollected: this.amount(currency, deal.taxCollected), currency };
    this.push(orderAt, this.message(platform, 'order', 'ord', orderAt, j, 'order', order), truth);
    const paySent = deal.paidAt + (5 + rng.next() * 55) * 1000;
    this.push(paySent, this.message(deal.psp, 'payment', 'pay', paySent, j, 'payment', {
      reference: deal.paymentRef, orderId: deal.orderId, paidAt: formatTime(deal.paidAt), amount: this.amount(currency, deal.paidAmount), currency, purpose: 'order',
      payer: { name: deal.buyerParty.name!, address: { country: s.dest.country }, kind: 'person' },
      payee: { name: platform.name, address: { country: platform.jurisdiction === 'EU' ? 'NL' : j }, kind: 'organisation' },
    }), truth);
    const transportAt = s.late === 'late-transport' ? route.arrivedAt + (1 + rng.next() * 23) * HOUR : this.latestBefore(s, route.departure, 1, 10);
    const consignor = cloneParty(deal.sellerParty);
    delete consignor.identifiers;
    const consignment: TransportMessage['consignment'] = this.withRoute({ transportDocument: route.transportDocument }, route, false);
    consignment.orderIds = [deal.orderId];
    consignment.expectedArrival = formatTime(route.expectedArrival);
    consignment.consignor = consignor;
    consignment.consignee = deal.consigneeParty ?? deal.buyerParty;
    consignment.grossMassKg = deal.grossMassKg;
    consignment.packageCount = 1;
    consignment.items = deal.transportItems;
    if (!route.viaPost) consignment.carrier = { id: route.carrier.id, name: route.carrier.name };
    this.push(transportAt, this.message(route.viaPost ? route.originPost : route.carrier, 'transport', 'trn', transportAt, j, 'consignment', consignment), truth);
  }

  /** Declaration, pre-loading, amendment or invalidation; false when the declaration was withdrawn. */
  private tellDeclared(s: Story, route: Route, deal: Deal, truth: GroundTruth): boolean {
    const rng = this.rng;
    const { j, currency, model } = s;
    const { platform, carrier } = { platform: deal.platform, carrier: route.carrier };
    const declarant: Actor = model === 'marketplace' ? platform : model === 'post' ? route.destPost : carrier;
    const declaredAt = s.late === 'late-declaration' ? route.arrivedAt + (1 + rng.next() * 29) * HOUR
      : model === 'marketplace' ? s.unit.t0 + (1 + rng.next() * Math.max(0.5, Math.min(23, (route.departure - s.unit.t0) / HOUR - 2))) * HOUR
        : this.latestBefore(s, route.departure, 1, 12);
    const consignment: DeclaredConsignment = this.withRoute({
      transportDocument: route.transportDocument, destinationCountry: s.dest.country, expectedArrival: formatTime(route.expectedArrival), grossMassKg: deal.grossMassKg, packageCount: 1,
      carrier: { id: (route.viaPost ? route.destPost : carrier).id, name: (route.viaPost ? route.destPost : carrier).name },
      seller: deal.sellerParty, buyer: deal.buyerParty,
      order: model === 'marketplace' ? { id: deal.orderId, date: deal.orderDate, platform: platform.id } : { id: deal.orderId, date: deal.orderDate },
      payment: { provider: deal.psp.name, reference: deal.paymentRef, amount: this.amount(currency, deal.paidAmount), currency },
      invoice: { currency, itemsTotal: this.amount(currency, deal.itemsTotal), transportCost: this.amount(currency, deal.transportCost), insuranceCost: this.amount(currency, 0n) },
      transactionType: 'B2C', items: deal.items,
    }, route, model === 'post');
    if (deal.vendorCollects) {
      consignment.vendorCollection = { scheme: platform.vendorCollection!.scheme, number: platform.vendorCollection!.number, taxCollected: this.amount(currency, deal.taxCollected), currency };
      consignment.collection = { model: 'vendor', payer: model === 'marketplace' ? platform.id : declarant.id };
    } else if (model === 'express') {
      consignment.representative = { id: carrier.id, type: 'indirect' };
      consignment.collection = { model: 'intermediary', payer: carrier.id };
      consignment.debtor = carrier.id;
    } else {
      consignment.collection = { model: 'consumer' };
    }
    this.push(declaredAt, this.message(declarant, 'declaration', 'dec', declaredAt, j, 'consignment', consignment), truth);

    const preLoadingAt = s.late === 'late-pre-loading'
      ? route.departure + (0.25 + rng.next() * Math.max(0.1, (route.transit / HOUR) * 0.7)) * HOUR : this.latestBefore(s, route.departure, 2, 12);
    const preLoader = route.viaPost ? route.originPost : carrier;
    const preLoading: PreLoadingMessage['consignment'] = this.withRoute({
      transportDocument: route.transportDocument,
      consignor: { name: deal.sellerParty.name!, address: { ...deal.sellerParty.address! } }, consignee: { name: deal.buyerParty.name!, address: { ...deal.buyerParty.address! } },
      packageCount: 1, grossMassKg: deal.grossMassKg, items: s.lines.map((l, i) => ({ line: i + 1, description: l.short, hsCode: l.hsCode })),
    }, route, false);
    if (s.violations.length === 0 && rng.chance(this.invalidationRate)) {
      const cancelAt = declaredAt + (10 * MINUTE + rng.next() * 6 * HOUR);
      truth.invalidated = true;
      truth.details.push('declaration withdrawn: order cancelled before dispatch');
      if (preLoadingAt < cancelAt) this.push(preLoadingAt, this.message(preLoader, 'pre-loading', 'ens', preLoadingAt, j, 'consignment', preLoading), truth);
      this.push(cancelAt, this.message(declarant, 'invalidation', 'inv', cancelAt, j, 'invalidation', { transportDocument: route.transportDocument, reason: 'order cancelled by the buyer before dispatch' }), truth);
      return false;
    }
    this.push(preLoadingAt, this.message(preLoader, 'pre-loading', 'ens', preLoadingAt, j, 'consignment', preLoading), truth);

    if (s.late !== 'late-declaration' && rng.chance(this.amendmentRate)) {
      const at = declaredAt + (0.1 + rng.next() * 0.8) * Math.max(10 * MINUTE, route.arrivedAt - declaredAt);
      const addPhone = deal.buyerParty.phone === undefined;
      const change: Partial<DeclaredConsignment> = addPhone
        ? { buyer: { ...cloneParty(deal.buyerParty), phone: phoneNumber(s.dest, rng) } }
        : { grossMassKg: Math.round(deal.grossMassKg * (1.05 + rng.next() * 0.2) * 100) / 100 };
      this.push(at, this.message(declarant, 'amendment', 'amd', at, j, 'amendment', {
        transportDocument: route.transportDocument, reason: addPhone ? 'buyer telephone number added' : 'gross mass corrected after weighing', consignment: change,
      }), truth);
    }
    s.declarant = declarant;
    return true;
  }

  /** Arrival, and sometimes a return weeks later (never of goods that were seized or referred). */
  private tellArrivalAndReturn(s: Story, route: Route, deal: Deal, truth: GroundTruth): void {
    const rng = this.rng;
    const { j } = s;
    const arrivalSent = route.arrivedAt + (2 + rng.next() * 28) * MINUTE;
    const arrival: ArrivalMessage['arrival'] = { transportDocuments: [route.transportDocument], arrivedAt: formatTime(route.arrivedAt), location: route.unloadingPlace };
    if (route.masterDocument) arrival.masterDocument = route.masterDocument;
    this.push(arrivalSent, this.message(route.viaPost ? route.destPost : route.carrier, 'arrival', 'arr', arrivalSent, j, 'arrival', arrival), truth);

    const seized = s.violations.some(v => v === 'prohibited' || v === 'restricted' || v === 'counterfeit');
    const apparel = s.lines.some(l => APPAREL_CHAPTERS.has(l.hsCode.slice(0, 2)));
    if (!s.declarant || seized || !rng.chance(this.returnRate * (apparel ? 2 : 0.6))) return;
    const exportedAt = route.arrivedAt + (5 + rng.next() * 25) * DAY;
    const sentAt = exportedAt + (1 + rng.next() * 47) * HOUR;
    const returnDoc: TransportDocument = route.viaPost
      ? { type: 'postal-item', number: s10Number('CP', String(60_000_000 + (route.docSeq * 104729) % 40_000_000), s.dest.country) }
      : { type: 'house-waybill', number: `HAWB${String(this.orgs.all.indexOf(route.carrier)).padStart(2, '0')}9${String(route.docSeq).padStart(7, '0')}` };
    const returned = s.lines.length > 1 && rng.chance(0.4) ? [s.lines[0]!] : s.lines;
    this.push(sentAt, this.message(s.declarant, 'return', 'ret', sentAt, j, 'return', {
      originalTransportDocument: route.transportDocument, returnTransportDocument: returnDoc, exportedAt: formatTime(exportedAt),
      reason: rng.pick(apparel ? ['wrong size', 'does not fit', 'colour not as shown'] : ['defective', 'not as described', 'changed my mind', 'damaged in transit']),
      refundClaimant: s.model === 'post' ? { role: 'buyer', id: deal.buyerParty.email! } : { role: 'intermediary', id: s.declarant.id },
      items: returned.map((l, i) => ({ line: i + 1, quantity: l.quantity })),
    }), truth);
  }
}

const COUNTERFEITABLE: readonly Product[] = PRODUCTS.filter(p => p.counterfeitable);
const BULKY: ReadonlySet<string> = new Set(PRODUCTS.filter(p => p.bulky).map(p => p.short));
const APPAREL_CHAPTERS: ReadonlySet<string> = new Set(['61', '62', '64']);

/** An order line carries no mass: that is logistics data. */
function orderItem(i: Item): Item {
  const o: Item = { line: i.line, description: i.description };
  if (i.hsCode) o.hsCode = i.hsCode;
  o.quantity = i.quantity!;
  o.unit = i.unit!;
  o.unitPrice = i.unitPrice!;
  o.origin = i.origin!;
  if (i.productUrl) o.productUrl = i.productUrl;
  return o;
}

function lines(list: readonly Line[], which: 'declared' | 'real'): bigint {
  let sum = 0n;
  for (const l of list) sum += (which === 'declared' ? l.declaredUnit : l.realUnit) * BigInt(l.quantity);
  return sum;
}

/** What is known of a consignment while it is being made up. */
interface Story {
  unit: Unit;
  j: Jurisdiction;
  currency: string;
  digits: number;
  violations: Violation[];
  details: string[];
  category?: ViolationCategory;
  offender?: SimulatedOffender;
  agency?: string;
  buyer: Buyer;
  seller: Seller;
  dest: Destination;
  origin: Origin;
  model: BusinessModel;
  lines: Line[];
  taxRate: string;
  underCeiling?: boolean;
  revenueAtStake?: Decimal;
  late?: Violation;
  declarant?: Actor;
}

interface Route {
  carrier: Actor;
  destPost: Actor;
  originPost: Actor;
  viaPost: boolean;
  mode: 'air' | 'road' | 'sea';
  loadingPlace: string;
  unloadingPlace: string;
  departure: number;
  transit: number;
  expectedArrival: number;
  arrivedAt: number;
  docSeq: number;
  transportDocument: TransportDocument;
  masterDocument?: TransportDocument;
}

interface Deal {
  itemsTotal: bigint;
  transportCost: bigint;
  platform: Actor;
  vendorCollects: boolean;
  taxCollected: bigint;
  paidAt: number;
  paidAmount: bigint;
  items: Item[];
  orderId: string;
  orderDate: string;
  psp: Actor;
  paymentRef: string;
  grossMassKg: number;
  sellerParty: Party;
  buyerParty: Party;
  consigneeParty: Party | undefined;
  transportItems: { line: number; description: string; quantity: number }[];
}


/** Every organisation the traffic of this seed uses (and one customs-officer organisation per jurisdiction). */
export function simulatedOrganisations(options: Pick<TrafficOptions, 'seed' | 'callbackBase'>): SimulatedOrganisation[] {
  return buildOrganisations(options.seed, options.callbackBase).all.map(publicOrganisation);
}

/** The events one at a time, in time order, without holding the whole traffic in memory. */
export function iterateTraffic(options: TrafficOptions): Generator<SimulatedEvent> {
  return new TrafficGenerator(options).events();
}

export function generateTraffic(options: TrafficOptions): SimulatedTraffic {
  const generator = new TrafficGenerator(options);
  return { seed: options.seed, start: options.start, organisations: generator.organisations(), events: [...generator.events()] };
}
