/**
 * Hand-written validators of the native JSON messages (src/domain/message.ts). They sit on the
 * intake hot path, so they walk the object once, build a JSON pointer only when something is
 * wrong, and collect every problem rather than stopping at the first (a submitter fixes all
 * fields in one round). Unknown fields are let through untouched: the examples' README allows
 * fields the standards call for, and a stricter reading would break senders on every addition.
 */
import { JURISDICTIONS, MESSAGE_TYPES, ROLES, type Jurisdiction, type Message, type MessageType } from '../domain/message.js';
import { currencyMinorDigits, isCountry } from './codes.js';
import { dataSetFor, messageRequirements, missingPointers, momentOf, presentEverywhere, type JurisdictionDataSet } from './data-sets.js';
import { checkIdentifier, checkS10, knownScheme, matchScheme } from './identifiers.js';
import { pointerToken, problem, type Problem, type ProblemCode } from './problems.js';

export interface IntakeLimits {
  /** Items per consignment, order or return. */
  maxItems: number;
  /** Names, descriptions, addresses and other short free text. */
  maxStringLength: number;
  /** Long free text: answers, remarks, reasons. */
  maxTextLength: number;
  /** One JSON body, or one NDJSON line, in UTF-8 bytes. */
  maxBodyBytes: number;
  /** Lines in one NDJSON body. */
  maxLines: number;
  /** Any other array (identifiers, documents, order ids, findings). */
  maxArrayLength: number;
}

export const DEFAULT_LIMITS: Readonly<IntakeLimits> = Object.freeze({
  maxItems: 999,
  // EU D.E. 18 05 000 "Description of goods" is an..512; the same bound serves names and addresses.
  maxStringLength: 512,
  maxTextLength: 8192,
  maxBodyBytes: 1 << 20,
  maxLines: 10_000,
  maxArrayLength: 100,
});

export type ValidationResult = { ok: true; message: Message } | { ok: false; problems: Problem[] };

type Rec = Record<string, unknown>;

const TYPE_SET: ReadonlySet<string> = new Set(MESSAGE_TYPES);
const JURISDICTION_SET: ReadonlySet<string> = new Set(JURISDICTIONS);
const ROLE_SET: ReadonlySet<string> = new Set(ROLES);
const TRANSPORT_MODES: ReadonlySet<string> = new Set(['air', 'road', 'rail', 'sea', 'post', 'multimodal']);
const TRANSACTION_TYPES: ReadonlySet<string> = new Set(['B2C', 'C2C', 'B2B']);
const COLLECTION_MODELS: ReadonlySet<string> = new Set(['vendor', 'intermediary', 'consumer']);
const PARTY_KINDS: ReadonlySet<string> = new Set(['person', 'organisation']);
const REPRESENTATIVE_TYPES: ReadonlySet<string> = new Set(['direct', 'indirect']);
const PAYMENT_PURPOSES: ReadonlySet<string> = new Set(['order', 'duties']);
const CLAIMANT_ROLES: ReadonlySet<string> = new Set(['buyer', 'intermediary']);
const INSPECTION_OUTCOMES: ReadonlySet<string> = new Set(['release', 'seize', 'refer']);
const FINDINGS: ReadonlySet<string> = new Set(['compliant', 'undervaluation', 'misclassification', 'prohibited', 'restricted', 'ipr', 'misdeclared-quantity', 'other']);
const AGENCY_OUTCOMES: ReadonlySet<string> = new Set(['release', 'hold', 'refuse']);

const MESSAGE_ID = /^[\x21-\x7E]{1,128}$/;
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const HS_CODE = /^\d{6,10}$/;
const LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))?$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()./-]{2,31}$/;
const URL_PATTERN = /^https?:\/\/[^\s]+$/i;
const REGION = /^[A-Z0-9]{1,3}$/;
const MAX_AMOUNT_LENGTH = 32;

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** One validation run. */
class Run {
  readonly problems: Problem[] = [];
  /** Set once the jurisdiction is known to be valid, for jurisdiction-specific checks. */
  dataSet: JurisdictionDataSet | undefined;

  constructor(readonly limits: IntakeLimits) {}

  add(code: ProblemCode, pointer: string, detail: string): void {
    this.problems.push(problem(code, detail, pointer));
  }

  /** The object at rec[key]; reports a wrong type; undefined when absent or wrong. */
  object(rec: Rec, key: string, base: string, required: boolean): Rec | undefined {
    const v = rec[key];
    if (v === undefined || v === null) {
      if (required) this.add('LUX_ERR_FIELD_MISSING', base + '/' + pointerToken(key), `${key} is required.`);
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.add('LUX_ERR_FIELD_TYPE', base + '/' + pointerToken(key), `${key} must be an object, not ${typeName(v)}.`);
      return undefined;
    }
    return v as Rec;
  }

