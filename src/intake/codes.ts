/**
 * Code lists from reference/codes/, loaded once per process. Lookups are Set/Map hits because
 * they sit on the intake hot path.
 */
import { readFileSync } from 'node:fs';
import { referencePath } from '../domain/paths.js';

export interface CurrencyEntry { code: string; numeric: string; name: string; minorDigits: number | null; withdrawn?: string; introduced?: string }
interface CountryFile { countries: { code: string; name: string }[] }
interface CurrencyFile { currencies: CurrencyEntry[] }

let countrySet: Set<string> | undefined;
let currencyDigits: Map<string, number> | undefined;

function load(): void {
  const countries = JSON.parse(readFileSync(referencePath('codes', 'countries.json'), 'utf8')) as CountryFile;
  countrySet = new Set(countries.countries.map((c) => c.code));
  const currencies = JSON.parse(readFileSync(referencePath('codes', 'currencies.json'), 'utf8')) as CurrencyFile;
  currencyDigits = new Map();
  for (const c of currencies.currencies) {
    // 'N.A.' units (gold, SDR, test code) and withdrawn codes cannot price a parcel.
    if (c.minorDigits === null || c.withdrawn !== undefined) continue;
    currencyDigits.set(c.code, c.minorDigits);
  }
}

export function isCountry(code: string): boolean {
  if (countrySet === undefined) load();
  return countrySet!.has(code);
}

/** Minor digits of an accepted ISO 4217 currency, or undefined when the code is not accepted. */
export function currencyMinorDigits(code: string): number | undefined {
  if (currencyDigits === undefined) load();
  return currencyDigits!.get(code);
}
