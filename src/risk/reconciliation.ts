/**
 * Data reconciliation (FoS Technical Specifications 2.3.2): what the platform says was ordered,
 * what the payment provider says was paid, what the carrier says it carries and what was
 * declared are cross-checked, each with a tolerance, and every difference is explained.
 *
 * Reasons are recorded in the log, which is never erased: they name no person. The names compared
 * (buyer, payer, consignee) are personal data, sealed with the messages that carried them; an
 * officer reads them there.
 */
import type { ConsignmentFacts, Reason } from '../clearance/seam.js';
import { Decimal } from '../domain/decimal.js';
import type { Amount } from '../domain/message.js';
import { consignmentView } from './keys.js';
import { nameTokens, tokenSetSimilarity } from './normalise.js';

export interface ReconciliationConfig {
  /** Amount differences up to max(absolute, relative × amount) are accepted. */
  amountAbsolute: string;
  amountRelative: string;
  /** Names below this similarity (0..1) are different parties. */
  nameSimilarity: number;
  /** Mass differences up to max(absolute kg, relative × mass) are accepted. */
  massAbsoluteKg: number;
  massRelative: number;
  /** Gross mass above factor × net + absolute suggests undeclared goods. */
  grossOverNetFactor: number;
  points: { amount: number; currency: number; party: number; items: number; mass: number; vendorTax: number };
}

export const DEFAULT_RECONCILIATION: ReconciliationConfig = {
  amountAbsolute: '0.50',
  amountRelative: '0.02',
  nameSimilarity: 0.6,
  massAbsoluteKg: 0.1,
  massRelative: 0.1,
  grossOverNetFactor: 5,
  points: { amount: 15, currency: 10, party: 5, items: 10, mass: 10, vendorTax: 15 },
};

function tolerance(amount: Decimal, cfg: ReconciliationConfig): Decimal {
  return Decimal.parse(cfg.amountAbsolute).max(amount.abs().mul(Decimal.parse(cfg.amountRelative)));
}

function dec(text: Amount | undefined): Decimal | undefined {
  return text !== undefined && Decimal.isDecimalString(text) ? Decimal.parse(text) : undefined;
}

export interface ReconciliationInput {
  /** Tax the revenue engine computes as due under vendor collection, in the vendor-collection currency. */
  computedVendorTax?: Amount;
}

