import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGE_TYPES } from '../../src/domain/message.js';
import {
  DEFAULT_LIMITS, bodyKind, parseJson, parseNdjson, validateJsonText, validateMessage,
} from '../../src/intake/validate-message.js';
import type { ProblemCode } from '../../src/intake/problems.js';
import { example, exampleFiles, exampleText, extraMessages, setAt } from './fixtures.js';

test('accepts every file in shared/examples as it is', () => {
  const files = exampleFiles();
  assert.ok(files.length >= 8, `expected the 8 canonical examples, found ${files.length}`);
  for (const f of files) {
    const r = validateJsonText(exampleText(f));
    assert.ok(r.ok, `${f}: ${r.ok ? '' : JSON.stringify(r.problems)}`);
  }
});

test('accepts a valid message of every message type', () => {
  const byType = new Map<string, Record<string, unknown>>();
  for (const f of exampleFiles()) { const m = example(f); byType.set(String(m.type), m); }
  for (const [t, m] of Object.entries(extraMessages())) byType.set(t, m);
  for (const t of MESSAGE_TYPES) {
    const m = byType.get(t);
    assert.ok(m !== undefined, `no sample message of type ${t}`);
    const r = validateMessage(m);
    assert.ok(r.ok, `${t}: ${r.ok ? '' : JSON.stringify(r.problems)}`);
    assert.equal(r.ok && r.message.type, t);
  }
});

interface Case { name: string; file: string; edits: [string, unknown][]; code: ProblemCode; pointer: string }

