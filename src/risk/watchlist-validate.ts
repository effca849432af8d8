/**
 * What a watch list sent by an analyst must be before it is matched against traffic: every entry
 * dated (RFC 3339 with a zone), with a reason, and something to match by (a name, an address or
 * an identifier). Each problem names its field by JSON pointer.
 */
import type { WatchList } from './watchlist.js';

export interface WatchListProblem { pointer: string; message: string }

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KINDS = new Set(['person', 'organisation', 'address']);
const MAX_ENTRIES = 100_000;

function isObject(v: unknown): v is Record<string, unknown> { return typeof v === 'object' && v !== null && !Array.isArray(v); }

export function isZonedTime(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v));
}

function dates(o: Record<string, unknown>, at: string, problems: WatchListProblem[]): void {
  if (!isZonedTime(o.validFrom)) problems.push({ pointer: `${at}/validFrom`, message: 'validFrom must be an RFC 3339 date-time with a zone' });
  if (o.validTo !== undefined) {
    if (!isZonedTime(o.validTo)) problems.push({ pointer: `${at}/validTo`, message: 'validTo must be an RFC 3339 date-time with a zone' });
    else if (isZonedTime(o.validFrom) && Date.parse(o.validTo) <= Date.parse(o.validFrom)) problems.push({ pointer: `${at}/validTo`, message: 'validTo must come after validFrom' });
  }
}

function points(v: unknown, pointer: string, problems: WatchListProblem[]): void {
  if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100)) problems.push({ pointer, message: 'points must be a whole number from 0 to 100' });
}

/** One entry's problems, pointers under `at` (e.g. `/entries/3`). */
export function watchEntryProblems(e: unknown, at: string): WatchListProblem[] {
  const problems: WatchListProblem[] = [];
  if (!isObject(e)) return [{ pointer: at || '/', message: 'an entry must be an object' }];
  if (typeof e.id !== 'string' || !ID.test(e.id)) problems.push({ pointer: `${at}/id`, message: 'id must be 1 to 64 letters, digits, dots, dashes or underscores' });
  if (typeof e.kind !== 'string' || !KINDS.has(e.kind)) problems.push({ pointer: `${at}/kind`, message: 'kind must be person, organisation or address' });
  if (e.name !== undefined && (typeof e.name !== 'string' || e.name.trim() === '')) problems.push({ pointer: `${at}/name`, message: 'name must be a non-empty string' });
  if (e.aliases !== undefined && !(Array.isArray(e.aliases) && e.aliases.every((a) => typeof a === 'string' && a.trim() !== ''))) problems.push({ pointer: `${at}/aliases`, message: 'aliases must be a list of non-empty strings' });
  if (e.address !== undefined && !(isObject(e.address) && typeof e.address.country === 'string' && /^[A-Z]{2}$/.test(e.address.country))) problems.push({ pointer: `${at}/address/country`, message: 'an address needs its ISO 3166 country code' });
  if (e.identifiers !== undefined && !(Array.isArray(e.identifiers) && e.identifiers.every((i) => isObject(i) && typeof i.scheme === 'string' && i.scheme !== '' && typeof i.value === 'string' && i.value !== ''))) {
    problems.push({ pointer: `${at}/identifiers`, message: 'identifiers must be a list of { scheme, value }' });
  }
  const byName = typeof e.name === 'string' || (Array.isArray(e.aliases) && e.aliases.length > 0);
  const byIdentifier = Array.isArray(e.identifiers) && e.identifiers.length > 0;
  if (e.kind === 'address' && e.address === undefined) problems.push({ pointer: `${at}/address`, message: 'an address entry needs its address' });
  if (!byName && !byIdentifier && e.address === undefined) problems.push({ pointer: `${at}/name`, message: 'an entry needs a name, an address or an identifier to be matched by' });
  if (typeof e.reason !== 'string' || e.reason.trim() === '') problems.push({ pointer: `${at}/reason`, message: 'reason must say why the party is listed' });
  points(e.points, `${at}/points`, problems);
  dates(e, at, problems);
  return problems;
}

export function validateWatchList(input: unknown): { ok: true; list: WatchList } | { ok: false; problems: WatchListProblem[] } {
  if (!isObject(input)) return { ok: false, problems: [{ pointer: '', message: 'a watch list must be a JSON object' }] };
  const problems: WatchListProblem[] = [];
  if (typeof input.id !== 'string' || !ID.test(input.id)) problems.push({ pointer: '/id', message: 'id must be 1 to 64 letters, digits, dots, dashes or underscores' });
  if (typeof input.name !== 'string' || input.name.trim() === '') problems.push({ pointer: '/name', message: 'name must be a non-empty string' });
  if (typeof input.source !== 'string' || input.source.trim() === '') problems.push({ pointer: '/source', message: 'source must name the legal basis or origin of the list' });
  if (!(Number.isInteger(input.points) && (input.points as number) >= 0 && (input.points as number) <= 100)) problems.push({ pointer: '/points', message: 'points must be a whole number from 0 to 100' });
  if (input.threshold !== undefined && !(typeof input.threshold === 'number' && input.threshold > 0 && input.threshold <= 1)) problems.push({ pointer: '/threshold', message: 'threshold must be a number above 0 and at most 1' });
  dates(input, '', problems);
  if (!Array.isArray(input.entries)) problems.push({ pointer: '/entries', message: 'entries must be a list' });
  else if (input.entries.length > MAX_ENTRIES) problems.push({ pointer: '/entries', message: `at most ${MAX_ENTRIES} entries` });
  else {
    const seen = new Set<string>();
    input.entries.forEach((e, i) => {
      problems.push(...watchEntryProblems(e, `/entries/${i}`));
      const id = isObject(e) ? e.id : undefined;
      if (typeof id === 'string') {
        if (seen.has(id)) problems.push({ pointer: `/entries/${i}/id`, message: `entry id ${id} appears twice` });
        seen.add(id);
      }
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, list: input as unknown as WatchList };
}

