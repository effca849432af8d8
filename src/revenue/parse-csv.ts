/** Imports of a national tariff and of a central bank's rate table, validated like the reference files. */
import { ReferenceError, validateProfile, validateRateEntry } from './load-revenue-reference.js';
import { parseCsv } from '../domain/csv.js';
import type { Jurisdiction } from '../domain/message.js';
import type { DutyRate, ExchangeRateEntry, Per, TariffEntry } from './types.js';

function rows(text: string): { header: string[]; body: string[][] } {
  const records = parseCsv(text).filter((r) => r.some((f) => f.trim() !== '')).map((r) => r.map((f) => f.trim()));
  if (records.length === 0) throw new ReferenceError('empty CSV');
  return { header: records[0], body: records.slice(1) };
}

function need(header: string[], names: string[]): void {
  for (const n of names) if (!header.includes(n)) throw new ReferenceError(`CSV header lacks "${n}" (has ${header.join(', ')})`);
}

/**
 * Columns: hs, description, adValorem, specificAmount, specificPer, minAmount, minPer, maxAmount, maxPer, to, source
 * (adValorem, the specific/min/max columns and to may be empty; `source` may be empty when the whole file has one, given as `source`).
 */
export function parseTariffCsv(text: string, jurisdiction: Jurisdiction, from: string, source?: string): TariffEntry[] {
  const { header, body } = rows(text);
  need(header, ['hs', 'description', 'adValorem']);
  const col = (r: string[], n: string): string => (header.includes(n) ? r[header.indexOf(n)] ?? '' : '');
  const entries: TariffEntry[] = body.map((r, i) => {
    const duty: DutyRate = {};
    if (col(r, 'adValorem') !== '') duty.adValorem = col(r, 'adValorem');
    for (const k of ['specific', 'min', 'max'] as const) {
      if (col(r, `${k}Amount`) !== '') duty[k] = { amount: col(r, `${k}Amount`), per: col(r, `${k}Per`) as Per };
    }
    const e: TariffEntry = { hs: col(r, 'hs').replace(/[.\s]/g, ''), description: col(r, 'description'), duty, from, source: col(r, 'source') || source || '' };
    if (col(r, 'to') !== '') e.to = col(r, 'to');
    if (!e.source) throw new ReferenceError(`row ${i + 2}: no source (column or argument)`);
    return e;
  });
  // Reuse the reference validator so an imported tariff obeys exactly the rules of the shipped one.
  validateProfile({ jurisdiction, currency: 'XXX', minorDigits: 2, parameters: {}, taxRates: {}, tariff: entries, additionalDuties: [], excise: [], exchangeRates: [], vendors: [], airFreightShares: [] }, `tariff CSV (${jurisdiction})`);
  return entries;
}

/** Columns: currency, rate, quote (foreign-per-local | local-per-foreign), from, to, source. */
export function parseRatesCsv(text: string): ExchangeRateEntry[] {
  const { header, body } = rows(text);
  need(header, ['currency', 'rate', 'quote', 'from', 'source']);
  return body.map((r, i) => {
    const get = (n: string): string => r[header.indexOf(n)] ?? '';
    const e: ExchangeRateEntry = { currency: get('currency'), rate: get('rate'), quote: get('quote') as ExchangeRateEntry['quote'], from: get('from'), source: get('source') };
    if (header.includes('to') && get('to') !== '') e.to = get('to');
    validateRateEntry(e, `rates CSV row ${i + 2}`);
    return e;
  });
}
