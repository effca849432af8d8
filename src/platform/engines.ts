/**
 * The engines behind the assess/decide seam: revenue (duties and taxes under the law of the
 * day) and risk (rules, lists, checks, model), composed into one pure policy.
 */
import type { Extensions } from '../api/extensions.js';
import { failClosedPolicy } from '../clearance/fail-closed-policy.js';
import type { Store } from '../ledger/store.js';
import { ModelHolder, StoreModelRegistry } from './model-store.js';
import { loadRevenueReferenceFromStore, revenueRoutes } from '../api/revenue-routes.js';
import { riskRoutes } from '../api/risk-routes.js';
import { RiskRules, riskRulesPolicy } from './risk-rules.js';
import { WatchLists } from './watch-lists.js';
import { watchListRoutes } from '../api/watch-list-routes.js';
import type { Assessment, AssessmentContext, AssessmentPolicy, ConsignmentFacts } from '../clearance/seam.js';
import { assessRevenue, computeRefund, loadRevenueReference, type RevenueReference } from '../revenue/index.js';
import {
  createRiskEngine, loadDefaultRuleSet, loadSampleIprRegisters, loadSampleTrustedRegister, loadSampleWatchLists, observeDeclaredPrices, ValuationReference,
  DescriptionReference, observeDeclaredDescriptions, consignmentView,
  type RiskContext, type RiskEngine, type RiskModel,
} from '../risk/index.js';

/** Revenue holds that the lifecycle already expresses as a gate of its own. */
const HANDLED_BY_GATES = new Set(['LUX_REV_AWAITING_PAYMENT']);

export interface Engines {
  revenue: RevenueReference;
  risk: RiskEngine;
  /** Learned unit-price references, updated as declarations arrive. */
  valuation: ValuationReference;
  /** Learned wording per subheading, updated as declarations arrive. */
  descriptions: DescriptionReference;
}

export function loadEngines(options: { model?: RiskModel; randomAuditRate?: number } = {}): Engines {
  const valuation = new ValuationReference({});
  const descriptions = new DescriptionReference();
  const risk = createRiskEngine({
    ruleset: loadDefaultRuleSet(),
    watchLists: loadSampleWatchLists(),
    ipr: loadSampleIprRegisters(),
    trusted: { register: loadSampleTrustedRegister() },
    valuation,
    descriptions,
    randomAudit: { rate: options.randomAuditRate ?? 0.01, seed: 20261125 },
    model: options.model,
  });
  return { revenue: loadRevenueReference(), risk, valuation, descriptions };
}

/** Risk and revenue in one pass; pure given the engines' reference data. */
export function enginePolicy(engines: Engines): AssessmentPolicy {
  return {
    name: 'engines',
    assess(facts: ConsignmentFacts, context: AssessmentContext): Assessment {
      const revenue = facts.declaration ? assessRevenue(facts, context, engines.revenue) : undefined;
      if (revenue) revenue.holds = revenue.holds.filter((h) => !HANDLED_BY_GATES.has(h.code));
      // The reference prices the check compares with are part of the recorded context, so that a
      // back-test recomputes against what was known then, not against what was learned since.
      const rc = context as RiskContext;
      if (facts.declaration?.invoice && rc.valuation === undefined) rc.valuation = engines.valuation.snapshotFor(facts.declaration.items, facts.declaration.invoice.currency);
      // The wording check reads the lines of whatever the consignment has so far (pre-loading data before a declaration).
      if (rc.descriptions === undefined) {
        const items = consignmentView(facts).items ?? facts.orders[0]?.items;
        if (items?.length) rc.descriptions = engines.descriptions.snapshotFor(items);
      }
      const risk = engines.risk.assess(facts, rc);
      // Revenue's findings that speak of risk (vendor tax shortfall, HS code too short) count in the score.
      if (revenue) {
        for (const reason of revenue.reasons) {
          if (reason.code === 'LUX_REV_VENDOR_SHORTFALL') { risk.score += 15; risk.reasons.push({ ...reason, score: 15 }); }
        }
      }
      return { policy: 'engines', risk, revenue };
    },
    refund(facts, context, returned, previouslyReturned, exportedAt) {
      const original = assessRevenue(facts, context, engines.revenue);
      const refund = computeRefund(original, facts, returned, exportedAt, engines.revenue, previouslyReturned);
      return { refundable: refund.refundable, reason: refund.reason, currency: refund.currency, total: refund.total, liabilities: refund.liabilities };
    },
    observe(facts: ConsignmentFacts, assessment: Assessment): void {
      // Prices nothing doubted teach the reference what is normal (src/risk/valuation.ts).
      observeDeclaredPrices(engines.valuation, facts, assessment.risk?.reasons ?? []);
      observeDeclaredDescriptions(engines.descriptions, facts, assessment.risk?.reasons ?? []);
    },
  };
}

/**
 * The policy in force: the engines, with the live learned model from the store when there is
 * one (refreshed every 10 s, so `luxor model promote` takes effect without a restart); or
 * fail-closed when LUXOR_POLICY=fail-closed.
 */
export async function defaultPolicy(store?: Store): Promise<AssessmentPolicy> {
  if (process.env.LUXOR_POLICY === 'fail-closed') return failClosedPolicy;
  if (!store) return enginePolicy(loadEngines());
  const holder = new ModelHolder(new StoreModelRegistry(store));
  await holder.refresh();
  holder.start();
  return enginePolicy(loadEngines({ model: holder.score }));
}

/** Several engines' routes as one extension. */
export function combineExtensions(...parts: Extensions[]): Extensions {
  return { register: (app, tools) => { for (const part of parts) part.register(app, tools); } };
}

export interface Configured {
  policy: AssessmentPolicy;
  engines?: Engines;
  extensions: Extensions;
  /** Reads again what analysts change in the store (ruleset versions, watch lists), for changes made through another process. */
  refresh?: () => Promise<void>;
}

/**
 * Everything the server runs with, from the store: the engines with the tariffs and rates
 * imported into it laid over the shipped reference, the live model, and the engines' routes.
 */
export async function configure(store: Store): Promise<Configured> {
  const revenueExtension = (engines?: Engines) => revenueRoutes(engines ? { reference: () => engines.revenue } : {});
  if (process.env.LUXOR_POLICY === 'fail-closed') return { policy: failClosedPolicy, extensions: revenueExtension() };
  const holder = new ModelHolder(new StoreModelRegistry(store));
  await holder.refresh();
  holder.start();
  const engines = loadEngines({ model: holder.score });
  engines.revenue = await loadRevenueReferenceFromStore(store, engines.revenue);
  // Rulesets that analysts publish in the store take over from the shipped default, without a restart.
  const rules = await RiskRules.open(store, engines.risk);
  // So do the watch lists they change (a stored list replaces the shipped one of its id).
  const lists = await WatchLists.open(store, engines.risk, loadSampleWatchLists());
  return {
    policy: riskRulesPolicy(engines, rules), engines,
    extensions: combineExtensions(revenueExtension(engines), riskRoutes({ rules, engines }), watchListRoutes(lists)),
    refresh: async () => { await rules.reload(); await lists.reload(); },
  };
}
