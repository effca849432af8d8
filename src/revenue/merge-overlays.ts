/**
 * Imported tariffs and rate tables (`luxor tariff import`, `luxor rates import`) laid over the shipped
 * reference. Pure: the shell reads the overlays from the store and hands them here in import order.
 */
import type { Jurisdiction } from '../domain/message.js';
import { addDays } from './lookup.js';
import type { ExchangeRateEntry, RevenueReference, TariffEntry } from './types.js';

export type RevenueOverlay =
  | { kind: 'tariff'; jurisdiction: Jurisdiction; from: string; entries: TariffEntry[]; replace: boolean }
  | { kind: 'rates'; jurisdiction: Jurisdiction; entries: ExchangeRateEntry[] };

const END = '9999-12-31';
const overlap = (a: { from: string; to?: string }, b: { from: string; to?: string }) => a.from <= (b.to ?? END) && b.from <= (a.to ?? END);

/**
 * Later overlays win. A tariff import valid from D closes, the day before D, every earlier entry it
 * supersedes (all non-preferential entries when `replace`, else those of the same codes), so the
 * timeline keeps the old law for older consignments. An imported rate replaces the rates of the same
 * currency whose validity it overlaps.
 */
export function mergeRevenueOverlays(reference: RevenueReference, overlays: RevenueOverlay[]): RevenueReference {
  const out: RevenueReference = { ...reference };
  for (const overlay of overlays) {
    const base = out[overlay.jurisdiction];
    if (!base) throw new RangeError(`no ${overlay.jurisdiction} profile to import into`);
    if (overlay.kind === 'tariff') {
      const codes = new Set(overlay.entries.filter((e) => e.preference === undefined).map((e) => e.hs));
      const superseded = (e: TariffEntry) => e.preference === undefined && (overlay.replace || codes.has(e.hs));
      const kept: TariffEntry[] = [];
      for (const e of base.tariff) {
        if (!superseded(e) || (e.to !== undefined && e.to < overlay.from)) kept.push(e);
        else if (e.from < overlay.from) kept.push({ ...e, to: addDays(overlay.from, -1) });
      }
      out[overlay.jurisdiction] = { ...base, tariff: [...kept, ...overlay.entries] };
    } else {
      const kept = base.exchangeRates.filter((e) => !overlay.entries.some((r) => r.currency === e.currency && overlap(e, r)));
      out[overlay.jurisdiction] = { ...base, exchangeRates: [...kept, ...overlay.entries] };
    }
  }
  return out;
}