// Each expected code and pointer follows from the brief's rule named in `name` and from src/domain/message.ts.
const CASES: Case[] = [
  { name: 'a missing transport document number', file: 'declaration-eu-ioss.json', edits: [['/consignment/transportDocument/number', undefined]], code: 'LUX_ERR_FIELD_MISSING', pointer: '/consignment/transportDocument/number' },
  { name: 'a blank goods description', file: 'declaration-eu-ioss.json', edits: [['/consignment/items/1/description', '  ']], code: 'LUX_ERR_FIELD_MISSING', pointer: '/consignment/items/1/description' },
  { name: 'a declaration without items', file: 'declaration-eu-ioss.json', edits: [['/consignment/items', []]], code: 'LUX_ERR_FIELD_MISSING', pointer: '/consignment/items' },
  { name: 'an EU declaration item without HS code (data set, H7)', file: 'declaration-eu-ioss.json', edits: [['/consignment/items/0/hsCode', undefined]], code: 'LUX_ERR_FIELD_MISSING', pointer: '/consignment/items/0/hsCode' },
  { name: 'an EU declaration without invoice (data set, H7 intrinsic value)', file: 'declaration-eu-over-150.json', edits: [['/consignment/invoice', undefined]], code: 'LUX_ERR_FIELD_MISSING', pointer: '/consignment/invoice' },
  { name: 'an EU pre-loading without place of loading (data set, ICS2)', file: 'pre-loading-air.json', edits: [['/consignment/loadingPlace', undefined]], code: 'LUX_ERR_FIELD_MISSING', pointer: '/consignment/loadingPlace' },
  { name: 'an arrival without location', file: 'arrival.json', edits: [['/arrival/location', undefined]], code: 'LUX_ERR_FIELD_MISSING', pointer: '/arrival/location' },
  { name: 'an arrived transport document without number', file: 'arrival.json', edits: [['/arrival/transportDocuments/0/number', undefined]], code: 'LUX_ERR_FIELD_MISSING', pointer: '/arrival/transportDocuments/0/number' },
  { name: 'an EU declarant identified by an Australian ABN (data set identifierSchemes)', file: 'declaration-eu-ioss.json', edits: [['/consignment/declarant', { identifiers: [{ scheme: 'ABN', value: '51824753556' }] }]], code: 'LUX_ERR_FIELD_INVALID', pointer: '/consignment/declarant/identifiers/0/scheme' },
  { name: 'a sender that is a string', file: 'arrival.json', edits: [['/sender', 'BE0123456789']], code: 'LUX_ERR_FIELD_TYPE', pointer: '/sender' },
  { name: 'a quantity sent as a string', file: 'declaration-eu-ioss.json', edits: [['/consignment/items/1/quantity', '2']], code: 'LUX_ERR_FIELD_TYPE', pointer: '/consignment/items/1/quantity' },
  { name: 'an unknown role', file: 'payment.json', edits: [['/sender/role', 'bank']], code: 'LUX_ERR_FIELD_INVALID', pointer: '/sender/role' },
  { name: 'a fractional package count', file: 'pre-loading-air.json', edits: [['/consignment/packageCount', 1.5]], code: 'LUX_ERR_FIELD_INVALID', pointer: '/consignment/packageCount' },
  { name: 'two items with the same line number', file: 'declaration-eu-ioss.json', edits: [['/consignment/items/1/line', 1]], code: 'LUX_ERR_FIELD_INVALID', pointer: '/consignment/items/1/line' },
  { name: 'an e-mail without @', file: 'declaration-eu-ioss.json', edits: [['/consignment/buyer/email', 'anna.example.nl']], code: 'LUX_ERR_FIELD_INVALID', pointer: '/consignment/buyer/email' },
  { name: 'a description over 512 characters', file: 'declaration-eu-ioss.json', edits: [['/consignment/items/0/description', 'x'.repeat(513)]], code: 'LUX_ERR_FIELD_TOO_LONG', pointer: '/consignment/items/0/description' },
  { name: 'an unknown message type', file: 'arrival.json', edits: [['/type', 'departure']], code: 'LUX_ERR_TYPE_UNKNOWN', pointer: '/type' },
  { name: 'an unknown jurisdiction', file: 'arrival.json', edits: [['/jurisdiction', 'FR']], code: 'LUX_ERR_JURISDICTION_UNKNOWN', pointer: '/jurisdiction' },
  { name: 'an unknown country of origin', file: 'declaration-eu-ioss.json', edits: [['/consignment/items/0/origin', 'XX']], code: 'LUX_ERR_COUNTRY_UNKNOWN', pointer: '/consignment/items/0/origin' },
  { name: 'a lower-case country code', file: 'order.json', edits: [['/order/buyer/address/country', 'au']], code: 'LUX_ERR_COUNTRY_UNKNOWN', pointer: '/order/buyer/address/country' },
  { name: 'an unknown currency', file: 'payment.json', edits: [['/payment/currency', 'EURO']], code: 'LUX_ERR_CURRENCY_UNKNOWN', pointer: '/payment/currency' },
  { name: 'a withdrawn currency (HRK, replaced by EUR in 2023)', file: 'declaration-eu-ioss.json', edits: [['/consignment/invoice/currency', 'HRK']], code: 'LUX_ERR_CURRENCY_UNKNOWN', pointer: '/consignment/invoice/currency' },
  { name: 'a place of loading that is an IATA code', file: 'pre-loading-air.json', edits: [['/consignment/loadingPlace', 'SZX']], code: 'LUX_ERR_LOCODE_FORMAT', pointer: '/consignment/loadingPlace' },
  { name: 'a UN/LOCODE with a 1 (digits are 2-9)', file: 'arrival.json', edits: [['/arrival/location', 'BEBR1']], code: 'LUX_ERR_LOCODE_FORMAT', pointer: '/arrival/location' },
  { name: 'an HS code of 4 digits', file: 'declaration-eu-ioss.json', edits: [['/consignment/items/0/hsCode', '8518']], code: 'LUX_ERR_HS_FORMAT', pointer: '/consignment/items/0/hsCode' },
  { name: 'an HS code with dots', file: 'order.json', edits: [['/order/items/0/hsCode', '6912.00']], code: 'LUX_ERR_HS_FORMAT', pointer: '/order/items/0/hsCode' },
  { name: 'an HS code of 11 digits', file: 'declaration-eu-over-150.json', edits: [['/consignment/items/0/hsCode', '64041100001']], code: 'LUX_ERR_HS_FORMAT', pointer: '/consignment/items/0/hsCode' },
  { name: 'an IOSS number without IM', file: 'declaration-eu-ioss.json', edits: [['/consignment/vendorCollection/number', '5280000001']], code: 'LUX_ERR_IDENTIFIER_FORMAT', pointer: '/consignment/vendorCollection/number' },
  { name: 'an ABN that fails its check digits', file: 'order.json', edits: [['/order/vendorCollection/number', '74088264627']], code: 'LUX_ERR_IDENTIFIER_FORMAT', pointer: '/order/vendorCollection/number' },
  { name: 'a representative that is not an EORI', file: 'declaration-eu-over-150.json', edits: [['/consignment/representative/id', '9876543210']], code: 'LUX_ERR_IDENTIFIER_FORMAT', pointer: '/consignment/representative/id' },
  { name: 'a postal item number that fails its S10 check digit', file: 'transport.json', edits: [['/consignment/transportDocument/number', 'RR123456784NZ']], code: 'LUX_ERR_IDENTIFIER_FORMAT', pointer: '/consignment/transportDocument/number' },
  { name: 'an amount sent as a JSON number', file: 'declaration-eu-ioss.json', edits: [['/consignment/invoice/itemsTotal', 39.99]], code: 'LUX_ERR_AMOUNT_NOT_STRING', pointer: '/consignment/invoice/itemsTotal' },
  { name: 'an amount with a thousands separator', file: 'payment.json', edits: [['/payment/amount', '1,214.50']], code: 'LUX_ERR_AMOUNT_FORMAT', pointer: '/payment/amount' },
  { name: 'an amount in exponent notation', file: 'payment.json', edits: [['/payment/amount', '2.145e2']], code: 'LUX_ERR_AMOUNT_FORMAT', pointer: '/payment/amount' },
  { name: 'a negative unit price', file: 'declaration-eu-ioss.json', edits: [['/consignment/items/1/unitPrice', '-5.00']], code: 'LUX_ERR_AMOUNT_NEGATIVE', pointer: '/consignment/items/1/unitPrice' },
  { name: 'three decimals in EUR (ISO 4217 minor unit 2)', file: 'declaration-eu-ioss.json', edits: [['/consignment/invoice/transportCost', '5.005']], code: 'LUX_ERR_AMOUNT_PRECISION', pointer: '/consignment/invoice/transportCost' },
  { name: 'decimals in JPY (ISO 4217 minor unit 0)', file: 'payment.json', edits: [['/payment/currency', 'JPY'], ['/payment/amount', '214.5']], code: 'LUX_ERR_AMOUNT_PRECISION', pointer: '/payment/amount' },
  { name: 'a time without a zone', file: 'arrival.json', edits: [['/arrival/arrivedAt', '2026-11-22T06:05:00']], code: 'LUX_ERR_TIME_ZONE_MISSING', pointer: '/arrival/arrivedAt' },
  { name: 'a departure time without a zone', file: 'pre-loading-air.json', edits: [['/consignment/expectedDeparture', '2026-11-20T22:00:00']], code: 'LUX_ERR_TIME_ZONE_MISSING', pointer: '/consignment/expectedDeparture' },
  { name: 'a date where a date-time is due', file: 'arrival.json', edits: [['/sentAt', '2026-11-22']], code: 'LUX_ERR_TIME_FORMAT', pointer: '/sentAt' },
  { name: 'the 31st of November', file: 'return.json', edits: [['/return/exportedAt', '2026-11-31T12:00:00Z']], code: 'LUX_ERR_TIME_FORMAT', pointer: '/return/exportedAt' },
  { name: 'an order date in day/month/year', file: 'order.json', edits: [['/order/date', '21/11/2026']], code: 'LUX_ERR_DATE_FORMAT', pointer: '/order/date' },
  { name: 'a 29th of February outside a leap year', file: 'declaration-eu-ioss.json', edits: [['/consignment/order/date', '2026-02-29']], code: 'LUX_ERR_DATE_FORMAT', pointer: '/consignment/order/date' },
  { name: 'a return with a zero quantity', file: 'return.json', edits: [['/return/items/0/quantity', 0]], code: 'LUX_ERR_FIELD_INVALID', pointer: '/return/items/0/quantity' },
  { name: 'a pointer token with a slash escaped (RFC 6901)', file: 'transport.json', edits: [['/consignment/consignee/address/region', 'N/A']], code: 'LUX_ERR_FIELD_INVALID', pointer: '/consignment/consignee/address/region' },
];

