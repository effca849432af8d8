/**
 * Applies one accepted message to a consignment's state, purely. A message that cannot apply
 * (a second arrival, an amendment after release, a return of goods never declared) is refused
 * with a reason and leaves the state as it was.
 */
import type { DateTime, DeclaredConsignment, Item, Message } from '../domain/message.js';
import { latestDecision, type ConsignmentState } from './consignment-state.js';
import { fiscalStatus } from './gates.js';

export interface ApplyRefusal { code: 'LUX_ERR_STATE_CONFLICT'; detail: string; pointer?: string }

export interface ApplyResult {
  state: ConsignmentState;
  /** The message changes what assessment would see: assess and decide again. */
  reassess: boolean;
  refusal?: ApplyRefusal;
}

const AFTER_RELEASE: ReadonlySet<string> = new Set(['released', 'invalidated', 'seized', 'refused', 'returned']);

function refuse(state: ConsignmentState, detail: string, pointer?: string): ApplyResult {
  return { state, reassess: false, refusal: { code: 'LUX_ERR_STATE_CONFLICT', detail, pointer } };
}

function addParty(parties: string[], ...ids: (string | undefined)[]): string[] {
  const out = [...parties];
  for (const id of ids) if (id && !out.includes(id)) out.push(id);
  return out;
}

/** Fills what the declaration left out from what pre-loading, order and transport already said. */
export function mergeDeclaration(declared: DeclaredConsignment | undefined, state: ConsignmentState): DeclaredConsignment | undefined {
  const pre = state.facts.preLoading;
  const transport = state.facts.transport;
  const order = state.facts.orders[0];
  if (!declared) {
    // Three-party flow: an order and the carrier's transport data together tell the whole consignment.
    if (!order || !transport) return undefined;
    const quantities = new Map((transport.items ?? []).map((i) => [i.line, i.quantity]));
    const items: Item[] = order.items.map((i) => ({ ...i, quantity: quantities.get(i.line) ?? i.quantity }));
    return {
      ...transport,
      transportDocument: transport.transportDocument,
      seller: order.seller ?? transport.consignor,
      buyer: order.buyer ?? transport.consignee,
      order: { id: order.id, date: order.date },
      invoice: { currency: order.currency, itemsTotal: order.itemsTotal, transportCost: order.transportCost },
      vendorCollection: order.vendorCollection,
      collection: order.vendorCollection ? { model: 'vendor', payer: order.vendorCollection.number } : undefined,
      destinationCountry: transport.consignee?.address?.country,
      items,
    };
  }
  const merged: DeclaredConsignment = { ...declared };
  for (const source of [pre, transport]) {
    if (!source) continue;
    for (const key of ['masterDocument', 'transportMode', 'loadingPlace', 'unloadingPlace', 'expectedDeparture', 'expectedArrival', 'grossMassKg', 'packageCount', 'carrier', 'consignor', 'consignee'] as const) {
      if (merged[key] === undefined && source[key] !== undefined) (merged as unknown as Record<string, unknown>)[key] = source[key];
    }
  }
  return merged;
}

