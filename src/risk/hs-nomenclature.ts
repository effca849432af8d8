/**
 * The HS nomenclature (shared/data/harmonized-system, from UN Comtrade via datasets/harmonized-system):
 * which chapters, headings and subheadings exist in HS 2022, and which existed only in HS 2017.
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../domain/csv.js';
import { sharedDataPath } from '../domain/paths.js';

export interface HsNomenclature {
  edition: string;
  /** 2-, 4- and 6-digit codes of the current edition. */
  codes: Set<string>;
  /** 6-digit codes of the previous edition that the current one dropped. */
  retired: Set<string>;
  descriptions: Map<string, string>;
}

/** Codes of an HS CSV (section,hscode,description,parent,level), without the non-HS 99/9999/999999/TOTAL rows. */
export function parseHsCsv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const records = parseCsv(text);
  for (let i = 1; i < records.length; i++) {
    const fields = records[i];
    const code = fields[1];
    if (!code || !/^\d{2}(\d{2}){0,2}$/.test(code) || code === '99' || code === '9999' || code === '999999') continue;
    out.set(code, fields[2] ?? '');
  }
  return out;
}

export function buildHsNomenclature(current: Map<string, string>, previous: Map<string, string> | undefined, edition: string): HsNomenclature {
  const retired = new Set<string>();
  if (previous) for (const code of previous.keys()) if (code.length === 6 && !current.has(code)) retired.add(code);
  return { edition, codes: new Set(current.keys()), retired, descriptions: current };
}

let cached: HsNomenclature | undefined;

/** HS 2022 with HS 2017 as the previous edition, read once from the shared data folder. */
export function loadHsNomenclature(): HsNomenclature {
  if (cached) return cached;
  const current = parseHsCsv(readFileSync(sharedDataPath('harmonized-system', 'harmonized-system-hs2022.csv'), 'utf8'));
  const previous = parseHsCsv(readFileSync(sharedDataPath('harmonized-system', 'harmonized-system-hs2017.csv'), 'utf8'));
  cached = buildHsNomenclature(current, previous, 'HS 2022');
  return cached;
}

export type HsStatus = 'valid' | 'outdated' | 'unknown' | 'too-short' | 'malformed';

/** Status of a declared code: its first six digits must be an HS subheading of the current edition. */
export function hsStatus(hs: HsNomenclature, code: string): HsStatus {
  if (!/^\d+$/.test(code) || code.length > 10 || code.length % 2 === 1) return 'malformed';
  if (code.length < 6) return hs.codes.has(code) ? 'too-short' : 'unknown';
  const six = code.slice(0, 6);
  if (hs.codes.has(six)) return 'valid';
  return hs.retired.has(six) ? 'outdated' : 'unknown';
}
