/**
 * What one profile says on one calendar date, resolved once and shared by every consignment of that day.
 * The engine asks each consignment the same thirty-odd questions of the same profile and date; answering
 * them by scanning dated records and re-parsing decimal strings per consignment was most of its cost.
 */
import { Decimal } from '../domain/decimal.js';
import { additionalDuties, dataDecimal, exciseEntries, tariffRate, validOn, type TariffAnswer } from './lookup.js';
import type {
  AdditionalDuty, AirFreightShare, Dated, DutyRate, ExchangeRateEntry, ExciseEntry, ParameterName, Per, RevenueProfile, TaxRateEntry,
} from './types.js';

/** A duty rate with its figures parsed, and its description as the liabilities print it. */
export interface CompiledRate {
  adValorem?: Decimal;
  specific?: { amount: Decimal; per: Per };
  min?: { amount: Decimal; per: Per };
  max?: { amount: Decimal; per: Per };
  text: string;
}

export function describeRate(rate: DutyRate): string {
  const parts: string[] = [];
  if (rate.adValorem !== undefined) parts.push(`${rate.adValorem}%`);
  if (rate.specific) parts.push(`${rate.specific.amount}/${rate.specific.per}`);
  if (rate.min) parts.push(`min ${rate.min.amount}/${rate.min.per}`);
  if (rate.max) parts.push(`max ${rate.max.amount}/${rate.max.per}`);
  return parts.join(' + ');
}

export function compileRate(rate: DutyRate): CompiledRate {
  const c: CompiledRate = { text: describeRate(rate) };
  if (rate.adValorem !== undefined) c.adValorem = dataDecimal(rate.adValorem);
  // Truthiness, not `!== undefined`, as the rate formula has always tested these parts.
  if (rate.specific) c.specific = { amount: dataDecimal(rate.specific.amount), per: rate.specific.per };
  if (rate.min) c.min = { amount: dataDecimal(rate.min.amount), per: rate.min.per };
  if (rate.max) c.max = { amount: dataDecimal(rate.max.amount), per: rate.max.per };
  return c;
}

export type TariffHit = { answer: TariffAnswer; rate?: CompiledRate; rateText?: string };
export interface AdditionalHit { ad: AdditionalDuty; rate: CompiledRate; rateText: string }
export interface ExciseHit { e: ExciseEntry; rate: CompiledRate; rateText: string; limits?: string; needs?: string }
export interface RateHit { entry: ExchangeRateEntry; rate: Decimal; foreignPerLocal: boolean }
export interface TaxHit { entry: TaxRateEntry; rate: Decimal; rateText: string }

/** Shared empty answer: callers only read what the view returns. */
const NONE: never[] = [];
/** Memo tables hold the answers for codes, regions and currencies seen on a day; bounded all the same. */
const MEMO_LIMIT = 5_000;
const DAYS_PER_PROFILE = 64;

function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= MEMO_LIMIT) map.clear();
  map.set(key, value);
  return value;
}

export class DayView {
  /** The entry of each parameter in force on the date. */
  readonly p: Partial<Record<ParameterName, Dated<string>>> = {};
  /** Parameters whose value in force is a decimal, parsed. */
  readonly d: Partial<Record<ParameterName, Decimal>> = {};
  /** Parameters read as comma-separated lists (empty when not in force). */
  readonly l: Partial<Record<ParameterName, string[]>> = {};
  /** Whether the profile has any tax rate at all (a missing region's rate is then a hold). */
  readonly anyTaxRates: boolean;
  private readonly tariffs = new Map<string, TariffHit>();
  private readonly additional = new Map<string, Map<string | undefined, AdditionalHit[]>>();
  private readonly excises = new Map<string | undefined, Map<string | undefined, ExciseHit[]>>();
  private readonly rates = new Map<string, RateHit | undefined>();
  private readonly taxes = new Map<string, TaxHit | undefined>();
  private readonly shares = new Map<string, AirFreightShare | undefined>();

  constructor(readonly profile: RevenueProfile, readonly date: string) {
    this.anyTaxRates = !!profile.taxRates && Object.keys(profile.taxRates).length > 0;
    for (const name of Object.keys(profile.parameters) as ParameterName[]) {
      const entry = profile.parameters[name]?.find((e) => validOn(e, date));
      if (!entry) continue;
      this.p[name] = entry;
      if (Decimal.isDecimalString(entry.value)) this.d[name] = dataDecimal(entry.value);
      this.l[name] = entry.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    }
  }

  list(name: ParameterName): string[] {
    return this.l[name] ?? (NONE);
  }

  /** The tariff answer of a code claimed without preference (origin does not matter then); else the general look-up. */
  tariff(code: string, origin: string | undefined, preference: string | undefined): TariffHit {
    if (preference !== undefined) return hitOf(tariffRate(this.profile, code, this.date, origin, preference));
    return this.tariffs.get(code) ?? remember(this.tariffs, code, hitOf(tariffRate(this.profile, code, this.date, origin, undefined)));
  }

