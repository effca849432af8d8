/**
 * Reference unit prices (FoS Technical Specifications 6.1.3, 8.1.2), learned robustly from the
 * declared unit prices seen per HS subheading and currency (and per origin once there is enough
 * data): the median and the median absolute deviation of log prices over a sliding window of the
 * latest observations. Medians ignore the very undervaluation they are meant to catch until it
 * becomes the majority. Prices enter as decimal strings; the statistics run on numbers, which the
 * Decimal type permits for statistics, and the reference is reported back as decimal strings.
 */
import type { Reason } from '../clearance/seam.js';
import { Decimal } from '../domain/decimal.js';
import type { Amount, Item } from '../domain/message.js';
import type { ConsignmentFacts } from '../clearance/seam.js';

export interface ValuationObservation { hsCode: string; currency: string; unitPrice: Amount; origin?: string }

export interface ValuationOptions {
  /** Observations kept per key (the latest). */
  window: number;
  /** Observations needed before a key is used. */
  minSamples: number;
  /** Flag when the robust z-score of the log price is below −z. */
  z: number;
  /** …and the price is below this fraction of the median. */
  ratio: number;
  /**
   * The other tail: a price this many times the median (and z above `zHigh`) for the declared
   * subheading suggests the goods are not what the description and code say (misdescription,
   * WCO Guide to Customs Valuation and Tariff Classification, unit value analysis).
   */
  ratioHigh?: number;
  zHigh?: number;
}

/**
 * z 2.5 and ratio 0.35: a price must be both far out in the spread of its subheading and under
 * about a third of the median; 30 prices before a subheading is used at all.
 */
export const DEFAULT_VALUATION: ValuationOptions = { window: 400, minSamples: 30, z: 2.5, ratio: 0.35, ratioHigh: 8, zHigh: 3.5 };

interface Series { values: Float64Array; next: number; count: number; stats?: { median: number; mad: number }; sinceStats: number }

/**
 * A full window's median and MAD barely move with one more price, and recomputing them (two sorts
 * of up to `window` values) after every observation cost ~20 µs per assessment at peak rates. They
 * are recomputed once 1/32 of the window's prices are new (every price while the series is short).
 */
function statsStale(s: Series): boolean {
  return s.stats === undefined || s.sinceStats > s.count / 32;
}

export interface ValuationReferenceShown {
  key: string;
  samples: number;
  median: Amount;
  /** Lower bound below which a price is flagged. */
  lowerBound: Amount;
  madLog: number;
}

export interface ValuationCheck {
  undervalued: boolean;
  /** Robust z of the log unit price. */
  z: number;
  ratio: number;
  reference: ValuationReferenceShown;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/**
 * The references one assessment looked up, as the decision's context records them: per series
 * key, the count and the median and MAD of log prices. Replaying with it (`fromSnapshot`) gives
 * the reference of the day, not today's.
 */
export interface ValuationSnapshot { options: Pick<ValuationOptions, 'minSamples' | 'z' | 'ratio' | 'ratioHigh' | 'zHigh'>; series: Record<string, { samples: number; medianLog: number; madLog: number }> }

// The series keys of (HS code, currency, origin), built once per distinct triple: every item of
// every assessment looks its reference up, and building and hashing the joined strings was most
// of that look-up. Shared by all references (the keys depend on the triple alone), so a reference
// frozen from a snapshot, made per assessment, finds them built. Bounded; cleared when full (a
// miss only rebuilds two strings).
const KEY_MEMO = new Map<string, Map<string, Map<string, [string, string | undefined, string]>>>();
let keyMemoSize = 0;

function seriesKeys(hsCode: string, currency: string, origin?: string): [string, string | undefined, string] {
  let byCurrency = KEY_MEMO.get(hsCode);
  if (!byCurrency) { byCurrency = new Map(); KEY_MEMO.set(hsCode, byCurrency); }
  let byOrigin = byCurrency.get(currency);
  if (!byOrigin) { byOrigin = new Map(); byCurrency.set(currency, byOrigin); }
  const o = origin ?? '';
  let keys = byOrigin.get(o);
  if (!keys) {
    if (keyMemoSize >= 50_000) { KEY_MEMO.clear(); keyMemoSize = 0; return buildKeys(hsCode, currency, origin); }
    keys = buildKeys(hsCode, currency, origin);
    byOrigin.set(o, keys);
    keyMemoSize++;
  }
  return keys;
}

function buildKeys(hsCode: string, currency: string, origin?: string): [string, string | undefined, string] {
  const hs6 = hsCode.slice(0, 6);
  return [`${hs6}|${currency}`, origin ? `${hs6}|${currency}|${origin}` : undefined, `${hs6.slice(0, 4)}|${currency}`];
}

/**
 * `Decimal.parse(text).toNumber()` for a decimal string, without the BigInt and the Decimal: with
 * at most 15 digits the units are an exact double, and the same division by 10^scale follows.
 * Longer strings take the Decimal path.
 */
export function decimalNumber(text: string): number {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const negative = i === 1;
  let units = 0;
  let digits = 0;
  let scale = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) { scale = 0; continue; }
    units = units * 10 + (c - 48);
    digits++;
    if (scale >= 0) scale++;
  }
  if (digits > 15) return Decimal.parse(text).toNumber();
  return (negative && units !== 0 ? -units : units) / 10 ** (scale < 0 ? 0 : scale);
}

