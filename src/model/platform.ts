/**
 * The model on Luxor's own data: features from ConsignmentFacts and the AssessmentContext
 * recorded at assessment, training on inspection outcomes with random audits weighted by the
 * inverse of their selection probability, scoring with an explanation for the risk engine,
 * and the monthly drift report.
 *
 * Party history comes only from context.parties, which the shell fills as of the assessment
 * (context.keys: the shell's keyed pseudonyms of seller and buyer, and 'org:' + declaredBy), so a
 * feature can never see an outcome recorded after the declaration.
 */
import type { AssessmentContext, ConsignmentFacts, PartyHistory, Reason } from '../clearance/seam.js';
import type { Item } from '../domain/message.js';
import { Decimal } from '../domain/decimal.js';
import { consignmentView, partyKey, partyOf } from '../risk/keys.js';
import { ARTIFACT_FORMAT, explainVector, scoreRow, type ModelArtifact } from './artifact.js';
import { trainGbdt, predictMatrix, predictRaw, type GbdtParams } from './gbdt.js';
import { fitPipeline, transformInto, transformRows, type PipelineConfig, type TabularRow } from './pipeline.js';
import { precisionAt, rocAuc } from './metrics.js';
import type { LabelledConsignment } from './registry.js';

function num(v: number | undefined): number {
  return v === undefined || !Number.isFinite(v) ? NaN : v;
}

/** Amount as a number for statistics only (never for money). */
function amount(text: string | undefined): number {
  return text !== undefined && Decimal.isDecimalString(text) ? Decimal.parse(text).toNumber() : NaN;
}

function itemValue(i: Item): number {
  const price = amount(i.unitPrice);
  return Number.isNaN(price) ? 0 : price * (i.quantity ?? 1);
}

function history(h: PartyHistory | undefined): { seen: number; labelled: number; positives: number } {
  return h ? { seen: h.consignments, labelled: h.inspected, positives: h.findings } : { seen: 0, labelled: 0, positives: 0 };
}

