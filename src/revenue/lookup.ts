/** Dated look-ups in a revenue profile: the value in force on a calendar date, or nothing. */
import { Decimal } from '../domain/decimal.js';
import type {
  AdditionalDuty, Dated, DutyRate, ExchangeRateEntry, ExciseEntry, ParameterName, RevenueProfile, TariffEntry, TaxRateEntry,
} from './types.js';

export function validOn<T extends { from: string; to?: string }>(e: T, date: string): boolean {
  return e.from <= date && (e.to === undefined || date <= e.to);
}

export function param(profile: RevenueProfile, name: ParameterName, date: string): Dated<string> | undefined {
  return profile.parameters[name]?.find((e) => validOn(e, date));
}

export function paramDecimal(profile: RevenueProfile, name: ParameterName, date: string): Decimal | undefined {
  const p = param(profile, name, date);
  return p && Decimal.isDecimalString(p.value) ? Decimal.parse(p.value) : undefined;
}

export function paramList(profile: RevenueProfile, name: ParameterName, date: string): string[] {
  const p = param(profile, name, date);
  return p ? p.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : [];
}

export function taxRate(profile: RevenueProfile, region: string, date: string): TaxRateEntry | undefined {
  return profile.taxRates[region]?.find((e) => validOn(e, date));
}

export function exchangeRate(profile: RevenueProfile, currency: string, date: string): ExchangeRateEntry | undefined {
  return profile.exchangeRates.find((e) => e.currency === currency && validOn(e, date));
}

export function hasPrefix(code: string | undefined, prefixes: string[]): boolean {
  return code !== undefined && prefixes.some((p) => code.startsWith(p));
}

export type TariffAnswer =
  | { kind: 'rate'; entry: TariffEntry }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'none' };

function sameRate(a: DutyRate, b: DutyRate): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The duty rate of a declared code: the longest entry at or above it; if the tariff splits
 * below the declared code into different rates, the candidates (a guess would be a wrong bill).
 * A preferential entry is chosen only when the item claims that preference from a listed origin.
 */
export function tariffRate(
  profile: RevenueProfile, code: string, date: string, origin?: string, preference?: string,
): TariffAnswer {
  const applicable = profile.tariff.filter((e) => validOn(e, date) && (e.preference === undefined
    || (preference !== undefined && e.preference === preference && origin !== undefined && (e.origins ?? []).includes(origin))));
  const pick = (list: TariffEntry[]): TariffAnswer => {
    const above = list.filter((e) => code.startsWith(e.hs)).sort((a, b) => b.hs.length - a.hs.length);
    const below = list.filter((e) => e.hs.length > code.length && e.hs.startsWith(code));
    const base = above[0];
    if (below.length === 0) return base ? { kind: 'rate', entry: base } : { kind: 'none' };
    const rates = below.map((e) => e.duty);
    if (base) rates.push(base.duty);
    if (rates.every((r) => sameRate(r, rates[0]))) return { kind: 'rate', entry: base ?? below[0] };
    return { kind: 'ambiguous', candidates: [...new Set(below.map((e) => e.hs))].sort() };
  };
  const preferential = applicable.filter((e) => e.preference !== undefined);
  if (preferential.length > 0) {
    const answer = pick(preferential);
    if (answer.kind !== 'none') return answer;
  }
  return pick(applicable.filter((e) => e.preference === undefined));
}

export function additionalDuties(profile: RevenueProfile, code: string | undefined, origin: string | undefined, date: string): AdditionalDuty[] {
  return profile.additionalDuties.filter((d) => validOn(d, date)
    && (d.origins.includes('*') || (origin !== undefined && d.origins.includes(origin)))
    && !(origin !== undefined && (d.excludedOrigins ?? []).includes(origin))
    && (d.hsPrefixes.length === 0 || hasPrefix(code, d.hsPrefixes))
    && !hasPrefix(code, d.excludedHsPrefixes ?? []));
}

export function exciseEntries(profile: RevenueProfile, code: string | undefined, region: string | undefined, date: string): ExciseEntry[] {
  return profile.excise.filter((e) => validOn(e, date) && hasPrefix(code, e.hsPrefixes) && (e.region === undefined || e.region === region));
}

export function addDays(date: string, days: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86_400_000);
}

/** The calendar date of an instant in a time zone (the law's day, not UTC's). */
const formatters = new Map<string, Intl.DateTimeFormat>();
const dayCache = new Map<string, string>();
export function localDate(instant: string, timeZone: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date-time: ${instant}`);
  // Every zone offset is a multiple of 15 minutes, so the local date is constant within a
  // quarter-hour bucket: cache per bucket, since Intl formatting dominates the engine's cost.
  const key = `${timeZone}|${Math.floor(d.getTime() / 900_000)}`;
  const hit = dayCache.get(key);
  if (hit) return hit;
  if (dayCache.size > 50_000) dayCache.clear();
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const day = f.format(d);
  dayCache.set(key, day);
  return day;
}
