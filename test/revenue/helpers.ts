/** Builders for revenue test cases: a declaration from a few figures, and a context. */
import assert from 'node:assert/strict';
import type { AssessmentContext, ConsignmentFacts } from '../../src/clearance/seam.js';
import { JURISDICTIONS, type DeclaredConsignment, type Item, type Jurisdiction } from '../../src/domain/message.js';
import { loadRevenueReference } from '../../src/revenue/load-revenue-reference.js';
import { tariffRate } from '../../src/revenue/lookup.js';
import type { ExchangeRateEntry, RevenueReference } from '../../src/revenue/types.js';

export const shipped: RevenueReference = loadRevenueReference();

/** A copy of the shipped reference with extra exchange rates: test fixtures, labelled as such. */
export function withRates(j: Jurisdiction, rates: ExchangeRateEntry[]): RevenueReference {
  const copy = structuredClone(shipped);
  // A fixture rate replaces any shipped rate of the same currency valid on one of its days (e.g. the labelled
  // November 2026 reference rates), so the figures under test come from the fixture alone.
  const overlaps = (a: ExchangeRateEntry, b: ExchangeRateEntry) => a.currency === b.currency && a.from <= (b.to ?? '9999-12-31') && b.from <= (a.to ?? '9999-12-31');
  copy[j]!.exchangeRates = copy[j]!.exchangeRates.filter((e) => !rates.some((r) => overlaps(e, r)));
  copy[j]!.exchangeRates.push(...rates);
  return copy;
}

export function withParameter(j: Jurisdiction, name: string, value: string): RevenueReference {
  const copy = structuredClone(shipped);
  (copy[j]!.parameters as Record<string, unknown>)[name] = [{ value, from: '0001-01-01', source: 'test override' }];
  return copy;
}

export interface Case {
  j: Jurisdiction;
  at: string;
  items: [hs: string, quantity: number, unitPrice: string, origin?: string][];
  currency?: string;
  transport?: string;
  mode?: DeclaredConsignment['transportMode'];
  from?: string;
  to?: string;
  region?: string;
  type?: DeclaredConsignment['transactionType'];
  vendor?: { scheme: string; number: string; taxCollected?: string };
  model?: 'vendor' | 'intermediary' | 'consumer';
  preference?: string;
  extra?: Partial<Item>;
}

export function facts(c: Case): ConsignmentFacts {
  const currency = c.currency ?? { EU: 'EUR', GB: 'GBP', AU: 'AUD', CA: 'CAD', US: 'USD', CN: 'CNY' }[c.j];
  const items: Item[] = c.items.map(([hsCode, quantity, unitPrice, origin], i) => ({
    line: i + 1, description: `item ${i + 1}`, hsCode, quantity, unitPrice, origin: origin ?? 'CN', preference: c.preference, ...c.extra,
  }));
  let total = 0n;
  for (const it of items) total += BigInt(Math.round(Number(it.unitPrice) * 100)) * BigInt(it.quantity ?? 1);
  const itemsTotal = `${total / 100n}.${(total % 100n).toString().padStart(2, '0')}`;
  const declaration: DeclaredConsignment = {
    transportDocument: { type: 'house-waybill', number: 'T1' },
    transportMode: c.mode ?? 'air',
    loadingPlace: `${c.from ?? 'CN'}XXX`,
    destinationCountry: c.to,
    buyer: { name: 'B', address: { country: c.to ?? c.j, region: c.region } },
    invoice: { currency: currency!, itemsTotal, transportCost: c.transport ?? '0.00', insuranceCost: '0.00' },
    vendorCollection: c.vendor,
    collection: c.model ? { model: c.model } : undefined,
    transactionType: c.type ?? 'B2C',
    items,
  };
  return { id: 'c1', jurisdiction: c.j, declaration, declaredAt: c.at, orders: [], payments: [], inspections: [], agencyDecisions: [] };
}

export function context(at: string, extra: Partial<AssessmentContext> = {}): AssessmentContext {
  return { now: at, recent: [], parties: {}, versions: {}, ...extra };
}

/** A tariff row checked against a page: [jurisdiction, declared code, ad valorem %, page, day it applies (optional)]. */
export type CheckedRate = readonly [j: Jurisdiction, code: string, percent: string, page: string, day?: string];

/** Each checked code gets its ad valorem rate from a shipped row whose source names the page; returns the rows found. */
export function assertCheckedRates(rows: readonly CheckedRate[], day: string): { note?: string }[] {
  const found: { note?: string }[] = [];
  for (const [j, code, percent, page, on] of rows) {
    const answer = tariffRate(shipped[j]!, code, on ?? day, 'GB');
    assert.equal(answer.kind, 'rate', `${j} ${code}`);
    if (answer.kind !== 'rate') continue;
    assert.deepEqual(answer.entry.duty, { adValorem: percent }, `${j} ${code}`);
    assert.ok(answer.entry.source.includes(page), `${j} ${code} names ${page}`);
    found.push(answer.entry);
  }
  return found;
}

/**
 * Asserts that every shipped tariff row whose note says "Checked DAY against PAGE" names that page
 * in its source; `day` is a date or a regular-expression fragment matching any date. Returns how
 * many rows it saw.
 */
export function assertCheckedRowsNameTheirPage(day: string): number {
  const pattern = new RegExp(`^Checked ${day} against (\\S+?):? `);
  let checked = 0;
  for (const j of JURISDICTIONS) {
    for (const row of shipped[j]!.tariff) {
      const m = pattern.exec(row.note ?? '');
      if (!m) continue;
      checked++;
      assert.ok(row.source.includes(m[1].replace(/:$/, '')), `${j} ${row.hs}: ${m[1]} not in its source`);
    }
  }
  return checked;
}
