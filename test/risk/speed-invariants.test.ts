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

describe('generated rule runner', () => {
  it('reports, for a ruleset longer than one generated chunk, exactly the rules whose own test holds, in ruleset order', async () => {
    const { compileRuleSet } = await import('../../src/risk/rule-compile.js');
    const { loadDefaultRuleSet } = await import('../../src/risk/reference.js');
    const base = loadDefaultRuleSet();
    // the default rules repeated past 64 (the chunk size), each copy a distinct id: cost order and ruleset order differ
    const rules = Array.from({ length: 3 * Math.ceil(70 / base.rules.length) }, (_, k) => base.rules.map((r) => ({ ...r, id: `${r.id}#${k}` }))).flat();
    assert.ok(rules.length > 64);
    const compiled = compileRuleSet({ ...base, rules });
    const r = prng(3);
    let fired = 0;
    for (let i = 0; i < 40; i++) {
      const f = consignment();
      const d = f.declaration!;
      d.items[0].hsCode = ['300490', '240412', '850650', '610910'][Math.floor(r() * 4)]; // medicines, e-cigarettes, batteries, none
      d.transportMode = r() < 0.5 ? 'post' : 'air';
      const x = new EvalInput(f, context());
      const got = compiled.evaluate(x).map((h) => h.ruleId);
      // the specification: every enabled rule whose compiled test holds, in the order the ruleset lists them
      const byId = new Map(compiled.rules.map((c) => [c.id, c]));
      const want = rules.filter((rule) => byId.get(rule.id)?.test(new EvalInput(f, context()))).map((rule) => rule.id);
      assert.deepEqual(got, want);
      fired += got.length;
    }
    assert.ok(fired > 0, 'some rule fired');
  });
});

describe('watch-list trigram table', () => {
  it('holds, for every trigram, the same postings as the map, initials first, and no trigram it does not have', async () => {
    const { loadSampleWatchLists } = await import('../../src/risk/reference.js');
    const extra = { id: 'g', name: 'g', source: 'test', points: 40, validFrom: '2020-01-01T00:00:00Z', entries: Array.from({ length: 300 }, (_, i) => ({ id: `g${i}`, kind: 'person' as const, name: i % 7 === 0 ? `A. ${WORDS[i % WORDS.length]} ${i}` : `${WORDS[i % WORDS.length]} ${WORDS[(i * 5) % WORDS.length]} ${i}`, reason: 'test', validFrom: '2020-01-01T00:00:00Z' })) };
    const index = buildWatchIndex([...loadSampleWatchLists(), extra]);
    const { keys, start, initialsEnd, end, postings } = index.trigramTable;
    const slots = new Map<number, number>();
    for (let h = 0; h < keys.length; h++) if (keys[h] !== -1) slots.set(keys[h], h);
    assert.equal(slots.size, index.byTrigram.size);
    let initials = 0;
    for (const [t, list] of index.byTrigram) {
      const h = slots.get(t);
      assert.ok(h !== undefined);
      assert.deepEqual([...postings.subarray(start[h], end[h])], [...list]);
      for (let i = start[h]; i < end[h]; i++) assert.equal(index.letters[postings[i]] < 0, i < initialsEnd[h]);
      initials += initialsEnd[h] - start[h];
    }
    assert.ok(initials > 0, 'names with initials exercised');
  });
});

describe('model probability formatting', () => {
  it('writes a probability with three decimals exactly as toFixed(3) does, ties and bounds included', async () => {
    const { fixed3 } = await import('../../src/risk/engine.js');
    const r = prng(9);
    const samples = [0, 1, 0.0005, 0.0015, 0.0025, 0.1235, 0.9995, 0.5, 0.12345, 1e-9, 0.999999, Number.MIN_VALUE, -0, -0.1, 1.5, Number.NaN];
    for (let i = 0; i < 20_000; i++) samples.push(r(), Math.round(r() * 100_000) / 100_000, (Math.floor(r() * 1000) + 0.5) / 1000);
    for (const p of samples) assert.equal(fixed3(p), p.toFixed(3), String(p));
  });
});

describe('memoised watch-list matching', () => {
  it('still applies the validity of entries at each time asked, whatever was asked before', async () => {
    const { buildWatchIndex, matchParty } = await import('../../src/risk/watchlist.js');
    const { loadSampleWatchLists } = await import('../../src/risk/reference.js');
    const index = buildWatchIndex(loadSampleWatchLists());
    const party = { name: 'Mohammed Al Rashid' }; // OFF-6, valid 2024-01-01 to 2025-01-01
    const ids = (at: string) => matchParty(index, party, at).map((m) => m.entry.id);
    assert.deepEqual(ids('2024-06-01T00:00:00Z'), ['OFF-6']);
    assert.deepEqual(ids('2026-06-01T00:00:00Z'), []);
    assert.deepEqual(ids('2024-06-01T00:00:00Z'), ['OFF-6']);
    // another object with the same content gives the same answer; other content does not
    assert.deepEqual(matchParty(index, { name: 'Mohammed Al Rashid' }, '2024-06-01T00:00:00Z').map((m) => m.entry.id), ['OFF-6']);
    assert.deepEqual(matchParty(index, { name: 'Mohammed Al Rashid', address: { country: 'GB', street: '1 High Street' } }, '2024-06-01T00:00:00Z').length <= 1, true);
  });
});

