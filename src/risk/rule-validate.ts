/**
 * Validation of an analyst's ruleset before it is stored or published. Every error names the
 * node by JSON pointer (RFC 6901) so the rule editor can highlight it.
 */
import { Decimal } from '../domain/decimal.js';
import { FIELDS, OPS_BY_TYPE } from './rule-fields.js';
import type { RuleSet } from './rule-types.js';

export interface ValidationError { path: string; message: string }
export interface ValidationResult { ok: boolean; errors: ValidationError[] }

const LANES = ['green', 'yellow', 'red', 'agency'];
const ROLES = ['seller', 'buyer', 'consignee', 'consignor', 'declarant', 'carrier', 'submitter'];
const PARTY_FACTS = ['known', 'consignments', 'ageDays', 'inspected', 'findings', 'findingRate'];
const COMPARE = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'];
const ACTION_TYPES = ['score', 'minLane', 'requestInformation', 'requestScreening', 'doNotLoad', 'refer', 'flagCheck'];
const MAX_DEPTH = 32;

function esc(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

export function validateRuleSet(json: unknown): ValidationResult {
  const errors: ValidationError[] = [];
  const err = (path: string, message: string): void => { errors.push({ path, message }); };

  if (!isObject(json)) return { ok: false, errors: [{ path: '', message: 'a ruleset must be a JSON object' }] };
  if (!isNonEmptyString(json.id)) err('/id', 'id must be a non-empty string');
  if (!isNonEmptyString(json.version)) err('/version', 'version must be a non-empty string');
  if (json.lanes !== undefined) {
    if (!isObject(json.lanes)) err('/lanes', 'lanes must be an object { yellow, red }');
    else {
      const { yellow, red } = json.lanes;
      if (typeof yellow !== 'number' || !Number.isFinite(yellow)) err('/lanes/yellow', 'yellow must be a finite number');
      if (typeof red !== 'number' || !Number.isFinite(red)) err('/lanes/red', 'red must be a finite number');
      if (typeof yellow === 'number' && typeof red === 'number' && yellow > red) err('/lanes', `yellow threshold ${yellow} is above red threshold ${red}`);
    }
  }
  if (json.randomAudit !== undefined) {
    if (!isObject(json.randomAudit)) err('/randomAudit', 'randomAudit must be an object { rate }');
    else {
      const { rate } = json.randomAudit;
      if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) err('/randomAudit/rate', `rate must be a number from 0 to 1 (the share of consignments audited at random), not ${JSON.stringify(rate)}`);
      for (const key of Object.keys(json.randomAudit)) if (key !== 'rate') err(`/randomAudit/${key}`, `unknown key ${JSON.stringify(key)}: the seed of the draw is the platform's, not the ruleset's`);
    }
  }
  if (!Array.isArray(json.rules)) {
    err('/rules', 'rules must be an array');
    return { ok: false, errors };
  }
  const seen = new Map<string, number>();
  json.rules.forEach((rule: unknown, i: number) => {
    const p = `/rules/${i}`;
    if (!isObject(rule)) { err(p, 'a rule must be an object'); return; }
    if (!isNonEmptyString(rule.id)) err(`${p}/id`, 'id must be a non-empty string');
    else if (seen.has(rule.id)) err(`${p}/id`, `duplicate rule id "${rule.id}" (also /rules/${seen.get(rule.id)})`);
    else seen.set(rule.id, i);
    if (rule.enabled !== undefined && typeof rule.enabled !== 'boolean') err(`${p}/enabled`, 'enabled must be a boolean');
    if (rule.when === undefined) err(`${p}/when`, 'a rule needs a condition "when"');
    else validateCondition(rule.when, `${p}/when`, 0, err);
    if (!Array.isArray(rule.then) || rule.then.length === 0) err(`${p}/then`, 'then must be a non-empty array of actions');
    else rule.then.forEach((a: unknown, j: number) => validateAction(a, `${p}/then/${j}`, err));
  });
  return { ok: errors.length === 0, errors };
}

type Err = (path: string, message: string) => void;

