/**
 * The error catalogue. Codes are stable: a submitter's software branches on them, so a code is
 * never renamed or renumbered, only added. Bodies follow RFC 9457 (application/problem+json),
 * with the extension members `code` and `errors` (one entry per bad field, each with a JSON pointer).
 */

export interface ProblemDefinition {
  /** Stable number, for logs and statistics. */
  readonly number: number;
  readonly status: number;
  readonly title: string;
}

export const PROBLEM_CATALOGUE = {
  LUX_ERR_JSON_MALFORMED: { number: 1001, status: 400, title: 'Malformed JSON' },
  LUX_ERR_BODY_TOO_LARGE: { number: 1002, status: 413, title: 'Body too large' },
  LUX_ERR_UNSUPPORTED_MEDIA_TYPE: { number: 1003, status: 415, title: 'Unsupported media type' },
  LUX_ERR_TOO_MANY_ITEMS: { number: 1004, status: 422, title: 'Too many items' },
  LUX_ERR_TOO_MANY_LINES: { number: 1005, status: 413, title: 'Too many lines in a bulk body' },
  LUX_ERR_FIELD_MISSING: { number: 1101, status: 422, title: 'Required field missing' },
  LUX_ERR_FIELD_TYPE: { number: 1102, status: 422, title: 'Field has the wrong type' },
  LUX_ERR_FIELD_INVALID: { number: 1103, status: 422, title: 'Field value not allowed' },
  LUX_ERR_FIELD_TOO_LONG: { number: 1104, status: 422, title: 'Field too long' },
  LUX_ERR_TYPE_UNKNOWN: { number: 1110, status: 422, title: 'Unknown message type' },
  LUX_ERR_JURISDICTION_UNKNOWN: { number: 1111, status: 422, title: 'Unknown jurisdiction' },
  LUX_ERR_COUNTRY_UNKNOWN: { number: 1201, status: 422, title: 'Unknown country code' },
  LUX_ERR_CURRENCY_UNKNOWN: { number: 1202, status: 422, title: 'Unknown currency code' },
  LUX_ERR_LOCODE_FORMAT: { number: 1203, status: 422, title: 'Not a UN/LOCODE' },
  LUX_ERR_HS_FORMAT: { number: 1204, status: 422, title: 'Not an HS code' },
  LUX_ERR_IDENTIFIER_FORMAT: { number: 1205, status: 422, title: 'Identifier malformed' },
  LUX_ERR_AMOUNT_NOT_STRING: { number: 1301, status: 422, title: 'Amount sent as a number' },
  LUX_ERR_AMOUNT_FORMAT: { number: 1302, status: 422, title: 'Amount is not a decimal string' },
  LUX_ERR_AMOUNT_NEGATIVE: { number: 1303, status: 422, title: 'Negative amount' },
  LUX_ERR_AMOUNT_PRECISION: { number: 1304, status: 422, title: 'Too many decimal places' },
  LUX_ERR_TIME_FORMAT: { number: 1401, status: 422, title: 'Not an RFC 3339 date-time' },
  LUX_ERR_TIME_ZONE_MISSING: { number: 1402, status: 422, title: 'Date-time without a time zone' },
  LUX_ERR_DATE_FORMAT: { number: 1403, status: 422, title: 'Not a calendar date' },
  LUX_ERR_UNAUTHENTICATED: { number: 2001, status: 401, title: 'Not authenticated' },
  LUX_ERR_FORBIDDEN: { number: 2002, status: 403, title: 'Forbidden' },
  LUX_ERR_SENDER_MISMATCH: { number: 2003, status: 403, title: 'Sender is not the authenticated organisation' },
  LUX_ERR_PAYMENT_REFERENCE: { number: 2004, status: 403, title: 'Customs payment reference does not match' },
  LUX_ERR_NOT_FOUND: { number: 3001, status: 404, title: 'Not found' },
  LUX_ERR_DUPLICATE_CONFLICT: { number: 3002, status: 409, title: 'Message id reused with other content' },
  LUX_ERR_STATE_CONFLICT: { number: 3003, status: 409, title: 'Message cannot apply in the current state' },
  LUX_ERR_LINK_CONFLICT: { number: 3004, status: 409, title: 'Transport document tied to another party' },
  LUX_ERR_INTERNAL: { number: 5001, status: 500, title: 'Internal error' },
  LUX_ERR_UNAVAILABLE: { number: 5002, status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, ProblemDefinition>;

export type ProblemCode = keyof typeof PROBLEM_CATALOGUE;
export const PROBLEM_CODES = Object.keys(PROBLEM_CATALOGUE) as ProblemCode[];

/** One bad field inside a problem (RFC 9457 extension member). */
export interface FieldError {
  pointer: string;
  code: ProblemCode;
  detail: string;
}

export interface Problem {
  code: ProblemCode;
  status: number;
  title: string;
  /** A sentence a person understands. */
  detail: string;
  /** RFC 6901 JSON pointer to the bad field, when there is one. */
  pointer?: string;
  errors?: FieldError[];
}

export function problem(code: ProblemCode, detail: string, pointer?: string): Problem {
  const def = PROBLEM_CATALOGUE[code];
  const p: Problem = { code, status: def.status, title: def.title, detail };
  if (pointer !== undefined) p.pointer = pointer;
  return p;
}

export const PROBLEM_TYPE_BASE = 'https://luxor.example/problems/';

export function problemTypeUri(code: ProblemCode): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-');
}

/** RFC 9457 body. */
export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ProblemCode;
  pointer?: string;
  errors: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * One problem+json body for one or more problems. RFC 9457 carries a single type, so several
 * problems become one body of the first problem's type (the most important one: validators
 * report in document order, structural problems first) with every problem listed in `errors`.
 * The status is the first problem's status.
 */
export function toProblemJson(problems: readonly Problem[], instance?: string): ProblemJson {
  if (problems.length === 0) throw new RangeError('toProblemJson needs at least one problem');
  const first = problems[0];
  const errors: FieldError[] = [];
  for (const p of problems) {
    if (p.errors) errors.push(...p.errors);
    else if (p.pointer !== undefined) errors.push({ pointer: p.pointer, code: p.code, detail: p.detail });
  }
  const body: ProblemJson = {
    type: problemTypeUri(first.code),
    title: first.title,
    status: first.status,
    detail: problems.length === 1 ? first.detail : `${first.detail} (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}, listed in errors)`,
    code: first.code,
    errors,
  };
  if (first.pointer !== undefined) body.pointer = first.pointer;
  if (instance !== undefined) body.instance = instance;
  return body;
}

/** Escapes one reference token for a JSON pointer (RFC 6901 §3). */
export function pointerToken(key: string | number): string {
  return typeof key === 'number' ? String(key) : key.replace(/~/g, '~0').replace(/\//g, '~1');
}