  array(rec: Rec, key: string, base: string, required: boolean, max: number, tooManyCode: ProblemCode = 'LUX_ERR_FIELD_INVALID'): unknown[] | undefined {
    const v = rec[key];
    const ptr = (): string => base + '/' + pointerToken(key);
    if (v === undefined || v === null) {
      if (required) this.add('LUX_ERR_FIELD_MISSING', ptr(), `${key} is required.`);
      return undefined;
    }
    if (!Array.isArray(v)) { this.add('LUX_ERR_FIELD_TYPE', ptr(), `${key} must be an array, not ${typeName(v)}.`); return undefined; }
    if (required && v.length === 0) { this.add('LUX_ERR_FIELD_MISSING', ptr(), `${key} must list at least one entry.`); return undefined; }
    if (v.length > max) { this.add(tooManyCode, ptr(), `${key} has ${v.length} entries; at most ${max} are accepted.`); return undefined; }
    return v;
  }

  string(rec: Rec, key: string, base: string, required: boolean, max = this.limits.maxStringLength): string | undefined {
    const v = rec[key];
    if (v === undefined || v === null) {
      if (required) this.add('LUX_ERR_FIELD_MISSING', base + '/' + pointerToken(key), `${key} is required.`);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.add('LUX_ERR_FIELD_TYPE', base + '/' + pointerToken(key), `${key} must be a string, not ${typeName(v)}.`);
      return undefined;
    }
    if (v.length > max) {
      this.add('LUX_ERR_FIELD_TOO_LONG', base + '/' + pointerToken(key), `${key} has ${v.length} characters; at most ${max} are accepted.`);
      return undefined;
    }
    // trim() allocates; only strings that start with a blank can be blank.
    if (required && (v.length === 0 || (v.charCodeAt(0) <= 32 && v.trim() === ''))) {
      this.add('LUX_ERR_FIELD_MISSING', base + '/' + pointerToken(key), `${key} is required and must not be blank.`);
      return undefined;
    }
    return v;
  }

  pattern(rec: Rec, key: string, base: string, required: boolean, re: RegExp, what: string, code: ProblemCode = 'LUX_ERR_FIELD_INVALID'): string | undefined {
    const v = this.string(rec, key, base, required);
    if (v !== undefined && !re.test(v)) {
      this.add(code, base + '/' + pointerToken(key), `${key} ${JSON.stringify(v.slice(0, 64))} is not ${what}.`);
      return undefined;
    }
    return v;
  }

  oneOf(rec: Rec, key: string, base: string, required: boolean, allowed: ReadonlySet<string>): string | undefined {
    const v = this.string(rec, key, base, required);
    if (v !== undefined && !allowed.has(v)) {
      this.add('LUX_ERR_FIELD_INVALID', base + '/' + pointerToken(key), `${key} ${JSON.stringify(v.slice(0, 64))} is not one of ${[...allowed].join(', ')}.`);
      return undefined;
    }
    return v;
  }

  number(rec: Rec, key: string, base: string, required: boolean, opts: { integer?: boolean; min?: number; exclusiveMin?: boolean; max?: number }): number | undefined {
    const v = rec[key];
    if (v === undefined || v === null) {
      if (required) this.add('LUX_ERR_FIELD_MISSING', base + '/' + pointerToken(key), `${key} is required.`);
      return undefined;
    }
    if (typeof v !== 'number') {
      this.add('LUX_ERR_FIELD_TYPE', base + '/' + pointerToken(key), `${key} must be a number, not ${typeName(v)}.`);
      return undefined;
    }
    const min = opts.min ?? 0;
    if (opts.integer === true && !Number.isInteger(v)) {
      this.add('LUX_ERR_FIELD_INVALID', base + '/' + pointerToken(key), `${key} must be a whole number, not ${v}.`);
      return undefined;
    }
    if (opts.exclusiveMin === true ? v <= min : v < min) {
      this.add('LUX_ERR_FIELD_INVALID', base + '/' + pointerToken(key), `${key} must be ${opts.exclusiveMin === true ? 'greater than' : 'at least'} ${min}, not ${v}.`);
      return undefined;
    }
    if (opts.max !== undefined && v > opts.max) {
      this.add('LUX_ERR_FIELD_INVALID', base + '/' + pointerToken(key), `${key} must be at most ${opts.max}, not ${v}.`);
      return undefined;
    }
    return v;
  }

  country(rec: Rec, key: string, base: string, required: boolean): string | undefined {
    const v = this.string(rec, key, base, required);
    if (v !== undefined && !isCountry(v)) {
      this.add('LUX_ERR_COUNTRY_UNKNOWN', base + '/' + pointerToken(key), `${key} ${JSON.stringify(v.slice(0, 16))} is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. NL).`);
      return undefined;
    }
    return v;
  }

