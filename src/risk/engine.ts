/**
 * The risk engine: rules, lists, checks and the model combined into one pure `assess` over
 * (facts, context). Every point of the score and every action is traceable to a reason with its
 * measured value and threshold (or matched entry, or rule version).
 */
import type { AssessmentContext, ConsignmentFacts, Lane, PreLoadingOutcome, Reason, RiskVerdict } from '../clearance/seam.js';
import type { Jurisdiction } from '../domain/message.js';
import { JURISDICTIONS } from '../domain/message.js';
import { adaptiveRedThreshold, type ScoreHistogram } from './capacity.js';
import type { DataQualityCheck, DataQualityResult } from './data-quality.js';
import { consignmentView, partyOf, type PartyRole } from './keys.js';
import { checkParties, DEFAULT_PARTIES, type PartyConfig } from './parties.js';
import { buildProhibitedIndex, prohibitedReason, screenItems, type ProhibitedIndex, type ProhibitedList } from './prohibited.js';
import { isAuditSelected } from './random-audit.js';
import { DEFAULT_RECONCILIATION, reconcile, type ReconciliationConfig } from './reconciliation.js';
import { defaultDataQuality, loadProhibitedList, loadRiskParameters } from './reference.js';
import { compileRuleSet, type CompiledRuleSet } from './rule-compile.js';
import { EvalInput } from './rule-fields.js';
import type { RuleHit, RuleSet } from './rule-types.js';
import { checkSplitting, type SplittingConfig } from './splitting.js';
import { buildTrustedIndex, checkTrusted, DEFAULT_TRUSTED, type TrustedConfig, type TrustedIndex, type TrustedRegister } from './trusted.js';
import { DescriptionReference, isDescriptionSnapshot, unusualDescriptionReason, type DescriptionSnapshot } from './description-reference.js';
import { combinedUndervaluation, combinedUndervaluationReason, emptyPositions, farAboveReason, ValuationReference, valuationReason, type ValuationSnapshot } from './valuation.js';
import { buildWatchIndex, matchParty, watchReason, type WatchIndex, type WatchList } from './watchlist.js';
import { buildIprIndex, iprReason, screenIpr, type IprIndex, type IprRegister } from './ipr.js';

export type RiskModel = (facts: ConsignmentFacts, context: AssessmentContext) => { probability: number; reasons: Reason[] };

export interface RiskEngineConfig {
  ruleset: RuleSet | CompiledRuleSet;
  watchLists?: WatchList[] | WatchIndex;
  /** Applications for action by right holders (protected trade marks); none by default. */
  ipr?: IprRegister[] | IprIndex;
  /** Lowest watch-list match score reported, unless a list sets its own (default 0.85). */
  watchThreshold?: number;
  /** Per jurisdiction; default: reference/risk/prohibited-*.json. `false` disables. */
  prohibited?: Partial<Record<Jurisdiction, ProhibitedList>> | false;
  /** Default: the reference data-quality check. `false` disables. */
  dataQuality?: DataQualityCheck | false;
  /** Risk points per data-quality point below 100 (default 0.3). */
  qualityWeight?: number;
  reconciliation?: ReconciliationConfig | false;
  valuation?: ValuationReference;
  /** What goods under each subheading are usually called (description-reference.ts). */
  descriptions?: DescriptionReference;
  splitting?: SplittingConfig | false;
  parties?: PartyConfig | false;
  trusted?: { register: TrustedRegister; config?: TrustedConfig };
  randomAudit?: { rate: number; seed: number };
  model?: RiskModel;
  /** Points for a model probability of 1 (default 40). */
  modelWeight?: number;
  points?: { prohibited?: number; restricted?: number; undervaluation?: number; priceFarAbove?: number; unusualDescription?: number };
  /**
   * Check findings that stop the parcel in the yellow lane with a request for information (the
   * question is the finding's message), whatever the score: a vague description, an HS code that
   * does not fit, documents that disagree, a price far below its reference, data after arrival.
   * Default: DEFAULT_INFORMATION_CHECKS; `[]` turns it off.
   */
  informationChecks?: readonly string[];
}

