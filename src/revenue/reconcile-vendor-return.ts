/** A vendor's periodic tax return (IOSS month, GB/AU quarter) against the consignments declared under its number. */
import { Decimal } from '../domain/decimal.js';
import type { RevenueAssessment } from './types.js';

export interface VendorReturn { scheme: string; number: string; period: string; currency: string; declaredTax: string }

export interface VendorReconciliation {
  scheme: string;
  number: string;
  period: string;
  consignments: number;
  computedTax: string;
  declaredTax: string;
  /** declared − computed: negative is a shortfall. */
  difference: string;
  status: 'match' | 'shortfall' | 'excess';
}

/** `period` is YYYY-MM or YYYY-Qn; assessments are those whose referenceDate falls in it. */
export function reconcileVendorReturn(ret: VendorReturn, assessments: RevenueAssessment[]): VendorReconciliation {
  const inPeriod = (date: string): boolean => {
    const q = ret.period.match(/^(\d{4})-Q([1-4])$/);
    if (q) return date.slice(0, 4) === q[1] && Math.ceil(Number(date.slice(5, 7)) / 3) === Number(q[2]);
    return date.slice(0, 7) === ret.period;
  };
  const mine = assessments.filter((a) => a.vendor && a.vendor.scheme === ret.scheme && a.vendor.number === ret.number && a.vendor.eligible && inPeriod(a.referenceDate));
  for (const a of mine) if (a.currency !== ret.currency) throw new RangeError(`assessment in ${a.currency}, return in ${ret.currency}`);
  const computed = mine.reduce((s, a) => s.add(Decimal.parse(a.vendor!.taxComputed)), Decimal.ZERO);
  const declared = Decimal.parse(ret.declaredTax);
  const diff = declared.sub(computed);
  return {
    scheme: ret.scheme, number: ret.number, period: ret.period, consignments: mine.length,
    computedTax: computed.round(2).toString(), declaredTax: declared.round(2).toString(), difference: diff.round(2).toString(),
    status: diff.isZero() ? 'match' : diff.isNegative() ? 'shortfall' : 'excess',
  };
}