/** The consignment's declaration as the tabular row the pipeline encodes. */
export function platformRow(facts: ConsignmentFacts, context: AssessmentContext): TabularRow {
  const c = consignmentView(facts);
  const items = c.items ?? [];
  // The most valuable line stands for the consignment's goods (HS code, origin, unit value).
  let main: Item | undefined;
  for (const i of items) if (!main || itemValue(i) > itemValue(main)) main = i;
  const hs = (main?.hsCode ?? '').replace(/\D/g, '');
  const hs6 = hs.length >= 6 ? hs.slice(0, 6) : '';
  const seller = partyOf(facts, 'seller');
  const buyer = partyOf(facts, 'buyer');
  const declarant = partyOf(facts, 'declarant');
  // The shell's keyed pseudonyms when the context carries them (the keys `parties` is keyed by).
  const keys = context.keys;
  const sellerKey = (keys ? keys.seller : partyKey(seller)) ?? '';
  const buyerKey = (keys ? keys.buyer : partyKey(buyer)) ?? '';
  const submitterKey = facts.declaredBy ? `org:${facts.declaredBy}` : '';
  const origin = main?.origin ?? seller?.address?.country ?? '';
  const loading = c.loadingPlace ?? '';
  const destination = c.destinationCountry ?? buyer?.address?.country ?? '';
  const when = facts.declaredAt ?? context.now;
  const t = new Date(when);
  const itemsTotal = amount(c.invoice?.itemsTotal);
  const mainValue = main ? itemValue(main) : NaN;
  // Only what was known at assessment: later payments, orders, arrival and inspections
  // (the label itself) never reach a feature, even when the facts given are the final ones.
  const asOf = Date.parse(context.now);
  const known = (at: string | undefined): boolean => at === undefined || !(Date.parse(at) > asOf);
  const payments = facts.payments.filter((p) => known(p.paidAt));
  const orders = facts.orders.filter((o) => known(o.date));
  const paid = payments.filter((p) => p.purpose !== 'duties').reduce((s, p) => s + amount(p.amount), 0);
  const sellerHistory = context.parties[sellerKey];
  const firstSeen = sellerHistory?.firstSeen ? Date.parse(sellerHistory.firstSeen) : NaN;
  const parties: Record<string, PartyHistory | undefined> = {
    seller: sellerHistory, buyer: context.parties[buyerKey], submitter: context.parties[submitterKey],
  };
  return {
    date: when,
    cats: {
      jurisdiction: facts.jurisdiction, seller: sellerKey, declarant: (keys ? keys.declarant : partyKey(declarant)) ?? '', submitter: submitterKey,
      carrier: (keys ? keys.carrier : partyKey(partyOf(facts, 'carrier'))) ?? '', hs6, hs4: hs6.slice(0, 4), hs2: hs6.slice(0, 2), origin,
      loadingCountry: loading.slice(0, 2), route: `${loading.slice(0, 2)}>${destination}|${c.transportMode ?? ''}`,
      transportMode: c.transportMode ?? '', transactionType: c.transactionType ?? '', currency: c.invoice?.currency ?? '',
      vendorScheme: c.vendorCollection?.scheme ?? '', collection: c.collection?.model ?? '',
      seller_hs6: `${sellerKey}|${hs6}`, origin_hs6: `${origin}|${hs6}`,
    },
    nums: {
      itemsTotal, mainValue, transportCost: amount(c.invoice?.transportCost), grossMassKg: num(c.grossMassKg),
      packageCount: num(c.packageCount), lines: items.length,
      quantity: items.reduce((s, i) => s + (i.quantity ?? 0), 0),
      netMassKg: main?.netMassKg ?? NaN, mainQuantity: main?.quantity ?? NaN,
      hourUtc: Number.isNaN(t.getTime()) ? NaN : t.getUTCHours(), weekday: Number.isNaN(t.getTime()) ? NaN : t.getUTCDay(),
      orders: orders.length,
      paidToDeclared: payments.length && itemsTotal > 0 ? paid / itemsTotal : NaN,
      sellerAgeDays: Number.isNaN(firstSeen) ? NaN : (Date.parse(context.now) - firstSeen) / 86_400_000,
      originIsLoading: origin && loading ? (loading.startsWith(origin) ? 1 : 0) : NaN,
      recentBuyerParcels: context.recent.length,
    },
    history: Object.fromEntries(Object.entries(parties).map(([k, h]) => [k, history(h)])),
  };
}

export const PLATFORM_PIPELINE: PipelineConfig = {
  numeric: ['itemsTotal', 'mainValue', 'transportCost', 'grossMassKg', 'packageCount', 'lines', 'quantity', 'netMassKg', 'mainQuantity',
    'hourUtc', 'weekday', 'orders', 'paidToDeclared', 'sellerAgeDays', 'originIsLoading', 'recentBuyerParcels'],
  ordinal: ['jurisdiction', 'transportMode', 'transactionType', 'currency', 'vendorScheme', 'collection', 'hs2'],
  target: ['seller', 'declarant', 'submitter', 'carrier', 'hs6', 'hs4', 'hs2', 'origin', 'loadingCountry', 'route', 'seller_hs6', 'origin_hs6'],
  unitValues: [
    { name: 'uv_kg', value: 'mainValue', quantity: 'netMassKg', groups: ['hs6', 'hs4', 'hs2'] },
    { name: 'uv_unit', value: 'mainValue', quantity: 'mainQuantity', groups: ['hs6', 'hs4', 'hs2'] },
  ],
  history: ['seller', 'buyer', 'submitter'],
  smoothing: 10,
  folds: 5,
};

/**
 * Weight of a label in training. A random audit stands for every consignment it could have
 * been drawn from (1 / selection probability, capped so one audit cannot dominate); a targeted
 * inspection stands only for itself, as its selection was not random.
 */
export function labelWeight(l: LabelledConsignment, cap = 1000): number {
  if (l.selectedBy === 'random' && l.selectionProbability !== undefined && l.selectionProbability > 0) {
    return Math.min(cap, 1 / l.selectionProbability);
  }
  return 1;
}

export interface PlatformTrainOptions {
  version: string;
  seed?: number;
  from?: string;
  to?: string;
  now?: Date;
  params?: Partial<GbdtParams>;
  /** Share of the latest labels (by decision time) kept for early stopping and metrics. */
  holdout?: number;
  inspectionRate?: number;
}

