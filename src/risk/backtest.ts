/**
 * Back-testing: replays recorded consignments with their recorded contexts through a ruleset
 * with the same pure engine as the live path. It always recomputes; no stored decision is an
 * input, so a corrupted or missing decision cannot change the result.
 */
import type { ConsignmentFacts, Lane } from '../clearance/seam.js';
import type { InspectionFinding } from '../domain/message.js';
import { createRiskEngine, type RiskAssessment, type RiskContext, type RiskEngineConfig } from './engine.js';
import type { CompiledRuleSet } from './rule-compile.js';
import type { RuleSet } from './rule-types.js';

export interface KnownOutcome {
  /** True when an inspection or agency found something (seizure, finding). */
  positive: boolean;
  findings?: InspectionFinding[];
}

export interface BacktestRecord { facts: ConsignmentFacts; context: RiskContext; outcome?: KnownOutcome }

export interface BacktestDecision {
  consignmentId: string;
  lane: Lane;
  score: number;
  deferred: boolean;
  hits: string[];
  referrals: string[];
}

export interface BacktestReport {
  rulesetId: string;
  rulesetVersion: string;
  consignments: number;
  hitsByRule: Record<string, number>;
  lanes: Record<Lane, number>;
  deferred: number;
  /** Inspections (red lane) the ruleset would have asked for, per day of context.now. */
  inspectionsPerDay: Record<string, number>;
  outcomes: {
    known: number; positives: number;
    /** Positive outcomes the ruleset selected (red or agency lane, or deferred for audit). */
    caught: number; missed: number;
    /** Negative outcomes it selected anyway. */
    falseAlarms: number;
    byFinding: Record<string, { positives: number; caught: number }>;
  };
  decisions: BacktestDecision[];
}

function selected(a: RiskAssessment): boolean {
  return a.lane === 'red' || a.lane === 'agency' || a.deferred;
}

export function backtest(ruleset: RuleSet | CompiledRuleSet, records: BacktestRecord[], config: Omit<RiskEngineConfig, 'ruleset'> = {}): BacktestReport {
  const engine = createRiskEngine({ ...config, ruleset });
  const report: BacktestReport = {
    rulesetId: engine.ruleset.id,
    rulesetVersion: engine.ruleset.version,
    consignments: 0,
    hitsByRule: {},
    lanes: { green: 0, yellow: 0, red: 0, agency: 0 },
    deferred: 0,
    inspectionsPerDay: {},
    outcomes: { known: 0, positives: 0, caught: 0, missed: 0, falseAlarms: 0, byFinding: {} },
    decisions: [],
  };
  for (const rule of engine.ruleset.rules) report.hitsByRule[rule.id] = 0;
  for (const rec of records) {
    const a = engine.assess(rec.facts, rec.context);
    report.consignments++;
    for (const h of a.hits) report.hitsByRule[h.ruleId]++;
    report.lanes[a.lane]++;
    if (a.deferred) report.deferred++;
    if (a.lane === 'red') {
      const day = rec.context.now.slice(0, 10);
      report.inspectionsPerDay[day] = (report.inspectionsPerDay[day] ?? 0) + 1;
    }
    if (rec.outcome) {
      const o = report.outcomes;
      o.known++;
      const sel = selected(a);
      if (rec.outcome.positive) {
        o.positives++;
        if (sel) o.caught++; else o.missed++;
        for (const f of rec.outcome.findings ?? ['unspecified']) {
          const b = (o.byFinding[f] ??= { positives: 0, caught: 0 });
          b.positives++;
          if (sel) b.caught++;
        }
      } else if (sel) o.falseAlarms++;
    }
    report.decisions.push({ consignmentId: rec.facts.id, lane: a.lane, score: a.score, deferred: a.deferred, hits: a.hits.map((h) => h.ruleId), referrals: a.referrals.map((r) => r.agency) });
  }
  return report;
}

/** A draft beside the live version over the same records: both recomputed, with the consignments whose lane differs. */
export function backtestCompare(live: RuleSet | CompiledRuleSet, draft: RuleSet | CompiledRuleSet, records: BacktestRecord[], config: Omit<RiskEngineConfig, 'ruleset'> = {}): { live: BacktestReport; draft: BacktestReport; laneChanges: { consignmentId: string; live: Lane; draft: Lane }[] } {
  const a = backtest(live, records, config);
  const b = backtest(draft, records, config);
  const laneChanges = a.decisions.flatMap((d, i) => (d.lane !== b.decisions[i].lane ? [{ consignmentId: d.consignmentId, live: d.lane, draft: b.decisions[i].lane }] : []));
  return { live: a, draft: b, laneChanges };
}