export class ValuationReference {
  readonly options: ValuationOptions;
  private readonly series = new Map<string, Series>();
  /** Frozen statistics (a replayed snapshot): used instead of the series when set. */
  private fixed?: ValuationSnapshot['series'];

  constructor(options: Partial<ValuationOptions> = {}) {
    this.options = { ...DEFAULT_VALUATION, ...options };
  }


  private keysOf(hsCode: string, currency: string, origin?: string): [string, string | undefined, string] {
    return seriesKeys(hsCode, currency, origin);
  }

  /** Adds one declared unit price (ignored when not a positive decimal or HS shorter than 6 digits). */
  observe(o: ValuationObservation): void {
    if (this.fixed) return; // a recorded snapshot does not learn
    if (o.hsCode.length < 6 || !Decimal.isDecimalString(o.unitPrice)) return;
    const price = Decimal.parse(o.unitPrice).toNumber();
    if (!(price > 0)) return;
    const v = Math.log(price);
    for (const key of buildKeys(o.hsCode, o.currency, o.origin)) {
      if (!key) continue;
      let s = this.series.get(key);
      if (!s) { s = { values: new Float64Array(this.options.window), next: 0, count: 0, sinceStats: 0 }; this.series.set(key, s); }
      s.values[s.next] = v;
      s.next = (s.next + 1) % this.options.window;
      if (s.count < this.options.window) s.count++;
      s.sinceStats++;
    }
  }

  private stats(s: Series): { median: number; mad: number } {
    if (!statsStale(s)) return s.stats!;
    s.sinceStats = 0;
    const vals = s.values.slice(0, s.count).sort();
    const m = median(vals);
    const dev = new Float64Array(vals.length);
    for (let i = 0; i < vals.length; i++) dev[i] = Math.abs(vals[i] - m);
    dev.sort();
    s.stats = { median: m, mad: median(dev) };
    return s.stats;
  }

  /** The reference for a subheading (origin-specific when it has enough data), or undefined. */
  reference(hsCode: string, currency: string, origin?: string): { key: string; samples: number; medianLog: number; madLog: number } | undefined {
    // the most specific series with enough prices: subheading and origin, subheading, heading
    const keys = this.keysOf(hsCode, currency, origin);
    return (keys[1] !== undefined ? this.referenceOf(keys[1]) : undefined) ?? this.referenceOf(keys[0]) ?? this.referenceOf(keys[2]);
  }

  // `reference` without building its result (the hot path of `outlier`, where almost every price
  // is unremarkable): the statistics found are left here. Synchronous, so one pair serves.
  private foundMedianLog = 0;
  private foundMadLog = 0;

