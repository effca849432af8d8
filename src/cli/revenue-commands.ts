/**
 * Revenue subcommands: tariff and rate imports (kept in the store, laid over the shipped reference),
 * account statements, and the policy what-if over the stored consignments of a period.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { accountStatement, loadRevenueReferenceFromStore, saveRevenueOverlay } from '../api/revenue-routes.js';
import { failClosedPolicy } from '../clearance/fail-closed-policy.js';
import type { AssessmentContext, ConsignmentFacts } from '../clearance/seam.js';
import { JURISDICTIONS, type Jurisdiction } from '../domain/message.js';
import { Store } from '../ledger/store.js';
import { Platform } from '../platform/platform.js';
import { parseRatesCsv, parseTariffCsv, whatIf } from '../revenue/index.js';

const storeOptions = { data: { type: 'string' as const }, database: { type: 'string' as const } };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function jurisdiction(value: string | undefined): Jurisdiction | undefined {
  const j = value?.toUpperCase();
  return j && (JURISDICTIONS as readonly string[]).includes(j) ? (j as Jurisdiction) : undefined;
}

async function withStore<T>(values: { data?: string; database?: string }, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open({ data: values.data, database: values.database });
  try { return await work(store); } finally { await store.close(); }
}

/** Errors a user can fix (bad file, bad argument) are printed, not thrown. */
async function guarded(name: string, work: () => Promise<number>): Promise<number> {
  try { return await work(); } catch (error) {
    console.error(`luxor ${name}: ${(error as Error).message}`);
    return 1;
  }
}

/** luxor tariff import FILE.csv --jurisdiction X --from DATE [--source TEXT] [--partial] */
async function tariffCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'import') { console.error('usage: luxor tariff import FILE.csv --jurisdiction X --from YYYY-MM-DD [--source TEXT] [--partial] [--data DIR | --database URL]'); return 2; }
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...storeOptions, jurisdiction: { type: 'string' }, from: { type: 'string' }, source: { type: 'string' }, partial: { type: 'boolean' } } });
  const j = jurisdiction(values.jurisdiction);
  if (positionals.length !== 1 || !j || !values.from || !DATE.test(values.from)) {
    console.error(`luxor tariff import: FILE.csv, --jurisdiction (${JURISDICTIONS.join(', ')}) and --from YYYY-MM-DD are required`);
    return 2;
  }
  return guarded('tariff import', async () => {
    const entries = parseTariffCsv(readFileSync(positionals[0], 'utf8'), j, values.from!, values.source);
    // A whole national tariff replaces the shipped lines from its date; --partial only the codes it lists.
    await withStore(values, (store) => saveRevenueOverlay(store, { kind: 'tariff', jurisdiction: j, from: values.from!, entries, replace: !values.partial }));
    console.log(`${entries.length} tariff lines of ${j} imported, valid from ${values.from}${values.partial ? ' (partial: other lines unchanged)' : ' (replacing the shipped lines from that date)'}; they apply when the server next starts`);
    return 0;
  });
}

/** luxor rates import FILE.csv --jurisdiction X */
async function ratesCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'import') { console.error('usage: luxor rates import FILE.csv --jurisdiction X [--data DIR | --database URL]'); return 2; }
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...storeOptions, jurisdiction: { type: 'string' } } });
  const j = jurisdiction(values.jurisdiction);
  if (positionals.length !== 1 || !j) { console.error(`luxor rates import: FILE.csv and --jurisdiction (${JURISDICTIONS.join(', ')}) are required`); return 2; }
  return guarded('rates import', async () => {
    const entries = parseRatesCsv(readFileSync(positionals[0], 'utf8'));
    await withStore(values, (store) => saveRevenueOverlay(store, { kind: 'rates', jurisdiction: j, entries }));
    console.log(`${entries.length} exchange rates of ${j} imported; they apply when the server next starts`);
    return 0;
  });
}

/** luxor accounts statement --account A --period YYYY-MM */
async function accountsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'statement') { console.error('usage: luxor accounts statement --account ID --period YYYY-MM [--data DIR | --database URL]'); return 2; }
  const { values } = parseArgs({ args: rest, options: { ...storeOptions, account: { type: 'string' }, period: { type: 'string' } } });
  if (!values.account || !values.period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period)) { console.error('luxor accounts statement: --account and --period YYYY-MM are required'); return 2; }
  return guarded('accounts statement', () => withStore(values, async (store) => {
    const account = (await store.accounts()).find((a) => a.id === values.account);
    if (!account) { console.error(`luxor accounts statement: no account ${values.account}`); return 1; }
    const statement = await accountStatement(store, account, values.period!, await loadRevenueReferenceFromStore(store));
    console.log(JSON.stringify({ ...statement, guarantee: account.guarantee, used: account.used }, null, 2));
    return 0;
  }));
}

/** luxor what-if --jurisdiction EU --from DATE --to DATE --set KEY=VALUE [--set ...] */
async function whatIfCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ...storeOptions, jurisdiction: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, set: { type: 'string', multiple: true } } });
  const j = jurisdiction(values.jurisdiction);
  const overrides: Record<string, string> = {};
  for (const s of values.set ?? []) {
    const at = s.indexOf('=');
    if (at < 1) { console.error(`luxor what-if: --set takes KEY=VALUE, not ${s}`); return 2; }
    overrides[s.slice(0, at)] = s.slice(at + 1);
  }
  if (!j || !values.from || !values.to || !DATE.test(values.from) || !DATE.test(values.to) || Object.keys(overrides).length === 0) {
    console.error('luxor what-if: --jurisdiction, --from YYYY-MM-DD, --to YYYY-MM-DD and at least one --set KEY=VALUE are required');
    return 2;
  }
  return guarded('what-if', () => withStore(values, async (store) => {
    const reference = await loadRevenueReferenceFromStore(store);
    // Only to rebuild the facts of stored consignments: no message is submitted, no policy runs.
    // Not closed afterwards: closing signs a checkpoint, and a what-if must leave the log as it found it.
    const platform = await Platform.open(store, { policy: failClosedPolicy });
    {
      const consignments: { facts: ConsignmentFacts; context: AssessmentContext }[] = [];
      const until = `${values.to}T23:59:59.999Z`;
      for (let after: string | undefined; ;) {
        const page = await store.listConsignments({ limit: 1000, after });
        if (page.length === 0) break;
        after = page[page.length - 1].id;
        for (const row of page) {
          if (row.jurisdiction !== j || !row.declaredAt || row.declaredAt < values.from! || row.declaredAt > until) continue;
          const state = await platform.find(row.id);
          if (!state?.facts.declaration) continue;
          // No per-buyer history: US daily aggregation and the CN annual quota are measured on the consignment alone.
          consignments.push({ facts: state.facts, context: { now: state.facts.declaredAt ?? row.declaredAt, recent: [], parties: {}, versions: {} } });
        }
      }
      const result = whatIf(consignments, reference, overrides, j);
      console.log(JSON.stringify({ jurisdiction: j, from: values.from, to: values.to, overrides, ...result }, null, 2));
      return 0;
    }
  }));
}

/** Subcommands for src/cli/commands.ts; `accounts` takes `statement` (run.ts keeps `accounts create`). */
export const revenueCommands: Record<string, (argv: string[]) => Promise<number>> = {
  tariff: tariffCommand,
  rates: ratesCommand,
  accounts: accountsCommand,
  'what-if': whatIfCommand,
};