/** Shallow trees and few rounds: the live model scores inside the risk engine's per-consignment budget. */
export const PLATFORM_PARAMS: Partial<GbdtParams> = {
  numRounds: 300, learningRate: 0.1, numLeaves: 15, maxDepth: 6, minDataInLeaf: 10, lambdaL2: 1,
  baggingFraction: 0.8, baggingFreq: 1, featureFraction: 0.8, earlyStoppingRounds: 40,
};

/** Trains risk and revenue models on recorded outcomes; the latest share validates (time split). */
export function trainOnOutcomes(labelled: readonly LabelledConsignment[], options: PlatformTrainOptions): ModelArtifact {
  if (labelled.length < 20) throw new Error(`too few labelled consignments to train (${labelled.length}, need 20)`);
  const seed = options.seed ?? 1;
  const sorted = [...labelled].sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0));
  const cut = Math.floor(sorted.length * (1 - (options.holdout ?? 0.2)));
  const fit = sorted.slice(0, cut);
  const hold = sorted.slice(cut);
  const rows = fit.map((l) => platformRow(l.facts, l.context));
  const y = Float64Array.from(fit, (l) => (l.nonCompliant ? 1 : 0));
  const w = Float64Array.from(fit, (l) => labelWeight(l));
  const { pipeline, train } = fitPipeline(rows, y, PLATFORM_PIPELINE, seed, w);
  const holdX = transformRows(pipeline, hold.map((l) => platformRow(l.facts, l.context)));
  const holdY = Float64Array.from(hold, (l) => (l.nonCompliant ? 1 : 0));
  const holdW = Float64Array.from(hold, (l) => labelWeight(l));
  const params = { ...PLATFORM_PARAMS, ...options.params, seed };
  const risk = trainGbdt({ train, labels: y, weights: w, valid: { x: holdX, labels: holdY, weights: holdW } }, { ...params, objective: 'binary', metric: 'logloss' });
  const revenueOf = (l: LabelledConsignment): number => (l.revenueAtStake !== undefined ? Math.max(0, amount(l.revenueAtStake) || 0) : 0);
  const hasRevenue = labelled.some((l) => l.revenueAtStake !== undefined);
  const revenue = hasRevenue
    ? trainGbdt({ train, labels: Float64Array.from(fit, revenueOf), weights: w, valid: { x: holdX, labels: Float64Array.from(hold, revenueOf), weights: holdW } }, { ...params, objective: 'regression', metric: 'l2' })
    : undefined;
  const scores = predictMatrix(risk, holdX);
  const rate = options.inspectionRate ?? 0.05;
  const randomIdx = hold.map((l, i) => (l.selectedBy === 'random' ? i : -1)).filter((i) => i >= 0);
  const metrics: Record<string, number> = {
    holdout_rows: hold.length,
    holdout_auc: rocAuc(scores, holdY, holdW),
    [`holdout_precision_at_${Math.round(rate * 100)}`]: precisionAt(scores, holdY, rate),
    holdout_random_rows: randomIdx.length,
    best_iteration: risk.bestIteration,
  };
  if (randomIdx.length > 0) metrics.holdout_random_auc = rocAuc(randomIdx.map((i) => scores[i]!), randomIdx.map((i) => holdY[i]!));
  const positives = labelled.filter((l) => l.nonCompliant).length;
  const artifact: ModelArtifact = {
    format: ARTIFACT_FORMAT,
    version: options.version,
    createdAt: (options.now ?? new Date()).toISOString(),
    seed,
    training: {
      source: 'luxor inspection-result outcomes',
      ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}),
      rows: labelled.length, positives,
      weighting: 'random audits 1/selectionProbability (cap 1000), targeted inspections 1',
      notes: `time split: first ${fit.length} by decision time train, last ${hold.length} validate`,
    },
    featureNames: pipeline.featureNames,
    pipeline,
    risk,
    ...(revenue ? { revenue, revenueTarget: 'revenue-at-stake' } : {}),
    metrics,
    params,
  };
  return artifact;
}

