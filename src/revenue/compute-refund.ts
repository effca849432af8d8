/** Refund of duties and taxes on returned goods, line by line, within the jurisdiction's time limit. */
import { Decimal } from '../domain/decimal.js';
import type { ConsignmentFacts, Liability } from '../clearance/seam.js';
import { daysBetween, localDate, param, paramDecimal } from './lookup.js';
import type { RevenueAssessment, RevenueReference } from './types.js';

export interface ReturnedItem { line: number; quantity: number }

export interface Refund {
  refundable: boolean;
  reason?: string;
  currency: string;
  liabilities: Liability[];
  total: string;
  /** CN: quota value given back to the buyer's annual limit. */
  quotaRestored?: string;
}

/**
 * `previouslyReturned` are the items already refunded for this consignment: a second claim for
 * the same goods is refused rather than paid twice.
 */
export function computeRefund(
  original: RevenueAssessment, facts: ConsignmentFacts, returnedItems: ReturnedItem[], exportedAt: string,
  reference: RevenueReference, previouslyReturned: ReturnedItem[] = [],
): Refund {
  const profile = reference[original.jurisdiction];
  const digits = profile?.minorDigits ?? 2;
  const zero = Decimal.ZERO.round(digits).toString();
  const refuse = (reason: string): Refund => ({ refundable: false, reason, currency: original.currency, liabilities: [], total: zero });
  if (!profile) return refuse(`no revenue profile for ${original.jurisdiction}`);
  const zone = param(profile, 'timeZone', original.referenceDate)?.value ?? 'UTC';
  const exportDay = localDate(exportedAt, zone);
  const limit = paramDecimal(profile, 'refundTimeLimitDays', original.referenceDate);
  const elapsed = daysBetween(original.referenceDate, exportDay);
  if (elapsed < 0) return refuse('exported before the import');
  if (limit && elapsed > Number(limit.toString())) return refuse(`exported ${elapsed} days after import, limit ${limit.toString()} days`);
  const items = facts.declaration?.items ?? [];
  const ratio = new Map<number, Decimal>();
  for (const r of returnedItems) {
    const item = items.find((it) => it.line === r.line);
    if (!item) return refuse(`line ${r.line} is not in the original declaration`);
    const imported = item.quantity ?? 1;
    const before = previouslyReturned.filter((p) => p.line === r.line).reduce((a, p) => a + p.quantity, 0);
    if (r.quantity <= 0 || before + r.quantity > imported) return refuse(`line ${r.line}: ${r.quantity} returned, ${imported - before} left to refund`);
    ratio.set(r.line, Decimal.of(r.quantity).div(Decimal.of(imported), 12));
  }
  // Consignment-level taxes are refunded in proportion to the customs value of the returned lines.
  const cvTotal = original.lines.reduce((a, l) => a.add(Decimal.parse(l.customsValue)), Decimal.ZERO);
  const returnedCv = original.lines.reduce((a, l) => a.add(Decimal.parse(l.customsValue).mul(ratio.get(l.line) ?? Decimal.ZERO)), Decimal.ZERO);
  const share = cvTotal.isZero() ? Decimal.ZERO : returnedCv.div(cvTotal, 12);
  const refunds: Liability[] = [];
  for (const l of original.liabilities) {
    if (l.collectedBy === 'vendor' || l.collectedBy === 'none') continue; // the vendor refunds what it collected
    const part = l.line !== undefined ? ratio.get(l.line) : share;
    if (!part || part.isZero()) continue;
    const amount = Decimal.parse(l.amount).mul(part).round(digits, 'half-up');
    if (amount.isZero()) continue;
    refunds.push({ ...l, amount: amount.toString() });
  }
  const total = refunds.reduce((a, l) => a.add(Decimal.parse(l.amount)), Decimal.ZERO).round(digits);
  const quota = original.quotaUsed ? Decimal.parse(original.quotaUsed).mul(share).round(digits, 'half-up').toString() : undefined;
  return { refundable: true, currency: original.currency, liabilities: refunds, total: total.toString(), quotaRestored: quota };
}