export function applyMessage(state: ConsignmentState, message: Message, link: { seq: number; at: DateTime }): ApplyResult {
  const status = fiscalStatus(state);
  const sender = message.sender.id;
  const linked = { seq: link.seq, type: message.type, sender, messageId: message.messageId, at: link.at };
  const next: ConsignmentState = { ...state, facts: { ...state.facts }, messages: [...state.messages, linked] };
  const declared = Boolean(state.facts.declaration);

  switch (message.type) {
    case 'declaration': {
      if (state.facts.declarationMessageId && state.terminal !== 'invalidated') return refuse(state, `consignment ${state.id} is already declared by message ${state.facts.declarationMessageId}; send an amendment to correct it`, '/type');
      if (state.terminal) return refuse(state, `consignment ${state.id} is ${state.terminal}; declare the goods under a new transport document`);
      const c = message.consignment;
      next.facts.declarationMessageId = message.messageId;
      next.facts.declaredBy = sender;
      next.facts.declaredAt = link.at;
      next.facts.declarant = c.declarant?.id ?? sender;
      next.facts.debtor = c.debtor ?? (c.representative?.type === 'indirect' ? c.representative.id : next.facts.declarant);
      next.facts.transportDocument = c.transportDocument.number;
      next.facts.declaration = mergeDeclaration(c, next);
      next.parties = addParty(state.parties, sender, c.carrier?.id, c.representative?.id, c.declarant?.id, c.order?.platform);
      return { state: next, reassess: true };
    }
    case 'pre-loading': {
      next.facts.preLoading = message.consignment;
      next.facts.preLoadedAt = link.at;
      next.facts.preLoadedBy = sender;
      next.facts.transportDocument ??= message.consignment.transportDocument.number;
      next.security = 'received';
      if (state.facts.declaration && state.facts.declaration.transportDocument) next.facts.declaration = mergeDeclaration(state.facts.declaration, next);
      next.parties = addParty(state.parties, sender);
      return { state: next, reassess: true };
    }
    case 'order': {
      next.facts.orders = [...state.facts.orders.filter((o) => o.id !== message.order.id), message.order];
      next.facts.orderSenders = { ...state.facts.orderSenders, [message.order.id]: sender };
      next.parties = addParty(state.parties, sender);
      if (!declared) next.facts.declaration = mergeDeclaration(undefined, next);
      return { state: next, reassess: Boolean(next.facts.declaration) && !AFTER_RELEASE.has(status) };
    }
    case 'payment': {
      const p = message.payment;
      next.parties = addParty(state.parties, sender);
      if (p.purpose === 'duties') {
        if (state.paid.some((x) => x.reference === p.reference)) return refuse(state, `payment ${p.reference} is already recorded`, '/payment/reference');
        next.paid = [...state.paid, { reference: p.reference, amount: p.amount, currency: p.currency, at: p.paidAt ?? link.at }];
        return { state: next, reassess: false };
      }
      next.facts.payments = [...state.facts.payments.filter((x) => x.reference !== p.reference), p];
      next.facts.paymentSenders = { ...state.facts.paymentSenders, [p.reference]: sender };
      return { state: next, reassess: declared && !AFTER_RELEASE.has(status) };
    }
    case 'transport': {
      next.facts.transport = message.consignment;
      next.facts.transportedBy = sender;
      next.facts.transportDocument ??= message.consignment.transportDocument.number;
      next.parties = addParty(state.parties, sender);
      if (!declared) next.facts.declaration = mergeDeclaration(undefined, next);
      else next.facts.declaration = mergeDeclaration(state.facts.declaration, next);
      if (!state.facts.declaredAt && next.facts.declaration) { next.facts.declaredAt = link.at; next.facts.declaredBy = sender; next.facts.declarant = sender; next.facts.debtor = sender; }
      return { state: next, reassess: Boolean(next.facts.declaration) && !AFTER_RELEASE.has(status) };
    }
    case 'arrival': {
      if (state.arrived) return refuse(state, `consignment ${state.id} arrived already at ${state.facts.arrival?.arrivedAt} (${state.facts.arrival?.location}); a second arrival cannot apply`, '/arrival');
      next.arrived = true;
      next.facts.arrival = message.arrival;
      return { state: next, reassess: false };
    }
    case 'amendment': {
      if (!declared) return refuse(state, 'there is no declaration to amend', '/amendment');
      if (AFTER_RELEASE.has(status)) return refuse(state, `consignment ${state.id} is ${status}: an amendment can no longer apply`, '/amendment');
      const patch = message.amendment.consignment;
      next.facts.declaration = { ...state.facts.declaration!, ...patch, transportDocument: state.facts.declaration!.transportDocument };
      return { state: next, reassess: true };
    }
    case 'invalidation': {
      if (!declared) return refuse(state, 'there is no declaration to invalidate', '/invalidation');
      if (AFTER_RELEASE.has(status)) return refuse(state, `consignment ${state.id} is ${status}: it can no longer be invalidated`, '/invalidation');
      next.terminal = 'invalidated';
      return { state: next, reassess: false };
    }
    case 'information': {
      const decision = latestDecision(state);
      const satisfied = [...state.satisfied];
      for (const gate of decision?.gates ?? []) if (gate.type === 'information' && !satisfied.includes(gate.id)) satisfied.push(gate.id);
      // An officer's own request is answered too, and goes back to an officer to review the answer
      // (the declarant is no longer told to send information it has sent).
      const askedByOfficer = state.officerHolds.filter((h) => h.type === 'information' && !satisfied.includes(h.id));
      if (askedByOfficer.length > 0) {
        for (const hold of askedByOfficer) satisfied.push(hold.id);
        next.officerHolds = [...state.officerHolds, ...askedByOfficer.map((hold) => ({ id: `${hold.id}-review`, type: 'officer' as const, reason: `information received for "${hold.reason}": an officer reviews it` }))];
      }
      next.satisfied = satisfied;
      next.informationReceived = state.informationReceived + 1;
      if (state.security === 'request-for-information' || state.security === 'request-for-screening') next.security = 'assessment-complete';
      return { state: next, reassess: false };
    }
    case 'inspection-result': {
      const result = message.inspection;
      next.facts.inspections = [...state.facts.inspections, result];
      const decision = latestDecision(state);
      if (result.outcome === 'seize') { next.terminal = 'seized'; return { state: next, reassess: false }; }
      if (result.outcome === 'release') {
        const satisfied = [...state.satisfied];
        for (const gate of decision?.gates ?? []) if ((gate.type === 'inspection' || gate.type === 'deferred') && !satisfied.includes(gate.id)) satisfied.push(gate.id);
        next.satisfied = satisfied;
      }
      return { state: next, reassess: false };
    }
    case 'agency-decision': {
      const d = message.decision;
      next.facts.agencyDecisions = [...state.facts.agencyDecisions, d];
      if (d.outcome === 'refuse') { next.terminal = 'refused'; return { state: next, reassess: false }; }
      if (d.outcome === 'release') {
        const decision = latestDecision(state);
        const satisfied = [...state.satisfied];
        for (const gate of decision?.gates ?? []) if (gate.type === 'agency' && gate.agency === d.agency && !satisfied.includes(gate.id)) satisfied.push(gate.id);
        next.satisfied = satisfied;
      }
      return { state: next, reassess: false };
    }
    case 'return': {
      if (!declared) return refuse(state, 'a return of goods that were never declared cannot apply', '/return/originalTransportDocument');
      if (state.terminal && state.terminal !== 'returned') return refuse(state, `consignment ${state.id} is ${state.terminal}: nothing to return`);
      const r = message.return;
      const declaredItems = state.facts.declaration!.items;
      for (const [index, item] of r.items.entries()) {
        const line = declaredItems.find((i) => i.line === item.line);
        if (!line) return refuse(state, `line ${item.line} is not in the declaration`, `/return/items/${index}/line`);
        const already = state.returns.flatMap((x) => x.items).filter((i) => i.line === item.line).reduce((s, i) => s + i.quantity, 0);
        if (already + item.quantity > (line.quantity ?? 1)) {
          return refuse(state, `line ${item.line}: ${item.quantity} returned now and ${already} before exceed the ${line.quantity ?? 1} declared; a second claim for the same goods is refused`, `/return/items/${index}/quantity`);
        }
      }
      next.returns = [...state.returns, { at: link.at, exportedAt: r.exportedAt, items: r.items, claimant: r.refundClaimant, returnTransportDocument: r.returnTransportDocument?.number }];
      return { state: next, reassess: false };
    }
  }
}