/**
 * The findings an officer answers with a question rather than an inspection (FoS Technical
 * Specifications 2.2.2 and 2.3.2: incomplete, vague or inconsistent data are completed or
 * corrected by the party that holds them; the yellow lane is the documentary check).
 */
export const DEFAULT_INFORMATION_CHECKS: readonly string[] = [
  'dq-vague-description', 'dq-hs-inconsistent', 'dq-after-arrival', 'dq-after-loading',
  'reconcile-consignee', 'reconcile-buyer', 'reconcile-items', 'reconcile-transport-items',
  'reconcile-paid-more', 'reconcile-paid-less', 'reconcile-order-amount', 'reconcile-declared-payment', 'reconcile-currency',
  'undervaluation', 'price-far-above-reference', 'splitting-suspected', 'annual-quota-exceeded',
  'description-unusual-for-subheading',
];

/**
 * The question a finding puts to the declarant. It reaches the trade (the gate's reason in
 * `waitingFor`), so it asks for what settles the finding without teaching the criterion or
 * passing on another party's data: not the reference prices and how far below them a price may
 * go (a valuation database is a risk tool), not the split-shipment window and sums, not what the
 * payment provider or the platform reported, not the buyer's purchases through other platforms.
 * Data-quality findings are about the declarant's own data and are returned as they are (2022
 * FoS Standard 3). The finding itself stays in the reasons, for officers.
 */
export function questionFor(r: Reason): string {
  const line = /^line (\d+):/.exec(r.message)?.[1];
  const onLine = line ? `line ${line}: ` : '';
  switch (r.code) {
    case 'undervaluation':
    case 'reconcile-paid-more':
    case 'reconcile-paid-less':
    case 'reconcile-order-amount':
    case 'reconcile-declared-payment':
      return `${onLine}proof of the price paid for the goods (commercial invoice and payment record)`;
    case 'price-far-above-reference':
    case 'description-unusual-for-subheading':
      return `${onLine}what the goods are (a precise description with brand and model) and the commercial invoice`;
    case 'splitting-suspected':
      return 'the orders and invoices of the buyer\'s other recent consignments from the same seller, if they are one purchase';
    case 'annual-quota-exceeded': {
      const limit = (r.threshold as { amount?: string } | undefined)?.amount;
      return `the buyer's annual cross-border retail import limit${limit ? ` (${limit})` : ''} would be exceeded: the buyer's confirmation, or a declaration under general trade`;
    }
    case 'reconcile-buyer':
    case 'reconcile-payer':
    case 'reconcile-consignee':
      return 'who the buyer and the consignee are: the declared buyer does not agree with the other data received for this consignment';
    default:
      return r.message;
  }
}

/**
 * The shared state `assess` reads. `scoresSeen` (opaque to the shell) is read as a ScoreHistogram
 * when it has that shape, ignored otherwise, so a recorded context from any version replays.
 * `valuation`, when the shell records it (ValuationReference.snapshotFor), is the reference of the
 * day: the engine then checks prices against it rather than against the live, still-learning one,
 * so a back-test over recorded contexts gives the valuation findings of the day.
 */
export type RiskContext = AssessmentContext & { valuation?: ValuationSnapshot; descriptions?: DescriptionSnapshot };

function isSnapshot(v: unknown): v is ValuationSnapshot {
  return typeof v === 'object' && v !== null && typeof (v as ValuationSnapshot).series === 'object' && typeof (v as ValuationSnapshot).options === 'object';
}