  private findReference(hsCode: string, currency: string, origin?: string): boolean {
    const keys = this.keysOf(hsCode, currency, origin);
    return (keys[1] !== undefined && this.find(keys[1])) || this.find(keys[0]) || this.find(keys[2]);
  }

  private find(key: string): boolean {
    if (this.fixed) {
      const f = this.fixed[key];
      if (!(f && f.samples >= this.options.minSamples)) return false;
      this.foundMedianLog = f.medianLog;
      this.foundMadLog = f.madLog;
      return true;
    }
    const s = this.series.get(key);
    if (!s || s.count < this.options.minSamples) return false;
    const st = this.stats(s);
    this.foundMedianLog = st.median;
    this.foundMadLog = st.mad;
    return true;
  }

  private referenceOf(key: string): { key: string; samples: number; medianLog: number; madLog: number } | undefined {
    if (this.fixed) {
      const f = this.fixed[key];
      return f && f.samples >= this.options.minSamples ? { key, samples: f.samples, medianLog: f.medianLog, madLog: f.madLog } : undefined;
    }
    const s = this.series.get(key);
    if (!s || s.count < this.options.minSamples) return undefined;
    const st = this.stats(s);
    return { key, samples: s.count, medianLog: st.median, madLog: st.mad };
  }

  /**
   * Either tail at once, from one look-up of the reference: `low` for a price far below it
   * (undervaluation), `high` for one far above it (misdescription). The engine's hot path: the
   * shown reference (amount strings) is built only when there is something to report.
   */
  outlier(hsCode: string, currency: string, unitPrice: Amount, origin?: string, position?: PricePositions): { tail: 'low' | 'high'; check: ValuationCheck } | undefined {
    if (hsCode.length < 6) return undefined;
    if (!this.findReference(hsCode, currency, origin) || !Decimal.isDecimalString(unitPrice)) return undefined;
    const medianLog = this.foundMedianLog;
    const price = decimalNumber(unitPrice);
    const sigma = Math.max(1.4826 * this.foundMadLog, 0.05);
    const z = price > 0 ? (Math.log(price) - medianLog) / sigma : -Infinity;
    const ratio = price / Math.exp(medianLog);
    if (position && price > 0) { position.lines++; position.zSum += z; position.logRatioSum += Math.log(ratio); }
    const { ratioHigh, zHigh } = this.options;
    const tail = z < -this.options.z && ratio < this.options.ratio ? 'low'
      : ratioHigh !== undefined && zHigh !== undefined && z > zHigh && ratio > ratioHigh ? 'high' : undefined;
    if (!tail) return undefined;
    const check = this.check(hsCode, currency, unitPrice, origin);
    return check && { tail, check };
  }

  /** `outlier`, low tail only. */
  undervaluation(hsCode: string, currency: string, unitPrice: Amount, origin?: string): ValuationCheck | undefined {
    const o = this.outlier(hsCode, currency, unitPrice, origin);
    return o?.tail === 'low' ? o.check : undefined;
  }

  /**
   * A price far above the reference of the declared subheading (ratio over `ratioHigh` and z over
   * `zHigh`), with the reference shown; undefined otherwise or when there is no reference.
   */
  farAbove(hsCode: string, currency: string, unitPrice: Amount, origin?: string): ValuationCheck | undefined {
    const o = this.outlier(hsCode, currency, unitPrice, origin);
    return o?.tail === 'high' ? o.check : undefined;
  }

