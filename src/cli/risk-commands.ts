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

// ---- detection against the simulator's truth labels ------------------------------------------

export interface DetectionRow {
  label: string;
  consignments: number;
  /** Sent to inspection: red or agency lane, or deferred to post-clearance audit. */
  selected: number;
  /** Yellow lane (documentary check) without being selected. */
  yellow: number;
  /** Share sent to inspection (selected / consignments), whatever the reason. */
  detectionRate: number;
  /** Stopped (yellow, red, agency, deferred, or a pre-loading request for information/screening or do-not-load) by a decision that names the right reason (REASONS_FOR). */
  caught: number;
  /** caught / consignments: the share flagged with the right reason. */
  caughtRate: number;
  /** Released before the finding showed, then put on the post-clearance audit queue (not counted in caught). */
  postClearance: number;
  /** Consignments that got a decision: a lane, or a pre-loading outcome (all a parcel gets before its declaration). */
  withLane: number;
}

/**
 * The reasons that explain each seeded violation: what an officer reading the decision would
 * recognise as "found it". A decision counts as catching a violation when it stops the parcel
 * (yellow: request for information or documents; red: inspection; agency: referral; or deferred
 * to post-clearance audit) and names one of these reasons.
 */
export const REASONS_FOR: Record<string, (r: { code: string; matched?: unknown }) => boolean> = {
  'undervaluation': (r) => r.code === 'undervaluation' || r.code === 'reconcile-declared-payment' || r.code === 'reconcile-paid-more' || r.code === 'reconcile-order-amount',
  'split-shipment': (r) => r.code === 'splitting-suspected' || r.code === 'annual-quota-exceeded' || r.code === 'rule:many-parcels-same-buyer-seller',
  // Goods declared under another description: the price far above what that code usually costs, or
  // words unlike what is usually declared under that code, are the trace.
  'prohibited': (r) => r.code === 'prohibited-goods' || r.code === 'restricted-goods' || r.code === 'rule:medicines' || r.code === 'rule:e-cigarettes' || r.code === 'price-far-above-reference' || r.code === 'description-unusual-for-subheading',
  'restricted': (r) => r.code === 'prohibited-goods' || r.code === 'restricted-goods' || r.code === 'rule:medicines' || r.code === 'rule:e-cigarettes' || r.code === 'price-far-above-reference' || r.code === 'description-unusual-for-subheading',
  'counterfeit': (r) => ((r.code === 'restricted-goods' || r.code === 'prohibited-goods') && (r.matched as { category?: string } | undefined)?.category === 'ipr')
    || r.code === 'rule:luxury-brand-words' || r.code === 'rule:ipr-prone-goods-first-seller' || r.code === 'ipr-protected-mark',
  'vague-description': (r) => r.code === 'dq-vague-description',
  'wrong-hs-code': (r) => r.code === 'dq-hs-inconsistent' || r.code === 'description-unusual-for-subheading',
  'known-offender': (r) => r.code === 'watchlist-match',
  'mismatch-amount': (r) => r.code === 'reconcile-paid-more' || r.code === 'reconcile-paid-less' || r.code === 'reconcile-order-amount',
  'mismatch-quantity': (r) => r.code === 'reconcile-items' || r.code === 'reconcile-transport-items',
  'mismatch-consignee': (r) => r.code === 'reconcile-consignee' || r.code === 'reconcile-buyer',
  'late-declaration': (r) => r.code === 'dq-late' || r.code === 'dq-after-arrival' || r.code === 'rule:late-data',
  'late-pre-loading': (r) => r.code === 'dq-late' || r.code === 'dq-after-arrival' || r.code === 'dq-after-loading' || r.code === 'rule:late-data',
  'late-transport': (r) => r.code === 'dq-late' || r.code === 'dq-after-arrival' || r.code === 'rule:late-data',
};

export interface DetectionReport {
  seed: number;
  consignments: number;
  decided: number;
  byViolation: DetectionRow[];
  /** Clean consignments: selected for inspection (falsePositiveRate) and stopped at all, yellow included (stoppedRate). */
  clean: { consignments: number; selected: number; yellow: number; falsePositiveRate: number; stoppedRate: number };
  /** Reason codes behind the selected clean consignments (what raises false alarms). */
  falsePositiveReasons: Record<string, number>;
  /** Reason codes behind the clean consignments stopped in the yellow lane. */
  yellowReasons: Record<string, number>;
  lanes: Record<string, number>;
  seconds: number;
}

/**
 * The simulator's traffic through a platform running the engines policy with the simulated
 * offenders on the watch list, each message at its own simulated time; then every consignment's
 * decisions against its truth labels.
 */
