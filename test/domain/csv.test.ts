import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from '../../src/domain/csv.js';

// [input, records] — RFC 4180 and the leniencies the reference files rely on.
const CASES: [string, string[][]][] = [
  ['a,b,c\n1,2,3\n', [['a', 'b', 'c'], ['1', '2', '3']]],
  ['a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
  ['a,"b,c","d ""e"""\n', [['a', 'b,c', 'd "e"']]],
  ['"multi\nline",x\n', [['multi\nline', 'x']]],
  ['\uFEFFhs,description\n610910,"T-shirts, of cotton"', [['hs', 'description'], ['610910', 'T-shirts, of cotton']]],
  ['a,,c\n,\n', [['a', '', 'c'], ['', '']]],
  ['a\n\n\nb\n', [['a'], ['b']]],
  ['"quoted"tail,x\n', [['quotedtail', 'x']]],
  ['""\n', []],
  ['', []],
  ['"unterminated,x', [['unterminated,x']]],
  ['last,row,without,newline', [['last', 'row', 'without', 'newline']]],
  ['"",b\n', [['', 'b']]],
  ['a, "b,c"\n', [['a', ' b,c']]],
];

test('parses CSV records as RFC 4180 says, with the reference files\' leniencies', () => {
  for (const [input, expected] of CASES) assert.deepEqual(parseCsv(input), expected, JSON.stringify(input));
});

test('gives what a character-by-character parser gives, on random text of commas, quotes and newlines', () => {
  // The parser this one replaced (three copies of it), as the oracle.
  const oracle = (text: string): string[][] => {
    const out: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; } else field += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { row.push(field); field = ''; }
      else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        row.push(field); field = '';
        if (row.length > 1 || row[0] !== '') out.push(row);
        row = [];
      } else field += ch;
    }
    if (field !== '' || row.length > 0) { row.push(field); if (row.length > 1 || row[0] !== '') out.push(row); }
    return out;
  };
  let seed = 12345;
  const next = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed; };
  const plain = ['a', 'b', 'x', ' ', '.'];
  const anything = ['a', ',', '""', '\n', '\r\n', ' '];
  let compared = 0;
  for (let run = 0; run < 2000; run++) {
    // Records of fields, each unquoted (no comma, quote or newline) or quoted (anything, quotes doubled).
    let text = '';
    const records = next() % 5;
    for (let r = 0; r < records; r++) {
      const fields = 1 + (next() % 4);
      for (let f = 0; f < fields; f++) {
        if (f > 0) text += ',';
        const quoted = next() % 2 === 0;
        const length = next() % 6;
        let field = '';
        for (let k = 0; k < length; k++) field += (quoted ? anything : plain)[next() % (quoted ? anything.length : plain.length)];
        text += quoted ? `"${field}"` : field;
      }
      text += next() % 3 === 0 ? '\r\n' : '\n';
    }
    if (next() % 4 === 0) text = text.replace(/\r?\n$/, '');
    compared++;
    assert.deepEqual(parseCsv(text), oracle(text), JSON.stringify(text));
  }
  assert.equal(compared, 2000);
});
