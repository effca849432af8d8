/**
 * Strict loader of reference/revenue/*.json. An unknown key, a value without a validity start
 * or a source, a malformed date or decimal is an error naming the path: silence here would
 * mean computing revenue under law nobody can trace.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from '../domain/decimal.js';
import { JURISDICTIONS, type Jurisdiction } from '../domain/message.js';
import { referencePath } from '../domain/paths.js';
import { PARAMETER_NAMES, type RevenueProfile, type RevenueReference } from './types.js';

export class ReferenceError extends Error {}

type Json = unknown;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PERS = ['kg', 'unit', 'pair', 'litre', 'lpa'];

function fail(path: string, message: string): never {
  throw new ReferenceError(`${path}: ${message}`);
}

function obj(v: Json, path: string): Record<string, Json> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'expected an object');
  return v as Record<string, Json>;
}

function arr(v: Json, path: string): Json[] {
  if (!Array.isArray(v)) fail(path, 'expected an array');
  return v;
}

function keys(o: Record<string, Json>, path: string, required: string[], optional: string[]): void {
  for (const k of required) if (!(k in o)) fail(path, `missing "${k}"`);
  for (const k of Object.keys(o)) if (!required.includes(k) && !optional.includes(k)) fail(path, `unknown key "${k}"`);
}

function str(v: Json, path: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(path, 'expected a non-empty string');
  return v;
}

function dec(v: Json, path: string): string {
  if (!Decimal.isDecimalString(v)) fail(path, 'expected a decimal string');
  if (Decimal.parse(v).isNegative()) fail(path, 'negative value');
  return v;
}

function date(v: Json, path: string): string {
  const s = str(v, path);
  if (!DATE.test(s) || Number.isNaN(Date.parse(s + 'T00:00:00Z'))) fail(path, 'expected a YYYY-MM-DD date');
  return s;
}

/** Validates the validity window and source every dated record must carry. */
function validity(o: Record<string, Json>, path: string): void {
  const from = date(o.from, path + '.from');
  if (o.to !== undefined && date(o.to, path + '.to') < from) fail(path, '"to" before "from"');
  const source = str(o.source, path + '.source');
  if (source.trim().length < 4) fail(path + '.source', 'source too short to be traceable');
  if (o.note !== undefined) str(o.note, path + '.note');
}

/** Parameters whose value is one of a closed set: a misspelt method must not fall back to a default silently. */
const ENUMERATED: Partial<Record<string, string[]>> = {
  giftReliefMethod: ['consignment', 'per-item'],
};

const VALIDITY = ['from', 'source'];
const VALIDITY_OPT = ['to', 'note'];

function dutyRate(v: Json, path: string): void {
  const o = obj(v, path);
  keys(o, path, [], ['adValorem', 'specific', 'min', 'max']);
  if (o.adValorem === undefined && o.specific === undefined) fail(path, 'needs adValorem or specific');
  if (o.adValorem !== undefined) dec(o.adValorem, path + '.adValorem');
  for (const k of ['specific', 'min', 'max'] as const) {
    if (o[k] === undefined) continue;
    const s = obj(o[k], `${path}.${k}`);
    keys(s, `${path}.${k}`, ['amount', 'per'], []);
    dec(s.amount, `${path}.${k}.amount`);
    if (!PERS.includes(str(s.per, `${path}.${k}.per`))) fail(`${path}.${k}.per`, `one of ${PERS.join(', ')}`);
  }
}

function hs(v: Json, path: string, min = 2): string {
  const s = str(v, path);
  if (!new RegExp(`^\\d{${min},10}$`).test(s)) fail(path, `expected ${min} to 10 digits`);
  return s;
}

function stringList(v: Json, path: string): string[] {
  return arr(v, path).map((x, i) => str(x, `${path}[${i}]`));
}

