import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkUscc } from '../../src/intake/identifiers.js';
import { offenderAddressVariant, offenderNameVariant, simulatedOffenders } from '../../src/simulate/offenders.js';
import { Prng } from '../../src/simulate/prng.js';

/** What a tolerant matcher compares: folded case and accents, no punctuation, no legal form; tokens sorted or in order. */
export function matchKey(name: string, sorted = true): string {
  const legal = new Set(['co', 'company', 'ltd', 'limited', 'llc', 'l', 'c', 'pvt', 'private', 'p', 'sti', 'sirketi', 'inc']);
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i').toLowerCase().replace(/[^a-z0-9 ]+/g, ' ')
    .split(/\s+/).filter(t => t && !legal.has(t)).sort(sorted ? undefined : () => 0).join('');
}

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Token-wise distance: each canonical token against its closest variant token (or two adjacent ones joined: "Hua Xin"). */
function tokenDistance(variant: string, canonical: string): number {
  const v = matchKey(variant, false).length === 0 ? [] : tokens(variant);
  const candidates = [...v, ...v.slice(1).map((t, i) => v[i] + t)];
  return tokens(canonical).reduce((sum, t) => sum + Math.min(t.length, ...candidates.map(c => levenshtein(c, t))), 0);
}

function tokens(name: string): string[] {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ı/g, 'i').toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/)
    .filter(t => t && !['co', 'company', 'ltd', 'limited', 'llc', 'l', 'c', 'pvt', 'private', 'p', 'sti', 'sirketi', 'inc'].includes(t));
}

describe('known offenders and their spelling variants', () => {
  const offenders = simulatedOffenders();

  it('lists companies and persons with unique ids, and valid unified social credit codes', () => {
    assert.ok(offenders.length >= 12);
    assert.equal(new Set(offenders.map(o => o.id)).size, offenders.length);
    assert.ok(offenders.some(o => o.kind === 'person') && offenders.some(o => o.kind === 'organisation'));
    for (const o of offenders) for (const id of o.identifiers ?? []) if (id.scheme === 'CN-USCC') assert.ok(checkUscc(id.value).ok, id.value);
  });

  it('returns a copy: callers cannot change the canonical list', () => {
    offenders[0]!.name = 'changed';
    assert.notEqual(simulatedOffenders()[0]!.name, 'changed');
  });

  it('spells every offender differently from the canonical name, yet close to it (200 variants each)', () => {
    const rng = new Prng(9);
    for (const o of simulatedOffenders()) {
      const canonical = matchKey(o.name);
      const kinds = new Set<string>();
      for (let i = 0; i < 200; i++) {
        const variant = offenderNameVariant(o, rng);
        assert.notEqual(variant, o.name);
        // Word order is undone by sorting the tokens, a changed first letter by keeping their order: take the closer.
        const distance = Math.min(levenshtein(matchKey(variant), canonical), levenshtein(matchKey(variant, false), matchKey(o.name, false)), tokenDistance(variant, o.name));
        assert.ok(distance <= Math.max(3, Math.ceil(canonical.length * 0.4)), `${o.name} → ${variant} (distance ${distance})`);
        kinds.add(variant);
      }
      assert.ok(kinds.size >= 5, `${o.name} has only ${kinds.size} variants`);
    }
  });

  it('writes addresses with abbreviations but the same city and country', () => {
    const rng = new Prng(3);
    for (const o of simulatedOffenders()) {
      const a = offenderAddressVariant(o, rng);
      assert.equal(a.city, o.address.city);
      assert.equal(a.country, o.address.country);
    }
  });
});