for (const c of CASES) {
  test(`rejects ${c.name} with ${c.code} at ${c.pointer}`, () => {
    const m = example(c.file);
    for (const [p, v] of c.edits) setAt(m, p, v);
    const r = validateMessage(m);
    assert.equal(r.ok, false);
    if (r.ok) return;
    const hit = r.problems.find((p) => p.code === c.code && p.pointer === c.pointer);
    assert.ok(hit, `expected ${c.code} at ${c.pointer}, got ${JSON.stringify(r.problems.map((p) => [p.code, p.pointer]))}`);
    assert.ok(hit.detail.length > 10 && hit.detail.endsWith('.'), `detail should be a sentence: ${hit.detail}`);
    assert.equal(r.problems.length, 1, `one edit, one problem: ${JSON.stringify(r.problems)}`);
  });
}

test('reports every bad field of a message at once, each with its pointer', () => {
  const m = example('declaration-eu-ioss.json');
  setAt(m, '/consignment/items/0/hsCode', '85');
  setAt(m, '/consignment/invoice/itemsTotal', 39.99);
  setAt(m, '/sentAt', '2026-11-20T08:15:00');
  const r = validateMessage(m);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.problems.map((p) => p.code).sort(), ['LUX_ERR_AMOUNT_NOT_STRING', 'LUX_ERR_HS_FORMAT', 'LUX_ERR_TIME_ZONE_MISSING']);
  for (const p of r.problems) assert.ok(p.pointer?.startsWith('/'));
});

