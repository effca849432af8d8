import type { Gate } from './consignment-state.js';
import type { Reason } from './seam.js';

/**
 * The part of a decision's explanation that goes back to the trade (the declarant, in its
 * answer and in its view of the consignment): how its duties and taxes were computed, and the
 * data-quality findings the FoS asks customs to return to the submitter (2022 Standard 3).
 *
 * Risk reasons stay with customs: rule hits, list matches, model scores, random-audit draws,
 * party-history checks and capacity decisions would show a trader, or a known offender, what
 * is targeted and how to avoid it (risk criteria are confidential: WCO SAFE Framework 1.3.5,
 * Revised Kyoto Convention General Annex 6.3 and its guidelines on risk management). What
 * the trade must do next (information requested, payment due) it reads in `waitingFor`.
 */
export function tradeReasons(reasons: readonly Reason[]): Reason[] {
  return reasons.filter(isForTrade);
}

function isForTrade(reason: Reason): boolean {
  if (reason.source === 'revenue') return true;
  return reason.source === 'check' && (reason.code.startsWith('dq-') || reason.code === 'data-quality-score');
}

/**
 * What stands between a consignment and its release, as the trade reads it in `waitingFor`. The
 * gate's own reason is for officers: a deferral names the risk score and that the day's inspection
 * capacity is used (when to ship), an officer's red lane or hold gives the officer's grounds
 * ("intelligence on this consignor"), and a rule's referral names the rule. The trade is told what
 * happens and what it can do; questions put to it (information, corrections, payment, security
 * requests) are shown as asked, since they are meant for it.
 */
export function tradeGateReason(gate: Gate): string {
  switch (gate.type) {
    case 'inspection': return 'physical inspection';
    case 'deferred': return 'held for a customs decision';
    case 'officer-hold': return 'held by customs';
    case 'agency': return `referred to ${gate.agency ?? 'another agency'}: it decides, and may ask for a permit, licence or certificate`;
    default: return gate.reason;
  }
}
