/**
 * Prohibited and restricted goods as senders actually write them (FoS Technical Specifications
 * 8.1.3): other languages, plurals, typing errors, word order; and the ICS2-style pre-loading
 * outcome for every FoS 8.1.3 area, not only arms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildProhibitedIndex, keywordMatches, screenItems } from '../../src/risk/prohibited.js';
import { loadProhibitedList, loadSampleWatchLists } from '../../src/risk/reference.js';
import { createRiskEngine } from '../../src/risk/engine.js';
import { fold } from '../../src/risk/normalise.js';
import type { RuleSet } from '../../src/risk/rule-types.js';
import { JURISDICTIONS } from '../../src/domain/message.js';
import { sharedDataPath } from '../../src/domain/paths.js';
import { PRODUCTS } from '../../src/simulate/catalogue.js';
import { context, items } from './fixtures.js';

const AT = '2026-11-20T08:15:00Z';
const categoryOf = (j: (typeof JURISDICTIONS)[number], description: string, hsCode = '999999'): string[] =>
  screenItems(buildProhibitedIndex(loadProhibitedList(j)), items({ description, hsCode }), AT).map((h) => h.entry.category);

test('controlled goods are found in the languages senders write (translations of FoS 8.1.3 terms; IATE)', () => {
  // description → FoS category; the HS code is an ordinary one, so only the words can find them
  const cases: [string, string][] = [
    ['Munizioni calibro 9', 'arms-explosives'],        // it
    ['Vuurwerk pakket, 25 stuks', 'arms-explosives'],   // nl
    ['Kastet stalowy', 'arms-explosives'],              // pl
    ['Sustalı bıçak, paslanmaz', 'arms-explosives'],    // tr (folded: sustali bicak)
    ['Figura de marfim esculpida', 'cites'],            // pt
    ['Statuetta in avorio', 'cites'],                   // it
    ['Резная слоновая кость', 'cites'],                 // ru
    ['Nasiona pomidorów do wysiewu', 'phytosanitary'],  // pl
    ['Levende planten, vetplanten', 'phytosanitary'],   // nl
    ['Kokaina', 'drugs-precursors'],                    // pl
  ];
  for (const j of JURISDICTIONS) {
    for (const [description, category] of cases) assert.ok(categoryOf(j, description).includes(category), `${j}: ${description} → ${category}`);
  }
});

test('keywords are read through plurals and one typing error, and the word as written is shown', () => {
  const index = buildProhibitedIndex(loadProhibitedList('EU'));
  const cases: [string, string, string | undefined][] = [
    ['Replica pistols, metal', 'pistol', 'pistols'],              // plural
    ['Revolvr holster set', 'revolver', 'revolvr'],               // a letter missing
    ['Amunition box 50 rounds', 'ammunition', 'amunition'],       // a letter missing
    ['Fentanly test strips', 'fentanyl', 'fentanly'],             // two letters swapped
    ['Carved elefant ivory', 'ivory', undefined],                 // exact word: nothing to show
  ];
  for (const [description, keyword, written] of cases) {
    const hit = screenItems(index, items({ description, hsCode: '999999' }), AT).find((h) => h.matched === keyword);
    assert.ok(hit, description);
    assert.equal(hit.written, written, description);
  }
  const reason = createRiskEngine({ ruleset: { id: 'none', version: '1', rules: [] }, reconciliation: false, splitting: false, parties: false, dataQuality: false })
    .assess({ id: 'T', jurisdiction: 'EU', declaration: { transportDocument: { type: 'hawb', number: '1' }, items: items({ description: 'Revolvr holster set', hsCode: '420500' }) }, orders: [], payments: [], inspections: [], agencyDecisions: [] }, context())
    .reasons.find((r) => r.code === 'prohibited-goods');
  assert.ok(reason);
  assert.match(reason.message, /by keyword "revolver" \(written "revolvr"\)/);
});

test('typing-error tolerance leaves ordinary goods words alone: no word of the HS nomenclature or the catalogue is read as a misspelt keyword', () => {
  // Every word of the HS 2022 descriptions and of the simulated catalogue, screened alone: the only
  // tolerant matches allowed are plurals of the listed word and compounds that are themselves
  // controlled (mercuric compounds, amfetamine: the INN spelling).
  const words = new Set<string>();
  for (const line of readFileSync(sharedDataPath('harmonized-system', 'harmonized-system-hs2022.csv'), 'utf8').split('\n')) for (const w of fold(line).split(' ')) if (w.length >= 4 && !/\d/.test(w)) words.add(w);
  for (const p of PRODUCTS) for (const d of p.descriptions) for (const w of fold(d).split(' ')) words.add(w);
  for (const w of ['heroine', 'pistolet', 'imitation', 'karabiner', 'grained', 'heroic']) words.add(w);
  const allowed = new Set(['mercuric', 'amfetamine']);
  for (const j of JURISDICTIONS) {
    const index = buildProhibitedIndex(loadProhibitedList(j));
    for (const w of words) {
      for (const m of keywordMatches(index, w)) {
        if (m.written === undefined || allowed.has(w)) continue;
        const kw = fold(m.keyword);
        assert.ok(w === kw + 's' || w === kw + 'es', `${j}: "${w}" read as "${m.keyword}"`);
      }
    }
  }
});

test('an automatic knife is referred in the EU whatever the word order (no EU-wide measure: WaffG Anlage 2, Wet wapens en munitie); a pocket knife and an automatic umbrella are not', () => {
  for (const description of ['Folding knife, automatic spring opening', 'Automatic knife, black', 'Springmesser mit Clip', 'Couteau à ouverture automatique']) {
    const hit = screenItems(buildProhibitedIndex(loadProhibitedList('EU')), items({ description, hsCode: '821193' }), AT).find((h) => h.entry.id === 'EU-knives-national');
    assert.ok(hit, description);
    assert.equal(hit.entry.measure, 'restricted');
    assert.match(hit.entry.source, /Waffengesetz/);
  }
  // where automatic knives are prohibited outright, "opens automatically" is the legal test (15 U.S.C. 1241; RoOWA 1959 s.1; Criminal Code s.84)
  for (const j of ['US', 'GB', 'CA'] as const) assert.ok(categoryOf(j, 'Folding knife, automatic spring opening', '821193').includes('arms-explosives'), j);
  assert.deepEqual(categoryOf('EU', 'Folding pocket knife, 7 cm blade', '821193'), []);
  assert.deepEqual(categoryOf('EU', 'Automatic open and close umbrella', '660191'), []);
});

test('every list entry with added translations names where they come from, and every entry keeps its date and legal source', () => {
  for (const j of JURISDICTIONS) {
    for (const e of loadProhibitedList(j).entries) {
      assert.ok(e.source.length > 10 && !Number.isNaN(Date.parse(e.validFrom)), `${j} ${e.id}`);
      if (e.keywords.nl || e.keywords.pl || e.keywords.tr) assert.match(e.keywordsSource ?? '', /iate\.europa\.eu/, `${j} ${e.id}`);
    }
  }
});

// ---- pre-loading (ICS2-style) outcomes --------------------------------------------------------

const noRules: RuleSet = { id: 'none', version: '1', rules: [] };
const preLoading = (description: string, hsCode: string, consignor = 'A Co') => ({
  id: 'P', jurisdiction: 'EU' as const,
  preLoading: { transportDocument: { type: 'hawb', number: '1' }, transportMode: 'air' as const, grossMassKg: 1, consignor: { name: consignor, address: { country: 'CN' } }, consignee: { name: 'B', address: { street: 's', country: 'NL' } }, items: [{ line: 1, description, hsCode }] },
  preLoadedAt: '2026-11-20T00:00:00Z', orders: [], payments: [], inspections: [], agencyDecisions: [],
});

test('before loading, restricted goods of any FoS 8.1.3 area get a request for information naming the agency\'s permit; arms get a request for screening', () => {
  const engine = createRiskEngine({ ruleset: noRules, reconciliation: false, splitting: false, parties: false, dataQuality: false });
  const cases: [string, string, string, RegExp][] = [
    ['Vegetable seeds for sowing', '120991', 'request-for-information', /phytosanitary.*national plant protection organisation's permit, licence or certificate/],
    ['Carved ivory figurine', '960110', 'request-for-information', /cites/],
    ['Pistol slide and trigger assembly', '930510', 'request-for-screening', /./],
    ['Cotton T-shirt', '610910', 'assessment-complete', /^$/],
  ];
  for (const [description, hsCode, outcome, question] of cases) {
    const a = engine.assess(preLoading(description, hsCode), context());
    assert.equal(a.preLoading, outcome, description);
    if (outcome === 'request-for-information') assert.ok(a.requestsForInformation.some((q) => question.test(q)), `${description}: ${JSON.stringify(a.requestsForInformation)}`);
  }
});

test('before loading, a consignor on a watch list gets a request for information, not only points (FoS TS 2.3.4)', () => {
  const engine = createRiskEngine({ ruleset: noRules, watchLists: loadSampleWatchLists(), reconciliation: false, splitting: false, parties: false, dataQuality: false });
  const listed = engine.assess(preLoading('Cotton T-shirt', '610910', 'Shenzhen Bright Star Trading Co., Ltd.'), context());
  assert.equal(listed.preLoading, 'request-for-information');
  assert.ok(listed.requestsForInformation.some((q) => /full identity .* of the consignor/.test(q)), JSON.stringify(listed.requestsForInformation));
  // the filer is asked, not told: no list, entry or reason in the questions
  assert.ok(listed.requestsForInformation.every((q) => !/OFF-1|list|IPR/i.test(q)), JSON.stringify(listed.requestsForInformation));
  assert.ok(listed.reasons.some((r) => r.code === 'watchlist-match'));
  assert.equal(engine.assess(preLoading('Cotton T-shirt', '610910', 'Rotterdam Knitwear B.V.'), context()).preLoading, 'assessment-complete');
});