  /** Returns the currency's minor digits, or undefined. */
  currency(rec: Rec, key: string, base: string, required: boolean): string | undefined {
    const v = this.string(rec, key, base, required);
    if (v !== undefined && currencyMinorDigits(v) === undefined) {
      this.add('LUX_ERR_CURRENCY_UNKNOWN', base + '/' + pointerToken(key), `${key} ${JSON.stringify(v.slice(0, 16))} is not an ISO 4217 currency code in use (three capital letters, e.g. EUR).`);
      return undefined;
    }
    return v;
  }

  locode(rec: Rec, key: string, base: string, required: boolean): string | undefined {
    const v = this.string(rec, key, base, required);
    if (v === undefined) return undefined;
    if (!LOCODE.test(v) || !isCountry(v.slice(0, 2))) {
      this.add('LUX_ERR_LOCODE_FORMAT', base + '/' + pointerToken(key), `${key} ${JSON.stringify(v.slice(0, 16))} is not a UN/LOCODE: five characters, an ISO country code then three letters or digits 2-9 (e.g. BEBRU).`);
      return undefined;
    }
    return v;
  }

  hsCode(rec: Rec, key: string, base: string, required: boolean): void {
    const v = this.string(rec, key, base, required);
    if (v !== undefined && !HS_CODE.test(v)) {
      this.add('LUX_ERR_HS_FORMAT', base + '/' + pointerToken(key), `${key} ${JSON.stringify(v.slice(0, 16))} is not an HS code: 6 to 10 digits, no dots or spaces (e.g. 851830).`);
    }
  }

  /**
   * An amount: a decimal string, non-negative, with no more significant decimals than the
   * currency's minor unit (trailing zeros carry no precision, so "12.500" EUR passes).
   */
  amount(rec: Rec, key: string, base: string, required: boolean, currency: string | undefined): void {
    const v = rec[key];
    if (v === undefined || v === null) {
      if (required) this.add('LUX_ERR_FIELD_MISSING', base + '/' + pointerToken(key), `${key} is required.`);
      return;
    }
    if (typeof v === 'number') {
      this.add('LUX_ERR_AMOUNT_NOT_STRING', base + '/' + pointerToken(key), `${key} must be a decimal string such as "${Number.isFinite(v) ? String(v) : '0.00'}", not a JSON number, so that no precision is lost.`);
      return;
    }
    if (typeof v !== 'string') {
      this.add('LUX_ERR_FIELD_TYPE', base + '/' + pointerToken(key), `${key} must be a decimal string, not ${typeName(v)}.`);
      return;
    }
    if (v.length > MAX_AMOUNT_LENGTH || !DECIMAL.test(v)) {
      this.add('LUX_ERR_AMOUNT_FORMAT', base + '/' + pointerToken(key), `${key} ${JSON.stringify(v.slice(0, 40))} is not a decimal string: digits, an optional point and decimals, no sign, exponent, spaces or thousands separators (e.g. "12.50").`);
      return;
    }
    if (v.charCodeAt(0) === 45 /* '-' */) {
      this.add('LUX_ERR_AMOUNT_NEGATIVE', base + '/' + pointerToken(key), `${key} must not be negative (${v}).`);
      return;
    }
    if (currency === undefined) return;
    const digits = currencyMinorDigits(currency);
    const dot = v.indexOf('.');
    if (digits === undefined || dot < 0) return;
    let end = v.length;
    while (end > dot + 1 && v.charCodeAt(end - 1) === 48) end--;
    const decimals = end - dot - 1;
    if (decimals > digits) {
      this.add('LUX_ERR_AMOUNT_PRECISION', base + '/' + pointerToken(key), `${key} ${v} has ${decimals} decimal places; ${currency} has ${digits}.`);
    }
  }

  dateTime(rec: Rec, key: string, base: string, required: boolean): void {
    const v = this.string(rec, key, base, required);
    if (v === undefined) return;
    const m = DATE_TIME.exec(v);
    if (m === null || !this.validDate(m) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60
      || (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59))) {
      this.add('LUX_ERR_TIME_FORMAT', base + '/' + pointerToken(key), `${key} ${JSON.stringify(v.slice(0, 40))} is not an RFC 3339 date-time (e.g. 2026-11-20T08:15:00Z).`);
      return;
    }
    if (m[8] === undefined) {
      this.add('LUX_ERR_TIME_ZONE_MISSING', base + '/' + pointerToken(key), `${key} ${JSON.stringify(v)} has no time zone: add Z or an offset such as +01:00.`);
    }
  }

  calendarDate(rec: Rec, key: string, base: string, required: boolean): void {
    const v = this.string(rec, key, base, required);
    if (v === undefined) return;
    const m = CALENDAR_DATE.exec(v);
    if (m === null || !this.validDate(m)) {
      this.add('LUX_ERR_DATE_FORMAT', base + '/' + pointerToken(key), `${key} ${JSON.stringify(v.slice(0, 40))} is not a calendar date YYYY-MM-DD.`);
    }
  }

  private validDate(m: RegExpExecArray): boolean {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  }
}

