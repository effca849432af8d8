/**
 * Ruleset versions in the store (records of kind 'ruleset') and the engines they run in: the
 * published version in force at the assessment's `now` decides, and an optional shadow version
 * is assessed beside it and recorded without acting. A publish, retire or shadow change takes
 * effect on the next consignment, without a restart, because the policy asks this registry for
 * the engine at every assessment.
 */
import { decodeDecisionPayload } from './decision-record.js';
import type { Assessment, AssessmentContext, AssessmentPolicy, ConsignmentFacts, Lane } from '../clearance/seam.js';
import type { DateTime } from '../domain/message.js';
import type { Store } from '../ledger/store.js';
import {
  createDraft, editDraft, publish, retire, versionInForce, type BacktestRecord, type BacktestReport,
  type RiskAssessment, type RiskEngine, type RuleSet, type RuleSetVersion,
} from '../risk/index.js';
import { enginePolicy, type Engines } from './engines.js';

export const RULESET_KIND = 'ruleset';
/** One record naming the version run in shadow (none when its body is null). */
const SHADOW_KIND = 'ruleset-shadow';

/** What the shadow ruleset would have done: recorded beside the decision, never acted on. */
export interface ShadowAssessment {
  rulesetId: string;
  rulesetVersion: string;
  lane: Lane;
  score: number;
  hits: string[];
  /** Whether lane, score or pre-loading outcome differ from the live assessment. */
  differs: boolean;
}

export class RiskRules {
  private versions: RuleSetVersion[] = [];
  private shadowRef: { rulesetId: string; version: string } | null = null;
  /** Engines per version key, compiled once: the lists, checks and model are shared with `base`. */
  private readonly engines = new Map<string, RiskEngine>();

  private constructor(private readonly store: Store, readonly base: RiskEngine) {}

  /** The registry over `store`; `base` (the default ruleset) decides while no version is published. */
  static async open(store: Store, base: RiskEngine): Promise<RiskRules> {
    const r = new RiskRules(store, base);
    await r.reload();
    return r;
  }

  /** Re-reads the versions and the shadow pointer (after another process changed them). */
  async reload(): Promise<void> {
    this.versions = (await this.store.records(RULESET_KIND)).map((row) => JSON.parse(row.body) as RuleSetVersion);
    const shadow = (await this.store.records(SHADOW_KIND)).find((row) => row.id === 'current');
    this.shadowRef = shadow ? (JSON.parse(shadow.body) as { rulesetId: string; version: string } | null) : null;
  }

  list(): RuleSetVersion[] { return this.versions.map((v) => ({ ...v })); }

  get(rulesetId: string, version: string): RuleSetVersion | undefined {
    return this.versions.find((v) => v.rulesetId === rulesetId && v.version === version);
  }

  shadowVersion(): { rulesetId: string; version: string } | null { return this.shadowRef; }

  private async save(v: RuleSetVersion, at: DateTime): Promise<RuleSetVersion> {
    await this.store.putRecord({ kind: RULESET_KIND, id: v.rulesetId, version: v.version, status: v.status, body: JSON.stringify(v), updatedAt: at });
    const i = this.versions.findIndex((x) => x.rulesetId === v.rulesetId && x.version === v.version);
    if (i >= 0) this.versions[i] = v; else this.versions.push(v);
    this.engines.delete(key(v.rulesetId, v.version));
    return v;
  }

  /** A new draft, or new rules for an existing draft (published versions never change). */
  async saveDraft(ruleset: RuleSet, author: string, at: DateTime): Promise<RuleSetVersion> {
    const existing = this.get(ruleset.id, ruleset.version);
    return this.save(existing ? editDraft(existing, ruleset) : createDraft(ruleset, author, at), at);
  }

  async publish(rulesetId: string, version: string, author: string, at: DateTime, validFrom?: DateTime, validTo?: DateTime): Promise<RuleSetVersion> {
    const v = this.require(rulesetId, version);
    return this.save(publish(v, at, author, validFrom ?? at, validTo), at);
  }

  async retire(rulesetId: string, version: string, author: string, at: DateTime): Promise<RuleSetVersion> {
    return this.save(retire(this.require(rulesetId, version), at, author), at);
  }

  /** Runs a version (draft or published) in shadow; `null` stops shadowing. */
  async setShadow(ref: { rulesetId: string; version: string } | null, at: DateTime): Promise<void> {
    if (ref) this.require(ref.rulesetId, ref.version);
    await this.store.putRecord({ kind: SHADOW_KIND, id: 'current', version: '1', status: ref ? 'active' : 'off', body: JSON.stringify(ref), updatedAt: at });
    this.shadowRef = ref;
  }

  private require(rulesetId: string, version: string): RuleSetVersion {
    const v = this.get(rulesetId, version);
    if (!v) throw new NotFoundError(`no ruleset ${rulesetId} version ${version}`);
    return v;
  }

