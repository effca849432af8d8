/**
 * Trusted traders (FoS Standard 6/7, Technical Specifications 4.2): AEO or trusted-trader
 * status of a platform, carrier or vendor, from a dated register, lowers the score and the
 * chance of a random check; its compliance is monitored against its volume, and a trader whose
 * inspected parcels show too many findings loses the benefit until reviewed.
 */
import type { AssessmentContext, ConsignmentFacts, Reason } from '../clearance/seam.js';
import type { DateTime } from '../domain/message.js';
import { consignmentView, sellerOf, parseTime, referenceDateMs } from './keys.js';

export interface TrustedEntry {
  /** EORI, AEO certificate number, platform id … as it appears in messages. */
  id: string;
  name: string;
  role: 'platform' | 'carrier' | 'vendor' | 'post' | 'broker';
  status: 'AEOF' | 'AEOS' | 'AEOC' | 'trusted-trader';
  jurisdiction: string;
  validFrom: DateTime;
  validTo?: DateTime;
  source: string;
}

export interface TrustedRegister { title: string; source: string; entries: TrustedEntry[] }

export interface TrustedConfig {
  /** Points subtracted from the score. */
  discount: number;
  /** Multiplier of the random-audit rate. */
  auditFactor: number;
  /** Compliance: above this finding rate over at least `minInspected` inspections, no benefit. */
  maxFindingRate: number;
  minInspected: number;
}

export const DEFAULT_TRUSTED: TrustedConfig = { discount: 15, auditFactor: 0.5, maxFindingRate: 0.05, minInspected: 20 };

export interface TrustedIndex { byId: Map<string, TrustedEntry[]> }

export function buildTrustedIndex(register: TrustedRegister): TrustedIndex {
  const byId = new Map<string, TrustedEntry[]>();
  for (const e of register.entries) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
  return { byId };
}

export interface TrustedResult { trusted: boolean; entry?: TrustedEntry; reasons: Reason[] }

/** Ids under which a consignment's platform, carrier or vendor may appear in the register. */
function candidateIds(facts: ConsignmentFacts): string[] {
  const view = consignmentView(facts);
  const ids: string[] = [];
  if (facts.declaredBy) ids.push(facts.declaredBy);
  if (facts.declarant) ids.push(facts.declarant);
  if (view.carrier?.id) ids.push(view.carrier.id);
  if (facts.transportedBy) ids.push(facts.transportedBy);
  if (view.vendorCollection?.number) ids.push(view.vendorCollection.number);
  const seller = sellerOf(facts);
  if (seller?.id) ids.push(seller.id);
  for (const i of seller?.identifiers ?? []) ids.push(i.value);
  return ids;
}

export function checkTrusted(facts: ConsignmentFacts, context: AssessmentContext, index: TrustedIndex, cfg: TrustedConfig = DEFAULT_TRUSTED): TrustedResult {
  const at = parseTime(context.now);
  for (const id of candidateIds(facts)) {
    for (const e of index.byId.get(id) ?? []) {
      if (e.jurisdiction !== facts.jurisdiction) continue;
      if (referenceDateMs(e.validFrom) > at || (e.validTo !== undefined && at >= referenceDateMs(e.validTo))) continue;
      // A registered trader is known by its id: its history is under 'id:' + id (partyKey of { id }).
      const h = context.parties['id:' + e.id];
      if (h && h.inspected >= cfg.minInspected && h.findings / h.inspected > cfg.maxFindingRate) {
        return {
          trusted: false, entry: e,
          reasons: [{ code: 'trusted-compliance-review', source: 'check', message: `${e.status} ${e.name}: findings in ${h.findings} of ${h.inspected} inspections (${h.consignments} consignments) exceed the compliance limit; benefit suspended pending review`, measured: Math.round((h.findings / h.inspected) * 1000) / 1000, threshold: cfg.maxFindingRate, matched: e }],
        };
      }
      return {
        trusted: true, entry: e,
        reasons: [{ code: 'trusted-trader', source: 'check', score: -cfg.discount, message: `${e.role} ${e.name} holds ${e.status} status (${e.source})`, measured: e.id, threshold: { validFrom: e.validFrom, validTo: e.validTo }, matched: e }],
      };
    }
  }
  return { trusted: false, reasons: [] };
}