function validateTransportDocument(r: Run, rec: Rec, key: string, base: string, required: boolean): void {
  const o = r.object(rec, key, base, required);
  if (o !== undefined) checkTransportDocument(r, o, base + '/' + key);
}

function checkTransportDocument(r: Run, o: Rec, b: string): void {
  const type = r.string(o, 'type', b, true, 35);
  const number = r.string(o, 'number', b, true, 70);
  // A postal item's number is its UPU S10 identifier, whose check digit catches typing errors.
  if (type === 'postal-item' && number !== undefined) {
    const check = checkS10(number);
    if (!check.ok) r.add('LUX_ERR_IDENTIFIER_FORMAT', b + '/number', `${JSON.stringify(number.slice(0, 40))}: ${check.reason ?? 'malformed'}.`);
  }
}

function validateAddress(r: Run, rec: Rec, key: string, base: string): void {
  const o = r.object(rec, key, base, false);
  if (o === undefined) return;
  const b = base + '/' + key;
  r.string(o, 'street', b, false);
  r.string(o, 'city', b, false);
  r.pattern(o, 'region', b, false, REGION, 'an ISO 3166-2 subdivision code without the country prefix (e.g. NSW, ON)');
  r.string(o, 'postcode', b, false, 17);
  r.country(o, 'country', b, true);
}

/** Checks each identifier's form by its scheme; `allowed` (if given) limits the known schemes a role may use. */
function validateIdentifiers(r: Run, rec: Rec, base: string, allowed: readonly string[] | undefined, who: string): void {
  const list = r.array(rec, 'identifiers', base, false, r.limits.maxArrayLength);
  if (list === undefined) return;
  const b = base + '/identifiers';
  for (let i = 0; i < list.length; i++) {
    const el = list[i];
    const p = b + '/' + i;
    if (el === null || typeof el !== 'object' || Array.isArray(el)) { r.add('LUX_ERR_FIELD_TYPE', p, `identifiers[${i}] must be an object with scheme and value.`); continue; }
    const o = el as Rec;
    const scheme = r.string(o, 'scheme', p, true, 35);
    const value = r.string(o, 'value', p, true, 70);
    if (scheme === undefined || value === undefined) continue;
    const known = knownScheme(scheme);
    if (known !== undefined && allowed !== undefined && allowed.length > 0 && !allowed.includes(known)) {
      r.add('LUX_ERR_FIELD_INVALID', p + '/scheme', `${scheme} is not an identifier ${r.dataSet?.jurisdiction ?? ''} accepts for the ${who}; use ${allowed.join(' or ')}.`);
      continue;
    }
    const check = checkIdentifier(scheme, value);
    if (!check.ok) r.add('LUX_ERR_IDENTIFIER_FORMAT', p + '/value', `${JSON.stringify(value.slice(0, 40))}: ${check.reason ?? 'malformed'}.`);
  }
}

function validateParty(r: Run, rec: Rec, key: string, base: string, allowedSchemes?: readonly string[]): void {
  const o = r.object(rec, key, base, false);
  if (o === undefined) return;
  const b = base + '/' + key;
  r.string(o, 'id', b, false, 128);
  r.string(o, 'name', b, false);
  validateAddress(r, o, 'address', b);
  validateIdentifiers(r, o, b, allowedSchemes, key);
  r.pattern(o, 'email', b, false, EMAIL, 'an e-mail address');
  r.pattern(o, 'phone', b, false, PHONE, 'a telephone number (digits, spaces and + ( ) . / - only)');
  r.pattern(o, 'url', b, false, URL_PATTERN, 'an http or https URL');
  r.oneOf(o, 'kind', b, false, PARTY_KINDS);
}

function validateItems(r: Run, rec: Rec, base: string, required: boolean, currency: string | undefined): void {
  const list = r.array(rec, 'items', base, required, r.limits.maxItems, 'LUX_ERR_TOO_MANY_ITEMS');
  if (list === undefined) return;
  const b = base + '/items';
  let seen: Set<number> | undefined;
  for (let i = 0; i < list.length; i++) {
    const el = list[i];
    const p = b + '/' + i;
    if (el === null || typeof el !== 'object' || Array.isArray(el)) { r.add('LUX_ERR_FIELD_TYPE', p, `item ${i} must be an object, not ${typeName(el)}.`); continue; }
    const o = el as Rec;
    const line = r.number(o, 'line', p, true, { integer: true, min: 1, max: 99_999 });
    if (line !== undefined) {
      seen ??= new Set();
      if (seen.has(line)) r.add('LUX_ERR_FIELD_INVALID', p + '/line', `line ${line} appears twice; each item needs its own line number.`);
      seen.add(line);
    }
    r.string(o, 'description', p, true);
    r.hsCode(o, 'hsCode', p, false);
    r.number(o, 'quantity', p, false, { min: 0, exclusiveMin: true });
    r.string(o, 'unit', p, false, 16);
    r.number(o, 'netMassKg', p, false, { min: 0 });
    r.amount(o, 'unitPrice', p, false, currency);
    r.country(o, 'origin', p, false);
    r.pattern(o, 'productUrl', p, false, URL_PATTERN, 'an http or https URL');
    r.string(o, 'preference', p, false, 35);
    r.number(o, 'alcoholPercent', p, false, { min: 0, max: 100 });
    r.number(o, 'volumeLitres', p, false, { min: 0 });
  }
}