  /** The engine of a stored version (any status: back-testing runs drafts). */
  engineFor(v: RuleSetVersion): RiskEngine {
    const k = key(v.rulesetId, v.version);
    let e = this.engines.get(k);
    if (!e) { e = this.base.withRuleset(v.ruleset); this.engines.set(k, e); }
    return e;
  }

  /** The engine that decides at `at`: the published version in force, else the base ruleset. */
  liveAt(at: DateTime): RiskEngine {
    const v = versionInForce(this.versions, at);
    return v ? this.engineFor(v) : this.base;
  }

  shadowEngine(): RiskEngine | undefined {
    const ref = this.shadowRef;
    const v = ref ? this.get(ref.rulesetId, ref.version) : undefined;
    return v ? this.engineFor(v) : undefined;
  }

  /** Live and (when set) shadow assessments of one consignment. */
  assess(facts: ConsignmentFacts, context: AssessmentContext): { live: RiskAssessment; shadow?: ShadowAssessment } {
    const live = this.liveAt(context.now).assess(facts, context);
    const se = this.shadowEngine();
    if (!se) return { live };
    return { live, shadow: shadowOf(live, se.assess(facts, context)) };
  }
}

export class NotFoundError extends Error {}

function key(id: string, version: string): string { return id + '\u0000' + version; }

export function shadowOf(live: RiskAssessment, s: RiskAssessment): ShadowAssessment {
  return {
    rulesetId: s.rulesetId, rulesetVersion: s.rulesetVersion, lane: s.lane, score: s.score, hits: s.hits.map((h) => h.ruleId),
    differs: live.lane !== s.lane || live.score !== s.score || live.preLoading !== s.preLoading,
  };
}

/** An Assessment that may carry the shadow result for the decision event. */
export type AssessmentWithShadow = Assessment & { shadow?: ShadowAssessment };

/**
 * The engines policy with the ruleset taken from the registry at each assessment. The shadow
 * assessment rides along under `shadow` and never touches `risk` (so never the lane).
 */
export function riskRulesPolicy(engines: Engines, registry: RiskRules | (() => RiskRules)): AssessmentPolicy {
  // A getter lets the policy exist before the store the registry reads is open.
  const reg = typeof registry === 'function' ? registry : () => registry;
  const policies = new WeakMap<RiskEngine, AssessmentPolicy>();
  const policyFor = (risk: RiskEngine): AssessmentPolicy => {
    let p = policies.get(risk);
    if (!p) { p = enginePolicy({ ...engines, risk }); policies.set(risk, p); }
    return p;
  };
  return {
    name: 'engines',
    assess(facts, context): AssessmentWithShadow {
      const rules = reg();
      const live = rules.liveAt(context.now);
      const assessment: AssessmentWithShadow = policyFor(live).assess(facts, context) as AssessmentWithShadow;
      const se = rules.shadowEngine();
      if (se && assessment.risk) assessment.shadow = shadowOf(assessment.risk as RiskAssessment, se.assess(facts, context));
      return assessment;
    },
    refund(facts, context, returned, previouslyReturned, exportedAt) {
      return policyFor(reg().liveAt(context.now)).refund!(facts, context, returned, previouslyReturned, exportedAt);
    },
    observe(facts, assessment) { policyFor(reg().base).observe?.(facts, assessment); },
  };
}

// ---- back-testing over the recorded decisions ------------------------------------------------

export interface BacktestRange { from: DateTime; to: DateTime }

/**
 * The recorded consignments decided in [from, to): for each 'decision' event, the facts as they
 * were at that event (the consignment's messages before it, replayed through the same pure
 * functions), the context recorded with it, and the outcome known now (inspection findings).
 * Nothing of the stored decision itself is read.
 */
