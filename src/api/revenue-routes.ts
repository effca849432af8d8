/**
 * Revenue over HTTP: the public estimator, intermediary accounts (create, statement, payment), and the
 * shell helpers the CLI shares (imported tariffs and rates kept in the store's records table, statements
 * rebuilt from the decisions in the log).
 */
import type { FastifyReply } from 'fastify';
import { Decimal } from '../domain/decimal.js';
import { JURISDICTIONS, type DeclaredConsignment, type Jurisdiction } from '../domain/message.js';
import type { AccountRow, Store } from '../ledger/store.js';
import type { Platform } from '../platform/platform.js';
import type { Liability } from '../clearance/seam.js';
import {
  buildStatement, estimate, loadRevenueReference, mergeRevenueOverlays,
  type AccountEntry, type RevenueOverlay, type RevenueReference, type Statement,
} from '../revenue/index.js';
import { param } from '../revenue/lookup.js';
import type { Extensions } from './extensions.js';

// ------------------------------------------------------------------ imports kept in the store

const OVERLAY_KIND = 'revenue-overlay';

/** Imported tariffs and rate tables, oldest first. */
export async function readRevenueOverlays(store: Store): Promise<RevenueOverlay[]> {
  const rows = (await store.records(OVERLAY_KIND)).filter((r) => r.status === 'active');
  rows.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.version.localeCompare(b.version));
  return rows.map((r) => JSON.parse(r.body) as RevenueOverlay);
}

/** Persists one import; it applies from the next load of the reference (a restart of the server). */
export async function saveRevenueOverlay(store: Store, overlay: RevenueOverlay, at = new Date().toISOString()): Promise<void> {
  await store.putRecord({ kind: OVERLAY_KIND, id: `${overlay.kind}:${overlay.jurisdiction}`, version: at, status: 'active', body: JSON.stringify(overlay), updatedAt: at });
}

/** The shipped reference with every import laid over it: what the engines should load. */
export async function loadRevenueReferenceFromStore(store: Store, shipped: RevenueReference = loadRevenueReference()): Promise<RevenueReference> {
  return mergeRevenueOverlays(shipped, await readRevenueOverlays(store));
}

// ------------------------------------------------------------------ account statements

interface DecisionPayload {
  decision?: { revenue?: { currency: string; liabilities: Liability[] }; reservation?: { accountId: string; amount: string; currency: string } };
}
interface PaymentPayload { accountId: string; amount: string; currency?: string; reference?: string; at?: string }

/**
 * The account's charges and payments, from the log: a consignment is charged what its latest decision
 * reserved on the account (a later decision replaces the earlier reservation, a withdrawal cancels it),
 * dated on its release, or on that decision while it is not released. Payments are `account.payment` events.
 */
export async function accountEntries(store: Store, account: AccountRow): Promise<AccountEntry[]> {
  const charges = new Map<string, { at: string; amount: string; liabilities: Liability[] } | undefined>();
  const released = new Map<string, string>();
  const payments: AccountEntry[] = [];
  for await (const event of store.accountEventsFrom(account.id)) {
    if (event.type === 'decision' && event.consignmentId) {
      const payload = JSON.parse(event.payload) as DecisionPayload;
      const r = payload.decision?.reservation;
      charges.set(event.consignmentId, r && r.accountId === account.id
        ? { at: event.at, amount: r.amount, liabilities: payload.decision?.revenue?.liabilities ?? [] } : undefined);
    } else if (event.type === 'state.released' && event.consignmentId) {
      released.set(event.consignmentId, event.at);
    } else if (event.type === 'message.invalidation' && event.consignmentId) {
      charges.set(event.consignmentId, undefined);
    } else if (event.type === 'account.payment') {
      const p = JSON.parse(event.payload) as PaymentPayload;
      if (p.accountId !== account.id) continue;
      const entry: AccountEntry = { accountId: account.id, kind: 'payment', date: (p.at ?? event.at).slice(0, 10), currency: p.currency ?? account.currency, amount: p.amount };
      if (p.reference) entry.paymentReference = p.reference;
      payments.push(entry);
    }
  }
  const entries: AccountEntry[] = [];
  for (const [consignmentId, charge] of charges) {
    if (!charge || Decimal.parse(charge.amount).isZero()) continue;
    entries.push({
      accountId: account.id, kind: 'charge', date: (released.get(consignmentId) ?? charge.at).slice(0, 10), consignmentId,
      currency: account.currency, amount: charge.amount, liabilities: charge.liabilities,
    });
  }
  return [...entries, ...payments];
}