function validateCondition(node: unknown, p: string, depth: number, err: Err): void {
  if (depth > MAX_DEPTH) { err(p, `conditions nested deeper than ${MAX_DEPTH}`); return; }
  if (!isObject(node)) { err(p, 'a condition must be an object'); return; }
  const kinds = ['all', 'any', 'not', 'field', 'keywords', 'party', 'window'].filter((k) => k in node);
  if (kinds.length !== 1) {
    err(p, kinds.length === 0
      ? 'a condition must have one of all, any, not, field, keywords, party, window'
      : `a condition must have exactly one of all, any, not, field, keywords, party, window (found ${kinds.join(', ')})`);
    return;
  }
  const kind = kinds[0];
  if (kind === 'all' || kind === 'any') {
    const list = node[kind];
    if (!Array.isArray(list) || list.length === 0) { err(`${p}/${kind}`, `${kind} must be a non-empty array of conditions`); return; }
    list.forEach((c: unknown, i: number) => validateCondition(c, `${p}/${kind}/${i}`, depth + 1, err));
    return;
  }
  if (kind === 'not') { validateCondition(node.not, `${p}/not`, depth + 1, err); return; }
  if (kind === 'keywords') {
    const k = node.keywords;
    if (!Array.isArray(k) || k.length === 0 || !k.every(isNonEmptyString)) err(`${p}/keywords`, 'keywords must be a non-empty array of non-empty strings');
    return;
  }
  if (kind === 'party') { validateParty(node.party, `${p}/party`, err); return; }
  if (kind === 'window') { validateWindow(node.window, `${p}/window`, err); return; }
  validateField(node, p, err);
}

function validateField(node: Record<string, unknown>, p: string, err: Err): void {
  const name = node.field;
  if (typeof name !== 'string' || !(name in FIELDS)) {
    err(`${p}/field`, `unknown field ${JSON.stringify(name)}; known fields: ${Object.keys(FIELDS).join(', ')}`);
    return;
  }
  const def = FIELDS[name];
  const op = node.op;
  if (typeof op !== 'string' || !OPS_BY_TYPE[def.type].includes(op)) {
    err(`${p}/op`, `operator ${JSON.stringify(op)} does not apply to ${def.type} field ${name}; use one of ${OPS_BY_TYPE[def.type].join(', ')}`);
    return;
  }
  const v = node.value;
  const vp = `${p}/value`;
  if (op === 'exists' || op === 'missing') {
    if (v !== undefined) err(vp, `${op} takes no value`);
    return;
  }
  if (node.currency !== undefined && (def.type !== 'money' || typeof node.currency !== 'string' || !/^[A-Z]{3}$/.test(node.currency))) {
    err(`${p}/currency`, def.type !== 'money' ? 'currency applies to money fields only' : 'currency must be an ISO 4217 code');
  }
  switch (def.type) {
    case 'number':
      if (op === 'between') {
        if (!Array.isArray(v) || v.length !== 2 || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) err(vp, 'between takes [low, high] numbers');
        else if ((v[0] as number) > (v[1] as number)) err(vp, 'between: low is above high');
      } else if (typeof v !== 'number' || !Number.isFinite(v)) err(vp, `${name} is a number: value must be a finite number`);
      return;
    case 'money':
      if (op === 'between') {
        if (!Array.isArray(v) || v.length !== 2 || !v.every((n) => Decimal.isDecimalString(n))) err(vp, 'between takes [low, high] decimal strings');
        else if (Decimal.parse(v[0] as string).gt(Decimal.parse(v[1] as string))) err(vp, 'between: low is above high');
      } else if (!Decimal.isDecimalString(v)) err(vp, `${name} is money: value must be a decimal string such as "150.00" (never a float)`);
      return;
    case 'string':
      if (op === 'in' || op === 'notIn') {
        if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string')) err(vp, `${op} takes a non-empty array of strings`);
      } else if (typeof v !== 'string') err(vp, `${name} is a string: value must be a string`);
      return;
    case 'strings':
      if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string')) err(vp, `${op} takes a non-empty array of strings`);
      else if (op === 'anyStartsWith' && name === 'items.hsCodes' && !v.every((s) => /^\d{2,10}$/.test(s as string))) err(vp, 'HS prefixes are 2 to 10 digits');
      return;
    case 'boolean':
      if (typeof v !== 'boolean') err(vp, `${name} is a boolean: value must be true or false`);
      return;
  }
}