export function reconcile(facts: ConsignmentFacts, cfg: ReconciliationConfig = DEFAULT_RECONCILIATION, input: ReconciliationInput = {}): Reason[] {
  const reasons: Reason[] = [];
  const view = consignmentView(facts);
  const invoice = view.invoice;
  const declaredTotal = dec(invoice?.itemsTotal);

  // order vs declaration: amount, currency, buyer, items and quantities
  for (const order of facts.orders) {
    if (invoice && order.currency !== invoice.currency) {
      reasons.push({ code: 'reconcile-currency', source: 'check', score: cfg.points.currency, message: `order ${order.id} is in ${order.currency}, the declaration in ${invoice.currency}`, measured: order.currency, threshold: invoice.currency });
    } else if (declaredTotal) {
      const ordered = dec(order.itemsTotal);
      if (ordered) {
        const diff = ordered.sub(declaredTotal).abs();
        const tol = tolerance(ordered, cfg);
        if (diff.gt(tol)) reasons.push({ code: 'reconcile-order-amount', source: 'check', score: cfg.points.amount, message: `order ${order.id} items total ${order.itemsTotal} differs from the declared ${invoice?.itemsTotal} by ${diff.toString()}`, measured: diff.toString(), threshold: tol.toString() });
      }
    }
    const declaredBuyer = view.buyer?.name;
    if (declaredBuyer && order.buyer?.name && tokenSetSimilarity(nameTokens(declaredBuyer), nameTokens(order.buyer.name)) < cfg.nameSimilarity) {
      reasons.push({ code: 'reconcile-buyer', source: 'check', score: cfg.points.party, message: `the buyer of order ${order.id} is not the declared buyer (names compared: similarity below ${cfg.nameSimilarity})`, measured: tokenSetSimilarity(nameTokens(declaredBuyer), nameTokens(order.buyer.name)), threshold: cfg.nameSimilarity });
    }
    const declaredItems = view.items ?? [];
    if (declaredItems.length > 0 && order.items.length > 0) {
      const byLine = new Map(declaredItems.map((it) => [it.line, it]));
      const problems: string[] = [];
      if (order.items.length !== declaredItems.length) problems.push(`${order.items.length} order lines, ${declaredItems.length} declared`);
      for (const oi of order.items) {
        const di = byLine.get(oi.line);
        if (!di) { problems.push(`order line ${oi.line} not declared`); continue; }
        if (oi.quantity !== undefined && di.quantity !== undefined && oi.quantity !== di.quantity) problems.push(`line ${oi.line}: ordered ${oi.quantity}, declared ${di.quantity}`);
      }
      if (problems.length > 0) reasons.push({ code: 'reconcile-items', source: 'check', score: cfg.points.items, message: `order ${order.id} and declaration differ: ${problems.join('; ')}`, measured: problems, threshold: 'same lines and quantities' });
    }
  }

  // payment vs declaration: amount paid against goods + transport + insurance (+ tax collected)
  if (invoice && declaredTotal) {
    const transport = dec(invoice.transportCost) ?? Decimal.ZERO;
    const insurance = dec(invoice.insuranceCost) ?? Decimal.ZERO;
    const vc = view.vendorCollection;
    const tax = vc && (vc.currency ?? invoice.currency) === invoice.currency ? dec(vc.taxCollected) ?? Decimal.ZERO : Decimal.ZERO;
    const withoutTax = declaredTotal.add(transport).add(insurance);
    const withTax = withoutTax.add(tax);
    for (const p of facts.payments) {
      if (p.purpose === 'duties') continue;
      if (p.currency !== invoice.currency) {
        reasons.push({ code: 'reconcile-currency', source: 'check', score: cfg.points.currency, message: `payment ${p.reference} is in ${p.currency}, the declaration in ${invoice.currency}`, measured: p.currency, threshold: invoice.currency });
        continue;
      }
      const paid = dec(p.amount);
      if (!paid) continue;
      const tol = tolerance(withTax, cfg);
      const d1 = paid.sub(withTax).abs();
      const d2 = paid.sub(withoutTax).abs();
      if (d1.gt(tol) && d2.gt(tol)) {
        const more = paid.gt(withTax);
        reasons.push({ code: more ? 'reconcile-paid-more' : 'reconcile-paid-less', source: 'check', score: more ? cfg.points.amount * 2 : cfg.points.amount, message: `payment ${p.reference} of ${p.amount} ${p.currency} ${more ? 'exceeds' : 'is below'} the declared total ${withTax.toString()} (goods ${declaredTotal.toString()}, transport ${transport.toString()}, insurance ${insurance.toString()}, tax ${tax.toString()})`, measured: paid.sub(withTax).toString(), threshold: tol.toString() });
      }
      if (p.payer?.name && view.buyer?.name) {
        const sim = tokenSetSimilarity(nameTokens(p.payer.name), nameTokens(view.buyer.name));
        if (sim < cfg.nameSimilarity) reasons.push({ code: 'reconcile-payer', source: 'check', score: cfg.points.party, message: `the payer of payment ${p.reference} is not the declared buyer (names compared: similarity below ${cfg.nameSimilarity})`, measured: Math.round(sim * 1000) / 1000, threshold: cfg.nameSimilarity });
      }
    }
  }

  // the payment the declaration itself reports (the declarant's own figure) against its invoice:
  // a buyer who paid more than the declared goods, transport and tax is the classic trace of
  // undervaluation (WCO Guide to Customs Valuation and Transfer Pricing; FoS TS 2.3.2)
  const declaredPayment = view.payment;
  if (invoice && declaredTotal && declaredPayment?.amount !== undefined && (declaredPayment.currency ?? invoice.currency) === invoice.currency
    && !facts.payments.some((p) => p.reference === declaredPayment.reference)) {
    const paid = dec(declaredPayment.amount);
    if (paid) {
      const transport = dec(invoice.transportCost) ?? Decimal.ZERO;
      const insurance = dec(invoice.insuranceCost) ?? Decimal.ZERO;
      const vc = view.vendorCollection;
      const tax = vc && (vc.currency ?? invoice.currency) === invoice.currency ? dec(vc.taxCollected) ?? Decimal.ZERO : Decimal.ZERO;
      const withTax = declaredTotal.add(transport).add(insurance).add(tax);
      const tol = tolerance(withTax, cfg);
      if (paid.sub(withTax).gt(tol)) {
        reasons.push({ code: 'reconcile-declared-payment', source: 'check', score: cfg.points.amount * 2, message: `the declared payment ${declaredPayment.amount} ${invoice.currency}${declaredPayment.reference ? ` (${declaredPayment.reference})` : ''} exceeds the declared total ${withTax.toString()} (goods ${declaredTotal.toString()}, transport ${transport.toString()}, insurance ${insurance.toString()}, tax ${tax.toString()}): proof of the price paid requested`, measured: paid.sub(withTax).toString(), threshold: tol.toString() });
      }
    }
  }

  // what the carrier carries against what was ordered and declared: lines and quantities
  const carried = facts.transport?.items;
  const reference = facts.orders[0]?.items ?? (facts.declaration ? view.items : undefined);
  if (carried && carried.length > 0 && reference && reference.length > 0) {
    const byLine = new Map(reference.map((it) => [it.line, it]));
    const problems: string[] = [];
    for (const ti of carried) {
      const ri = byLine.get(ti.line);
      if (!ri) { problems.push(`carried line ${ti.line} neither ordered nor declared`); continue; }
      if (ti.quantity !== undefined && ri.quantity !== undefined && ti.quantity !== ri.quantity) problems.push(`line ${ti.line}: ${facts.orders.length > 0 ? 'ordered' : 'declared'} ${ri.quantity}, carried ${ti.quantity}`);
    }
    if (problems.length > 0) reasons.push({ code: 'reconcile-transport-items', source: 'check', score: cfg.points.items, message: `transport data and ${facts.orders.length > 0 ? 'order' : 'declaration'} differ: ${problems.join('; ')}`, measured: problems, threshold: 'same lines and quantities' });
  }

  // buyer vs consignee (a gift sent elsewhere is legitimate, hence few points; the question is asked)
  const buyer = view.buyer?.name ?? facts.orders[0]?.buyer?.name;
  const consignee = (facts.transport?.consignee ?? view.consignee)?.name;
  if (buyer && consignee) {
    const sim = tokenSetSimilarity(nameTokens(buyer), nameTokens(consignee));
    if (sim < cfg.nameSimilarity) reasons.push({ code: 'reconcile-consignee', source: 'check', score: cfg.points.party, message: `the consignee is not the buyer (names compared: similarity below ${cfg.nameSimilarity})`, measured: Math.round(sim * 1000) / 1000, threshold: cfg.nameSimilarity });
  }

  // declared weight against the goods and against the carrier's figure
  const gross = view.grossMassKg;
  let net = 0;
  let netKnown = false;
  // An item's net mass is that of the whole line (WCO Data Model: net weight of the goods item), not per unit.
  for (const it of view.items ?? []) if (it.netMassKg !== undefined) { net += it.netMassKg; netKnown = true; }
  if (gross !== undefined && netKnown) {
    const tol = Math.max(cfg.massAbsoluteKg, cfg.massRelative * net);
    if (gross + tol < net) reasons.push({ code: 'reconcile-mass-below-net', source: 'check', score: cfg.points.mass, message: `gross mass ${gross} kg is below the items' net mass ${net.toFixed(3)} kg`, measured: gross, threshold: net - tol });
    else if (gross > cfg.grossOverNetFactor * net + 1) reasons.push({ code: 'reconcile-mass-excess', source: 'check', score: cfg.points.mass, message: `gross mass ${gross} kg is far above the items' net mass ${net.toFixed(3)} kg: undeclared goods?`, measured: gross, threshold: cfg.grossOverNetFactor * net + 1 });
  }
  const carriedMass = facts.transport?.grossMassKg;
  if (gross !== undefined && carriedMass !== undefined && facts.declaration) {
    const tol = Math.max(cfg.massAbsoluteKg, cfg.massRelative * gross);
    if (Math.abs(carriedMass - gross) > tol) reasons.push({ code: 'reconcile-mass-transport', source: 'check', score: cfg.points.mass, message: `carrier reports ${carriedMass} kg, declaration ${gross} kg`, measured: Math.abs(carriedMass - gross), threshold: tol });
  }

  // vendor-collected tax against the tax computed by the revenue engine
  const vc = view.vendorCollection;
  if (vc?.taxCollected !== undefined && input.computedVendorTax !== undefined) {
    const collected = dec(vc.taxCollected);
    const computed = dec(input.computedVendorTax);
    if (collected && computed) {
      const tol = tolerance(computed, cfg);
      if (computed.sub(collected).gt(tol)) reasons.push({ code: 'reconcile-vendor-tax', source: 'check', score: cfg.points.vendorTax, message: `vendor collected ${vc.taxCollected}, computed tax is ${input.computedVendorTax}`, measured: computed.sub(collected).toString(), threshold: tol.toString() });
    }
  }
  return reasons;
}