/** The periodic consolidated statement; the payment window (CN: days 31 to 45) from the profile of the account's currency. */
export async function accountStatement(store: Store, account: AccountRow, period: string, reference: RevenueReference): Promise<Statement> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new RangeError(`period must be YYYY-MM: ${period}`);
  const profile = Object.values(reference).find((p) => p?.currency === account.currency);
  const window = profile ? param(profile, 'accountPaymentWindow', `${period}-01`)?.value : undefined;
  const entries = await accountEntries(store, account);
  if (entries.length === 0) {
    return { accountId: account.id, period, currency: account.currency, opening: '0.00', charges: '0.00', payments: '0.00', closing: '0.00', byType: {}, entries: [] };
  }
  return buildStatement(entries, period, window);
}

// ------------------------------------------------------------------ routes

/** What the lead's platform is to offer for payments (see the report of helper revenue2). */
export interface AccountPayments {
  recordAccountPayment(accountId: string, amount: string, reference?: string): Promise<AccountRow>;
}

const CUSTOMS_ROLES = ['customs-officer', 'risk-analyst', 'auditor', 'admin'];
const AMOUNT = /^\d+(\.\d{1,4})?$/;

function parseBody(text: unknown): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(String(text));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch { return undefined; }
}

export interface RevenueRoutesOptions {
  /** The reference the engines use; by default the shipped one with the store's imports, loaded on first use. */
  reference?: () => RevenueReference | Promise<RevenueReference>;
}

