import { Decimal } from '../domain/decimal.js';
import { latestDecision, type ConsignmentState, type FiscalStatus, type Gate } from './consignment-state.js';

/** What still stands between the consignment and its release, most pressing first. */
export function openGates(state: ConsignmentState): Gate[] {
  const gates: Gate[] = [];
  if (state.reviewHold) gates.push({ id: 'link-review', type: 'link-review', reason: state.reviewHold });
  const decision = latestDecision(state);
  if (decision) {
    for (const gate of decision.gates) if (!state.satisfied.includes(gate.id)) gates.push(gate);
    const revenue = decision.revenue;
    if (revenue && revenue.collectionModel === 'consumer') {
      const due = Decimal.parse(revenue.due);
      const paid = state.paid.filter((p) => p.currency === revenue.currency).reduce((sum, p) => sum.add(Decimal.parse(p.amount)), Decimal.ZERO);
      if (paid.lt(due) && !state.satisfied.includes(`payment-${decision.number}`)) {
        gates.push({ id: `payment-${decision.number}`, type: 'payment', reason: `duties and taxes of ${revenue.due} ${revenue.currency} not yet paid (${paid.toString()} received)` });
      }
    }
  }
  for (const hold of state.officerHolds) if (!state.satisfied.includes(hold.id)) gates.push(hold);
  if (state.security === 'request-for-information' || state.security === 'request-for-screening' || state.security === 'do-not-load') {
    gates.push({ id: `security-${state.security}`, type: 'security', reason: `security track: ${state.security}` });
  }
  if (!state.arrived) gates.push({ id: 'arrival', type: 'arrival', reason: 'goods have not arrived' });
  return gates;
}

const STATUS_OF_GATE: Record<Gate['type'], FiscalStatus> = {
  'link-review': 'held-for-review',
  officer: 'awaiting-officer',
  inspection: 'inspection',
  deferred: 'deferred',
  agency: 'referred',
  information: 'awaiting-information',
  correction: 'awaiting-information',
  'revenue-hold': 'held',
  'officer-hold': 'held',
  payment: 'awaiting-payment',
  security: 'held',
  arrival: 'assessed',
};

/** The fiscal status, read off the terminal state or the first open gate. */
export function fiscalStatus(state: ConsignmentState): FiscalStatus {
  if (state.terminal) return state.terminal;
  if (state.releasedAt) return 'released';
  if (state.reviewHold) return 'held-for-review';
  if (!state.facts.declaration) return 'not-declared';
  const gates = openGates(state);
  if (gates.length === 0) return 'released';
  return STATUS_OF_GATE[gates[0].type];
}

/** The gates, besides arrival, that keep a consignment from release. */
export function blockingGates(state: ConsignmentState): Gate[] {
  return openGates(state).filter((g) => g.type !== 'arrival');
}