export async function backtestRecords(store: Store, range: BacktestRange): Promise<BacktestRecord[]> {
  const { replayConsignment } = await import('./replay.js');
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const decisions: { seq: number; consignmentId: string; context: AssessmentContext }[] = [];
  for await (const e of store.allEvents()) {
    if (e.type !== 'decision' || !e.consignmentId) continue;
    const t = Date.parse(e.at);
    if (t < from || t >= to) continue;
    let context: AssessmentContext | undefined;
    try { context = decodeDecisionPayload(e.payload).context; } catch { context = undefined; }
    if (!context || typeof context.now !== 'string') continue; // unreadable context: nothing to recompute from
    decisions.push({ seq: e.seq, consignmentId: e.consignmentId, context });
  }
  const ids = [...new Set(decisions.map((d) => d.consignmentId))];
  const rows = await store.loadConsignments(ids);
  const byId = new Map<string, { events: Awaited<ReturnType<Store['eventsOf']>>; personal: Awaited<ReturnType<Store['personalOf']>>; key: Buffer | null }>();
  for (const id of ids) byId.set(id, { events: await store.eventsOf(id), personal: await store.personalOf(id), key: (await store.consignmentKey(id)) ?? null });
  const out: BacktestRecord[] = [];
  for (const d of decisions) {
    const row = rows.get(d.consignmentId);
    const data = byId.get(d.consignmentId);
    if (!row || !data) continue;
    // Only messages enter the facts: decisions and officer actions do not change what was declared.
    const before = data.events.filter((e) => e.seq < d.seq && e.type.startsWith('message.'));
    const facts = replayConsignment(row, before, data.personal, data.key).facts;
    const now = replayConsignment(row, data.events.filter((e) => e.type.startsWith('message.')), data.personal, data.key).facts;
    const findings = now.inspections.flatMap((i) => i.findings);
    const outcome = now.inspections.length > 0 ? { positive: findings.some((f) => f !== 'compliant'), findings: findings.filter((f) => f !== 'compliant') } : undefined;
    out.push({ facts, context: d.context, outcome });
  }
  return out;
}

export interface BacktestResult {
  range: BacktestRange;
  live: BacktestReport;
  candidate: BacktestReport;
  laneChanges: { consignmentId: string; live: Lane; draft: Lane }[];
}

/**
 * A stored version against the versions that were live, over the recorded decisions of a period.
 * With `engines`, risk is recomputed through the same engines policy as the live path (revenue
 * findings that add risk points included), so the live report's lanes are the live path's.
 */
export async function backtestVersion(rules: RiskRules, store: Store, rulesetId: string, version: string, range: BacktestRange, engines?: Engines): Promise<BacktestResult> {
  const candidate = rules.get(rulesetId, version);
  if (!candidate) throw new NotFoundError(`no ruleset ${rulesetId} version ${version}`);
  const records = await backtestRecords(store, range);
  const cand = rules.engineFor(candidate);
  const policies = new Map<RiskEngine, AssessmentPolicy>();
  const assessWith = (engine: RiskEngine, rec: BacktestRecord): RiskAssessment => {
    if (!engines) return engine.assess(rec.facts, rec.context);
    let p = policies.get(engine);
    if (!p) { p = enginePolicy({ ...engines, risk: engine }); policies.set(engine, p); }
    return p.assess(rec.facts, rec.context).risk as RiskAssessment;
  };
  const liveReport = reportOf(records, (r) => assessWith(rules.liveAt(r.context.now), r));
  const candReport = reportOf(records, (r) => assessWith(cand, r));
  candReport.rulesetId = candidate.rulesetId;
  candReport.rulesetVersion = candidate.version;
  const laneChanges = liveReport.decisions.flatMap((d, i) => (d.lane !== candReport.decisions[i].lane ? [{ consignmentId: d.consignmentId, live: d.lane, draft: candReport.decisions[i].lane }] : []));
  return { range, live: liveReport, candidate: candReport, laneChanges };
}

function reportOf(records: BacktestRecord[], assess: (r: BacktestRecord) => RiskAssessment): BacktestReport {
  const report: BacktestReport = {
    rulesetId: '', rulesetVersion: '', consignments: 0, hitsByRule: {},
    lanes: { green: 0, yellow: 0, red: 0, agency: 0 }, deferred: 0, inspectionsPerDay: {},
    outcomes: { known: 0, positives: 0, caught: 0, missed: 0, falseAlarms: 0, byFinding: {} }, decisions: [],
  };
  for (const rec of records) {
    const a = assess(rec);
    if (report.consignments === 0) { report.rulesetId = a.rulesetId; report.rulesetVersion = a.rulesetVersion; }
    report.consignments++;
    for (const h of a.hits) report.hitsByRule[h.ruleId] = (report.hitsByRule[h.ruleId] ?? 0) + 1;
    report.lanes[a.lane]++;
    if (a.deferred) report.deferred++;
    if (a.lane === 'red') { const day = rec.context.now.slice(0, 10); report.inspectionsPerDay[day] = (report.inspectionsPerDay[day] ?? 0) + 1; }
    const sel = a.lane === 'red' || a.lane === 'agency' || a.deferred;
    if (rec.outcome) {
      const o = report.outcomes;
      o.known++;
      if (rec.outcome.positive) {
        o.positives++;
        if (sel) o.caught++; else o.missed++;
        for (const f of rec.outcome.findings ?? ['unspecified']) { const b = (o.byFinding[f] ??= { positives: 0, caught: 0 }); b.positives++; if (sel) b.caught++; }
      } else if (sel) o.falseAlarms++;
    }
    report.decisions.push({ consignmentId: rec.facts.id, lane: a.lane, score: a.score, deferred: a.deferred, hits: a.hits.map((h) => h.ruleId), referrals: a.referrals.map((r) => r.agency) });
  }
  return report;
}