/** The reference a recorded snapshot stands for, thawed once per snapshot object (a replay reads it per consignment). */
function thawed<S extends object, R>(cache: WeakMap<S, R>, snap: unknown, is: (v: unknown) => v is S, thaw: (s: S) => R): R | undefined {
  if (!is(snap)) return undefined;
  let ref = cache.get(snap);
  if (!ref) { ref = thaw(snap); cache.set(snap, ref); }
  return ref;
}
const frozenValuations = new WeakMap<ValuationSnapshot, ValuationReference>();
const frozenDescriptions = new WeakMap<DescriptionSnapshot, DescriptionReference>();
const recordedValuation = (context: RiskContext): ValuationReference | undefined => thawed(frozenValuations, context.valuation, isSnapshot, (s) => ValuationReference.fromSnapshot(s));
const recordedDescriptions = (context: RiskContext): DescriptionReference | undefined => thawed(frozenDescriptions, context.descriptions, isDescriptionSnapshot, (s) => DescriptionReference.fromSnapshot(s));

function asHistogram(v: unknown): ScoreHistogram | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const h = v as Partial<ScoreHistogram>;
  return typeof h.total === 'number' && Array.isArray(h.buckets) ? (h as ScoreHistogram) : undefined;
}

export interface RiskAssessment extends RiskVerdict {
  /** The lane the score and actions lead to (same as minLane: decide may only raise it). */
  lane: Lane;
  rulesetId: string;
  rulesetVersion: string;
  hits: RuleHit[];
  /** Specific checks flagged by rules (e.g. x-ray, documentary, ipr). */
  checks: string[];
  /** Would be red on score but the day's inspection capacity is used: post-clearance audit. */
  deferred: boolean;
  randomAudit: boolean;
  trusted: boolean;
  qualityScore?: number;
  /** The red threshold applied (base or adapted to capacity). */
  redThreshold: number;
  modelProbability?: number;
}

export interface RiskEngine {
  readonly ruleset: CompiledRuleSet;
  assess(facts: ConsignmentFacts, context: RiskContext): RiskAssessment;
  /** Live and shadow assessments side by side; only `live` may be acted on. */
  assessWithShadow(facts: ConsignmentFacts, context: RiskContext, shadow: CompiledRuleSet | RuleSet): { live: RiskAssessment; shadow: RiskAssessment; differs: boolean };
  /** The same engine (lists, checks, model) with another ruleset: how a new version takes effect without a restart. */
  withRuleset(ruleset: CompiledRuleSet | RuleSet): RiskEngine;
  /**
   * Matches parties against these lists from the next assessment on, in this engine and every
   * engine made from it by `withRuleset` (they share their lists): how an analyst's change to a
   * watch list takes effect without a restart.
   */
  replaceWatchLists(lists: WatchList[]): void;
}

/**
 * `p.toFixed(3)` for a probability, without its exact-decimal machinery (a measurable share of
 * `assess`): away from a rounding tie, rounding p·1000 gives the same integer (its error is far
 * below 1e-9), and near a tie, outside [0, 1] or for NaN, toFixed itself decides.
 */
export function fixed3(p: number): string {
  if (!(p >= 0 && p <= 1)) return p.toFixed(3);
  const y = p * 1000;
  const frac = y - Math.floor(y);
  if (Math.abs(frac - 0.5) < 1e-6) return p.toFixed(3);
  // k is 0..1000 here: its digits written straight after "0.", with no padded copy to slice
  const k = Math.round(y);
  return k >= 1000 ? '1.000' : (k < 10 ? '0.00' : k < 100 ? '0.0' : '0.') + k;
}

const LANE_ORDER: Record<Lane, number> = { green: 0, yellow: 1, red: 2, agency: 3 };
function maxLane(a: Lane, b: Lane): Lane { return LANE_ORDER[b] > LANE_ORDER[a] ? b : a; }

const WATCH_ROLES: PartyRole[] = ['seller', 'buyer', 'consignee', 'consignor'];
const SECURITY_CATEGORIES = new Set(['arms-explosives', 'weapons-of-mass-destruction']);

