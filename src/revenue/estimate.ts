/** The public estimator: what a consignment would owe, without a stored consignment or an account. */
import type { DeclaredConsignment, Jurisdiction } from '../domain/message.js';
import type { Liability } from '../clearance/seam.js';
import { assessRevenue } from './assess-revenue.js';
import type { RevenueAssessment, RevenueReference } from './types.js';

export interface EstimateRequest { jurisdiction: Jurisdiction; date: string; consignment: DeclaredConsignment }

export interface Estimate {
  jurisdiction: Jurisdiction;
  referenceDate: string;
  currency: string;
  customsValue?: string;
  intrinsicValue?: string;
  liabilities: Liability[];
  total: string;
  due: string;
  deMinimis: RevenueAssessment['deMinimis'];
  category?: 1 | 2 | 3 | 4;
  reportingLevel?: string;
  collectionModel: RevenueAssessment['collectionModel'];
  notes: string[];
}

export function estimate(request: EstimateRequest, reference: RevenueReference): Estimate {
  // A bare date is taken at noon UTC so that every time zone of the jurisdiction sees the same day.
  const at = /^\d{4}-\d{2}-\d{2}$/.test(request.date) ? `${request.date}T12:00:00Z` : request.date;
  const a = assessRevenue(
    { id: 'estimate', jurisdiction: request.jurisdiction, declaration: request.consignment, declaredAt: at, orders: [], payments: [], inspections: [], agencyDecisions: [] },
    { now: at, recent: [], parties: {}, versions: {} },
    reference,
  );
  return {
    jurisdiction: request.jurisdiction, referenceDate: a.referenceDate, currency: a.currency, customsValue: a.customsValue,
    intrinsicValue: a.intrinsicValue, liabilities: a.liabilities, total: a.total, due: a.due, deMinimis: a.deMinimis,
    category: a.category, reportingLevel: a.reportingLevel, collectionModel: a.collectionModel,
    // The payment hold is the clearance lifecycle's business, not an estimate's.
    notes: [...a.holds.filter((h) => h.code !== 'LUX_REV_AWAITING_PAYMENT'), ...a.reasons.filter((r) => !r.code.startsWith('LUX_REV_') || !/^LUX_REV_(DUTY|VAT|GST|HST|FLAT_DUTY|EXCISE|CONSUMPTION_TAX|ADDITIONAL_DUTY|HANDLING_FEE)$/.test(r.code))].map((r) => `${r.code}: ${r.message}`).concat(a.requestsForInformation),
  };
}
