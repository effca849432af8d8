/**
 * Splitting: consignments to the same buyer (or the same address) from the same seller inside a
 * window, each under the de minimis threshold, whose sum crosses it; and, for CN, the buyer's
 * annual cross-border quota.
 */
import type { AssessmentContext, ConsignmentFacts, Reason } from '../clearance/seam.js';
import { Decimal } from '../domain/decimal.js';
import type { Amount, DateTime } from '../domain/message.js';
import { consignmentView, keysOf, type KeyOf, parseTime, referenceDateMs } from './keys.js';

export interface SplittingThreshold { amount: Amount; currency: string; source: string; validFrom?: DateTime; validTo?: DateTime }

export interface SplittingConfig {
  hours: number;
  thresholds: Record<string, SplittingThreshold>;
  annualQuota?: SplittingThreshold;
  points: number;
}

function inForce(t: SplittingThreshold, at: number): boolean {
  return (t.validFrom === undefined || referenceDateMs(t.validFrom) <= at) && (t.validTo === undefined || at < referenceDateMs(t.validTo));
}

export function checkSplitting(facts: ConsignmentFacts, context: AssessmentContext, cfg: SplittingConfig, key: KeyOf = keysOf(facts, context)): Reason[] {
  const reasons: Reason[] = [];
  const view = consignmentView(facts);
  const currency = view.invoice?.currency;
  const totalText = view.invoice?.itemsTotal;
  if (!currency || !totalText || !Decimal.isDecimalString(totalText)) return reasons;
  const total = Decimal.parse(totalText);
  const now = parseTime(context.now);
  const t = cfg.thresholds[facts.jurisdiction];
  // Without recent consignments nothing can add up: most parcels are a buyer's only one in the window.
  const seller = context.recent.length === 0 ? undefined : key('seller');
  if (t && seller !== undefined && inForce(t, now) && t.currency === currency) {
    const threshold = Decimal.parse(t.amount);
    if (total.lte(threshold)) {
      const buyer = key('buyer');
      const address = key('address');
      const from = now - cfg.hours * 3_600_000;
      let sum = total;
      const ids: string[] = [];
      for (const r of context.recent) {
        if (r.sellerKey !== seller || r.currency !== currency) continue;
        if (!((buyer !== undefined && r.buyerKey === buyer) || (address !== undefined && r.addressKey === address))) continue;
        const at = parseTime(r.declaredAt);
        if (at <= from || at > now) continue;
        sum = sum.add(Decimal.parse(r.itemsTotal));
        ids.push(r.consignmentId);
      }
      if (ids.length > 0 && sum.gt(threshold)) {
        reasons.push({
          code: 'splitting-suspected', source: 'check', score: cfg.points,
          message: `${ids.length + 1} consignments from the same seller to the same buyer or address within ${cfg.hours} h total ${sum.toString()} ${currency}, above the ${t.amount} ${currency} threshold each stays under`,
          measured: { sum: sum.toString(), consignments: ids.length + 1, others: ids },
          threshold: { amount: t.amount, currency, hours: cfg.hours, source: t.source },
        });
      }
    }
  }
  const q = cfg.annualQuota;
  if (facts.jurisdiction === 'CN' && q && inForce(q, now) && context.annualQuotaUsed !== undefined && q.currency === currency) {
    const used = Decimal.parse(context.annualQuotaUsed).add(total);
    if (used.gt(Decimal.parse(q.amount))) {
      reasons.push({ code: 'annual-quota-exceeded', source: 'check', score: cfg.points, message: `buyer's annual cross-border purchases would reach ${used.toString()} ${currency}, above ${q.amount}`, measured: used.toString(), threshold: { amount: q.amount, source: q.source } });
    }
  }
  return reasons;
}
