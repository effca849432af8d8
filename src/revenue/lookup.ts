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

/**
 * Parsed data decimals (rates, thresholds), shared: the reference is read-only once loaded and `Decimal` is
 * immutable, so a rate parsed once serves every consignment (parsing dominated the engine's allocations).
 */
const decimalCache = new Map<string, Decimal>();
export function dataDecimal(text: string): Decimal {
  let d = decimalCache.get(text);
  if (d === undefined) {
    d = Decimal.parse(text);
    if (decimalCache.size >= 20_000) decimalCache.clear();
    decimalCache.set(text, d);
  }
  return d;
}

export function paramDecimal(profile: RevenueProfile, name: ParameterName, date: string): Decimal | undefined {
  const p = param(profile, name, date);
  return p && Decimal.isDecimalString(p.value) ? dataDecimal(p.value) : undefined;
}

const listCache = new WeakMap<Dated<string>, string[]>();
export function paramList(profile: RevenueProfile, name: ParameterName, date: string): string[] {
  const p = param(profile, name, date);
  if (!p) return [];
  let list = listCache.get(p);
  if (!list) {
    list = p.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    listCache.set(p, list);
  }
  return list;
}

export function taxRate(profile: RevenueProfile, region: string, date: string): TaxRateEntry | undefined {
  return profile.taxRates[region]?.find((e) => validOn(e, date));
}

export function exchangeRate(profile: RevenueProfile, currency: string, date: string): ExchangeRateEntry | undefined {
  return profile.exchangeRates.find((e) => e.currency === currency && validOn(e, date));
}

export function hasPrefix(code: string | undefined, prefixes: string[]): boolean {
  if (code === undefined) return false;
  // A loop rather than `some`: called for every line of every consignment, and the callback cost more than the test.
  for (const p of prefixes) if (code.startsWith(p)) return true;
  return false;
}

export type TariffAnswer =
  | { kind: 'rate'; entry: TariffEntry }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'none' };

function sameRate(a: DutyRate, b: DutyRate): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Tariff rows by their code and by every prefix of it, so that a look-up never scans a whole national tariff. */
interface TariffIndex { size: number; exact: Map<string, TariffEntry[]>; byPrefix: Map<string, TariffEntry[]>; answers: Map<string, TariffAnswer> }
const tariffIndexes = new WeakMap<TariffEntry[], TariffIndex>();
const MEMO_LIMIT = 50_000;

function tariffIndex(tariff: TariffEntry[]): TariffIndex {
  let index = tariffIndexes.get(tariff);
  // A row pushed after the first look-up (test fixtures do this on their own copies) rebuilds the index.
  if (index && index.size === tariff.length) return index;
  index = { size: tariff.length, exact: new Map(), byPrefix: new Map(), answers: new Map() };
  const push = (map: Map<string, TariffEntry[]>, key: string, e: TariffEntry) => {
    const list = map.get(key);
    if (list) list.push(e); else map.set(key, [e]);
  };
  for (const e of tariff) {
    push(index.exact, e.hs, e);
    for (let n = 1; n < e.hs.length; n++) push(index.byPrefix, e.hs.slice(0, n), e);
  }
  tariffIndexes.set(tariff, index);
  return index;
}

/**
 * The duty rate of a declared code: the longest entry at or above it; if the tariff splits
 * below the declared code into different rates, the candidates (a guess would be a wrong bill).
 * A preferential entry is chosen only when the item claims that preference from a listed origin.
 * Answers are memoised per tariff (the reference is read-only once loaded; an import makes a new array).
 */
