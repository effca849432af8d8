import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROBLEM_CATALOGUE, PROBLEM_CODES, problem, problemTypeUri, toProblemJson } from '../../src/intake/problems.js';

// Statuses the brief fixes for these codes (RFC 9110 semantics).
const FIXED_STATUS: Record<string, number> = {
  LUX_ERR_JSON_MALFORMED: 400, LUX_ERR_BODY_TOO_LARGE: 413, LUX_ERR_DUPLICATE_CONFLICT: 409, LUX_ERR_UNAUTHENTICATED: 401,
  LUX_ERR_FORBIDDEN: 403, LUX_ERR_NOT_FOUND: 404, LUX_ERR_STATE_CONFLICT: 409, LUX_ERR_SENDER_MISMATCH: 403,
  LUX_ERR_UNSUPPORTED_MEDIA_TYPE: 415, LUX_ERR_INTERNAL: 500,
};

test('every code in the catalogue has a unique number, an HTTP error status and a title', () => {
  const numbers = new Set<number>();
  for (const code of PROBLEM_CODES) {
    const d = PROBLEM_CATALOGUE[code];
    assert.match(code, /^LUX_ERR_[A-Z_]+$/);
    assert.ok(!numbers.has(d.number), `number ${d.number} reused by ${code}`);
    numbers.add(d.number);
    assert.ok(d.status >= 400 && d.status <= 599, code);
    assert.ok(d.title.length > 3, code);
    if (FIXED_STATUS[code] !== undefined) assert.equal(d.status, FIXED_STATUS[code], code);
  }
  for (const code of Object.keys(FIXED_STATUS)) assert.ok(code in PROBLEM_CATALOGUE, `${code} missing`);
});

test('every code renders as an RFC 9457 problem+json body with its type URI, status and code', () => {
  for (const code of PROBLEM_CODES) {
    const body = toProblemJson([problem(code, `A sentence about ${code}.`)], '/v1/messages');
    assert.equal(body.type, problemTypeUri(code));
    assert.ok(body.type.startsWith('https://luxor.example/problems/lux-err-'));
    assert.equal(body.status, PROBLEM_CATALOGUE[code].status);
    assert.equal(body.title, PROBLEM_CATALOGUE[code].title);
    assert.equal(body.code, code);
    assert.equal(body.instance, '/v1/messages');
    assert.deepEqual(body.errors, []);
  }
});

test('several field problems become one body whose errors list each pointer', () => {
  const body = toProblemJson([
    problem('LUX_ERR_HS_FORMAT', 'hsCode "85" is not an HS code.', '/consignment/items/0/hsCode'),
    problem('LUX_ERR_AMOUNT_NOT_STRING', 'itemsTotal must be a decimal string.', '/consignment/invoice/itemsTotal'),
  ]);
  assert.equal(body.code, 'LUX_ERR_HS_FORMAT');
  assert.equal(body.status, 422);
  assert.equal(body.pointer, '/consignment/items/0/hsCode');
  assert.match(body.detail, /and 1 more problem/);
  assert.deepEqual(body.errors.map((e) => [e.code, e.pointer]), [
    ['LUX_ERR_HS_FORMAT', '/consignment/items/0/hsCode'],
    ['LUX_ERR_AMOUNT_NOT_STRING', '/consignment/invoice/itemsTotal'],
  ]);
  assert.equal(JSON.parse(JSON.stringify(body)).errors.length, 2);
  assert.throws(() => toProblemJson([]));
});

test('docs/errors.md lists every code with its number and HTTP status', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { repoRoot } = await import('../../src/domain/paths.js');
  const doc = readFileSync(join(repoRoot(), 'docs', 'errors.md'), 'utf8');
  for (const code of PROBLEM_CODES) {
    const d = PROBLEM_CATALOGUE[code];
    assert.ok(doc.includes(`| ${d.number} | \`${code}\` | ${d.status} |`), `${code} not documented as ${d.number}/${d.status}`);
  }
  const documented = [...doc.matchAll(/`(LUX_ERR_[A-Z_]+)`/g)].map((m) => m[1]);
  for (const c of documented) assert.ok(c in PROBLEM_CATALOGUE, `docs/errors.md names ${c}, which is not in the catalogue`);
});
