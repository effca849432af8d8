/** The periodic consolidated statement of an intermediary's account (FoS 4.1.2 account-based payment). */
import { Decimal } from '../domain/decimal.js';
import type { Liability } from '../clearance/seam.js';
import { addDays } from './lookup.js';

export interface AccountEntry {
  accountId: string;
  kind: 'charge' | 'payment';
  /** Release date (charges) or payment date, YYYY-MM-DD. */
  date: string;
  consignmentId?: string;
  paymentReference?: string;
  currency: string;
  amount: string;
  liabilities?: Liability[];
}

export interface Statement {
  accountId: string;
  period: string;
  currency: string;
  opening: string;
  charges: string;
  payments: string;
  closing: string;
  byType: Record<string, string>;
  entries: (AccountEntry & { dueFrom?: string; dueBy?: string })[];
}

/**
 * `period` is YYYY-MM. Entries before the period make the opening balance. With a payment
 * window such as CN's "31-45" (days after release), each charge carries its due dates.
 */
export function buildStatement(entries: AccountEntry[], period: string, paymentWindow?: string): Statement {
  if (!/^\d{4}-\d{2}$/.test(period)) throw new RangeError(`period must be YYYY-MM: ${period}`);
  if (entries.length === 0) throw new RangeError('no entries');
  const accountId = entries[0].accountId;
  const currency = entries[0].currency;
  for (const e of entries) {
    if (e.accountId !== accountId) throw new RangeError(`entries of two accounts: ${accountId}, ${e.accountId}`);
    if (e.currency !== currency) throw new RangeError(`entries in two currencies: ${currency}, ${e.currency}`);
  }
  const signed = (e: AccountEntry) => (e.kind === 'charge' ? Decimal.parse(e.amount) : Decimal.parse(e.amount).neg());
  const before = entries.filter((e) => e.date.slice(0, 7) < period);
  const within = entries.filter((e) => e.date.slice(0, 7) === period).sort((a, b) => a.date.localeCompare(b.date));
  const opening = before.reduce((a, e) => a.add(signed(e)), Decimal.ZERO);
  const charges = within.filter((e) => e.kind === 'charge').reduce((a, e) => a.add(Decimal.parse(e.amount)), Decimal.ZERO);
  const payments = within.filter((e) => e.kind === 'payment').reduce((a, e) => a.add(Decimal.parse(e.amount)), Decimal.ZERO);
  const byType: Record<string, Decimal> = {};
  for (const e of within) for (const l of e.liabilities ?? []) {
    if (l.collectedBy !== 'intermediary') continue;
    byType[l.type] = (byType[l.type] ?? Decimal.ZERO).add(Decimal.parse(l.amount));
  }
  const window = paymentWindow?.match(/^(\d+)-(\d+)$/);
  return {
    accountId, period, currency,
    opening: opening.round(2).toString(), charges: charges.round(2).toString(), payments: payments.round(2).toString(),
    closing: opening.add(charges).sub(payments).round(2).toString(),
    byType: Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, v.round(2).toString()])),
    entries: within.map((e) => (e.kind === 'charge' && window ? { ...e, dueFrom: addDays(e.date, Number(window[1])), dueBy: addDays(e.date, Number(window[2])) } : { ...e })),
  };
}
