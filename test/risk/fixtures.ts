/** Consignments and contexts for the risk tests, built from the shared example declaration (shared/examples/declaration-eu-ioss.json). */
import type { AssessmentContext, ConsignmentFacts } from '../../src/clearance/seam.js';
import type { DeclaredConsignment, Item } from '../../src/domain/message.js';

export function declaration(over: Partial<DeclaredConsignment> = {}): DeclaredConsignment {
  return {
    transportDocument: { type: 'house-waybill', number: 'HAWB7712345601' },
    transportMode: 'air',
    carrier: { id: 'BE0123456789', name: 'Example Express SA' },
    loadingPlace: 'CNSZX',
    unloadingPlace: 'BEBRU',
    destinationCountry: 'NL',
    expectedArrival: '2026-11-22T06:00:00Z',
    grossMassKg: 0.45,
    packageCount: 1,
    seller: {
      name: 'Shenzhen Example Electronics Co., Ltd.',
      address: { street: '18 Keyuan Road', city: 'Shenzhen', postcode: '518057', country: 'CN' },
      identifiers: [{ scheme: 'platform-seller-id', value: 'S-88213' }],
    },
    buyer: { name: 'Anna de Vries', address: { street: 'Keizersgracht 100', city: 'Amsterdam', postcode: '1015 AA', country: 'NL' }, email: 'anna@example.nl' },
    order: { id: 'ORD-2026-5512093', date: '2026-11-19', platform: 'IM5280000001' },
    payment: { provider: 'Example Pay', reference: 'PAY-77120931', amount: '54.44', currency: 'EUR' },
    invoice: { currency: 'EUR', itemsTotal: '39.99', transportCost: '5.00', insuranceCost: '0.00' },
    vendorCollection: { scheme: 'IOSS', number: 'IM5280000001', taxCollected: '9.45', currency: 'EUR' },
    collection: { model: 'vendor', payer: 'IM5280000001' },
    transactionType: 'B2C',
    items: [
      { line: 1, description: 'Wireless in-ear headphones, Bluetooth 5.3, with charging case', hsCode: '851830', quantity: 1, unit: 'PCE', netMassKg: 0.2, unitPrice: '29.99', origin: 'CN' },
      { line: 2, description: 'Silicone phone case for 6.1 inch smartphone', hsCode: '392690', quantity: 2, unit: 'PCE', netMassKg: 0.1, unitPrice: '5.00', origin: 'CN' },
    ],
    ...over,
  };
}

export function facts(over: Partial<DeclaredConsignment> = {}, id = 'C-1', extra: Partial<ConsignmentFacts> = {}): ConsignmentFacts {
  return {
    id, jurisdiction: 'EU', declaration: declaration(over), declaredBy: 'IM5280000001', declaredAt: '2026-11-20T08:15:00Z',
    orders: [], payments: [], inspections: [], agencyDecisions: [], ...extra,
  };
}

export function items(...list: Partial<Item>[]): Item[] {
  return list.map((it, i) => ({ line: i + 1, description: 'Cotton T-shirt, short sleeves', hsCode: '610910', quantity: 1, unitPrice: '10.00', netMassKg: 0.2, origin: 'CN', ...it }));
}

export function context(over: Partial<AssessmentContext> = {}): AssessmentContext {
  return { now: '2026-11-20T08:15:01Z', recent: [], parties: {}, versions: { ruleset: 'test' }, ...over };
}