  /** Compares a declared unit price with the reference; undefined when there is no reference yet. */
  check(hsCode: string, currency: string, unitPrice: Amount, origin?: string): ValuationCheck | undefined {
    if (hsCode.length < 6 || !Decimal.isDecimalString(unitPrice)) return undefined;
    const ref = this.reference(hsCode, currency, origin);
    if (!ref) return undefined;
    const price = Decimal.parse(unitPrice).toNumber();
    const med = Math.exp(ref.medianLog);
    // 1.4826·MAD estimates σ for normal data; the floor keeps near-constant prices from flagging cents.
    const sigma = Math.max(1.4826 * ref.madLog, 0.05);
    const z = price > 0 ? (Math.log(price) - ref.medianLog) / sigma : -Infinity;
    const lower = Math.min(med * this.options.ratio, Math.exp(ref.medianLog - this.options.z * sigma));
    const ratio = price / med;
    return {
      undervalued: z < -this.options.z && ratio < this.options.ratio,
      z: Number.isFinite(z) ? Math.round(z * 100) / 100 : -99,
      ratio: Math.round(ratio * 1000) / 1000,
      reference: { key: ref.key, samples: ref.samples, median: toAmount(med), lowerBound: toAmount(lower), madLog: Math.round(ref.madLog * 1000) / 1000 },
    };
  }

  get size(): number { return this.series.size; }

  /**
   * The statistics of every series the items of a consignment look up (origin-specific and
   * general), for the decision's recorded context: what the platform must record so that a
   * back-test replays the reference of the day (`fromSnapshot`).
   */
  snapshotFor(items: readonly { hsCode?: string; origin?: string }[], currency: string): ValuationSnapshot {
    const series: ValuationSnapshot['series'] = {};
    for (const it of items) {
      if (!it.hsCode || it.hsCode.length < 6) continue;
      for (const key of this.keysOf(it.hsCode, currency, it.origin)) {
        if (!key || key in series) continue;
        if (this.fixed) { const f = this.fixed[key]; if (f) series[key] = f; continue; }
        const s = this.series.get(key);
        if (!s || s.count === 0) continue;
        const st = this.stats(s);
        series[key] = { samples: s.count, medianLog: st.median, madLog: st.mad };
      }
    }
    return { options: { minSamples: this.options.minSamples, z: this.options.z, ratio: this.options.ratio, ratioHigh: this.options.ratioHigh, zHigh: this.options.zHigh }, series };
  }

  /** A reference frozen at a recorded snapshot: the same checks, the day's statistics. */
  static fromSnapshot(snapshot: ValuationSnapshot): ValuationReference {
    const ref = new ValuationReference(snapshot.options);
    ref.fixed = snapshot.series;
    return ref;
  }

  /** A serialisable snapshot (for the recorded context of a decision, so a replay uses the same reference). */
  toJSON(): { options: ValuationOptions; series: [string, number[]][] } {
    const out: [string, number[]][] = [];
    for (const [k, s] of this.series) {
      const ordered: number[] = [];
      const start = s.count < this.options.window ? 0 : s.next;
      for (let i = 0; i < s.count; i++) ordered.push(s.values[(start + i) % this.options.window]);
      out.push([k, ordered]);
    }
    return { options: this.options, series: out };
  }

  static fromJSON(json: { options: ValuationOptions; series: [string, number[]][] }): ValuationReference {
    const ref = new ValuationReference(json.options);
    for (const [k, vals] of json.series) {
      const s: Series = { values: new Float64Array(ref.options.window), next: 0, count: 0, sinceStats: 0 };
      for (const v of vals.slice(-ref.options.window)) { s.values[s.next] = v; s.next = (s.next + 1) % ref.options.window; s.count = Math.min(s.count + 1, ref.options.window); }
      ref.series.set(k, s);
    }
    return ref;
  }
}

function toAmount(n: number): Amount {
  return (Math.round(n * 100) / 100).toFixed(2);
}

export function valuationReason(line: number, declared: Amount, currency: string, c: ValuationCheck, points: number): Reason {
  return {
    code: 'undervaluation',
    source: 'check',
    message: `line ${line}: unit price ${declared} ${currency} is ${Math.round(c.ratio * 100)} % of the reference median ${c.reference.median} ${currency} (${c.reference.samples} prices, ${c.reference.key})`,
    score: points,
    measured: { unitPrice: declared, z: c.z, ratio: c.ratio },
    threshold: { lowerBound: c.reference.lowerBound, median: c.reference.median, z: -DEFAULT_VALUATION.z },
    matched: c.reference,
  };
}

