import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMrn, iso6346CheckDigit, isValidMrn, parseMrn } from '../../src/intake/mrn.js';

test('computes the ISO 6346 check digit of the standard container example CSQU 305438 as 3', () => {
  // ISO 6346 Annex A worked example, reproduced by Wikipedia "ISO 6346".
  assert.equal(iso6346CheckDigit('CSQU305438'), '3');
});

// Published EU MRNs: a Dutch one given as the example of an MRN check-digit tool, and the German
// AES example "06 DE 5866 00006143 E 1" (Riege Software knowledge base, "Was ist eine MRN").
for (const mrn of ['10NL5663962BE1E825', '06DE586600006143E1']) {
  test(`accepts the published MRN ${mrn}`, () => assert.equal(isValidMrn(mrn), true));
  test(`rejects ${mrn} with its check character changed`, () => {
    const wrong = mrn.slice(0, 17) + String((Number(mrn[17]) + 1) % 10);
    assert.equal(isValidMrn(wrong), false);
  });
}

test('formats year, jurisdiction and zero-padded sequence into 18 characters with a valid check digit', () => {
  const mrn = formatMrn(2026, 'NL', 1n);
  assert.equal(mrn.length, 18);
  assert.equal(mrn.slice(0, 17), '26NL0000000000001');
  assert.equal(isValidMrn(mrn), true);
  assert.deepEqual(parseMrn(mrn), { year: 26, country: 'NL', sequence: '0000000000001' });
  assert.equal(formatMrn(26, 'AU', 'A7'), formatMrn(2026, 'AU', '00000000000A7'));
});

test('maps a remainder of 10 to check digit 0', () => {
  // Find a body whose weighted sum is 10 modulo 11 by walking the sequence; the rule is ISO 6346's.
  let found = false;
  for (let i = 0; i < 50 && !found; i++) {
    const body = formatMrn(2026, 'EU', i).slice(0, 17);
    let sum = 0;
    for (let k = 0; k < 17; k++) {
      const c = body[k];
      let v = c >= '0' && c <= '9' ? Number(c) : 10 + c.charCodeAt(0) - 65;
      if (v >= 11 && c > '9') v += v >= 21 ? (v >= 31 ? 3 : 2) : 1;
      sum += v * 2 ** k;
    }
    if (sum % 11 === 10) { assert.equal(iso6346CheckDigit(body), '0'); found = true; }
  }
  assert.ok(found, 'no body with remainder 10 in the first 50 sequences');
});

test('rejects malformed MRNs and bad format arguments', () => {
  for (const bad of ['', '26NL000000000000', '26nl00000000000010', '2XNL00000000000010', '26NL0000000000001X']) assert.equal(isValidMrn(bad), false, bad);
  assert.throws(() => formatMrn(2026, 'nl', 1));
  assert.throws(() => formatMrn(2026, 'NL', -1));
  assert.throws(() => formatMrn(2026, 'NL', 10n ** 13n));
});