export function revenueRoutes(options: RevenueRoutesOptions = {}): Extensions {
  return {
    register(app, { platform, authenticate, requireRole, fail }) {
      let cached: Promise<RevenueReference> | undefined;
      const reference = (): Promise<RevenueReference> => (options.reference
        ? Promise.resolve(options.reference())
        : (cached ??= loadRevenueReferenceFromStore(platform.store)));
      const account = (id: string): AccountRow | undefined => platform.listAccounts().find((a) => a.id === id);
      const json = (reply: FastifyReply) => fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not a JSON object', '');

      // Public: the portal's duty and tax calculator. No key, nothing stored.
      app.post('/v1/estimate', async (request, reply) => {
        const body = parseBody(request.body);
        if (!body) return json(reply);
        const j = body.jurisdiction;
        if (typeof j !== 'string' || !(JURISDICTIONS as readonly string[]).includes(j)) return fail(reply, 'LUX_ERR_JURISDICTION_UNKNOWN', `jurisdiction must be one of ${JURISDICTIONS.join(', ')}`, '/jurisdiction');
        const date = body.date;
        if (typeof date !== 'string' || !(/^\d{4}-\d{2}-\d{2}$/.test(date) || /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(date)) || Number.isNaN(Date.parse(date.length === 10 ? `${date}T12:00:00Z` : date))) {
          return fail(reply, 'LUX_ERR_DATE_FORMAT', 'date must be YYYY-MM-DD or an RFC 3339 date-time with a zone', '/date');
        }
        const c = body.consignment as Partial<DeclaredConsignment> | undefined;
        if (typeof c !== 'object' || c === null) return fail(reply, 'LUX_ERR_FIELD_MISSING', 'consignment is required, in the shape of a declaration\'s consignment', '/consignment');
        if (!Array.isArray(c.items) || c.items.length === 0) return fail(reply, 'LUX_ERR_FIELD_MISSING', 'consignment.items must list at least one item', '/consignment/items');
        if (typeof c.invoice !== 'object' || c.invoice === null || typeof c.invoice.currency !== 'string') return fail(reply, 'LUX_ERR_FIELD_MISSING', 'consignment.invoice with its currency is required', '/consignment/invoice');
        for (const [i, item] of c.items.entries()) {
          if (typeof item?.unitPrice !== 'string' || !Decimal.isDecimalString(item.unitPrice)) return fail(reply, 'LUX_ERR_AMOUNT_FORMAT', 'unitPrice must be a decimal string', `/consignment/items/${i}/unitPrice`);
        }
        try {
          return estimate({ jurisdiction: j as Jurisdiction, date, consignment: c as DeclaredConsignment }, await reference());
        } catch (error) {
          return fail(reply, 'LUX_ERR_FIELD_INVALID', `the consignment cannot be assessed: ${(error as Error).message}`, '/consignment');
        }
      });

      // Admin: an intermediary's account with its financial guarantee (creating it again changes the guarantee).
      app.post('/v1/admin/accounts', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller) return reply;
        if (!requireRole(reply, caller, ['admin'])) return reply;
        const body = parseBody(request.body);
        if (!body) return json(reply);
        if (typeof body.org !== 'string' || body.org.length === 0) return fail(reply, 'LUX_ERR_FIELD_MISSING', 'org is required', '/org');
        if (typeof body.guarantee !== 'string' || !AMOUNT.test(body.guarantee)) return fail(reply, 'LUX_ERR_AMOUNT_FORMAT', 'guarantee must be a non-negative decimal string', '/guarantee');
        if (typeof body.currency !== 'string' || !/^[A-Z]{3}$/.test(body.currency)) return fail(reply, 'LUX_ERR_CURRENCY_UNKNOWN', 'currency must be an ISO 4217 code', '/currency');
        const created = await platform.createAccount(body.org, body.guarantee, body.currency);
        return reply.code(201).send(created);
      });

      app.get<{ Params: { id: string }; Querystring: { period?: string } }>('/v1/accounts/:id/statement', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller) return reply;
        const a = account(request.params.id);
        // The holder and customs see an account; to anyone else it does not exist.
        if (!a || (a.org !== caller.org && !CUSTOMS_ROLES.includes(caller.role))) return fail(reply, 'LUX_ERR_NOT_FOUND', `no account ${request.params.id} that this key may see`);
        const period = request.query.period;
        if (!period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return fail(reply, 'LUX_ERR_FIELD_INVALID', 'period must be YYYY-MM', '/period');
        const statement = await accountStatement(platform.store, a, period, await reference());
        return { ...statement, guarantee: a.guarantee, used: a.used, headroom: Decimal.parse(a.guarantee).sub(Decimal.parse(a.used)).toString() };
      });

      app.post<{ Params: { id: string } }>('/v1/accounts/:id/payments', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller) return reply;
        if (!requireRole(reply, caller, ['customs-officer', 'admin'])) return reply;
        const a = account(request.params.id);
        if (!a) return fail(reply, 'LUX_ERR_NOT_FOUND', `no account ${request.params.id}`);
        const body = parseBody(request.body);
        if (!body) return json(reply);
        if (typeof body.amount !== 'string' || !AMOUNT.test(body.amount) || Decimal.parse(body.amount).isZero()) return fail(reply, 'LUX_ERR_AMOUNT_FORMAT', 'amount must be a positive decimal string', '/amount');
        if (body.currency !== undefined && body.currency !== a.currency) return fail(reply, 'LUX_ERR_FIELD_INVALID', `account ${a.id} is kept in ${a.currency}`, '/currency');
        if (body.reference !== undefined && typeof body.reference !== 'string') return fail(reply, 'LUX_ERR_FIELD_TYPE', 'reference must be a string', '/reference');
        const payments = platform as Platform & Partial<AccountPayments>;
        if (typeof payments.recordAccountPayment !== 'function') return fail(reply, 'LUX_ERR_INTERNAL', 'this platform cannot record account payments yet (Platform.recordAccountPayment is missing)');
        const updated = await payments.recordAccountPayment(a.id, body.amount, body.reference as string | undefined);
        return reply.code(201).send({ ...updated, headroom: Decimal.parse(updated.guarantee).sub(Decimal.parse(updated.used)).toString() });
      });
    },
  };
}