export interface ConsignmentScore {
  probability: number;
  /** Expected revenue at stake, decimal string (2 places) in the jurisdiction's currency. */
  expectedRevenue: string;
  reasons: Reason[];
}

/** The risk engine's model signal: probability, expected revenue, and the top features as reasons. */
export function scoreConsignment(model: ModelArtifact, facts: ConsignmentFacts, context: AssessmentContext, top = 3): ConsignmentScore {
  const x = new Float64Array(model.featureNames.length);
  transformInto(model.pipeline, platformRow(facts, context), x);
  const s = explainVector(model, x, top);
  const contributions = s.contributions;
  const raw = model.revenue ? predictRaw(model.revenue, x) : 0;
  const expected = Number.isFinite(raw) ? Math.min(Math.max(0, raw), 1e15) : 0;
  // Money leaves the model as a decimal string; the float is only the model's estimate.
  const expectedRevenue = Decimal.parse(expected.toFixed(2)).toString();
  const described = contributions.map((c) => `${c.feature} ${c.contribution >= 0 ? '+' : ''}${c.contribution.toFixed(2)}`).join(', ');
  const reasons: Reason[] = [{
    code: 'model.non-compliance',
    source: 'model',
    message: `model ${model.version}: probability of non-compliance ${s.probability.toFixed(3)}${described ? `; top features ${described}` : ''}`,
    version: model.version,
    score: s.probability,
    measured: contributions.map((c) => ({ feature: c.feature, contribution: Number(c.contribution.toFixed(4)), value: Number.isNaN(c.value) ? null : c.value })),
  }];
  return { probability: s.probability, expectedRevenue, reasons };
}

export interface MonthReport {
  month: string;
  labelled: number;
  nonCompliant: number;
  randomAudits: number;
  /** On random audits only: share non-compliant among the top `rate` by model score. */
  randomPrecisionAtRate: number | null;
  /** Random-audit non-compliance rate: what inspecting at random would find. */
  randomBaseRate: number | null;
  randomAuc: number | null;
  /** Revenue at stake found in the top `rate` of random audits, decimal string. */
  randomRevenueAtRate: string;
  /** Hit rate of inspections the model selected (biased, for comparison). */
  modelSelectedHitRate: number | null;
}

/** Performance per month at an inspection rate, measured on random audits (unbiased) alone. */
export function monthlyReport(model: ModelArtifact, labelled: readonly LabelledConsignment[], rate: number): MonthReport[] {
  const months = new Map<string, LabelledConsignment[]>();
  for (const l of labelled) {
    const m = l.decidedAt.slice(0, 7);
    months.set(m, [...(months.get(m) ?? []), l]);
  }
  const out: MonthReport[] = [];
  for (const month of [...months.keys()].sort()) {
    const all = months.get(month)!;
    const random = all.filter((l) => l.selectedBy === 'random');
    const scores = random.map((l) => scoreRow(model, platformRow(l.facts, l.context)).probability);
    const labels: number[] = random.map((l) => (l.nonCompliant ? 1 : 0));
    let revenue = Decimal.ZERO;
    if (random.length > 0) {
      const order = random.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
      const k = Math.max(1, Math.floor(random.length * rate + 1e-9));
      for (const i of order.slice(0, k)) {
        const r = random[i]!.revenueAtStake;
        if (r !== undefined && Decimal.isDecimalString(r)) revenue = revenue.add(Decimal.parse(r));
      }
    }
    const modelSelected = all.filter((l) => l.selectedBy === 'model');
    out.push({
      month,
      labelled: all.length,
      nonCompliant: all.filter((l) => l.nonCompliant).length,
      randomAudits: random.length,
      randomPrecisionAtRate: random.length ? precisionAt(scores, labels, rate) : null,
      randomBaseRate: random.length ? labels.reduce((s, v) => s + v, 0) / random.length : null,
      randomAuc: random.length && labels.some((v) => v === 1) && labels.some((v) => v === 0) ? rocAuc(scores, labels) : null,
      randomRevenueAtRate: revenue.toString(),
      modelSelectedHitRate: modelSelected.length ? modelSelected.filter((l) => l.nonCompliant).length / modelSelected.length : null,
    });
  }
  return out;
}