describe('compiled completeness of the regulated data set', () => {
  it('finds a data set incomplete exactly when the naming walk names a missing element', async () => {
    const { dataQuality } = await import('../../src/risk/reference.js');
    const { facts } = await import('./fixtures.js');
    const complete = dataQuality(facts());
    assert.ok(!complete.reasons.some((r) => r.code === 'dq-incomplete'));
    const cases: [string, (d: Record<string, unknown>) => void][] = [
      ['buyer.address.postcode', (d) => { (d.buyer as { address: Record<string, unknown> }).address.postcode = ' '; }],
      ['invoice.itemsTotal', (d) => { delete (d.invoice as Record<string, unknown>).itemsTotal; }],
      ['items[1].origin', (d) => { delete (d.items as Record<string, unknown>[])[1].origin; }],
      ['grossMassKg', (d) => { d.grossMassKg = null; }],
      ['seller.name', (d) => { d.seller = 'not an object'; }],
    ];
    for (const [field, spoil] of cases) {
      const f = structuredClone(facts());
      spoil(f.declaration as unknown as Record<string, unknown>);
      const r = dataQuality(f).reasons.find((x) => x.code === 'dq-incomplete');
      assert.ok(r, field);
      assert.ok((r.measured as string[]).includes(field), `${field}: ${JSON.stringify(r.measured)}`);
    }
  });
});

describe('memos keyed on the raw party fields', () => {
  it('gives every party the key the unmemoised construction gives, the same name in many countries included', async () => {
    const { createHash } = await import('node:crypto');
    const { partyKey, addressKey } = await import('../../src/risk/keys.js');
    const nameKey = (name: string, country: string | undefined): string => 'name:' + createHash('sha256').update('luxor/party-key/v1\n').update(nameTokens(name).join(' ') + '|' + (country ?? '').toUpperCase()).digest('base64url').slice(0, 22);
    const { addressTokens } = await import('../../src/risk/normalise.js');
    const addrKey = (a: { street?: string; postcode?: string; country: string }): string => 'addr:' + createHash('sha256').update('luxor/party-key/v1\n').update(addressTokens([a.street]).join(' ') + '|' + (a.postcode ?? '').replace(/\s+/g, '').toUpperCase() + '|' + a.country.toUpperCase()).digest('base64url').slice(0, 22);
    const countries = ['NL', 'nl', 'DE', 'GB', 'US', 'CN', 'HK', 'FR', 'IT', 'ES', 'PL', undefined];
    const r = prng(31);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 400; i++) {
        const name = `${WORDS[Math.floor(r() * WORDS.length)]} ${WORDS[Math.floor(r() * WORDS.length)]}`;
        const country = countries[Math.floor(r() * countries.length)];
        const party = country === undefined ? { name } : { name, address: { country } };
        assert.equal(partyKey(party), nameKey(name, country), `${name} ${country}`);
        const a = { street: r() < 0.1 ? undefined : `${Math.floor(r() * 5)} Main St`, postcode: r() < 0.2 ? undefined : ['1015 AA', '1015AA', '10115'][Math.floor(r() * 3)], country: countries[Math.floor(r() * (countries.length - 1))]! };
        assert.equal(addressKey(a), a.street || a.postcode ? addrKey(a) : undefined, JSON.stringify(a));
      }
    }
  });

  it('matches watch lists by content: a new object with the same fields gets the same matches, another address or identifier its own', async () => {
    const { loadSampleWatchLists } = await import('../../src/risk/reference.js');
    const fresh = (): ReturnType<typeof buildWatchIndex> => buildWatchIndex(loadSampleWatchLists());
    const index = fresh();
    const lists = loadSampleWatchLists();
    const at = '2026-11-20T00:00:00Z';
    const r = prng(37);
    const parties: Parameters<typeof matchParty>[1][] = [];
    for (const list of lists) for (const e of list.entries) {
      if (e.name) {
        parties.push({ name: e.name });
        parties.push({ name: e.name, address: e.address });
        parties.push({ name: e.name, address: { country: 'ZZ', street: '9 Elsewhere Road' } });
        parties.push({ name: e.name, identifiers: e.identifiers });
      }
      if (e.address) parties.push({ name: 'Someone Else', address: e.address });
    }
    for (let i = 0; i < 200; i++) parties.push({ name: `${WORDS[Math.floor(r() * WORDS.length)]} ${WORDS[Math.floor(r() * WORDS.length)]}`, address: { country: 'NL', street: `${i % 9} Main Street`, postcode: '1015 AA' } });
    const view = (ms: ReturnType<typeof matchParty>) => ms.map((m) => `${m.listId}/${m.entry.id}/${m.by}/${m.score}`);
    // each party asked in a shuffled order, as new objects, on the shared index, against a fresh index per party
    const order = parties.map((_, i) => i).sort(() => r() - 0.5);
    for (const i of [...order, ...order]) {
      const p = structuredClone(parties[i]);
      assert.deepEqual(view(matchParty(index, p, at)), view(matchParty(fresh(), structuredClone(parties[i]), at)), JSON.stringify(p));
    }
  });
});

