/**
 * What an officer finds when a simulated consignment is inspected: the ground truth turned
 * into an inspection-result message (the demo sends it for consignments put in the red lane,
 * and the risk model learns from it as a label).
 */
import type { DateTime, InspectionFinding, InspectionResultMessage, Jurisdiction, TransportDocument } from '../domain/message.js';
import type { GroundTruth, Violation } from './generate.js';

/** The finding each label leads to; labels that inspecting the goods cannot reveal have none. */
export const FINDING_OF: Readonly<Record<Violation, InspectionFinding | undefined>> = {
  'undervaluation': 'undervaluation',
  'split-shipment': 'other',
  'prohibited': 'prohibited',
  'restricted': 'restricted',
  'counterfeit': 'ipr',
  'vague-description': 'other',
  'wrong-hs-code': 'misclassification',
  'known-offender': undefined,
  'mismatch-amount': 'undervaluation',
  'mismatch-quantity': 'misdeclared-quantity',
  'mismatch-consignee': 'other',
  'late-declaration': undefined,
  'late-pre-loading': undefined,
  'late-transport': undefined,
};

/** The consignment as the caller knows it: Luxor's facts (transportDocument as a string) or the declared consignment. */
export interface InspectedConsignment {
  jurisdiction?: Jurisdiction;
  transportDocument?: TransportDocument | string;
  /** Movement reference number or Luxor id, used as the message's reference. */
  mrn?: string;
  id?: string;
}

export interface OfficerOrganisation { id: string; name?: string }

function documentOf(consignment: InspectedConsignment, truth: GroundTruth): TransportDocument {
  const doc = consignment.transportDocument;
  if (doc === undefined) return { ...truth.transportDocument };
  if (typeof doc !== 'string') return { ...doc };
  return doc === truth.transportDocument.number ? { ...truth.transportDocument } : { type: /^[A-Z]{2}\d{9}[A-Z]{2}$/.test(doc) ? 'postal-item' : 'house-waybill', number: doc };
}

/**
 * An inspection-result message reflecting the ground truth: seize prohibited and counterfeit
 * goods, refer restricted goods to their agency, otherwise release (with the revenue found at
 * stake when the goods were undervalued).
 */
export function inspectionResultFor(truth: GroundTruth, consignment: InspectedConsignment, at: DateTime, officerOrg: OfficerOrganisation): InspectionResultMessage {
  const findings: InspectionFinding[] = [];
  for (const v of truth.violations) {
    const f = FINDING_OF[v];
    if (f && !findings.includes(f)) findings.push(f);
  }
  const outcome: InspectionResultMessage['inspection']['outcome'] =
    findings.includes('prohibited') || findings.includes('ipr') ? 'seize' : findings.includes('restricted') ? 'refer' : 'release';
  if (findings.length === 0) findings.push('compliant');
  const remarks = truth.details.length > 0 ? truth.details.join('; ') : 'goods as declared';
  const inspection: InspectionResultMessage['inspection'] = {
    transportDocument: documentOf(consignment, truth),
    inspectedAt: at,
    outcome,
    findings,
    remarks: outcome === 'refer' && truth.agency ? `${remarks}; referred to ${truth.agency}` : remarks,
  };
  if (truth.revenueAtStake !== undefined && findings.includes('undervaluation')) inspection.revenueAtStake = truth.revenueAtStake;
  // Pure: the same inspection gives the same id, so that a resent result is harmless (idempotent intake).
  const compact = at.replace(/[^0-9]/g, '').slice(0, 14);
  const message: InspectionResultMessage = {
    messageId: `insp-${truth.consignmentKey}-${compact}`,
    type: 'inspection-result',
    sentAt: at,
    sender: officerOrg.name ? { role: 'customs-officer', id: officerOrg.id, name: officerOrg.name } : { role: 'customs-officer', id: officerOrg.id },
    jurisdiction: consignment.jurisdiction ?? truth.jurisdiction,
    inspection,
  };
  const reference = consignment.mrn ?? consignment.id;
  if (reference) message.reference = reference;
  return message;
}