export async function detectionReport(options: {
  seed: number; consignments: number; start?: string;
  /** Consignments of earlier traffic (another seed, three weeks before) whose declared prices warm the valuation reference up (default 10000; 0: none). */
  warmUp?: number;
  /** Called with each decided consignment and its truth (for diagnosis). */
  inspect?: (truth: NonNullable<ReturnType<typeof import('../simulate/generate.js').generateTraffic>['events'][number]['truth']>, state: import('../clearance/consignment-state.js').ConsignmentState) => void;
}): Promise<DetectionReport> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { generateTraffic } = await import('../simulate/generate.js');
  const { simulatedOffenders } = await import('../simulate/offenders.js');
  const { COUNTERFEIT_BRANDS } = await import('../simulate/catalogue.js');
  const { Platform } = await import('../platform/platform.js');
  const { enginePolicy } = await import('../platform/engines.js');
  const { loadRevenueReference } = await import('../revenue/index.js');
  const { createRiskEngine, loadDefaultRuleSet, loadSampleTrustedRegister, loadSampleWatchLists, ValuationReference, DescriptionReference } = await import('../risk/index.js');

  const started = Date.now();
  const traffic = generateTraffic({ seed: options.seed, consignments: options.consignments, start: options.start ?? '2026-11-20T06:00:00Z' });
  const offenders = simulatedOffenders();
  const valuation = new ValuationReference({});
  const descriptions = new DescriptionReference();
  const risk = createRiskEngine({
    ruleset: loadDefaultRuleSet(),
    watchLists: [...loadSampleWatchLists(), {
      id: 'simulated-offenders', name: 'Simulated known offenders', source: 'src/simulate/offenders.ts (simulation only)', points: 40,
      validFrom: '2000-01-01T00:00:00Z',
      entries: offenders.map((o) => ({ id: o.id, kind: o.kind, name: o.name, address: o.address, identifiers: o.identifiers, reason: o.offence, validFrom: '2000-01-01T00:00:00Z' })),
    }],
    // The simulated right holders' applications for action (simulation only, as the offenders
    // above): the trade marks the simulator's counterfeiters copy, as right holders would register them.
    ipr: [{
      id: 'simulated-applications', name: 'Simulated applications for action', source: 'src/simulate/catalogue.ts COUNTERFEIT_BRANDS (simulation only)', points: 30,
      validFrom: '2000-01-01T00:00:00Z',
      applications: COUNTERFEIT_BRANDS.map((mark, i) => ({ id: `AFA-SIM-${i + 1}`, mark, rightHolder: `${mark} (simulated right holder)`, chapters: [], validFrom: '2000-01-01T00:00:00Z' })),
    }],
    trusted: { register: loadSampleTrustedRegister() },
    valuation,
    descriptions,
    randomAudit: { rate: 0.01, seed: 20261125 },
  });
  // History before the measured period: the reference prices and wording an administration would
  // already hold (the declarations of an earlier, independent stretch of traffic; no labels read).
  const { observeDeclaredPrices, observeDeclaredDescriptions } = await import('../risk/index.js');
  const warmUp = options.warmUp ?? 10000;
  if (warmUp > 0) {
    const history = generateTraffic({ seed: options.seed + 7919, consignments: warmUp, start: new Date(Date.parse(traffic.start) - 21 * 86_400_000).toISOString() });
    for (const e of history.events) {
      if (e.message.type !== 'declaration') continue;
      const facts = { id: '', jurisdiction: e.message.jurisdiction, declaration: e.message.consignment, orders: [], payments: [], inspections: [], agencyDecisions: [] };
      observeDeclaredPrices(valuation, facts);
      observeDeclaredDescriptions(descriptions, facts);
    }
  }
  const engines = { revenue: loadRevenueReference(), risk, valuation, descriptions };
  const dir = mkdtempSync(join(tmpdir(), 'luxor-detection-'));
  let clock = Date.parse(traffic.start);
  const store = await Store.open({ data: dir });
  // The platform's own policy: it learns prices and wording as declarations arrive.
  const policy = enginePolicy(engines);
  const platform = await Platform.open(store, { policy, clock: () => new Date(clock), checkpointEvery: 100_000 });
  try {
    const roles = new Map(traffic.organisations.map((o) => [o.id, o.role as string]));
    for (const org of traffic.organisations.filter((o) => o.role === 'carrier' || o.role === 'post' || o.role === 'platform')) {
      for (const currency of ['EUR', 'GBP', 'AUD', 'CAD', 'USD', 'CNY']) await platform.createAccount(org.id, '10000000.00', currency);
    }
    const truths = new Map<string, NonNullable<(typeof traffic.events)[number]['truth']>>();
    for (const e of traffic.events) {
      if (e.truth) truths.set(e.truth.transportDocument.number, e.truth);
      clock = Math.max(clock, Date.parse(e.at));
      const sender = e.message.sender;
      await platform.submit(e.message, { org: sender.id, role: roles.get(sender.id) ?? sender.role, keyId: 'simulation' });
    }
    const rows = new Map<string, DetectionRow>();
    const clean = { consignments: 0, selected: 0, yellow: 0, falsePositiveRate: 0, stoppedRate: 0 };
    const fpReasons: Record<string, number> = {};
    const yellowReasons: Record<string, number> = {};
    const lanes: Record<string, number> = {};
    let decided = 0;
    for (const [td, truth] of truths) {
      const state = await platform.find(td);
      const decisions = state?.decisions ?? [];
      if (decisions.length === 0) continue;
      decided++;
      if (options.inspect && state) options.inspect(truth, state);
      const selected = decisions.some((d) => d.lane === 'red' || d.lane === 'agency' || d.deferred === true);
      const yellow = !selected && decisions.some((d) => d.lane === 'yellow');
      const last = decisions[decisions.length - 1];
      lanes[last.lane ?? 'none'] = (lanes[last.lane ?? 'none'] ?? 0) + 1;
      if (truth.violations.length === 0) {
        clean.consignments++;
        if (selected) {
          clean.selected++;
          const d = decisions.find((x) => x.lane === 'red' || x.lane === 'agency' || x.deferred === true)!;
          for (const r of d.reasons) if ((r.score ?? 0) > 0 || r.source === 'random' || r.code.startsWith('rule:')) fpReasons[r.code] = (fpReasons[r.code] ?? 0) + 1;
        } else if (yellow) {
          clean.yellow++;
          const d = decisions.find((x) => x.lane === 'yellow')!;
          for (const r of d.reasons) if ((r.score ?? 0) > 0 || r.code.startsWith('rule:')) yellowReasons[r.code] = (yellowReasons[r.code] ?? 0) + 1;
        }
      }
      for (const label of truth.violations) {
        const row = rows.get(label) ?? { label, consignments: 0, selected: 0, yellow: 0, detectionRate: 0, caught: 0, caughtRate: 0, withLane: 0, postClearance: 0 };
        row.consignments++;
        // Decided: a lane, or before any declaration a pre-loading outcome (the only decision such a parcel can get).
        if (decisions.some((d) => d.lane !== undefined || d.security !== undefined)) row.withLane++;
        if (selected) row.selected++; else if (yellow) row.yellow++;
        const explains = REASONS_FOR[label];
        // Before a declaration only the ICS2-style outcome can stop the parcel: a request for information or screening, or do not load.
        const stops = (d: (typeof decisions)[number]): boolean => d.lane === 'yellow' || d.lane === 'red' || d.lane === 'agency' || d.deferred === true
          || d.security === 'request-for-information' || d.security === 'request-for-screening' || d.security === 'do-not-load';
        if (explains && decisions.some((d) => stops(d) && d.reasons.some(explains))) row.caught++;
        else if (state?.postClearance?.length) row.postClearance++;
        rows.set(label, row);
      }
    }
    for (const r of rows.values()) {
      r.detectionRate = Math.round((r.selected / r.consignments) * 1000) / 1000;
      r.caughtRate = Math.round((r.caught / r.consignments) * 1000) / 1000;
    }
    clean.falsePositiveRate = clean.consignments ? Math.round((clean.selected / clean.consignments) * 1000) / 1000 : 0;
    clean.stoppedRate = clean.consignments ? Math.round(((clean.selected + clean.yellow) / clean.consignments) * 1000) / 1000 : 0;
    return {
      seed: options.seed, consignments: options.consignments, decided,
      byViolation: [...rows.values()].sort((a, b) => a.label.localeCompare(b.label)),
      clean, falsePositiveReasons: Object.fromEntries(Object.entries(fpReasons).sort((a, b) => b[1] - a[1]).slice(0, 15)),
      yellowReasons: Object.fromEntries(Object.entries(yellowReasons).sort((a, b) => b[1] - a[1]).slice(0, 15)), lanes,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await platform.close();
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function detectionCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { seed: { type: 'string' }, consignments: { type: 'string' } } });
  const report = await detectionReport({ seed: Number(values.seed ?? 1), consignments: Number(values.consignments ?? 2000) });
  console.table(report.byViolation.map((r) => ({ label: r.label, n: r.consignments, decided: r.withLane, caughtWithReason: r.caughtRate, caughtOfDecided: r.withLane ? Math.round((r.caught / r.withLane) * 1000) / 1000 : 0, inspected: r.detectionRate, yellow: r.yellow, postClearance: r.postClearance })));
  console.log(JSON.stringify({ clean: report.clean, lanes: report.lanes, decided: report.decided, falsePositiveReasons: report.falsePositiveReasons, yellowReasons: report.yellowReasons, seconds: report.seconds }, null, 2));
  return 0;
}

riskCommands['risk-detection'] = detectionCommand;
