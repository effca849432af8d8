import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Decimal } from '../../src/domain/decimal.js';
import type { DeclarationMessage, Message, OrderMessage, PaymentMessage, TransportMessage } from '../../src/domain/message.js';
import { sharedDataPath } from '../../src/domain/paths.js';
import { currencyMinorDigits, isCountry } from '../../src/intake/codes.js';
import { checkIdentifier, knownScheme } from '../../src/intake/identifiers.js';
import { validateMessage } from '../../src/intake/validate-message.js';
import { CONTROLLED_GOODS, NATIONAL_LINES, PRODUCTS, VAGUE_DESCRIPTIONS, declaredCode } from '../../src/simulate/catalogue.js';
import { loadRevenueReference } from '../../src/revenue/index.js';
import { isValidS10 } from '../../src/simulate/check-digits.js';
import { generateTraffic, iterateTraffic, simulatedOrganisations, type GroundTruth, type SimulatedEvent } from '../../src/simulate/generate.js';
import { simulatedOffenders } from '../../src/simulate/offenders.js';
import { PROFILES } from '../../src/simulate/places.js';

const START = '2026-11-20T00:00:00Z';
const traffic = generateTraffic({ seed: 20261120, consignments: 3000, start: START, violationRate: 0.25 });

function byConsignment(events: readonly SimulatedEvent[]): Map<string, { truth: GroundTruth; messages: Message[] }> {
  const map = new Map<string, { truth: GroundTruth; messages: Message[] }>();
  for (const e of events) {
    if (!e.truth) continue;
    const entry = map.get(e.truth.consignmentKey) ?? { truth: e.truth, messages: [] };
    entry.messages.push(e.message);
    map.set(e.truth.consignmentKey, entry);
  }
  return map;
}
const consignments = byConsignment(traffic.events);
const find = <T extends Message['type']>(messages: Message[], type: T) => messages.find(m => m.type === type) as Extract<Message, { type: T }> | undefined;

describe('simulated traffic: determinism', () => {
  it('gives identical traffic for the same seed', () => {
    const a = generateTraffic({ seed: 5, consignments: 300, start: START });
    const b = generateTraffic({ seed: 5, consignments: 300, start: START });
    assert.deepEqual(a, b);
  });
  it('gives different traffic for a different seed', () => {
    const a = generateTraffic({ seed: 5, consignments: 300, start: START });
    const b = generateTraffic({ seed: 6, consignments: 300, start: START });
    assert.notDeepEqual(a.events.map(e => e.message), b.events.map(e => e.message));
    assert.notDeepEqual(a.organisations, b.organisations);
  });
  it('yields from the iterator exactly the events of generateTraffic', () => {
    const full = generateTraffic({ seed: 11, consignments: 500, start: START });
    assert.deepEqual([...iterateTraffic({ seed: 11, consignments: 500, start: START })], full.events);
  });
  it('makes exactly the number of consignments asked for', () => {
    assert.equal(consignments.size, 3000);
    assert.equal(byConsignment(generateTraffic({ seed: 2, consignments: 1, start: START }).events).size, 1);
    assert.equal(generateTraffic({ seed: 2, consignments: 0, start: START }).events.length, 0);
  });
  it('refuses a start without a zone', () => {
    assert.throws(() => generateTraffic({ seed: 1, consignments: 1, start: '2026-11-20T00:00:00' }), RangeError);
  });
});