interface Prepared {
  watch?: WatchIndex;
  ipr?: IprIndex;
  prohibited: Map<string, ProhibitedIndex>;
  quality?: DataQualityCheck;
  reconciliation?: ReconciliationConfig;
  splitting?: SplittingConfig;
  parties?: PartyConfig;
  trusted?: { index: TrustedIndex; config: TrustedConfig };
}

function isCompiled(r: CompiledRuleSet | RuleSet): r is CompiledRuleSet {
  return typeof (r as CompiledRuleSet).evaluate === 'function';
}

function defaultSplitting(): SplittingConfig {
  const p = loadRiskParameters();
  return { hours: p.splitting.hours, thresholds: p.splitting.thresholds, annualQuota: p.cnAnnualQuota, points: 20 };
}

function prepare(config: RiskEngineConfig): Prepared {
  const prohibited = new Map<string, ProhibitedIndex>();
  if (config.prohibited !== false) {
    for (const j of JURISDICTIONS) {
      const list = config.prohibited ? config.prohibited[j] : loadProhibitedList(j);
      if (list) prohibited.set(j, buildProhibitedIndex(list));
    }
  }
  const w = config.watchLists;
  return {
    watch: w === undefined ? undefined : Array.isArray(w) ? buildWatchIndex(w) : w,
    ipr: config.ipr === undefined ? undefined : Array.isArray(config.ipr) ? buildIprIndex(config.ipr) : config.ipr,
    prohibited,
    quality: config.dataQuality === false ? undefined : config.dataQuality ?? defaultDataQuality(),
    reconciliation: config.reconciliation === false ? undefined : config.reconciliation ?? DEFAULT_RECONCILIATION,
    splitting: config.splitting === false ? undefined : config.splitting ?? defaultSplitting(),
    parties: config.parties === false ? undefined : config.parties ?? DEFAULT_PARTIES,
    trusted: config.trusted ? { index: buildTrustedIndex(config.trusted.register), config: config.trusted.config ?? DEFAULT_TRUSTED } : undefined,
  };
}

export function createRiskEngine(config: RiskEngineConfig): RiskEngine {
  return build(config, prepare(config), isCompiled(config.ruleset) ? config.ruleset : compileRuleSet(config.ruleset));
}

