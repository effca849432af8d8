/** Synthetic platform outcomes with a planted signal: some sellers and one HS code cheat. */
import type { AssessmentContext, ConsignmentFacts } from '../../src/clearance/seam.js';
import { Prng } from '../../src/model/prng.js';
import type { LabelledConsignment, SelectedBy } from '../../src/model/registry.js';

const HS = ['850760', '610910', '640411', '420222', '950300'];
const ORIGINS = ['CN', 'VN', 'TR', 'US'];

export function consignment(i: number, r: Prng, day: number): { facts: ConsignmentFacts; context: AssessmentContext; risky: boolean } {
  const seller = `S${r.int(30)}`;
  const hs = HS[r.int(HS.length)]!;
  const badSeller = Number(seller.slice(1)) < 5;
  const undervalued = r.next() < 0.3;
  const price = (undervalued ? 2 : 20) + r.int(100) / 10;
  const declaredAt = new Date(Date.UTC(2026, 0, 1 + day, r.int(24))).toISOString();
  const facts: ConsignmentFacts = {
    id: `C${i}`,
    jurisdiction: 'EU',
    declaredBy: `P${r.int(3)}`,
    declaredAt,
    declaration: {
      transportDocument: { type: 'house-waybill', number: `H${i}` },
      transportMode: 'air',
      loadingPlace: r.next() < 0.5 ? 'CNSZX' : 'HKHKG',
      destinationCountry: 'NL',
      grossMassKg: 0.5 + r.int(20) / 10,
      seller: { id: seller, address: { country: 'CN' } },
      buyer: { id: `B${r.int(500)}`, address: { country: 'NL' } },
      invoice: { currency: 'EUR', itemsTotal: price.toFixed(2) },
      items: [{ line: 1, description: 'goods', hsCode: hs, quantity: 1, netMassKg: 0.4, unitPrice: price.toFixed(2), origin: ORIGINS[r.int(ORIGINS.length)]! }],
    },
    orders: [],
    payments: [],
    inspections: [],
    agencyDecisions: [],
  };
  const context: AssessmentContext = {
    now: declaredAt,
    recent: [],
    parties: { [`id:${seller}`]: { key: `id:${seller}`, consignments: day, inspected: Math.floor(day / 4), findings: badSeller ? Math.floor(day / 8) : 0 } },
    versions: {},
  };
  return { facts, context, risky: badSeller && (undervalued || hs === '850760') };
}

export function outcomes(n: number, seed: number, startDay = 0): LabelledConsignment[] {
  const r = new Prng(seed);
  const out: LabelledConsignment[] = [];
  for (let i = 0; i < n; i++) {
    const day = startDay + Math.floor((i * 90) / n);
    const { facts, context, risky } = consignment(i, r, day);
    const random = r.next() < 0.4;
    const selectedBy: SelectedBy = random ? 'random' : 'rule';
    const nonCompliant = r.next() < (risky ? 0.85 : 0.01);
    out.push({
      facts, context, decidedAt: new Date(Date.parse(facts.declaredAt!) + 86_400_000).toISOString(), nonCompliant,
      ...(nonCompliant ? { revenueAtStake: (5 + r.int(1000) / 100).toFixed(2) } : { revenueAtStake: '0' }),
      selectedBy, ...(random ? { selectionProbability: 0.02 } : {}),
    });
  }
  return out;
}
