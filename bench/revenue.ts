/** Cost of one revenue assessment, over a mix of the six jurisdictions (pure computation, reference loaded once). */
import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Decimal } from '../src/domain/decimal.js';
import { repoRoot } from '../src/domain/paths.js';
import type { AssessmentContext, ConsignmentFacts } from '../src/clearance/seam.js';
import type { Item, Jurisdiction } from '../src/domain/message.js';
import { assessRevenue } from '../src/revenue/assess-revenue.js';
import { loadRevenueReference } from '../src/revenue/load-revenue-reference.js';
import type { RevenueReference } from '../src/revenue/types.js';

function consignment(i: number, at = '2026-08-03T10:00:00Z'): { facts: ConsignmentFacts; context: AssessmentContext } {
  const plan: [Jurisdiction, string, string, string[]][] = [
    ['EU', 'EUR', 'NL', ['851830', '392690', '610910']], ['GB', 'GBP', 'GB', ['610910', '392690']], ['AU', 'AUD', 'AU', ['610910', '640411']],
    ['CA', 'CAD', 'ON', ['610910', '640411']], ['US', 'USD', 'US', ['610910', '851830']], ['CN', 'CNY', 'CN', ['851830', '330499']],
  ];
  const [j, currency, region, codes] = plan[i % plan.length];
  // Net mass as the simulator declares it (line total): CN cosmetics need it to test the high-end threshold.
  const items: Item[] = codes.map((hsCode, k) => ({ line: k + 1, description: 'goods', hsCode, quantity: 1 + (i % 3), netMassKg: 0.05 * (1 + (i % 3)), unitPrice: `${10 + ((i * 7 + k * 13) % 200)}.99`, origin: 'CN' }));
  const total = items.reduce((s, it) => s.add(Decimal.parse(it.unitPrice ?? '0').mul(Decimal.of(it.quantity ?? 1))), Decimal.ZERO);
  return {
    facts: {
      id: `b${i}`, jurisdiction: j, declaredAt: at, orders: [], payments: [], inspections: [], agencyDecisions: [],
      declaration: {
        transportDocument: { type: 'house-waybill', number: `B${i}` }, transportMode: i % 4 === 0 ? 'post' : 'air', loadingPlace: 'CNSZX',
        destinationCountry: j === 'EU' ? region : undefined, buyer: { address: { country: j === 'EU' ? region : j, region } },
        invoice: { currency, itemsTotal: total.round(2).toString(), transportCost: '5.00' }, items,
      },
    },
    context: { now: at, recent: [], parties: {}, versions: {} },
  };
}

export async function benchRevenue(reference: RevenueReference = loadRevenueReference()): Promise<{
  revenue_us_per_consignment: number; revenue_mean_us_per_consignment: number; revenue_fresh_us_per_consignment: number;
}> {
  const inputs = Array.from({ length: 600 }, (_, i) => consignment(i));
  // Warm-up until the optimising compiler has seen every path (two passes left it half-compiled:
  // the first timed passes then cost three times the later ones).
  for (let w = 0; w < 20; w++) for (const x of inputs) assessRevenue(x.facts, x.context, reference);
  // CPU time rather than wall time: the benchmark machine is shared, and wall time there measures
  // the neighbours. Best pass, as the rules benchmark reports (others only slow a pass down), and the
  // mean over all passes beside it, GC included.
  const passes = 30;
  let best = Infinity;
  let total = 0;
  for (let p = 0; p < passes; p++) {
    const start = process.cpuUsage();
    for (const x of inputs) assessRevenue(x.facts, x.context, reference);
    const used = process.cpuUsage(start);
    const us = used.user + used.system;
    best = Math.min(best, us);
    total += us;
  }
  const perConsignment = (us: number) => Math.round((us / inputs.length) * 100) / 100;
  // The passes above replay the same 600 objects, which flatters: on the platform every consignment is new
  // (new objects, prices and instant texts). Best pass over consignments never seen before, declared within
  // the same quarter-hour as the others (as live traffic is: a new quarter-hour costs one Intl format per zone).
  const freshPasses = 10;
  const fresh = Array.from({ length: freshPasses }, (_, p) => Array.from({ length: inputs.length }, (_, i) =>
    consignment(100_000 + p * inputs.length + i, `2026-08-03T10:${String(i % 15).padStart(2, '0')}:${String((i * 7 + p) % 60).padStart(2, '0')}Z`)));
  let freshBest = Infinity;
  for (const set of fresh) {
    const start = process.cpuUsage();
    for (const x of set) assessRevenue(x.facts, x.context, reference);
    const used = process.cpuUsage(start);
    freshBest = Math.min(freshBest, used.user + used.system);
  }
  return {
    revenue_us_per_consignment: perConsignment(best), revenue_mean_us_per_consignment: perConsignment(total / passes),
    revenue_fresh_us_per_consignment: perConsignment(freshBest),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchRevenue();
  console.table(result);
  writeFileSync(join(repoRoot(), 'bench', 'results', 'revenue.json'), JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2) + '\n');
}
