/**
 * Loading of the risk reference data (reference/risk/ and the shared HS nomenclature). Files
 * are read once and memoised; everything downstream is pure over what was loaded.
 */
import { readFileSync } from 'node:fs';
import type { ConsignmentFacts } from '../clearance/seam.js';
import type { Jurisdiction } from '../domain/message.js';
import { referencePath } from '../domain/paths.js';
import { createDataQuality, type DataQualityCheck, type DataQualityConfig, type DataQualityResult } from './data-quality.js';
import { loadHsNomenclature } from './hs-nomenclature.js';
import type { ProhibitedList } from './prohibited.js';
import type { RuleSet } from './rule-types.js';
import type { TrustedRegister } from './trusted.js';
import type { WatchList } from './watchlist.js';
import type { IprRegister } from './ipr.js';

const memo = new Map<string, unknown>();

function readJson<T>(...parts: string[]): T {
  const path = referencePath(...parts);
  if (!memo.has(path)) memo.set(path, JSON.parse(readFileSync(path, 'utf8')));
  return memo.get(path) as T;
}

export function loadProhibitedList(jurisdiction: Jurisdiction): ProhibitedList {
  return readJson<ProhibitedList>('risk', `prohibited-${jurisdiction}.json`);
}

export function loadDataQualityConfig(): DataQualityConfig {
  return readJson<DataQualityConfig>('risk', 'data-quality.json');
}

export function loadDefaultRuleSet(): RuleSet {
  return readJson<RuleSet>('risk', 'rulesets', 'default.json');
}

export function loadSampleWatchLists(): WatchList[] {
  return readJson<{ lists: WatchList[] }>('risk', 'watchlists-sample.json').lists;
}

/** Fictitious applications for action (trade marks, right holders) for tests and demonstrations. */
export function loadSampleIprRegisters(): IprRegister[] {
  return readJson<{ registers: IprRegister[] }>('risk', 'ipr-applications-sample.json').registers;
}

export function loadSampleTrustedRegister(): TrustedRegister {
  return readJson<TrustedRegister>('risk', 'trusted-traders-sample.json');
}

export interface RiskParameters {
  splitting: { hours: number; thresholds: Record<string, { amount: string; currency: string; source: string }> };
  cnAnnualQuota: { amount: string; currency: string; source: string };
  [key: string]: unknown;
}

export function loadRiskParameters(): RiskParameters {
  return readJson<RiskParameters>('risk', 'parameters.json');
}

let defaultQuality: DataQualityCheck | undefined;

/** The data-quality check with the reference configuration and HS 2022. */
export function defaultDataQuality(): DataQualityCheck {
  defaultQuality ??= createDataQuality(loadDataQualityConfig(), loadHsNomenclature());
  return defaultQuality;
}

/** Data-quality score (0..100) and reasons of one consignment, with the reference configuration. */
export function dataQuality(facts: ConsignmentFacts): DataQualityResult {
  return defaultDataQuality()(facts);
}
