/**
 * `luxor backtest --ruleset [ID@]VERSION --from DATE --to DATE [--data DIR | --database URL]`:
 * recomputes the recorded decisions of the period with the stored version and with the versions
 * that were live, and prints hits, lanes, inspections per day and known outcomes caught or missed.
 */
import { parseArgs } from 'node:util';
import { Store } from '../ledger/store.js';
import { loadEngines } from '../platform/engines.js';
import { backtestVersion, RiskRules } from '../platform/risk-rules.js';

function day(text: string, end: boolean): string {
  // A bare date covers the whole day: from its start, to the start of the next.
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return end ? new Date(Date.parse(text + 'T00:00:00Z') + 86_400_000).toISOString() : text + 'T00:00:00Z';
  if (Number.isNaN(Date.parse(text))) throw new Error(`not a date: ${text}`);
  return text;
}

export async function backtestCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { ruleset: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, data: { type: 'string' }, database: { type: 'string' } } });
  if (!values.ruleset || !values.from || !values.to) {
    console.error('usage: luxor backtest --ruleset [ID@]VERSION --from DATE --to DATE [--data DIR | --database URL]');
    return 2;
  }
  const store = values.database ? await Store.open({ database: values.database }) : await Store.open({ data: values.data ?? 'data' });
  try {
    const engines = loadEngines();
    const rules = await RiskRules.open(store, engines.risk);
    const [id, version] = values.ruleset.includes('@') ? values.ruleset.split('@', 2) : [undefined, values.ruleset];
    const found = rules.list().filter((v) => v.version === version && (id === undefined || v.rulesetId === id));
    if (found.length !== 1) {
      console.error(found.length === 0 ? `no stored ruleset version ${values.ruleset}` : `version ${version} is ambiguous: give ID@VERSION`);
      return 1;
    }
    const r = await backtestVersion(rules, store, found[0].rulesetId, found[0].version, { from: day(values.from, false), to: day(values.to, true) }, engines);
    const summary = (x: typeof r.live) => ({ ruleset: `${x.rulesetId}@${x.rulesetVersion}`, consignments: x.consignments, lanes: x.lanes, deferred: x.deferred, inspectionsPerDay: x.inspectionsPerDay, outcomes: x.outcomes, hitsByRule: x.hitsByRule });
    console.log(JSON.stringify({ range: r.range, live: summary(r.live), candidate: summary(r.candidate), laneChanges: r.laneChanges.length, examples: r.laneChanges.slice(0, 20) }, null, 2));
    return 0;
  } finally {
    await store.close();
  }
}

/** Subcommands of the risk engine, for the registry in src/cli/commands.ts. */
export const riskCommands: Record<string, (argv: string[]) => Promise<number>> = {
  backtest: backtestCommand,
};
