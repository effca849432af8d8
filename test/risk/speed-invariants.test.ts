/**
 * The shortcuts taken for speed must not change a result: the length bound that lets the watch
 * list skip scoring, the memoised folding of descriptions, and party keys shared between checks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { descriptionTokens, fold, foldDescription, nameTokens, tokens, tokenSetSimilarity } from '../../src/risk/normalise.js';
import { keysOf, partyKey, addressKey } from '../../src/risk/keys.js';
import { buildWatchIndex, matchParty } from '../../src/risk/watchlist.js';
import { EvalInput } from '../../src/risk/rule-fields.js';
import { context, facts as consignment } from './fixtures.js';

/** mulberry32: deterministic names for the property checks. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
const WORDS = ['anna', 'vries', 'huaxin', 'electronic', 'shenzhen', 'muller', 'mueller', 'li', 'wei', 'petrov', 'petrova', 'jinlong', 'yiwu', 'garcia', 'garsia', 'ab', 'xu', 'shen', 'zhen'];

function letters(t: string[]): number { return t.reduce((s, w) => s + w.length, 0); }

describe('speed shortcuts keep results', () => {
  it('name similarity never exceeds the shorter/longer letter ratio when no word is an initial (the watch-list skip bound)', () => {
    const r = prng(11);
    let checked = 0;
    for (let i = 0; i < 5000; i++) {
      const pick = (): string[] => Array.from({ length: 1 + Math.floor(r() * 3) }, () => {
        let w = WORDS[Math.floor(r() * WORDS.length)];
        if (r() < 0.3) { const k = Math.floor(r() * w.length); w = w.slice(0, k) + w.slice(k + 1) || w; } // a typo
        return w;
      }).filter((w) => w.length >= 2);
      const a = pick();
      const b = pick();
      if (a.length === 0 || b.length === 0) continue;
      const bound = Math.min(letters(a), letters(b)) / Math.max(letters(a), letters(b));
      assert.ok(tokenSetSimilarity(a, b) <= bound + 1e-12, `${a.join(' ')} / ${b.join(' ')}: ${tokenSetSimilarity(a, b)} > ${bound}`);
      checked++;
    }
    assert.ok(checked > 4000);
  });

  it('still matches a listed name spelt with an initial, which the bound does not cover', () => {
    const index = buildWatchIndex([{ id: 'l', name: 'l', source: 'test', points: 40, threshold: 0.8, validFrom: '2020-01-01T00:00:00Z', entries: [{ id: 'e', kind: 'person', name: 'Anna de Vries', reason: 'test', validFrom: '2020-01-01T00:00:00Z' }] }]);
    const m = matchParty(index, { name: 'A. de Vries' }, '2026-11-20T00:00:00Z');
    assert.equal(m.length, 1);
    assert.ok(m[0].score >= 0.8 && tokenSetSimilarity(nameTokens('A. de Vries'), nameTokens('Anna de Vries')) === m[0].nameScore);
  });

  it('folds a description the same whether memoised or not, and tokenises it into distinct words', () => {
    for (const d of ['Wireless earbuds, with charging case', 'Ручка шариковая', 'Κεραμική κούπα', 'Café crème — 250 g']) {
      assert.equal(foldDescription(d), fold(d));
      assert.equal(foldDescription(d), fold(d)); // second call from the memo
      assert.deepEqual([...descriptionTokens(d)], [...new Set(fold(d).split(' '))]);
    }
  });

  it('shares party keys between rules and checks, equal to partyKey and addressKey', () => {
    const facts = consignment();
    const x = new EvalInput(facts, context());
    const k = keysOf(facts);
    assert.equal(x.key('seller'), partyKey(facts.declaration!.seller));
    assert.equal(x.key('buyer'), partyKey(facts.declaration!.buyer));
    assert.equal(x.key('address'), addressKey(facts.declaration!.buyer!.address));
    for (const role of ['seller', 'buyer', 'address', 'carrier', 'submitter'] as const) assert.equal(x.keyOf(role), k(role));
  });

  it('tokenises ASCII text on the fast path exactly as folding and splitting would', () => {
    const r = prng(23);
    const samples = ['Seller 12 Trading Co., Ltd.', '  ACME  GmbH & Co. KG ', 'O\'Brien-Smith, J.', '', '...', 'tab\there\nnew', 'Müller Straße 5'];
    // random printable and control ASCII: every separator class and case is exercised
    for (let i = 0; i < 3000; i++) samples.push(Array.from({ length: Math.floor(r() * 30) }, () => String.fromCharCode(Math.floor(r() * 128))).join(''));
    for (const s of samples) {
      const f = fold(s);
      assert.deepEqual(tokens(s), f === '' ? [] : f.split(' '), JSON.stringify(s));
    }
  });

  it('pseudonymises name keys with the published SHA-256 construction', async () => {
    const { createHash } = await import('node:crypto');
    const party = { name: 'Anna de Vries', address: { street: '1 Main Street', city: 'City', country: 'nl' } };
    const want = 'name:' + createHash('sha256').update('luxor/party-key/v1\n').update('anna vries|NL').digest('base64url').slice(0, 22);
    assert.equal(partyKey(party), want);
  });

  it('keys a party by a plain identifier scheme exactly as folding would', () => {
    assert.equal(partyKey({ identifiers: [{ scheme: 'platform-seller-id', value: 's 88213' }] }), 'platform-seller-id:S88213');
    assert.equal(partyKey({ identifiers: [{ scheme: 'CN USCC', value: '91440300' }] }), 'cn-uscc:91440300');
  });
});

describe('prohibited screening by first word', () => {
  it('finds the same entries, in the same order, as trying every phrase on every description', async () => {
    const { buildProhibitedIndex, screenItems } = await import('../../src/risk/prohibited.js');
    const { loadProhibitedList } = await import('../../src/risk/reference.js');
    const index = buildProhibitedIndex(loadProhibitedList('EU'));
    // Every keyword of the list inside a sentence, plus ordinary goods: each phrase is exercised.
    const descriptions = index.phrases.map((p) => `Gift set with ${p.keyword}, boxed`).concat(['Cotton T-shirt', 'Wireless earbuds with charging case', '手机壳 phone case']);
    let hits = 0;
    for (const description of descriptions) {
      const item = { line: 1, description, quantity: 1 };
      const got = screenItems(index, [item], '2026-11-20T00:00:00Z').map((h) => `${h.entry.id}:${h.matched}`);
      // the naive screen: word look-ups in text order, then every phrase in list order
      const text = ' ' + fold(description) + ' ';
      const seen = new Set<number>();
      const want: string[] = [];
      const add = (e: number, kw: string): void => { if (!seen.has(e)) { seen.add(e); want.push(`${index.list.entries[e].id}:${kw}`); } };
      for (const w of text.split(' ')) if (w) for (const f of index.words.get(w) ?? []) add(f.entry, f.keyword);
      for (const p of index.phrases) if (text.includes(p.text)) add(p.entry, p.keyword);
      assert.deepEqual(got, want, description);
      hits += got.length;
    }
    assert.ok(hits >= index.phrases.length);
  });
});

describe('fast time parsing', () => {
  it('parses every time Date.parse parses, to the same millisecond, and fails where it fails', async () => {
    const { parseTime } = await import('../../src/risk/keys.js');
    const samples = [
      '2026-11-20T08:15:00Z', '2026-11-20T08:15:00.123Z', '2024-02-28T23:59:59Z', '2024-02-29T00:00:00Z', '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z', '2026-11-20T24:00:00Z', '2026-11-20T08:15:00+01:00', '2026-11-20T08:15Z', '2026-11-20', 'garbage',
      '2026-11-2xT08:15:00Z', '1999-12-31T23:59:59.999Z', '2026-11-20T08:15:00.12Z',
    ];
    const r = prng(5);
    for (let i = 0; i < 500; i++) samples.push(new Date(Date.UTC(2000, 0, 1) + Math.floor(r() * 40 * 365 * 86_400_000)).toISOString());
    for (const s of samples) assert.deepEqual(parseTime(s), Date.parse(s), s);
  });
});