test('rejects a message that is not a JSON object', () => {
  for (const raw of [[], 'declaration', 42, null]) {
    const r = validateMessage(raw);
    assert.equal(r.ok, false);
    if (!r.ok) { assert.equal(r.problems[0].code, 'LUX_ERR_FIELD_TYPE'); assert.equal(r.problems[0].pointer, ''); }
  }
});

test('rejects more items than the limit (default 999) with LUX_ERR_TOO_MANY_ITEMS', () => {
  assert.equal(DEFAULT_LIMITS.maxItems, 999);
  const m = example('declaration-eu-ioss.json');
  const item = (m.consignment as { items: Record<string, unknown>[] }).items[1];
  setAt(m, '/consignment/items', Array.from({ length: 1000 }, (_, i) => ({ ...item, line: i + 1 })));
  const r = validateMessage(m);
  assert.equal(r.ok, false);
  if (!r.ok) { assert.equal(r.problems[0].code, 'LUX_ERR_TOO_MANY_ITEMS'); assert.equal(r.problems[0].pointer, '/consignment/items'); }
  setAt(m, '/consignment/items', Array.from({ length: 999 }, (_, i) => ({ ...item, line: i + 1 })));
  assert.ok(validateMessage(m).ok, '999 items are within the limit');
});

test('applies the data set of the jurisdiction: CN requires the order id in a declaration, EU does not', () => {
  const m = example('declaration-eu-over-150.json');
  setAt(m, '/consignment/order', undefined);
  assert.ok(validateMessage(m).ok);
  setAt(m, '/jurisdiction', 'CN');
  setAt(m, '/consignment/representative', undefined);
  const r = validateMessage(m);
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.problems.map((p) => [p.code, p.pointer]), [['LUX_ERR_FIELD_MISSING', '/consignment/order']]);
});

test('parseJson answers malformed JSON, an empty body and an oversized body with their codes', () => {
  const bad = parseJson('{"messageId": "x",');
  assert.equal(bad.ok, false);
  if (!bad.ok) { assert.equal(bad.problem.code, 'LUX_ERR_JSON_MALFORMED'); assert.equal(bad.problem.status, 400); }
  const empty = parseJson('  ');
  assert.equal(!empty.ok && empty.problem.code, 'LUX_ERR_JSON_MALFORMED');
  const limits = { ...DEFAULT_LIMITS, maxBodyBytes: 100 };
  const big = parseJson(JSON.stringify({ s: 'x'.repeat(100) }), limits);
  assert.equal(!big.ok && big.problem.code, 'LUX_ERR_BODY_TOO_LARGE');
  assert.equal(!big.ok && big.problem.status, 413);
  // 40 three-byte characters are 120 bytes though only 40 UTF-16 units.
  const wide = parseJson(JSON.stringify('€'.repeat(40)), limits);
  assert.equal(!wide.ok && wide.problem.code, 'LUX_ERR_BODY_TOO_LARGE');
  assert.ok(parseJson(JSON.stringify('€'.repeat(30)), limits).ok);
});

test('in an NDJSON body one bad line is rejected alone and the others go through, numbered as an editor shows them', () => {
  const lines = [exampleText('arrival.json'), exampleText('payment.json'), '{"type": "arrival",', '', exampleText('return.json')]
    .map((t) => JSON.stringify(JSON.parse(t.trim() === '' || t.endsWith(',') ? '{}' : t)));
  lines[2] = '{"type": "arrival",';
  lines[3] = '';
  const out = parseNdjson(lines.join('\r\n') + '\n');
  assert.deepEqual(out.map((l) => l.line), [1, 2, 3, 5]);
  assert.equal(out[2].problem?.code, 'LUX_ERR_JSON_MALFORMED');
  assert.match(out[2].problem?.detail ?? '', /^Line 3: /);
  for (const i of [0, 1, 3]) {
    assert.equal(out[i].problem, undefined);
    assert.ok(validateMessage(out[i].raw).ok);
  }
});

test('refuses NDJSON lines past the line limit with LUX_ERR_TOO_MANY_LINES, one answer per line', () => {
  const line = JSON.stringify(example('arrival.json'));
  const out = parseNdjson([line, line, line].join('\n'), { ...DEFAULT_LIMITS, maxLines: 2 });
  assert.equal(out.length, 3);
  assert.equal(out[0].problem, undefined);
  assert.equal(out[2].problem?.code, 'LUX_ERR_TOO_MANY_LINES');
});

test('chooses the parser by Content-Type and answers others with 415', () => {
  assert.equal(bodyKind('application/json; charset=utf-8'), 'json');
  assert.equal(bodyKind('application/x-ndjson'), 'ndjson');
  const p = bodyKind('text/csv');
  assert.ok(typeof p === 'object' && p.code === 'LUX_ERR_UNSUPPORTED_MEDIA_TYPE' && p.status === 415);
});