function validateVendorCollection(r: Run, rec: Rec, key: string, base: string, fallbackCurrency: string | undefined): void {
  const o = r.object(rec, key, base, false);
  if (o === undefined) return;
  const b = base + '/' + key;
  const scheme = r.string(o, 'scheme', b, true, 35);
  const number = r.string(o, 'number', b, true, 70);
  if (scheme !== undefined && number !== undefined) {
    const check = checkIdentifier(scheme, number);
    if (!check.ok) r.add('LUX_ERR_IDENTIFIER_FORMAT', b + '/number', `${JSON.stringify(number.slice(0, 40))}: ${check.reason ?? 'malformed'}.`);
  }
  const currency = r.currency(o, 'currency', b, false);
  r.amount(o, 'taxCollected', b, false, currency ?? fallbackCurrency);
}

/** The consignment of a declaration (`full`) or the partial one of pre-loading, transport and amendment. */
function validateConsignment(r: Run, c: Rec, b: string, full: boolean, transportDocumentRequired: boolean): void {
  validateTransportDocument(r, c, 'transportDocument', b, transportDocumentRequired);
  validateTransportDocument(r, c, 'masterDocument', b, false);
  r.oneOf(c, 'transportMode', b, false, TRANSPORT_MODES);
  validateParty(r, c, 'carrier', b);
  r.locode(c, 'loadingPlace', b, false);
  r.locode(c, 'unloadingPlace', b, false);
  r.country(c, 'destinationCountry', b, false);
  r.dateTime(c, 'expectedArrival', b, false);
  r.dateTime(c, 'expectedDeparture', b, false);
  r.number(c, 'grossMassKg', b, false, { min: 0 });
  r.number(c, 'packageCount', b, false, { integer: true, min: 1, max: 99_999 });
  validateParty(r, c, 'seller', b);
  validateParty(r, c, 'buyer', b);
  validateParty(r, c, 'consignor', b);
  validateParty(r, c, 'consignee', b);
  const schemes = r.dataSet?.identifierSchemes;
  validateParty(r, c, 'declarant', b, schemes?.declarant);

  const order = r.object(c, 'order', b, false);
  if (order !== undefined) {
    r.string(order, 'id', b + '/order', true, 70);
    r.calendarDate(order, 'date', b + '/order', false);
    r.string(order, 'platform', b + '/order', false, 128);
  }
  const orderIds = r.array(c, 'orderIds', b, false, r.limits.maxArrayLength);
  if (orderIds !== undefined) {
    for (let i = 0; i < orderIds.length; i++) {
      const v = orderIds[i];
      if (typeof v !== 'string' || v.trim() === '' || v.length > 70) r.add('LUX_ERR_FIELD_INVALID', `${b}/orderIds/${i}`, `orderIds[${i}] must be a non-blank string of at most 70 characters.`);
    }
  }

  const invoice = r.object(c, 'invoice', b, false);
  let invoiceCurrency: string | undefined;
  if (invoice !== undefined) {
    const ib = b + '/invoice';
    invoiceCurrency = r.currency(invoice, 'currency', ib, true);
    r.amount(invoice, 'itemsTotal', ib, true, invoiceCurrency);
    r.amount(invoice, 'transportCost', ib, false, invoiceCurrency);
    r.amount(invoice, 'insuranceCost', ib, false, invoiceCurrency);
  }
  const payment = r.object(c, 'payment', b, false);
  if (payment !== undefined) {
    const pb = b + '/payment';
    r.string(payment, 'provider', pb, false);
    r.string(payment, 'reference', pb, false, 128);
    const cur = r.currency(payment, 'currency', pb, false);
    r.amount(payment, 'amount', pb, false, cur ?? invoiceCurrency);
  }
  validateVendorCollection(r, c, 'vendorCollection', b, invoiceCurrency);
  const collection = r.object(c, 'collection', b, false);
  if (collection !== undefined) {
    r.oneOf(collection, 'model', b + '/collection', true, COLLECTION_MODELS);
    r.string(collection, 'payer', b + '/collection', false, 128);
    r.string(collection, 'account', b + '/collection', false, 128);
  }
  const rep = r.object(c, 'representative', b, false);
  if (rep !== undefined) {
    const rb = b + '/representative';
    const id = r.string(rep, 'id', rb, true, 70);
    r.oneOf(rep, 'type', rb, true, REPRESENTATIVE_TYPES);
    r.string(rep, 'name', rb, false);
    const allowed = schemes?.representative;
    if (id !== undefined && allowed !== undefined && allowed.length > 0 && matchScheme(id, allowed) === undefined) {
      r.add('LUX_ERR_IDENTIFIER_FORMAT', rb + '/id', `${JSON.stringify(id.slice(0, 40))} is not a representative identifier ${r.dataSet?.jurisdiction} accepts (${allowed.join(' or ')}).`);
    }
  }
  r.string(c, 'debtor', b, false, 128);
  r.oneOf(c, 'transactionType', b, false, TRANSACTION_TYPES);
  validateItems(r, c, b, full, invoiceCurrency);
}