function validateParty(node: unknown, p: string, err: Err): void {
  if (!isObject(node)) { err(p, 'party must be an object { role, fact, op, value }'); return; }
  if (!ROLES.includes(node.role as string)) err(`${p}/role`, `role must be one of ${ROLES.join(', ')}`);
  if (!PARTY_FACTS.includes(node.fact as string)) err(`${p}/fact`, `fact must be one of ${PARTY_FACTS.join(', ')}`);
  if (node.fact === 'known') {
    if (node.op !== 'eq' && node.op !== 'ne') err(`${p}/op`, 'known takes eq or ne');
    if (typeof node.value !== 'boolean') err(`${p}/value`, 'known compares with true or false');
  } else {
    if (!COMPARE.includes(node.op as string)) err(`${p}/op`, `op must be one of ${COMPARE.join(', ')}`);
    if (typeof node.value !== 'number' || !Number.isFinite(node.value)) err(`${p}/value`, 'value must be a finite number');
  }
}

function validateWindow(node: unknown, p: string, err: Err): void {
  if (!isObject(node)) { err(p, 'window must be an object { measure, by, sameSeller, hours, op, value }'); return; }
  if (node.measure !== 'count' && node.measure !== 'sum') err(`${p}/measure`, 'measure must be count or sum');
  if (node.by !== 'buyer' && node.by !== 'address') err(`${p}/by`, 'by must be buyer or address');
  if (typeof node.sameSeller !== 'boolean') err(`${p}/sameSeller`, 'sameSeller must be true or false');
  if (typeof node.hours !== 'number' || !(node.hours > 0) || node.hours > 366 * 24) err(`${p}/hours`, 'hours must be a number in (0, 8784]');
  if (node.includeCurrent !== undefined && typeof node.includeCurrent !== 'boolean') err(`${p}/includeCurrent`, 'includeCurrent must be a boolean');
  if (!['lt', 'lte', 'gt', 'gte', 'eq'].includes(node.op as string)) err(`${p}/op`, 'op must be one of lt, lte, gt, gte, eq');
  if (node.measure === 'count') {
    if (typeof node.value !== 'number' || !Number.isInteger(node.value) || node.value < 0) err(`${p}/value`, 'a count compares with a non-negative integer');
  } else if (node.measure === 'sum') {
    if (!Decimal.isDecimalString(node.value)) err(`${p}/value`, 'a sum compares with a decimal string such as "150.00"');
    if (typeof node.currency !== 'string' || !/^[A-Z]{3}$/.test(node.currency)) err(`${p}/currency`, 'a sum needs the ISO 4217 currency it is in');
  }
}

function validateAction(a: unknown, p: string, err: Err): void {
  if (!isObject(a)) { err(p, 'an action must be an object'); return; }
  if (!ACTION_TYPES.includes(a.type as string)) { err(`${p}/type`, `action type must be one of ${ACTION_TYPES.join(', ')}`); return; }
  switch (a.type) {
    case 'score':
      if (typeof a.points !== 'number' || !Number.isFinite(a.points)) err(`${p}/points`, 'points must be a finite number');
      return;
    case 'minLane':
      if (!LANES.includes(a.lane as string)) err(`${p}/lane`, `lane must be one of ${LANES.join(', ')}`);
      return;
    case 'requestInformation':
      if (!isNonEmptyString(a.what)) err(`${p}/what`, 'what must say which information is requested');
      return;
    case 'refer':
      if (!isNonEmptyString(a.agency)) err(`${p}/agency`, 'agency must name the agency referred to');
      return;
    case 'flagCheck':
      if (!isNonEmptyString(a.check)) err(`${p}/check`, 'check must name the check to perform');
      return;
    default:
      if (a.reason !== undefined && typeof a.reason !== 'string') err(`${p}/reason`, 'reason must be a string');
  }
}

/** JSON pointer segment escaping, exported for callers that build pointers into a ruleset. */
export { esc as escapePointerSegment };
