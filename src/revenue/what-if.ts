/** Policy simulation (FoS 6.2.2): re-compute consignments under changed thresholds or rates. */
import { Decimal } from '../domain/decimal.js';
import type { AssessmentContext, ConsignmentFacts } from '../clearance/seam.js';
import { assessRevenue } from './assess-revenue.js';
import type { Jurisdiction } from '../domain/message.js';
import { PARAMETER_NAMES, type ParameterName, type RevenueReference } from './types.js';

export interface WhatIfResult {
  consignments: number;
  baseline: Record<string, string>;
  scenario: Record<string, string>;
  difference: Record<string, string>;
  categoryChanges: number;
  categoryMatrix: Record<string, number>;
}

/**
 * Overrides: a parameter name (`dutyDeMinimis=0`, `flatDutyScope=all-b2c-distance-sales`), or
 * `taxRate.<REGION>=<percent>`; each replaces the value for every date, in the profile of
 * `jurisdiction` (every profile when absent).
 * Totals are per currency (sum of every liability, vendor-collected included).
 */
export function whatIf(
  consignments: { facts: ConsignmentFacts; context: AssessmentContext }[], reference: RevenueReference, overrides: Record<string, string>,
  jurisdiction?: Jurisdiction,
): WhatIfResult {
  const changed: RevenueReference = {};
  for (const [j, profile] of Object.entries(reference)) {
    if (!profile) continue;
    if (jurisdiction !== undefined && j !== jurisdiction) { (changed as Record<string, typeof profile>)[j] = profile; continue; }
    const p = { ...profile, parameters: { ...profile.parameters }, taxRates: { ...profile.taxRates } };
    for (const [key, value] of Object.entries(overrides)) {
      const source = `what-if override ${key}=${value}`;
      if (key.startsWith('taxRate.')) {
        const region = key.slice(8);
        const type = p.taxRates[region]?.[0]?.type ?? 'vat';
        p.taxRates[region] = [{ value, type, from: '0001-01-01', source }];
      } else if ((PARAMETER_NAMES as readonly string[]).includes(key)) {
        p.parameters[key as ParameterName] = [{ value, from: '0001-01-01', source }];
      } else throw new RangeError(`unknown what-if key: ${key}`);
    }
    (changed as Record<string, typeof p>)[j] = p;
  }
  const baseline: Record<string, Decimal> = {};
  const scenario: Record<string, Decimal> = {};
  const matrix: Record<string, number> = {};
  let categoryChanges = 0;
  for (const { facts, context } of consignments) {
    const a = assessRevenue(facts, context, reference);
    const b = assessRevenue(facts, context, changed);
    baseline[a.currency] = (baseline[a.currency] ?? Decimal.ZERO).add(Decimal.parse(a.total));
    scenario[b.currency] = (scenario[b.currency] ?? Decimal.ZERO).add(Decimal.parse(b.total));
    const key = `${a.category ?? '-'}->${b.category ?? '-'}`;
    matrix[key] = (matrix[key] ?? 0) + 1;
    if (a.category !== b.category) categoryChanges++;
  }
  const currencies = new Set([...Object.keys(baseline), ...Object.keys(scenario)]);
  const out = (m: Record<string, Decimal>) => Object.fromEntries([...currencies].map((c) => [c, (m[c] ?? Decimal.ZERO).round(2).toString()]));
  return {
    consignments: consignments.length, baseline: out(baseline), scenario: out(scenario),
    difference: Object.fromEntries([...currencies].map((c) => [c, (scenario[c] ?? Decimal.ZERO).sub(baseline[c] ?? Decimal.ZERO).round(2).toString()])),
    categoryChanges, categoryMatrix: matrix,
  };
}