function validateOrder(r: Run, o: Rec, b: string): void {
  r.string(o, 'id', b, true, 70);
  r.calendarDate(o, 'date', b, false);
  validateParty(r, o, 'seller', b);
  validateParty(r, o, 'buyer', b);
  const currency = r.currency(o, 'currency', b, true);
  r.amount(o, 'itemsTotal', b, true, currency);
  r.amount(o, 'transportCost', b, false, currency);
  validateVendorCollection(r, o, 'vendorCollection', b, currency);
  validateItems(r, o, b, true, currency);
}

function validatePayment(r: Run, o: Rec, b: string): void {
  r.string(o, 'reference', b, true, 128);
  r.string(o, 'orderId', b, false, 70);
  r.dateTime(o, 'paidAt', b, false);
  const currency = r.currency(o, 'currency', b, true);
  r.amount(o, 'amount', b, true, currency);
  validateParty(r, o, 'payer', b);
  validateParty(r, o, 'payee', b);
  r.oneOf(o, 'purpose', b, false, PAYMENT_PURPOSES);
  // A payment of duties counts only against the reference customs gave the declarant (clearance/payment-reference.ts).
  r.string(o, 'customsReference', b, o.purpose === 'duties', 40);
  validateTransportDocument(r, o, 'transportDocument', b, false);
}

function validateArrival(r: Run, o: Rec, b: string): void {
  const docs = r.array(o, 'transportDocuments', b, true, r.limits.maxItems, 'LUX_ERR_TOO_MANY_ITEMS');
  if (docs !== undefined) {
    for (let i = 0; i < docs.length; i++) {
      const el = docs[i];
      if (el === null || typeof el !== 'object' || Array.isArray(el)) { r.add('LUX_ERR_FIELD_TYPE', `${b}/transportDocuments/${i}`, `transportDocuments[${i}] must be an object with type and number.`); continue; }
      checkTransportDocument(r, el as Rec, `${b}/transportDocuments/${i}`);
    }
  }
  validateTransportDocument(r, o, 'masterDocument', b, false);
  r.dateTime(o, 'arrivedAt', b, true);
  r.locode(o, 'location', b, true);
}

function validateReturn(r: Run, o: Rec, b: string): void {
  validateTransportDocument(r, o, 'originalTransportDocument', b, true);
  validateTransportDocument(r, o, 'returnTransportDocument', b, false);
  r.dateTime(o, 'exportedAt', b, true);
  r.string(o, 'reason', b, false, r.limits.maxTextLength);
  const claimant = r.object(o, 'refundClaimant', b, false);
  if (claimant !== undefined) {
    r.oneOf(claimant, 'role', b + '/refundClaimant', true, CLAIMANT_ROLES);
    r.string(claimant, 'id', b + '/refundClaimant', true, 128);
  }
  const items = r.array(o, 'items', b, true, r.limits.maxItems, 'LUX_ERR_TOO_MANY_ITEMS');
  if (items !== undefined) {
    for (let i = 0; i < items.length; i++) {
      const el = items[i];
      const p = `${b}/items/${i}`;
      if (el === null || typeof el !== 'object' || Array.isArray(el)) { r.add('LUX_ERR_FIELD_TYPE', p, `item ${i} must be an object with line and quantity.`); continue; }
      r.number(el as Rec, 'line', p, true, { integer: true, min: 1, max: 99_999 });
      r.number(el as Rec, 'quantity', p, true, { min: 0, exclusiveMin: true });
    }
  }
}