export function tariffRate(
  profile: RevenueProfile, code: string, date: string, origin?: string, preference?: string,
): TariffAnswer {
  const index = tariffIndex(profile.tariff);
  const key = `${date}|${code}|${origin ?? ''}|${preference ?? ''}`;
  const hit = index.answers.get(key);
  if (hit) return hit;
  // Only rows at or above the code (a prefix of it) or below it (it is their prefix) can matter.
  const relevant: TariffEntry[] = [];
  for (let n = 1; n <= code.length; n++) relevant.push(...(index.exact.get(code.slice(0, n)) ?? []));
  relevant.push(...(index.byPrefix.get(code) ?? []));
  const applicable = relevant.filter((e) => validOn(e, date) && (e.preference === undefined
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
  let answer: TariffAnswer | undefined;
  const preferential = applicable.filter((e) => e.preference !== undefined);
  if (preferential.length > 0) {
    const p = pick(preferential);
    if (p.kind !== 'none') answer = p;
  }
  answer ??= pick(applicable.filter((e) => e.preference === undefined));
  if (index.answers.size >= MEMO_LIMIT) index.answers.clear();
  index.answers.set(key, answer);
  return answer;
}

const additionalMemo = new WeakMap<AdditionalDuty[], Map<string, AdditionalDuty[]>>();
export function additionalDuties(profile: RevenueProfile, code: string | undefined, origin: string | undefined, date: string): AdditionalDuty[] {
  let memo = additionalMemo.get(profile.additionalDuties);
  if (!memo) { memo = new Map(); additionalMemo.set(profile.additionalDuties, memo); }
  const key = `${profile.additionalDuties.length}|${date}|${code ?? ''}|${origin ?? ''}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const found = profile.additionalDuties.filter((d) => validOn(d, date)
    && (d.origins.includes('*') || (origin !== undefined && d.origins.includes(origin)))
    && !(origin !== undefined && (d.excludedOrigins ?? []).includes(origin))
    && (d.hsPrefixes.length === 0 || hasPrefix(code, d.hsPrefixes))
    && !hasPrefix(code, d.excludedHsPrefixes ?? []));
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, found);
  return found;
}

const exciseMemo = new WeakMap<ExciseEntry[], Map<string, ExciseEntry[]>>();
export function exciseEntries(profile: RevenueProfile, code: string | undefined, region: string | undefined, date: string): ExciseEntry[] {
  let memo = exciseMemo.get(profile.excise);
  if (!memo) { memo = new Map(); exciseMemo.set(profile.excise, memo); }
  const key = `${profile.excise.length}|${date}|${code ?? ''}|${region ?? ''}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const found = profile.excise.filter((e) => validOn(e, date) && hasPrefix(code, e.hsPrefixes) && (e.region === undefined || e.region === region));
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, found);
  return found;
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
/**
 * Per zone: days by quarter-hour bucket (numeric keys, so a look-up builds no key string), and the last
 * instant asked, since consignments of one jurisdiction arrive in runs that carry the same instant text.
 */
interface ZoneDays { days: Map<number, string>; lastInstant: string; lastDay: string }
const zones = new Map<string, ZoneDays>();
let cachedDays = 0;
function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Date.parse of an instant, read directly when it is written `YYYY-MM-DDTHH:MM:SS[.sss]Z` with every field in its
 * plain range (as the platform writes them): Date.parse of such text is Date.UTC of its fields, and costs several
 * times more. Anything else (offsets, other lengths, day 29 and later, out-of-range fields) goes to Date.parse.
 */
export function parseInstant(s: string): number {
  const n = s.length;
  if ((n === 20 || (n === 24 && s.charCodeAt(19) === 46 /* . */)) && s.charCodeAt(n - 1) === 90 /* Z */
    && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
    const y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
    const ms = n === 24 ? digits(s, 20, 3) : 0;
    // Years below 100 are left to Date.parse: Date.UTC reads them as 19xx.
    if (y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 28 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 59 && ms >= 0) {
      return Date.UTC(y, mo - 1, d, h, mi, se, ms);
    }
  }
  return Date.parse(s);
}

export function localDate(instant: string, timeZone: string): string {
  let z = zones.get(timeZone);
  if (z && instant === z.lastInstant) return z.lastDay;
  const t = parseInstant(instant);
  if (Number.isNaN(t)) throw new RangeError(`not a date-time: ${instant}`);
  // Every zone offset is a multiple of 15 minutes, so the local date is constant within a
  // quarter-hour bucket: cache per bucket, since Intl formatting dominates the engine's cost.
  const bucket = Math.floor(t / 900_000);
  let day = z?.days.get(bucket);
  if (day === undefined) {
    let f = formatters.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      formatters.set(timeZone, f);
    }
    day = f.format(new Date(t));
    if (cachedDays > 50_000) { for (const other of zones.values()) other.days.clear(); cachedDays = 0; }
    if (!z) { z = { days: new Map(), lastInstant: '', lastDay: '' }; zones.set(timeZone, z); }
    z.days.set(bucket, day);
    cachedDays++;
  }
  if (z) { z.lastInstant = instant; z.lastDay = day; }
  return day;
}