/** Validates one profile; returns it typed. */
export function validateProfile(data: Json, path = 'profile'): RevenueProfile {
  const o = obj(data, path);
  keys(o, path, ['jurisdiction', 'currency', 'minorDigits', 'parameters', 'taxRates', 'tariff', 'additionalDuties', 'excise', 'exchangeRates', 'vendors', 'airFreightShares'], ['note']);
  const j = str(o.jurisdiction, path + '.jurisdiction');
  if (!(JURISDICTIONS as readonly string[]).includes(j)) fail(path + '.jurisdiction', 'unknown jurisdiction');
  if (!/^[A-Z]{3}$/.test(str(o.currency, path + '.currency'))) fail(path + '.currency', 'ISO 4217 code');
  if (typeof o.minorDigits !== 'number' || !Number.isInteger(o.minorDigits) || o.minorDigits < 0 || o.minorDigits > 4) fail(path + '.minorDigits', '0..4');
  if (o.note !== undefined) str(o.note, path + '.note');

  const params = obj(o.parameters, path + '.parameters');
  for (const [name, list] of Object.entries(params)) {
    const p = `${path}.parameters.${name}`;
    if (!(PARAMETER_NAMES as readonly string[]).includes(name)) fail(p, 'unknown parameter');
    arr(list, p).forEach((e, i) => {
      const eo = obj(e, `${p}[${i}]`);
      keys(eo, `${p}[${i}]`, ['value', ...VALIDITY], VALIDITY_OPT);
      if (typeof eo.value !== 'string') fail(`${p}[${i}].value`, 'expected a string');
      const allowed = ENUMERATED[name];
      if (allowed && !allowed.includes(eo.value)) fail(`${p}[${i}].value`, `one of ${allowed.join(', ')}`);
      validity(eo, `${p}[${i}]`);
    });
    overlaps(arr(list, p) as { from: string; to?: string }[], p);
  }

  const taxRates = obj(o.taxRates, path + '.taxRates');
  for (const [region, list] of Object.entries(taxRates)) {
    const p = `${path}.taxRates.${region}`;
    arr(list, p).forEach((e, i) => {
      const eo = obj(e, `${p}[${i}]`);
      keys(eo, `${p}[${i}]`, ['value', 'type', ...VALIDITY], VALIDITY_OPT);
      dec(eo.value, `${p}[${i}].value`);
      if (!['vat', 'gst', 'hst'].includes(str(eo.type, `${p}[${i}].type`))) fail(`${p}[${i}].type`, 'vat, gst or hst');
      validity(eo, `${p}[${i}]`);
    });
    overlaps(arr(list, p) as { from: string; to?: string }[], p);
  }

  arr(o.tariff, path + '.tariff').forEach((e, i) => {
    const p = `${path}.tariff[${i}]`;
    const eo = obj(e, p);
    keys(eo, p, ['hs', 'description', 'duty', ...VALIDITY], ['preference', 'origins', ...VALIDITY_OPT]);
    hs(eo.hs, p + '.hs', 2);
    str(eo.description, p + '.description');
    dutyRate(eo.duty, p + '.duty');
    if (eo.preference !== undefined) str(eo.preference, p + '.preference');
    if (eo.origins !== undefined) stringList(eo.origins, p + '.origins');
    if ((eo.preference === undefined) !== (eo.origins === undefined)) fail(p, 'preference and origins go together');
    validity(eo, p);
  });

  arr(o.additionalDuties, path + '.additionalDuties').forEach((e, i) => {
    const p = `${path}.additionalDuties[${i}]`;
    const eo = obj(e, p);
    keys(eo, p, ['id', 'description', 'hsPrefixes', 'origins', 'duty', ...VALIDITY], ['excludedHsPrefixes', 'excludedOrigins', ...VALIDITY_OPT]);
    if (eo.excludedOrigins !== undefined) stringList(eo.excludedOrigins, p + '.excludedOrigins');
    str(eo.id, p + '.id'); str(eo.description, p + '.description');
    arr(eo.hsPrefixes, p + '.hsPrefixes').forEach((h, k) => hs(h, `${p}.hsPrefixes[${k}]`));
    if (eo.excludedHsPrefixes !== undefined) arr(eo.excludedHsPrefixes, p + '.excludedHsPrefixes').forEach((h, k) => hs(h, `${p}.excludedHsPrefixes[${k}]`));
    if (stringList(eo.origins, p + '.origins').length === 0) fail(p + '.origins', 'empty');
    dutyRate(eo.duty, p + '.duty');
    validity(eo, p);
  });

  arr(o.excise, path + '.excise').forEach((e, i) => {
    const p = `${path}.excise[${i}]`;
    const eo = obj(e, p);
    keys(eo, p, ['id', 'description', 'hsPrefixes', 'type', 'duty', ...VALIDITY], ['region', 'unitPriceThreshold', ...VALIDITY_OPT]);
    if (eo.unitPriceThreshold !== undefined) {
      const tp = p + '.unitPriceThreshold';
      const t = obj(eo.unitPriceThreshold, tp);
      keys(t, tp, [], ['perMillilitre', 'perGram', 'perPiece', 'pieceUnits']);
      if (t.perMillilitre === undefined && t.perGram === undefined && t.perPiece === undefined) fail(tp, 'needs perMillilitre, perGram or perPiece');
      for (const k of ['perMillilitre', 'perGram', 'perPiece'] as const) if (t[k] !== undefined) dec(t[k], `${tp}.${k}`);
      if (t.pieceUnits !== undefined) stringList(t.pieceUnits, tp + '.pieceUnits');
      if ((t.perPiece === undefined) !== (t.pieceUnits === undefined)) fail(tp, 'perPiece and pieceUnits go together');
    }
    str(eo.id, p + '.id'); str(eo.description, p + '.description');
    arr(eo.hsPrefixes, p + '.hsPrefixes').forEach((h, k) => hs(h, `${p}.hsPrefixes[${k}]`));
    if (!['excise', 'consumption-tax'].includes(str(eo.type, p + '.type'))) fail(p + '.type', 'excise or consumption-tax');
    if (eo.region !== undefined) str(eo.region, p + '.region');
    dutyRate(eo.duty, p + '.duty');
    validity(eo, p);
  });

  arr(o.exchangeRates, path + '.exchangeRates').forEach((e, i) => validateRateEntry(e, `${path}.exchangeRates[${i}]`));

  arr(o.vendors, path + '.vendors').forEach((e, i) => {
    const p = `${path}.vendors[${i}]`;
    const eo = obj(e, p);
    keys(eo, p, ['scheme', 'number', 'name', ...VALIDITY], VALIDITY_OPT);
    str(eo.scheme, p + '.scheme'); str(eo.number, p + '.number'); str(eo.name, p + '.name');
    validity(eo, p);
  });

  arr(o.airFreightShares, path + '.airFreightShares').forEach((e, i) => {
    const p = `${path}.airFreightShares[${i}]`;
    const eo = obj(e, p);
    keys(eo, p, ['departure', 'percent', ...VALIDITY], VALIDITY_OPT);
    str(eo.departure, p + '.departure');
    if (Decimal.parse(dec(eo.percent, p + '.percent')).gt(Decimal.of(100))) fail(p + '.percent', 'over 100');
    validity(eo, p);
  });

  return o as unknown as RevenueProfile;
}