function validateBody(r: Run, msg: Rec, type: MessageType): void {
  const text = r.limits.maxTextLength;
  switch (type) {
    case 'declaration': case 'pre-loading': case 'transport': {
      const c = r.object(msg, 'consignment', '', true);
      if (c !== undefined) validateConsignment(r, c, '/consignment', type === 'declaration', true);
      return;
    }
    case 'order': { const o = r.object(msg, 'order', '', true); if (o !== undefined) validateOrder(r, o, '/order'); return; }
    case 'payment': { const o = r.object(msg, 'payment', '', true); if (o !== undefined) validatePayment(r, o, '/payment'); return; }
    case 'arrival': { const o = r.object(msg, 'arrival', '', true); if (o !== undefined) validateArrival(r, o, '/arrival'); return; }
    case 'return': { const o = r.object(msg, 'return', '', true); if (o !== undefined) validateReturn(r, o, '/return'); return; }
    case 'amendment': {
      const o = r.object(msg, 'amendment', '', true);
      if (o === undefined) return;
      validateTransportDocument(r, o, 'transportDocument', '/amendment', false);
      r.string(o, 'reason', '/amendment', true, text);
      const c = r.object(o, 'consignment', '/amendment', true);
      if (c !== undefined) validateConsignment(r, c, '/amendment/consignment', false, false);
      return;
    }
    case 'invalidation': {
      const o = r.object(msg, 'invalidation', '', true);
      if (o === undefined) return;
      validateTransportDocument(r, o, 'transportDocument', '/invalidation', false);
      r.string(o, 'reason', '/invalidation', true, text);
      return;
    }
    case 'information': {
      const o = r.object(msg, 'information', '', true);
      if (o === undefined) return;
      validateTransportDocument(r, o, 'transportDocument', '/information', false);
      r.string(o, 'answers', '/information', true, text);
      const docs = r.array(o, 'documents', '/information', false, r.limits.maxArrayLength);
      if (docs !== undefined) {
        for (let i = 0; i < docs.length; i++) {
          const el = docs[i];
          const p = `/information/documents/${i}`;
          if (el === null || typeof el !== 'object' || Array.isArray(el)) { r.add('LUX_ERR_FIELD_TYPE', p, `documents[${i}] must be an object with type and reference.`); continue; }
          r.string(el as Rec, 'type', p, true, 35);
          r.string(el as Rec, 'reference', p, true, 512);
        }
      }
      return;
    }
    case 'inspection-result': {
      const o = r.object(msg, 'inspection', '', true);
      if (o === undefined) return;
      const b = '/inspection';
      validateTransportDocument(r, o, 'transportDocument', b, false);
      r.dateTime(o, 'inspectedAt', b, true);
      r.oneOf(o, 'outcome', b, true, INSPECTION_OUTCOMES);
      const findings = r.array(o, 'findings', b, true, r.limits.maxArrayLength);
      if (findings !== undefined) {
        for (let i = 0; i < findings.length; i++) {
          const f = findings[i];
          if (typeof f !== 'string' || !FINDINGS.has(f)) r.add('LUX_ERR_FIELD_INVALID', `${b}/findings/${i}`, `findings[${i}] must be one of ${[...FINDINGS].join(', ')}.`);
        }
      }
      r.amount(o, 'revenueAtStake', b, false, r.dataSet?.currency);
      r.string(o, 'remarks', b, false, text);
      return;
    }
    case 'agency-decision': {
      const o = r.object(msg, 'decision', '', true);
      if (o === undefined) return;
      const b = '/decision';
      validateTransportDocument(r, o, 'transportDocument', b, false);
      r.string(o, 'agency', b, true, 70);
      r.oneOf(o, 'outcome', b, true, AGENCY_OUTCOMES);
      r.string(o, 'remarks', b, false, text);
      return;
    }
  }
}

/**
 * Validates one parsed message. `ok: true` hands back the same object typed as a Message (no copy):
 * after this, every shape in src/domain/message.ts holds, and the elements the jurisdiction's data
 * set enforces for the message's moment are present.
 */
export function validateMessage(raw: unknown, limits: IntakeLimits = DEFAULT_LIMITS): ValidationResult {
  const r = new Run(limits);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    r.add('LUX_ERR_FIELD_TYPE', '', `A message is a JSON object, not ${typeName(raw)}.`);
    return { ok: false, problems: r.problems };
  }
  const msg = raw as Rec;
  r.pattern(msg, 'messageId', '', true, MESSAGE_ID, 'a message id (1 to 128 printable ASCII characters, no spaces)');
  const type = r.string(msg, 'type', '', true, 64);
  let knownType: MessageType | undefined;
  if (type !== undefined) {
    if (TYPE_SET.has(type)) knownType = type as MessageType;
    else r.add('LUX_ERR_TYPE_UNKNOWN', '/type', `Message type ${JSON.stringify(type)} is unknown; use one of ${MESSAGE_TYPES.join(', ')}.`);
  }
  r.dateTime(msg, 'sentAt', '', true);
  const sender = r.object(msg, 'sender', '', true);
  if (sender !== undefined) {
    r.oneOf(sender, 'role', '/sender', true, ROLE_SET);
    r.string(sender, 'id', '/sender', true, 128);
    r.string(sender, 'name', '/sender', false);
  }
  const jurisdiction = r.string(msg, 'jurisdiction', '', true, 8);
  if (jurisdiction !== undefined) {
    if (JURISDICTION_SET.has(jurisdiction)) r.dataSet = dataSetFor(jurisdiction as Jurisdiction);
    else r.add('LUX_ERR_JURISDICTION_UNKNOWN', '/jurisdiction', `Jurisdiction ${JSON.stringify(jurisdiction.slice(0, 16))} is not served; use one of ${JURISDICTIONS.join(', ')}.`);
  }
  r.string(msg, 'reference', '', false, 70);
  if (knownType !== undefined) validateBody(r, msg, knownType);

  const moment = knownType === undefined ? undefined : momentOf(knownType);
  if (moment !== undefined && r.dataSet !== undefined) {
    const requirements = messageRequirements(r.dataSet.jurisdiction, moment);
    let reported: Set<string> | undefined;
    for (const req of requirements) {
      if (presentEverywhere(msg, req.tokens)) continue;
      const gaps = missingPointers(msg, req.tokens);
      for (const gap of gaps) {
        reported ??= new Set(r.problems.map((p) => p.pointer ?? ''));
        if (isReported(reported, gap)) continue;
        reported.add(gap);
        r.add('LUX_ERR_FIELD_MISSING', gap, `${req.element.name} (${req.element.pointer}) is required in a ${knownType} for ${r.dataSet.jurisdiction}; nothing was sent at ${gap}.`);
      }
    }
  }
  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  return { ok: true, message: raw as Message };
}