function build(config: RiskEngineConfig, prep: Prepared, ruleset: CompiledRuleSet): RiskEngine {
  const qualityWeight = config.qualityWeight ?? 0.3;
  const modelWeight = config.modelWeight ?? 40;
  const pts = { prohibited: 40, restricted: 20, undervaluation: 25, priceFarAbove: 15, unusualDescription: 15, ...config.points };
  const rulesetTag = `${ruleset.id}@${ruleset.version}`;
  const informationChecks = new Set(config.informationChecks ?? DEFAULT_INFORMATION_CHECKS);
  // A rule's reason depends on the rule alone (hits are shared per compiled ruleset): built once,
  // frozen because every assessment that fires the rule shares it.
  const ruleReasons = new WeakMap<object, Reason>();

  function assess(facts: ConsignmentFacts, context: RiskContext): RiskAssessment {
    const reasons: Reason[] = [];
    const referrals: { agency: string; reason: string }[] = [];
    const rfi: string[] = [];
    const checks: string[] = [];
    let score = 0;
    let lane: Lane = 'green';
    let mandatoryRed = false;
    let screening = false;
    let doNotLoad = false;
    const view = consignmentView(facts);
    const items = view.items ?? facts.orders[0]?.items ?? [];
    const preLoadingStage = facts.preLoading !== undefined && facts.arrival === undefined;

    // data quality first: rules may read it
    let dq: DataQualityResult | undefined;
    if (prep.quality) {
      dq = prep.quality(facts);
      for (const r of dq.reasons) reasons.push(r);
      if (dq.score < 100) {
        const p = Math.round((100 - dq.score) * qualityWeight * 10) / 10;
        score += p;
        reasons.push({ code: 'data-quality-score', source: 'check', score: p, message: `data-quality score ${dq.score} of 100`, measured: dq.score, threshold: 100 });
      }
      // Before loading the goods must be identifiable from the description and the HS code: a vague
      // description, or a code the description contradicts, leaves the safety and security analysis
      // without the goods (ICS2 acceptable goods description), so both are asked about.
      if (preLoadingStage) {
        for (const r of dq.reasons) {
          if (r.code === 'dq-vague-description') rfi.push(`precise goods description (${r.message})`);
          else if (r.code === 'dq-hs-inconsistent') rfi.push(`goods description and HS code that agree (${r.message})`);
        }
      }
    }
    const qualityScore = dq?.score;

    // rules
    const input = new EvalInput(facts, context, { qualityScore: () => qualityScore ?? 100 });
    const hits = ruleset.evaluate(input);
    for (const hit of hits) {
      let points = 0;
      for (const a of hit.actions) {
        switch (a.type) {
          case 'score': points += a.points; break;
          case 'minLane': lane = maxLane(lane, a.lane); if (a.lane === 'red') mandatoryRed = true; break;
          case 'requestInformation': rfi.push(a.what); break;
          case 'requestScreening': screening = true; break;
          case 'doNotLoad': doNotLoad = true; break;
          case 'refer':
            referrals.push({ agency: a.agency, reason: a.reason ?? `rule ${hit.ruleId}` });
            // before loading, a referral is a question about the agency's permit (as for listed goods below)
            if (preLoadingStage) rfi.push(`${a.reason ?? `rule ${hit.ruleId}`}: the ${a.agency}'s permit, licence or certificate`);
            break;
          case 'flagCheck': if (!checks.includes(a.check)) checks.push(a.check); break;
        }
      }
      score += points;
      let reason = ruleReasons.get(hit);
      if (!reason) {
        reason = Object.freeze({ code: 'rule:' + hit.ruleId, source: 'rule', version: hit.version === ruleset.version ? rulesetTag : `${ruleset.id}@${hit.version}`, score: points, message: hit.description ?? hit.ruleId, measured: hit.actions }) as Reason;
        ruleReasons.set(hit, reason);
      }
      reasons.push(reason);
    }

    // watch lists
    if (prep.watch) {
      // One listed party named in two roles (seller and consignor, buyer and consignee) is one
      // match: its points count once, and the second role's reason says so.
      let counted: Set<string> | undefined;
      for (const role of WATCH_ROLES) {
        const party = partyOf(facts, role);
        if (!party) continue;
        for (const m of matchParty(prep.watch, party, context.now, config.watchThreshold)) {
          const entryKey = m.listId + '\n' + m.entry.id;
          const again = counted?.has(entryKey) ?? false;
          (counted ??= new Set()).add(entryKey);
          if (again) reasons.push(watchReason(role, { ...m, points: 0 }, config.watchThreshold ?? 0.85, 'the same entry matched another role: counted once'));
          else {
            score += m.points;
            reasons.push(watchReason(role, m, config.watchThreshold ?? 0.85));
          }
          // Before loading, a listed party is a question to the filer, not only points: the score
          // alone gives no ICS2-style outcome. The question is neutral — the filer is not told that
          // anyone is on a list (the match stays in the reasons, for officers).
          if (preLoadingStage) {
            const question = `full identity (name, address, identifier) of the ${role} and a precise description of the goods`;
            if (!rfi.includes(question)) rfi.push(question);
          }
        }
      }
    }

    // prohibited and restricted goods: referral to the deciding agency
    const pidx = prep.prohibited.get(facts.jurisdiction);
    if (pidx) {
      for (const hit of screenItems(pidx, items, context.now)) {
        const p = hit.entry.measure === 'prohibited' ? pts.prohibited : pts.restricted;
        score += p;
        reasons.push(prohibitedReason(hit, p));
        if (!referrals.some((r) => r.agency === hit.entry.agency.code)) referrals.push({ agency: hit.entry.agency.code, reason: `${hit.entry.category}: line ${hit.line} ${hit.by} "${hit.matched}" (${hit.entry.source})` });
        // Before loading: arms and WMD goods are screened; every other FoS 8.1.3 area ("key areas
        // concerning safety and security issues") is a request for information — the permit,
        // licence or certificate, or what the goods really are.
        if (preLoadingStage) {
          if (SECURITY_CATEGORIES.has(hit.entry.category)) screening = true;
          else rfi.push(`line ${hit.line}: ${hit.entry.category} (${hit.entry.measure}, "${hit.matched}"): the ${hit.entry.agency.name}'s permit, licence or certificate, or a precise description of the goods`);
        }
      }
    }

    // protected trade marks (applications for action): proof of authenticity asked, the ipr check flagged
    if (prep.ipr) {
      for (const hit of screenIpr(prep.ipr, items, partyOf(facts, 'seller')?.name, context.now)) {
        const r = iprReason(hit);
        score += r.score ?? 0;
        reasons.push(r);
        if (!checks.includes('ipr')) checks.push('ipr');
      }
    }

    // reconciliation, valuation, splitting, parties
    const add = (rs: Reason[]): void => { for (const r of rs) { score += r.score ?? 0; reasons.push(r); } };
    if (prep.reconciliation) add(reconcile(facts, prep.reconciliation));
    const valuation = recordedValuation(context) ?? config.valuation;
    if (valuation && view.invoice) {
      const currency = view.invoice.currency;
      const positions = items.length > 1 ? emptyPositions() : undefined;
      let lowLine = false;
      for (const it of items) {
        if (!it.hsCode || it.unitPrice === undefined) continue;
        const o = valuation.outlier(it.hsCode, currency, it.unitPrice, it.origin, positions);
        if (o?.tail === 'low') { lowLine = true; add([valuationReason(it.line, it.unitPrice, currency, o.check, pts.undervaluation)]); }
        else if (o?.tail === 'high') add([farAboveReason(it.line, it.unitPrice, currency, o.check, pts.priceFarAbove)]);
      }
      // no line far enough out alone, but all of them low together
      const combined = positions && !lowLine ? combinedUndervaluation(positions, valuation.options) : undefined;
      if (combined) add([combinedUndervaluationReason(combined, currency, pts.undervaluation)]);
    }
    const descriptions = recordedDescriptions(context) ?? config.descriptions;
    if (descriptions) {
      for (const it of items) {
        if (!it.hsCode || !it.description) continue;
        const c = descriptions.unusual(it.hsCode, it.description);
        if (c) add([unusualDescriptionReason(it.line, it.description, c, descriptions.options.minKnownFraction, pts.unusualDescription)]);
      }
    }
    if (prep.splitting) add(checkSplitting(facts, context, prep.splitting, input.keyOf));
    if (prep.parties) add(checkParties(facts, context, prep.parties, input.keyOf, input.historyOf));

    // trusted traders
    let trusted = false;
    if (prep.trusted) {
      const t = checkTrusted(facts, context, prep.trusted.index, prep.trusted.config);
      trusted = t.trusted;
      add(t.reasons);
    }

    // model
    let modelProbability: number | undefined;
    if (config.model) {
      const m = config.model(facts, context);
      modelProbability = m.probability;
      const p = Math.round(m.probability * modelWeight * 10) / 10;
      score += p;
      reasons.push({ code: 'model-score', source: 'model', version: context.versions.model, score: p, message: `model probability ${fixed3(m.probability)}`, measured: m.probability, threshold: modelWeight });
      for (const r of m.reasons) reasons.push(r);
    }

    score = Math.max(0, Math.round(score * 10) / 10);

    // findings that call for a question: yellow at least, with the finding as the question (the
    // ICS2 pre-loading outcome keeps to the safety and security questions asked above)
    const securityQuestions = rfi.length;
    if (informationChecks.size > 0) {
      for (const r of reasons) {
        if (r.source !== 'check' || !informationChecks.has(r.code)) continue;
        lane = maxLane(lane, 'yellow');
        if (!(preLoadingStage && (r.code === 'dq-vague-description' || r.code === 'dq-hs-inconsistent' || r.code === 'description-unusual-for-subheading'))) {
          const question = questionFor(r);
          if (!rfi.includes(question)) rfi.push(question);
        }
      }
    }

    // random audit, lanes, capacity
    let randomAudit = false;
    // The version's own rate wins: analysts change it by publishing a version, and a replay of
    // that version draws at the rate it ran with.
    const baseRate = ruleset.randomAuditRate ?? config.randomAudit?.rate;
    if (baseRate !== undefined) {
      const rate = baseRate * (trusted ? prep.trusted?.config.auditFactor ?? 1 : 1);
      if (isAuditSelected(facts.id, ruleset.version, config.randomAudit?.seed ?? 0, rate)) {
        randomAudit = true;
        mandatoryRed = true;
        lane = maxLane(lane, 'red');
        reasons.push({ code: 'random-audit', source: 'random', version: ruleset.version, message: 'selected for a random audit inspection', measured: facts.id, threshold: rate });
      }
    }
    const { yellow, red } = ruleset.lanes;
    let redThreshold = red;
    let deferred = false;
    if (score >= red && !mandatoryRed && context.inspections) {
      const ins = context.inspections;
      const dayStart = Date.parse(ins.date + 'T00:00:00Z');
      const dayFraction = (Date.parse(context.now) - dayStart) / 86_400_000;
      const t = adaptiveRedThreshold({ base: red, capacity: ins.capacity, used: ins.used, dayFraction, seen: asHistogram(context.scoresSeen) });
      redThreshold = t.threshold;
      if (score < redThreshold) {
        deferred = true;
        reasons.push({ code: 'capacity-deferred', source: 'policy', message: `score ${score} would be red (≥ ${red}) but inspections at ${ins.location} on ${ins.date} are reserved for scores ≥ ${redThreshold} (${ins.used} of ${ins.capacity} used): deferred to post-clearance audit`, measured: score, threshold: redThreshold });
      }
    }
    const scoreLane: Lane = score >= redThreshold ? 'red' : score >= yellow ? 'yellow' : 'green';
    lane = maxLane(lane, scoreLane);
    if (referrals.length > 0) lane = maxLane(lane, 'agency');

    let preLoading: PreLoadingOutcome | undefined;
    if (preLoadingStage) {
      preLoading = doNotLoad ? 'do-not-load' : screening ? 'request-for-screening' : securityQuestions > 0 ? 'request-for-information' : 'assessment-complete';
    }
    return {
      score, minLane: lane, lane, preLoading, referrals, requestsForInformation: rfi, reasons,
      rulesetId: ruleset.id, rulesetVersion: ruleset.version, hits, checks, deferred, randomAudit, trusted,
      qualityScore, redThreshold, modelProbability,
    };
  }

  const engine: RiskEngine = {
    ruleset,
    assess,
    assessWithShadow(facts, context, shadow) {
      const live = assess(facts, context);
      const other = (shadowEngines.get(shadow) ?? rememberShadow(shadow)).assess(facts, context);
      return { live, shadow: other, differs: live.lane !== other.lane || live.score !== other.score || live.preLoading !== other.preLoading };
    },
    withRuleset(next) {
      return build(config, prep, isCompiled(next) ? next : compileRuleSet(next));
    },
    replaceWatchLists(lists) {
      // Built before it is swapped in: an assessment never sees half an index.
      prep.watch = buildWatchIndex(lists);
    },
  };
  const shadowEngines = new WeakMap<object, RiskEngine>();
  function rememberShadow(shadow: CompiledRuleSet | RuleSet): RiskEngine {
    const e = engine.withRuleset(shadow);
    shadowEngines.set(shadow, e);
    return e;
  }
  return engine;
}
