/**
 * The life of a ruleset version: draft → published → retired, each step dated and signed by
 * an author. Pure functions over a record; the shell stores the record (rule versions table).
 * A published version is immutable: changes go into a new draft.
 */
import type { DateTime } from '../domain/message.js';
import type { RuleSet } from './rule-types.js';
import { validateRuleSet, type ValidationError } from './rule-validate.js';

export type VersionStatus = 'draft' | 'published' | 'retired';

export interface RuleSetVersion {
  rulesetId: string;
  version: string;
  status: VersionStatus;
  ruleset: RuleSet;
  createdAt: DateTime;
  createdBy: string;
  publishedAt?: DateTime;
  publishedBy?: string;
  retiredAt?: DateTime;
  retiredBy?: string;
  /** In force from (inclusive) … to (exclusive). */
  validFrom?: DateTime;
  validTo?: DateTime;
}

export class LifecycleError extends Error {
  constructor(message: string, readonly errors: ValidationError[] = []) { super(message); }
}

export function createDraft(ruleset: RuleSet, author: string, at: DateTime): RuleSetVersion {
  if (!author) throw new LifecycleError('a draft needs an author');
  return { rulesetId: ruleset.id, version: ruleset.version, status: 'draft', ruleset, createdAt: at, createdBy: author };
}

/** Replaces the rules of a draft; published and retired versions cannot change. */
export function editDraft(version: RuleSetVersion, ruleset: RuleSet): RuleSetVersion {
  if (version.status !== 'draft') throw new LifecycleError(`version ${version.version} is ${version.status}: edit a new draft instead`);
  if (ruleset.id !== version.rulesetId || ruleset.version !== version.version) throw new LifecycleError('a draft keeps its ruleset id and version');
  return { ...version, ruleset };
}

/**
 * Publishes a valid draft: in force from `validFrom` (default: `at`) until `validTo` (open).
 * Throws with the validation errors when the draft is invalid.
 */
export function publish(version: RuleSetVersion, at: DateTime, author: string, validFrom: DateTime = at, validTo?: DateTime): RuleSetVersion {
  if (version.status !== 'draft') throw new LifecycleError(`only a draft can be published; version ${version.version} is ${version.status}`);
  if (!author) throw new LifecycleError('publishing needs an author');
  const v = validateRuleSet(version.ruleset);
  if (!v.ok) throw new LifecycleError(`version ${version.version} is invalid`, v.errors);
  if (validTo !== undefined && Date.parse(validTo) <= Date.parse(validFrom)) throw new LifecycleError('validTo must be after validFrom');
  return { ...version, status: 'published', publishedAt: at, publishedBy: author, validFrom, validTo };
}

/** Retires a published version at `at`: it stops being in force then, and stays on record. */
export function retire(version: RuleSetVersion, at: DateTime, author: string): RuleSetVersion {
  if (version.status !== 'published') throw new LifecycleError(`only a published version can be retired; version ${version.version} is ${version.status}`);
  if (!author) throw new LifecycleError('retiring needs an author');
  const end = version.validTo !== undefined && Date.parse(version.validTo) < Date.parse(at) ? version.validTo : at;
  return { ...version, status: 'retired', retiredAt: at, retiredBy: author, validTo: end };
}

/** Whether the version applied at `at` (retired versions did, inside their validity). */
export function isInForce(version: RuleSetVersion, at: DateTime): boolean {
  if (version.status === 'draft' || version.validFrom === undefined) return false;
  const t = Date.parse(at);
  if (t < Date.parse(version.validFrom)) return false;
  return version.validTo === undefined || t < Date.parse(version.validTo);
}

/** The version in force at `at`: among those valid, the one that started latest (then published latest). */
export function versionInForce(versions: RuleSetVersion[], at: DateTime): RuleSetVersion | undefined {
  let best: RuleSetVersion | undefined;
  for (const v of versions) {
    if (!isInForce(v, at)) continue;
    if (!best) { best = v; continue; }
    const d = Date.parse(v.validFrom!) - Date.parse(best.validFrom!);
    if (d > 0 || (d === 0 && Date.parse(v.publishedAt!) > Date.parse(best.publishedAt!))) best = v;
  }
  return best;
}
