import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, CanonicalJsonError } from '../../src/ledger/canonical-json.js';
import { Decimal } from '../../src/domain/decimal.js';

// Source of every expected string: RFC 8785 (JSON Canonicalization Scheme), §3.2.2/§3.2.3 sample,
// §3.2.3 sorting example, and the cyberphone/json-canonicalization test vector arrays.json.
const GOLDEN: { name: string; input: string; canonical: string }[] = [
  {
    name: 'RFC 8785 §3.2.2 sample: numbers, string escapes and literals',
    input: String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`,
    canonical: String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
  },
  {
    name: 'RFC 8785 §3.2.3 sorting by UTF-16 code units',
    input: String.raw`{
      "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`,
    canonical: '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",'
      + '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  },
  {
    name: 'cyberphone arrays.json: nested objects sorted, array order kept',
    input: '[56, {"d": true, "10": null, "1": [ ]}]',
    canonical: '[56,{"1":[],"10":null,"d":true}]',
  },
];

for (const g of GOLDEN) {
  test(`canonical JSON matches ${g.name}`, () => {
    assert.equal(canonicalJson(JSON.parse(g.input)), g.canonical);
  });
}

test('canonical JSON is stable whatever the insertion order of keys', () => {
  const a = { consignment: { items: [{ line: 1, hsCode: '851830' }], buyer: { country: 'NL' } }, type: 'declaration' };
  const b = { type: 'declaration', consignment: { buyer: { country: 'NL' }, items: [{ hsCode: '851830', line: 1 }] } };
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.equal(canonicalJson(a), '{"consignment":{"buyer":{"country":"NL"},"items":[{"hsCode":"851830","line":1}]},"type":"declaration"}');
});

test('canonical JSON orders keys by UTF-16 code units for any key set, short or long (as the library sort does)', () => {
  // Keys mixing cases, digits, accents, CJK and astral characters (surrogate pairs), in shuffled orders.
  const alphabet = ['a', 'B', 'é', '1', '_', '中', '\u{1F600}', 'z', 'Z', '€', '\uFFFF', ''];
  let seed = 7;
  const next = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let round = 0; round < 200; round++) {
    const size = round % 2 === 0 ? 1 + next(12) : 33 + next(20); // both sides of the insertion-sort bound
    const record: Record<string, number> = {};
    for (let k = 0; k < size; k++) record[Array.from({ length: 1 + next(3) }, () => alphabet[next(alphabet.length)]).join('') + k] = k;
    const expected = '{' + Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${record[key]}`).join(',') + '}';
    assert.equal(canonicalJson(record), expected);
  }
});

test('canonical JSON round-trips through JSON.parse to the same value', () => {
  const value = { z: [1, -0.5, 'x\u2028y'], a: { nested: [true, false, null] }, m: '"quoted"' };
  const text = canonicalJson(value);
  assert.deepEqual(JSON.parse(text), value);
  assert.equal(canonicalJson(JSON.parse(text)), text);
});

test('canonical JSON writes minus zero as 0 and leaves out undefined members', () => {
  assert.equal(canonicalJson({ b: -0, a: undefined }), '{"b":0}');
});

test('canonical JSON writes a Decimal as its decimal string', () => {
  assert.equal(canonicalJson({ amount: Decimal.parse('54.40') }), '{"amount":"54.40"}');
});

test('canonical JSON rejects non-finite numbers with a pointer to them', () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    assert.throws(() => canonicalJson({ items: [{ price: bad }] }), (error: unknown) =>
      error instanceof CanonicalJsonError && error.pointer === '/items/0/price');
  }
});

test('canonical JSON rejects undefined inside arrays', () => {
  assert.throws(() => canonicalJson({ list: [1, undefined] }), (error: unknown) =>
    error instanceof CanonicalJsonError && error.pointer === '/list/1');
});

test('canonical JSON rejects bigint, functions and cycles', () => {
  assert.throws(() => canonicalJson({ n: 1n }), CanonicalJsonError);
  assert.throws(() => canonicalJson({ f: () => 1 }), CanonicalJsonError);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => canonicalJson(cyclic), CanonicalJsonError);
});

test('canonical JSON spells every string as JSON.stringify does: controls, quotes, backslashes, lone and paired surrogates, U+2028, DEL', () => {
  // A deterministic generator over the characters where escaping rules differ, mixed with plain text.
  const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '/', '\u0000', '\u001f', '\u0020', '\u007f', '\u0080', '\u00e9', '\u2028', '\u2029', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', '\ufeff', '€'];
  let seed = 20261205;
  const next = (n: number): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed % n; };
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const length = next(12);
    for (let k = 0; k < length; k++) s += alphabet[next(alphabet.length)];
    assert.equal(canonicalJson(s), JSON.stringify(s), `string ${JSON.stringify(s)}`);
    assert.equal(canonicalJson({ [s]: s }), `{${JSON.stringify(s)}:${JSON.stringify(s)}}`, `key ${JSON.stringify(s)}`);
  }
});