describe('misspelt legal forms', () => {
  it('one edit apart, two words share a first-two-letter position (the prefilter before the edit distance)', async () => {
    const { editDistance } = await import('../../src/risk/normalise.js');
    const r = prng(41);
    const forms = ['company', 'companies', 'corporation', 'incorporated', 'limited', 'trading', 'enterprise', 'international', 'industrial', 'liability', 'private', 'sirketi', 'holdings'];
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    let near = 0;
    for (let i = 0; i < 20_000; i++) {
      const f = forms[Math.floor(r() * forms.length)];
      const k = Math.floor(r() * f.length);
      const c = letters[Math.floor(r() * letters.length)];
      const edits = [f.slice(0, k) + c + f.slice(k + 1), f.slice(0, k) + f.slice(k + 1), f.slice(0, k) + c + f.slice(k), k + 1 < f.length ? f.slice(0, k) + f[k + 1] + f[k] + f.slice(k + 2) : f];
      const t = r() < 0.8 ? edits[Math.floor(r() * edits.length)] : Array.from({ length: f.length }, () => letters[Math.floor(r() * letters.length)]).join('');
      if (t.length < 2 || editDistance(t, f, 1) > 1) continue;
      near++;
      assert.ok(t[0] === f[0] || t[0] === f[1] || t[1] === f[0] || t[1] === f[1], `${t} / ${f}`);
    }
    assert.ok(near > 10_000);
  });

  it('still reads a misspelt legal form as one, and a surname as a surname', () => {
    assert.deepEqual(nameTokens('Huaxin Electronic Limiited'), nameTokens('Huaxin Electronic Limited'));
    assert.deepEqual(nameTokens('Jinlong Tradng Co'), ['jinlong']);
    assert.deepEqual(nameTokens('Anna Kowalski'), ['anna', 'kowalski']);
    // an error in the first letter, or the first two swapped, still makes the legal form (a name of legal forms only keeps them)
    for (const n of ['Iompany Ltd', 'Ocmpany Ltd', 'Xcompany Ltd', 'Ompany Ltd']) assert.deepEqual(nameTokens(n), ['company', 'ltd'], n);
    assert.deepEqual(nameTokens('Anna Tradign'), ['anna']);
  });
});

describe('valuation without Decimal on the hot path', () => {
  it('reads a decimal string as the same number as Decimal.parse(text).toNumber()', async () => {
    const { decimalNumber } = await import('../../src/risk/valuation.js');
    const { Decimal } = await import('../../src/domain/decimal.js');
    const r = prng(43);
    const samples = ['0', '-0', '0.0', '-0.00', '1', '12.50', '0.001', '999999999999999', '9999999999999999', '1234567890.12345', '0.1', '0.3', '-12.345', '100000000000000000000.5'];
    for (let i = 0; i < 20_000; i++) {
      const int = String(Math.floor(r() * 10 ** Math.floor(r() * 12)));
      const frac = r() < 0.8 ? '.' + String(Math.floor(r() * 10 ** (1 + Math.floor(r() * 6)))).padStart(1 + Math.floor(r() * 6), '0') : '';
      samples.push((r() < 0.1 ? '-' : '') + int + frac);
    }
    for (const s of samples) {
      if (!Decimal.isDecimalString(s)) continue;
      assert.ok(Object.is(decimalNumber(s), Decimal.parse(s).toNumber()), s);
    }
  });

  it('finds the same outliers from a live reference and from its snapshot, on the same keys', async () => {
    const { ValuationReference } = await import('../../src/risk/valuation.js');
    const r = prng(47);
    const live = new ValuationReference({ minSamples: 5 });
    for (let i = 0; i < 400; i++) live.observe({ hsCode: ['610910', '851830', '640411'][i % 3], currency: 'EUR', unitPrice: (5 + r() * 20).toFixed(2), origin: i % 2 ? 'CN' : 'TR' });
    const items = [{ hsCode: '610910', origin: 'CN' }, { hsCode: '851830', origin: 'VN' }, { hsCode: '640411' }, { hsCode: '640499', origin: 'CN' }];
    const frozen = ValuationReference.fromSnapshot(live.snapshotFor(items, 'EUR'));
    for (const it of items) for (const price of ['0.50', '1.00', '3.00', '12.00', '90.00', '400.00', '0', 'x']) {
      const a = live.outlier(it.hsCode, 'EUR', price, it.origin);
      const b = frozen.outlier(it.hsCode, 'EUR', price, it.origin);
      assert.deepEqual(b, a, `${it.hsCode} ${price}`);
    }
  });
});