/** True when `pointer` or one of its ancestors already has a problem (no second report for the same gap). */
function isReported(reported: ReadonlySet<string>, pointer: string): boolean {
  let p = pointer;
  for (;;) {
    if (reported.has(p)) return true;
    const cut = p.lastIndexOf('/');
    if (cut <= 0) return false;
    p = p.slice(0, cut);
  }
}

export type ParseResult = { ok: true; value: unknown } | { ok: false; problem: Problem };

/** Byte length of a string in UTF-8 without encoding it. */
function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Parses one JSON body, refusing bodies over the limit before parsing them. */
export function parseJson(text: string, limits: IntakeLimits = DEFAULT_LIMITS): ParseResult {
  // A string's UTF-8 length is between its length and three times it: count bytes only when that matters.
  if (text.length > limits.maxBodyBytes || (text.length * 3 > limits.maxBodyBytes && utf8Length(text) > limits.maxBodyBytes)) {
    return { ok: false, problem: problem('LUX_ERR_BODY_TOO_LARGE', `The body is larger than ${limits.maxBodyBytes} bytes; send fewer items per message or split it.`) };
  }
  if (text.trim() === '') return { ok: false, problem: problem('LUX_ERR_JSON_MALFORMED', 'The body is empty; send one JSON object.') };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, problem: problem('LUX_ERR_JSON_MALFORMED', `The body is not valid JSON: ${(e as Error).message}.`) };
  }
}

/** One line of an NDJSON body: its parsed value, or why it could not be read. */
export interface NdjsonLine { line: number; raw?: unknown; problem?: Problem }

/**
 * Splits an application/x-ndjson body into lines (LF or CRLF; blank lines are skipped but
 * counted, so `line` is the 1-based line number a person sees in an editor). A bad line gets
 * its own problem; the others are unaffected. Lines past `maxLines` are refused unread.
 */
export function parseNdjson(text: string, limits: IntakeLimits = DEFAULT_LIMITS): NdjsonLine[] {
  const out: NdjsonLine[] = [];
  let start = 0;
  let lineNo = 0;
  let accepted = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') { if (end === text.length) break; continue; }
    if (accepted >= limits.maxLines) {
      out.push({ line: lineNo, problem: problem('LUX_ERR_TOO_MANY_LINES', `A bulk body carries at most ${limits.maxLines} messages; this line was not read. Send it in another request.`) });
    } else {
      accepted++;
      const parsed = parseJson(line, limits);
      if (parsed.ok) out.push({ line: lineNo, raw: parsed.value });
      else out.push({ line: lineNo, problem: { ...parsed.problem, detail: `Line ${lineNo}: ${parsed.problem.detail}` } });
    }
    if (end === text.length) break;
  }
  return out;
}

/** Parses and validates one JSON body. */
export function validateJsonText(text: string, limits: IntakeLimits = DEFAULT_LIMITS): ValidationResult {
  const parsed = parseJson(text, limits);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  return validateMessage(parsed.value, limits);
}

export type BodyKind = 'json' | 'ndjson';

/** Which parser a Content-Type calls for; a 415 problem for anything else. */
export function bodyKind(contentType: string | undefined): BodyKind | Problem {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (media === 'application/json' || media.endsWith('+json')) return 'json';
  if (media === 'application/x-ndjson' || media === 'application/ndjson' || media === 'application/jsonl') return 'ndjson';
  return problem('LUX_ERR_UNSUPPORTED_MEDIA_TYPE', `Content-Type ${JSON.stringify(media || '(none)')} is not accepted; send application/json for one message or application/x-ndjson for many.`);
}
