/**
 * Unknown trade parties (FoS Technical Specifications 2.3.3): first-time and occasional sellers
 * and buyers recognised from their history, their identity data checked for plausibility, and
 * a history of findings raising the score.
 */
import type { AssessmentContext, ConsignmentFacts, PartyHistory, Reason } from '../clearance/seam.js';
import type { Party } from '../domain/message.js';
import { keysOf, partyOf, type KeyOf, type PartyRole } from './keys.js';

export interface PartyConfig {
  /** Fewer consignments than this makes a party occasional. */
  occasionalBelow: number;
  points: { firstTime: number; occasional: number; implausible: number; findings: number };
  /** Finding rate (findings / inspected, with at least `minInspected`) above which history raises the score. */
  findingRate: number;
  minInspected: number;
  disposableEmailDomains: string[];
}

export const DEFAULT_PARTIES: PartyConfig = {
  occasionalBelow: 5,
  points: { firstTime: 10, occasional: 4, implausible: 10, findings: 20 },
  findingRate: 0.2,
  minInspected: 3,
  disposableEmailDomains: ['mailinator.com', 'guerrillamail.com', '10minutemail.com', 'tempmail.com', 'yopmail.com', 'trashmail.com', 'sharklasers.com'],
};

// Postcode shapes of the destination countries Luxor's jurisdictions serve (national postal formats, UPU addressing S42).
const POSTCODE: Record<string, RegExp> = {
  NL: /^\d{4}\s?[A-Z]{2}$/i, DE: /^\d{5}$/, FR: /^\d{5}$/, IT: /^\d{5}$/, ES: /^\d{5}$/, BE: /^\d{4}$/, AT: /^\d{4}$/,
  PL: /^\d{2}-\d{3}$/, SE: /^\d{3}\s?\d{2}$/, IE: /^[A-Z]\d{2}\s?[A-Z0-9]{4}$/i, PT: /^\d{4}-\d{3}$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$/i, US: /^\d{5}(-\d{4})?$/, CA: /^[A-Z]\d[A-Z]\s?\d[A-Z]\d$/i,
  AU: /^\d{4}$/, CN: /^\d{6}$/, NZ: /^\d{4}$/,
};

// Most parties are plausible: their (empty) list of issues is this one, shared and never changed.
const NO_ISSUES: readonly string[] = Object.freeze([]);

function implausible(p: Party, cfg: PartyConfig): readonly string[] {
  let issues: string[] | undefined;
  const name = p.name?.trim() ?? '';
  if (name === '') (issues ??= []).push('no name');
  else if (name.length < 3 || !/\p{L}/u.test(name)) (issues ??= []).push(`name "${name}" is not a name`);
  else if (/^(test|xxx+|asdf|n\/?a|none|unknown|customer|buyer)$/i.test(name)) (issues ??= []).push(`placeholder name "${name}"`);
  const a = p.address;
  if (!a) (issues ??= []).push('no address');
  else {
    if (!a.street) (issues ??= []).push('no street');
    const re = POSTCODE[a.country.toUpperCase()];
    if (a.postcode && re && !re.test(a.postcode.trim())) (issues ??= []).push(`postcode "${a.postcode}" is not a ${a.country} postcode`);
  }
  if (p.email) {
    const m = /^[^@\s]+@([^@\s]+\.[a-z]{2,})$/i.exec(p.email);
    if (!m) (issues ??= []).push(`e-mail "${p.email}" is malformed`);
    else if (cfg.disposableEmailDomains.includes(m[1].toLowerCase())) (issues ??= []).push(`disposable e-mail domain ${m[1]}`);
  }
  return issues ?? NO_ISSUES;
}

// Most consignments carry a first-time buyer: its fixed texts are built once, not per reason.
const FIRST_TIME_CODE: Record<string, string> = { seller: 'seller-first-time', buyer: 'buyer-first-time' };
const FIRST_TIME_MESSAGE: Record<string, string> = { seller: 'first consignment of this seller', buyer: 'first consignment of this buyer' };

const ROLES: readonly PartyRole[] = ['seller', 'buyer'];

/**
 * `historyOf`, when given, is the history `context.parties` holds under the role's key (the
 * engine passes the one its rules already looked up: a look-up by a new key string is costly).
 */
export function checkParties(facts: ConsignmentFacts, context: AssessmentContext, cfg: PartyConfig = DEFAULT_PARTIES, keyOf: KeyOf = keysOf(facts, context), historyOf?: (role: PartyRole) => PartyHistory | undefined): Reason[] {
  const reasons: Reason[] = [];
  for (const role of ROLES) {
    const party = partyOf(facts, role);
    if (!party) continue;
    const key = keyOf(role);
    const h: PartyHistory | undefined = !key ? undefined : historyOf ? historyOf(role) : context.parties[key];
    const n = h?.consignments ?? 0;
    if (n === 0) reasons.push({ code: FIRST_TIME_CODE[role], source: 'check', score: cfg.points.firstTime, message: FIRST_TIME_MESSAGE[role], measured: 0, threshold: 1, matched: { key } });
    else if (n < cfg.occasionalBelow) reasons.push({ code: `${role}-occasional`, source: 'check', score: cfg.points.occasional, message: `occasional ${role}: ${n} earlier consignments`, measured: n, threshold: cfg.occasionalBelow, matched: { key } });
    if (h && h.inspected >= cfg.minInspected && h.findings / h.inspected > cfg.findingRate) {
      reasons.push({ code: `${role}-findings-history`, source: 'check', score: cfg.points.findings, message: `${role} had findings in ${h.findings} of ${h.inspected} inspections`, measured: Math.round((h.findings / h.inspected) * 1000) / 1000, threshold: cfg.findingRate, matched: { key } });
    }
    if (role === 'buyer' || party.kind === 'person' || !party.id) {
      const issues = implausible(party, cfg);
      if (issues.length > 0) reasons.push({ code: `${role}-implausible-identity`, source: 'check', score: cfg.points.implausible, message: `${role} identity data implausible: ${issues.join('; ')}`, measured: issues, threshold: 'name, street, postcode and e-mail plausible for the country' });
    }
  }
  return reasons;
}