/** A price far above the reference: a question about what the goods are (asked, and scored). */
export function farAboveReason(line: number, declared: Amount, currency: string, c: ValuationCheck, points: number): Reason {
  return {
    code: 'price-far-above-reference',
    source: 'check',
    message: `line ${line}: unit price ${declared} ${currency} is ${c.ratio.toFixed(1)} times the reference median ${c.reference.median} ${currency} for the declared code (${c.reference.samples} prices, ${c.reference.key}): are the goods what the description and code say?`,
    score: points,
    measured: { unitPrice: declared, z: c.z, ratio: c.ratio },
    threshold: { ratio: DEFAULT_VALUATION.ratioHigh, z: DEFAULT_VALUATION.zHigh },
    matched: c.reference,
  };
}

/**
 * Where a consignment's priced lines sit against their references, summed over the lines (filled
 * by `outlier`): no line alone may be far enough out, yet every line low together is.
 */
export interface PricePositions { lines: number; zSum: number; logRatioSum: number }

export function emptyPositions(): PricePositions { return { lines: 0, zSum: 0, logRatioSum: 0 }; }

/**
 * The consignment-level test (WCO Guide to Customs Valuation and Tariff Classification: unit value
 * analysis over a whole declaration): with two or more priced lines, the lines' z-scores combined
 * by Stouffer's method (Σz / √n) below −z and their geometric-mean ratio to the references below
 * `ratio`. For independent honest lines the combined z is as rare as one line's, so the false
 * alarm rate stays that of the per-line test; a seller who cuts every price by the same factor
 * stands out by √n. Undefined when it does not fire.
 */
export function combinedUndervaluation(p: PricePositions, options: Pick<ValuationOptions, 'z' | 'ratio'> = DEFAULT_VALUATION): { lines: number; z: number; ratio: number } | undefined {
  if (p.lines < 2) return undefined;
  const z = p.zSum / Math.sqrt(p.lines);
  const ratio = Math.exp(p.logRatioSum / p.lines);
  if (!(z < -options.z && ratio < options.ratio)) return undefined;
  return { lines: p.lines, z: Math.round(z * 100) / 100, ratio: Math.round(ratio * 1000) / 1000 };
}

export function combinedUndervaluationReason(c: { lines: number; z: number; ratio: number }, currency: string, points: number): Reason {
  return {
    code: 'undervaluation',
    source: 'check',
    message: `all ${c.lines} priced lines together are far below their reference prices (${currency}): combined z ${c.z}, prices ${Math.round(c.ratio * 100)} % of the references on geometric mean; proof of the price paid requested`,
    score: points,
    measured: { lines: c.lines, combinedZ: c.z, geometricMeanRatio: c.ratio },
    threshold: { combinedZ: -DEFAULT_VALUATION.z, ratio: DEFAULT_VALUATION.ratio },
  };
}

/** Findings that put a consignment's declared prices in doubt: they must not teach the reference. */
const DOUBTFUL_PRICE = new Set(['undervaluation', 'price-far-above-reference', 'reconcile-declared-payment', 'reconcile-paid-more', 'reconcile-order-amount']);

/**
 * What the platform feeds the reference after each assessment: the declared unit prices of the
 * consignment, unless its own assessment doubted them. Every other declaration teaches (the median
 * and MAD are robust to the few undervalued ones that slip through); learning only from parcels
 * with a zero score starved the reference, since almost every parcel carries some points.
 */
export function observeDeclaredPrices(valuation: ValuationReference, facts: ConsignmentFacts, reasons: readonly { code: string }[] = []): void {
  const d = facts.declaration;
  if (!d?.invoice) return;
  for (const r of reasons) if (DOUBTFUL_PRICE.has(r.code)) return;
  const currency = d.invoice.currency;
  for (const item of d.items as Item[]) {
    if (item.hsCode && item.unitPrice) valuation.observe({ hsCode: item.hsCode, currency, unitPrice: item.unitPrice, origin: item.origin });
  }
}