describe('simulated traffic: every message is valid', () => {
  it('passes the intake validator (validateMessage) for every message', () => {
    for (const e of traffic.events) {
      const result = validateMessage(JSON.parse(JSON.stringify(e.message)));
      assert.ok(result.ok, `${e.message.messageId}: ${JSON.stringify(result.ok ? '' : result.problems)}`);
    }
  });

  it('follows the conventions of shared/examples: amounts, times, countries, places, HS codes', () => {
    const time = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
    const checkAmount = (value: unknown, currency: string, where: string): void => {
      assert.equal(typeof value, 'string', where);
      assert.ok(Decimal.isDecimalString(value), where);
      assert.ok(Decimal.parse(value as string).significantScale() <= (currencyMinorDigits(currency) ?? 2), `${where}: ${value}`);
      assert.ok(!(value as string).startsWith('-'), where);
    };
    const walk = (node: unknown, path: string, currency: string | undefined): void => {
      if (Array.isArray(node)) { node.forEach((n, i) => walk(n, `${path}/${i}`, currency)); return; }
      if (node === null || typeof node !== 'object') return;
      const rec = node as Record<string, unknown>;
      const cur = typeof rec.currency === 'string' ? rec.currency : currency;
      for (const [k, v] of Object.entries(rec)) {
        const where = `${path}/${k}`;
        if (['amount', 'itemsTotal', 'transportCost', 'insuranceCost', 'taxCollected', 'unitPrice', 'revenueAtStake'].includes(k)) checkAmount(v, cur!, where);
        else if (['sentAt', 'paidAt', 'arrivedAt', 'exportedAt', 'expectedArrival', 'inspectedAt'].includes(k)) assert.match(v as string, time, where);
        else if (['country', 'destinationCountry', 'origin'].includes(k)) assert.ok(isCountry(v as string), `${where}: ${v}`);
        else if (['loadingPlace', 'unloadingPlace', 'location'].includes(k)) assert.match(v as string, /^[A-Z]{2}[A-Z2-9]{3}$/, where);
        else if (k === 'hsCode') assert.match(v as string, /^\d{6,10}$/, where);
        else if (k === 'date') assert.match(v as string, /^\d{4}-\d\d-\d\d$/, where);
        else walk(v, where, cur);
      }
    };
    for (const e of traffic.events) walk(e.message, e.message.messageId, undefined);
  });

  it('sorts events by time, and each event is at its message\'s sentAt', () => {
    for (let i = 1; i < traffic.events.length; i++) assert.ok(traffic.events[i - 1]!.at <= traffic.events[i]!.at, `event ${i}`);
    for (const e of traffic.events) assert.equal(e.at, e.message.sentAt);
    assert.ok(traffic.events[0]!.at >= START);
  });

  it('keeps messageId unique per sender', () => {
    const seen = new Set<string>();
    for (const e of traffic.events) {
      const key = `${e.message.sender.id}\u0000${e.message.messageId}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
    }
  });

  it('lists every sender among the organisations, each identifier valid for its scheme', () => {
    const orgs = new Map(traffic.organisations.map(o => [o.id, o]));
    assert.equal(orgs.size, traffic.organisations.length);
    for (const e of traffic.events) {
      const org = orgs.get(e.message.sender.id);
      assert.ok(org, `unknown sender ${e.message.sender.id}`);
      assert.equal(org.role, e.message.sender.role);
    }
    for (const o of traffic.organisations) for (const id of o.identifiers ?? []) {
      assert.ok(knownScheme(id.scheme), id.scheme);
      assert.ok(checkIdentifier(id.scheme, id.value).ok, `${o.name}: ${id.scheme} ${id.value}`);
    }
    assert.deepEqual(simulatedOrganisations({ seed: 20261120 }), traffic.organisations);
  });

  it('covers the six jurisdictions, the four business models and every message type of a consignment\'s life', () => {
    const jurisdictions = new Set([...consignments.values()].map(c => c.truth.jurisdiction));
    assert.deepEqual([...jurisdictions].sort(), ['AU', 'CA', 'CN', 'EU', 'GB', 'US']);
    const models = new Set([...consignments.values()].map(c => c.truth.model));
    assert.deepEqual([...models].sort(), ['express', 'marketplace', 'post', 'three-party']);
    const types = new Set(traffic.events.map(e => e.message.type));
    for (const t of ['pre-loading', 'declaration', 'order', 'payment', 'transport', 'arrival', 'amendment', 'invalidation', 'return'] as const) assert.ok(types.has(t), t);
  });

  it('gives postal items S10 numbers with a correct check digit, and master air waybills a correct mod-7 digit', () => {
    let s10 = 0, awb = 0;
    for (const e of traffic.events) {
      const m = e.message;
      const docs = m.type === 'arrival' ? m.arrival.transportDocuments : 'consignment' in m ? [m.consignment.transportDocument, m.consignment.masterDocument] : [];
      for (const d of docs) {
        if (d?.type === 'postal-item') { s10++; assert.ok(isValidS10(d.number), d.number); }
        if (d?.type === 'air-waybill') { awb++; const [, serial, check] = /^\d{3}-(\d{7})(\d)$/.exec(d.number)!; assert.equal(Number(serial) % 7, Number(check), d.number); }
      }
    }
    assert.ok(s10 > 100 && awb > 100);
  });

  it('restricts each model to its parties: vendor collection under the ceiling, carriers as indirect representatives, no platform declaration in three-party', () => {
    for (const { truth, messages } of consignments.values()) {
      const declaration = find(messages, 'declaration');
      if (truth.model === 'three-party') {
        assert.equal(declaration, undefined);
        const order = find(messages, 'order')!;
        assert.ok(order && find(messages, 'payment')?.payment.orderId === order.order.id);
        const transport = find(messages, 'transport')!;
        assert.deepEqual(transport.consignment.orderIds, [order.order.id]);
        continue;
      }
      assert.ok(declaration, truth.consignmentKey);
      const c = declaration.consignment;
      if (truth.model === 'marketplace') {
        assert.equal(declaration.sender.role, 'platform');
        const ceiling = PROFILES[truth.jurisdiction].vendorScheme!.ceiling;
        assert.ok(Decimal.parse(c.invoice!.itemsTotal).lte(Decimal.parse(ceiling)));
        assert.equal(c.collection?.model, 'vendor');
      }
      if (truth.model === 'express') {
        assert.equal(declaration.sender.role, 'carrier');
        if (!c.vendorCollection) assert.deepEqual(c.representative, { id: declaration.sender.id, type: 'indirect' });
      }
      if (truth.model === 'post') assert.equal(declaration.sender.role, 'post');
    }
  });

  it('adds up: vendor-collected tax is the destination rate on goods and transport, payment is goods + transport + tax when nothing is hidden', () => {
    let checked = 0;
    for (const { truth, messages } of consignments.values()) {
      const d = find(messages, 'declaration') as DeclarationMessage | undefined;
      if (!d || truth.violations.length > 0 || !d.consignment.vendorCollection) continue;
      const inv = d.consignment.invoice!;
      const goodsAndTransport = Decimal.parse(inv.itemsTotal).add(Decimal.parse(inv.transportCost!));
      const lineTotal = d.consignment.items.reduce((s, i) => s.add(Decimal.parse(i.unitPrice!).mul(Decimal.of(i.quantity!))), Decimal.ZERO);
      assert.ok(lineTotal.eq(Decimal.parse(inv.itemsTotal)), truth.consignmentKey);
      const tax = Decimal.parse(d.consignment.vendorCollection.taxCollected!);
      const rate = tax.div(goodsAndTransport.isZero() ? Decimal.ONE : goodsAndTransport, 3, 'half-up');
      // EU rates of shared/data/vat-rates (NL 21 %, DE 19 %, ...), GB VAT 20 %, AU GST 10 %.
      assert.ok(['0.100', '0.190', '0.200', '0.210', '0.220', '0.230', '0.250'].includes(rate.toString()) || goodsAndTransport.lt(Decimal.of(10)), `${truth.consignmentKey} rate ${rate}`);
      assert.ok(Decimal.parse(d.consignment.payment!.amount!).eq(goodsAndTransport.add(tax)), truth.consignmentKey);
      checked++;
    }
    assert.ok(checked > 100, `${checked}`);
  });
});

describe('simulated traffic: violations and their ground truth', () => {
  it('labels consignments at the configured rate', () => {
    for (const rate of [0.1, 0.25]) {
      const t = rate === 0.25 ? traffic : generateTraffic({ seed: 3, consignments: 3000, start: START, violationRate: rate });
      const all = [...byConsignment(t.events).values()];
      const share = all.filter(c => c.truth.violations.length > 0).length / all.length;
      // Binomial standard deviation at n = 3,000 is under 0.008 (more with split groups): allow about four of them.
      assert.ok(Math.abs(share - rate) < 0.03, `rate ${rate}: measured ${share}`);
    }
    const clean = [...byConsignment(generateTraffic({ seed: 3, consignments: 500, start: START, violationRate: 0 }).events).values()];
    assert.equal(clean.filter(c => c.truth.violations.length > 0).length, 0);
  });

  it('draws every kind of violation', () => {
    const labels = new Set([...consignments.values()].flatMap(c => c.truth.violations));
    for (const v of ['undervaluation', 'split-shipment', 'prohibited', 'restricted', 'counterfeit', 'vague-description', 'wrong-hs-code', 'known-offender',
      'mismatch-amount', 'mismatch-quantity', 'mismatch-consignee', 'late-declaration', 'late-pre-loading', 'late-transport']) assert.ok(labels.has(v as never), v);
  });

  it('marks non-compliant exactly the consignments an inspection would find at fault', () => {
    for (const { truth } of consignments.values()) {
      const found = truth.violations.some(v => !['known-offender', 'late-declaration', 'late-pre-loading', 'late-transport'].includes(v));
      assert.equal(truth.nonCompliant, found, truth.consignmentKey);
    }
  });

  it('splits a purchase into parcels of the same buyer and seller, each under the threshold, together over it, within hours', () => {
    const groups = new Map<string, DeclarationMessage[] | OrderMessage[]>();
    for (const { truth, messages } of consignments.values()) {
      if (!truth.splitGroup) continue;
      const m = (find(messages, 'declaration') ?? find(messages, 'order'))!;
      const list = (groups.get(truth.splitGroup) ?? []) as (DeclarationMessage | OrderMessage)[];
      list.push(m);
      groups.set(truth.splitGroup, list as DeclarationMessage[]);
    }
    assert.ok(groups.size > 20);
    for (const [group, list] of groups) {
      assert.ok(list.length >= 2, group);
      const parts = (list as (DeclarationMessage | OrderMessage)[]).map(m => m.type === 'declaration'
        ? { buyer: m.consignment.buyer!.name, seller: m.consignment.seller!.name, total: m.consignment.invoice!.itemsTotal, j: m.jurisdiction }
        : { buyer: m.order.buyer!.name, seller: m.order.seller!.name, total: m.order.itemsTotal, j: m.jurisdiction });
      const threshold = Decimal.parse(PROFILES[parts[0]!.j].splitThreshold!);
      assert.equal(new Set(parts.map(p => p.buyer)).size, 1, group);
      assert.equal(new Set(parts.map(p => p.seller)).size, 1, group);
      let sum = Decimal.ZERO;
      for (const p of parts) { assert.ok(Decimal.parse(p.total).lt(threshold), `${group} ${p.total}`); sum = sum.add(Decimal.parse(p.total)); }
      assert.ok(sum.gt(threshold), `${group}: ${sum} ≤ ${threshold}`);
    }
  });

  it('undervalues far below the real price, with the revenue at stake recorded', () => {
    const under = [...consignments.values()].filter(c => c.truth.violations.includes('undervaluation'));
    assert.ok(under.length > 50);
    for (const { truth } of under) {
      const m = /declared ([\d.]+) \w+, real value ([\d.]+)/.exec(truth.details.join(' '))!;
      assert.ok(Decimal.parse(m[1]!).mul(Decimal.parse('3')).lt(Decimal.parse(m[2]!)) || Decimal.parse(m[1]!).lt(Decimal.of(5)), truth.details.join());
      assert.ok(truth.revenueAtStake && Decimal.parse(truth.revenueAtStake).gt(Decimal.ZERO), truth.consignmentKey);
    }
  });

  it('describes vaguely, classifies in a wrong chapter, and names controlled goods as the labels say', () => {
    const vague = new Set(VAGUE_DESCRIPTIONS);
    const controlledCodes = new Set(CONTROLLED_GOODS.flatMap(g => [g.hsCode, g.disguised.hsCode]));
    for (const { truth, messages } of consignments.values()) {
      const items = find(messages, 'declaration')?.consignment.items ?? find(messages, 'order')?.order.items ?? [];
      if (truth.violations.includes('vague-description')) assert.ok(items.some(i => vague.has(i.description)), truth.consignmentKey);
      else assert.ok(!items.some(i => vague.has(i.description)), truth.consignmentKey);
      if (truth.violations.includes('wrong-hs-code')) {
        const [, declaredAs, line, real] = /line (\d+) \("[^"]*"\) is HS (\d+), declared as (\d+)/.exec(truth.details.join(' '))!.map(String) as [string, string, string, string];
        void declaredAs;
        assert.notEqual(line.slice(0, 2), real.slice(0, 2));
        assert.ok(items.some(i => i.hsCode?.startsWith(real)), 'the wrong subheading, at the national level where the jurisdiction has one');
      }
      if (truth.violations.includes('prohibited') || truth.violations.includes('restricted')) assert.ok(items.some(i => controlledCodes.has(i.hsCode!.slice(0, 6))), truth.consignmentKey);
    }
  });

  it('names known offenders with a variant of their canonical name', () => {
    const offenders = new Map(simulatedOffenders().map(o => [o.id, o]));
    let n = 0;
    for (const { truth, messages } of consignments.values()) {
      if (!truth.violations.includes('known-offender')) continue;
      const o = offenders.get(truth.offenderId!)!;
      const d = find(messages, 'declaration');
      const order = find(messages, 'order');
      const name = o.role === 'seller' ? (d?.consignment.seller?.name ?? order?.order.seller?.name) : (d?.consignment.buyer?.name ?? order?.order.buyer?.name);
      assert.ok(name, truth.consignmentKey);
      assert.notEqual(name, o.name);
      n++;
    }
    assert.ok(n > 20);
  });

  it('makes order, payment and transport disagree where a mismatch is labelled, and agree elsewhere', () => {
    for (const { truth, messages } of consignments.values()) {
      if (truth.model !== 'three-party') continue;
      const order = find(messages, 'order') as OrderMessage;
      const payment = find(messages, 'payment') as PaymentMessage;
      const transport = find(messages, 'transport') as TransportMessage;
      const expected = Decimal.parse(order.order.itemsTotal).add(Decimal.parse(order.order.transportCost!)).add(Decimal.parse(order.order.vendorCollection?.taxCollected ?? '0'));
      assert.equal(!Decimal.parse(payment.payment.amount).eq(expected), truth.violations.includes('mismatch-amount'), truth.consignmentKey);
      const qtyDiffers = order.order.items.some((i, k) => transport.consignment.items![k]!.quantity !== i.quantity);
      assert.equal(qtyDiffers, truth.violations.includes('mismatch-quantity'), truth.consignmentKey);
      assert.equal(transport.consignment.consignee!.name !== order.order.buyer!.name, truth.violations.includes('mismatch-consignee'), truth.consignmentKey);
    }
  });

  it('sends data late where late data is labelled, and in time elsewhere', () => {
    for (const { truth, messages } of consignments.values()) {
      const arrival = find(messages, 'arrival');
      if (!arrival) { assert.ok(truth.invalidated, truth.consignmentKey); continue; }
      const declaration = find(messages, 'declaration');
      const transport = find(messages, 'transport');
      const preLoading = find(messages, 'pre-loading');
      if (declaration) assert.equal(declaration.sentAt > arrival.arrival.arrivedAt, truth.violations.includes('late-declaration'), truth.consignmentKey);
      if (transport) assert.equal(transport.sentAt > arrival.arrival.arrivedAt, truth.violations.includes('late-transport'), truth.consignmentKey);
      if (preLoading && !truth.violations.includes('late-pre-loading')) assert.ok(preLoading.sentAt < preLoading.consignment.expectedArrival! || preLoading.sentAt < arrival.arrival.arrivedAt);
    }
  });
});

describe('simulated traffic: catalogue and speed', () => {
  it('uses only HS 2022 subheadings (shared/data/harmonized-system)', () => {
    const csv = readFileSync(sharedDataPath('harmonized-system', 'harmonized-system-hs2022.csv'), 'utf8');
    const codes = new Set(csv.split('\n').map(l => l.split(',')[1]));
    for (const p of PRODUCTS) assert.ok(codes.has(p.hsCode), `${p.key} ${p.hsCode}`);
    for (const g of CONTROLLED_GOODS) { assert.ok(codes.has(g.hsCode), g.key); assert.ok(codes.has(g.disguised.hsCode), g.key); }
    const chapters = new Set(PRODUCTS.map(p => p.hsCode.slice(0, 2)));
    for (const c of ['33', '39', '42', '61', '62', '63', '64', '65', '69', '71', '84', '85', '90', '91', '94', '95', '96']) assert.ok(chapters.has(c), c);
  });

  it('declares national tariff lines that exist in the jurisdiction\'s tariff and refine the product\'s subheading', () => {
    const revenue = loadRevenueReference();
    for (const [subheading, lines] of Object.entries(NATIONAL_LINES)) {
      assert.ok(PRODUCTS.some(p => p.hsCode === subheading), subheading);
      for (const [j, code] of Object.entries(lines)) {
        assert.ok(code.startsWith(subheading), `${j} ${code}`);
        assert.ok(revenue[j as 'EU']!.tariff.some(t => t.hs === code), `${j} ${code} has a rate in reference/revenue`);
        assert.equal(declaredCode(subheading, j), code);
      }
    }
    assert.equal(declaredCode('610910', 'EU'), '610910');
  });

  it('generates 10,000 consignments through the iterator without holding them', () => {
    // Its speed is measured by bench/simulate.ts, not here.
    let n = 0;
    for (const _ of iterateTraffic({ seed: 99, consignments: 10_000, start: START })) n++;
    assert.ok(n > 25_000);
  });
});