  additionalDuties(code: string, origin: string | undefined): AdditionalHit[] {
    if (this.profile.additionalDuties.length === 0) return NONE;
    let byOrigin = this.additional.get(code);
    if (!byOrigin) byOrigin = remember(this.additional, code, new Map());
    let hits = byOrigin.get(origin);
    if (!hits) {
      hits = additionalDuties(this.profile, code, origin, this.date).map((ad) => {
        const rate = compileRate(ad.duty);
        return { ad, rate, rateText: `${rate.text} ${ad.id}` };
      });
      remember(byOrigin, origin, hits);
    }
    return hits;
  }

  excise(code: string | undefined, region: string | undefined): ExciseHit[] {
    if (this.profile.excise.length === 0) return NONE;
    let byCode = this.excises.get(region);
    if (!byCode) byCode = remember(this.excises, region, new Map());
    let hits = byCode.get(code);
    if (!hits) {
      hits = exciseEntries(this.profile, code, region, this.date).map((e) => {
        const rate = compileRate(e.duty);
        const hit: ExciseHit = { e, rate, rateText: `${rate.text} ${e.id}` };
        const t = e.unitPriceThreshold;
        if (t) {
          hit.limits = [t.perMillilitre && `${t.perMillilitre}/ml`, t.perGram && `${t.perGram}/g`, t.perPiece && `${t.perPiece}/piece`].filter(Boolean).join(', ');
          hit.needs = [t.perMillilitre && 'volume (ml)', t.perGram && 'net mass (g)', t.perPiece && `a count in ${(t.pieceUnits ?? []).join('/')}`].filter(Boolean).join(' or ');
        }
        return hit;
      });
      remember(byCode, code, hits);
    }
    return hits;
  }

  exchangeRate(currency: string): RateHit | undefined {
    if (this.rates.has(currency)) return this.rates.get(currency);
    const entry = this.profile.exchangeRates.find((e) => e.currency === currency && validOn(e, this.date));
    return remember(this.rates, currency, entry && { entry, rate: dataDecimal(entry.rate), foreignPerLocal: entry.quote === 'foreign-per-local' });
  }

  taxRate(region: string): TaxHit | undefined {
    if (this.taxes.has(region)) return this.taxes.get(region);
    const entry = this.profile.taxRates[region]?.find((e) => validOn(e, this.date));
    return remember(this.taxes, region, entry && { entry, rate: dataDecimal(entry.value), rateText: `${entry.value}%` });
  }

  /**
   * The Annex 23-01 row for a place of loading: the row of its full UN/LOCODE first (an airport of a country the
   * table splits into zones), else the row of its country (the first two letters). A two-letter place is a country.
   */
  airFreightShare(place: string): AirFreightShare | undefined {
    if (this.shares.has(place)) return this.shares.get(place);
    const find = (departure: string) => this.profile.airFreightShares.find((s) => s.departure === departure && validOn(s, this.date));
    return remember(this.shares, place, (place.length === 5 ? find(place) : undefined) ?? find(place.slice(0, 2)));
  }
}

function hitOf(answer: TariffAnswer): TariffHit {
  if (answer.kind !== 'rate') return { answer };
  const rate = compileRate(answer.entry.duty);
  return { answer, rate, rateText: rate.text + (answer.entry.preference ? ` (${answer.entry.preference})` : '') };
}

/**
 * The profile's parts a view was built from. A reference is read-only once loaded and an import makes new
 * arrays, but test fixtures push rows onto their own copies: a part replaced or grown drops the views.
 */
interface Shape {
  parameters: object; taxRates: object;
  tariff: unknown[]; tariffLength: number; additionalDuties: unknown[]; additionalLength: number; excise: unknown[]; exciseLength: number;
  exchangeRates: unknown[]; ratesLength: number; airFreightShares: unknown[]; sharesLength: number;
}
interface Views { shape: Shape; days: Map<string, DayView> }
const views = new WeakMap<RevenueProfile, Views>();

function shapeOf(p: RevenueProfile): Shape {
  return {
    parameters: p.parameters, taxRates: p.taxRates,
    tariff: p.tariff, tariffLength: p.tariff.length, additionalDuties: p.additionalDuties, additionalLength: p.additionalDuties.length,
    excise: p.excise, exciseLength: p.excise.length, exchangeRates: p.exchangeRates, ratesLength: p.exchangeRates.length,
    airFreightShares: p.airFreightShares, sharesLength: p.airFreightShares.length,
  };
}

function sameShape(s: Shape, p: RevenueProfile): boolean {
  return s.parameters === p.parameters && s.taxRates === p.taxRates
    && s.tariff === p.tariff && s.tariffLength === p.tariff.length
    && s.additionalDuties === p.additionalDuties && s.additionalLength === p.additionalDuties.length
    && s.excise === p.excise && s.exciseLength === p.excise.length
    && s.exchangeRates === p.exchangeRates && s.ratesLength === p.exchangeRates.length
    && s.airFreightShares === p.airFreightShares && s.sharesLength === p.airFreightShares.length;
}

/** The view of `profile` on `date`; freed with the profile (WeakMap), a bounded number of days each. */
export function dayView(profile: RevenueProfile, date: string): DayView {
  let v = views.get(profile);
  if (!v || !sameShape(v.shape, profile)) {
    v = { shape: shapeOf(profile), days: new Map() };
    views.set(profile, v);
  }
  let view = v.days.get(date);
  if (!view) {
    if (v.days.size >= DAYS_PER_PROFILE) v.days.clear();
    view = new DayView(profile, date);
    v.days.set(date, view);
  }
  return view;
}