export function validateRateEntry(e: Json, p: string): void {
  const eo = obj(e, p);
  keys(eo, p, ['currency', 'rate', 'quote', ...VALIDITY], VALIDITY_OPT);
  if (!/^[A-Z]{3}$/.test(str(eo.currency, p + '.currency'))) fail(p + '.currency', 'ISO 4217 code');
  if (Decimal.parse(dec(eo.rate, p + '.rate')).isZero()) fail(p + '.rate', 'zero rate');
  if (!['foreign-per-local', 'local-per-foreign'].includes(str(eo.quote, p + '.quote'))) fail(p + '.quote', 'foreign-per-local or local-per-foreign');
  validity(eo, p);
}

/** Two values of one parameter valid on the same day would make the law ambiguous. */
function overlaps(list: { from: string; to?: string }[], path: string): void {
  const sorted = [...list].sort((a, b) => a.from.localeCompare(b.from));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (prev.to === undefined || prev.to >= sorted[i].from) fail(path, `validity periods overlap at ${sorted[i].from}`);
  }
}

/** Loads every <jurisdiction>.json of the folder (default reference/revenue). */
export function loadRevenueReference(dir: string = referencePath('revenue')): RevenueReference {
  const reference: RevenueReference = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const name = file.slice(0, -5).toUpperCase();
    if (!(JURISDICTIONS as readonly string[]).includes(name)) throw new ReferenceError(`${file}: not a jurisdiction file`);
    let data: Json;
    try { data = JSON.parse(readFileSync(join(dir, file), 'utf8')); } catch (e) { throw new ReferenceError(`${file}: ${(e as Error).message}`); }
    const profile = validateProfile(data, file);
    if (profile.jurisdiction !== name) throw new ReferenceError(`${file}: jurisdiction ${profile.jurisdiction} in the wrong file`);
    reference[name as Jurisdiction] = profile;
  }
  return reference;
}
