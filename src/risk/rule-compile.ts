/**
 * Compiles a validated ruleset to closures. Inside each rule the conditions run cheapest first
 * and stop at the first deciding one; constants (sets, decimals, folded keywords) are prepared
 * once at compile time, so evaluation does no parsing of the rule.
 */
import type { AssessmentContext, ConsignmentFacts } from '../clearance/seam.js';
import { Decimal } from '../domain/decimal.js';
import { EvalInput, FIELDS, type EvalEnv } from './rule-fields.js';
import type { Action, Condition, FieldCondition, LaneThresholds, PartyCondition, Rule, RuleHit, RuleSet, WindowCondition } from './rule-types.js';
import { validateRuleSet } from './rule-validate.js';
import { fold, hasCjk } from './normalise.js';

type Test = (x: EvalInput) => boolean;
interface Compiled { test: Test; cost: number }

export interface CompiledRule {
  id: string;
  index: number;
  cost: number;
  description?: string;
  actions: Action[];
  test: Test;
}

export interface CompiledRuleSet {
  id: string;
  version: string;
  lanes: LaneThresholds;
  /** The version's random audit rate, when it sets one (RuleSet.randomAudit). */
  randomAuditRate: number | undefined;
  rules: CompiledRule[];
  source: RuleSet;
  /** Every rule that holds for the consignment, in the order the ruleset lists them. */
  evaluate(x: EvalInput): RuleHit[];
}

export const DEFAULT_LANES: LaneThresholds = { yellow: 30, red: 60 };

export class RuleSetInvalidError extends Error {
  constructor(readonly errors: { path: string; message: string }[]) {
    super('invalid ruleset: ' + errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; '));
  }
}

export function compileRuleSet(ruleset: RuleSet): CompiledRuleSet {
  const v = validateRuleSet(ruleset);
  if (!v.ok) throw new RuleSetInvalidError(v.errors);
  const rules: CompiledRule[] = [];
  ruleset.rules.forEach((rule: Rule, index) => {
    if (rule.enabled === false) return;
    const c = compileCondition(rule.when);
    rules.push({ id: rule.id, index, cost: c.cost, description: rule.description, actions: rule.then, test: c.test });
  });
  rules.sort((a, b) => a.cost - b.cost || a.index - b.index);
  const version = ruleset.version;
  const n = rules.length;
  // Hits are shared immutable objects: evaluation allocates only the result array.
  const frozenHits: RuleHit[] = rules.map((r) => Object.freeze({ ruleId: r.id, version, description: r.description, actions: r.actions }));
  const positions = Int32Array.from(rules, (r) => r.index);
  const tests: Test[] = rules.map((r) => r.test);
  // Scratch for the indices of the rules that held: evaluation is synchronous, so one per ruleset suffices.
  const fired = new Int32Array(n);
  const run = generateRunner(tests);
  return {
    id: ruleset.id,
    version,
    lanes: ruleset.lanes ?? DEFAULT_LANES,
    randomAuditRate: ruleset.randomAudit?.rate,
    rules,
    source: ruleset,
    evaluate(x: EvalInput): RuleHit[] {
      const m = run(x, fired);
      // insertion by ruleset position: hits are few, so this beats sorting
      for (let k = 1; k < m; k++) {
        const i = fired[k];
        let j = k;
        while (j > 0 && positions[fired[j - 1]] > positions[i]) { fired[j] = fired[j - 1]; j--; }
        fired[j] = i;
      }
      const hits: RuleHit[] = new Array<RuleHit>(m);
      for (let k = 0; k < m; k++) hits[k] = frozenHits[fired[k]];
      return hits;
    },
  };
}

/** Convenience for callers without an engine: the hits of a compiled ruleset on one consignment. */
export function evaluateRules(compiled: CompiledRuleSet, facts: ConsignmentFacts, context: AssessmentContext, env?: EvalEnv): RuleHit[] {
  return compiled.evaluate(new EvalInput(facts, context, env));
}

function compileCondition(c: Condition): Compiled {
  if ('all' in c) {
    const parts = c.all.map(compileCondition).sort((a, b) => a.cost - b.cost);
    const cost = parts.reduce((s, p) => s + p.cost, 0);
    const tests = parts.map((p) => p.test);
    if (tests.length === 1) return { test: tests[0], cost };
    if (tests.length === 2) { const [a, b] = tests; return { test: (x) => a(x) && b(x), cost }; }
    if (tests.length === 3) { const [a, b, d] = tests; return { test: (x) => a(x) && b(x) && d(x), cost }; }
    return { test: (x) => { for (const t of tests) if (!t(x)) return false; return true; }, cost };
  }
  if ('any' in c) {
    const parts = c.any.map(compileCondition).sort((a, b) => a.cost - b.cost);
    const cost = parts.reduce((s, p) => s + p.cost, 0);
    const tests = parts.map((p) => p.test);
    if (tests.length === 1) return { test: tests[0], cost };
    if (tests.length === 2) { const [a, b] = tests; return { test: (x) => a(x) || b(x), cost }; }
    return { test: (x) => { for (const t of tests) if (t(x)) return true; return false; }, cost };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return { test: (x) => !inner.test(x), cost: inner.cost };
  }
  if ('keywords' in c) return compileKeywords(c.keywords);
  if ('party' in c) return compileParty(c);
  if ('window' in c) return compileWindow(c);
  return compileField(c);
}

function compileKeywords(words: string[]): Compiled {
  const single = new Set<string>();
  const phrases: string[] = [];
  for (const w of words) {
    if (hasCjk(w)) { phrases.push(fold(w)); continue; }
    const f = fold(w);
    if (f.includes(' ')) phrases.push(' ' + f + ' ');
    else if (f) single.add(f);
  }
  const singles = [...single];
  return {
    cost: 5,
    test: (x) => {
      if (single.size > 0) {
        const toks = x.descriptionTokens();
        if (toks.size <= single.size) { for (const t of toks) if (single.has(t)) return true; }
        else for (let i = 0; i < singles.length; i++) if (toks.has(singles[i])) return true;
      }
      if (phrases.length > 0) {
        const text = x.foldedDescriptions();
        for (const p of phrases) if (text.includes(p)) return true;
      }
      return false;
    },
  };
}

function cmpNumber(op: string, v: number): (a: number) => boolean {
  switch (op) {
    case 'eq': return (a) => a === v;
    case 'ne': return (a) => a !== v;
    case 'lt': return (a) => a < v;
    case 'lte': return (a) => a <= v;
    case 'gt': return (a) => a > v;
    default: return (a) => a >= v;
  }
}

function compileField(c: FieldCondition): Compiled {
  const def = FIELDS[c.field];
  const get = def.get;
  const cost = def.cost;
  if (c.op === 'exists') return { cost, test: (x) => { const v = get(x); return v !== undefined && !(Array.isArray(v) && v.length === 0); } };
  if (c.op === 'missing') return { cost, test: (x) => { const v = get(x); return v === undefined || (Array.isArray(v) && v.length === 0); } };
  switch (def.type) {
    case 'number': {
      if (c.op === 'between') {
        const [lo, hi] = c.value as [number, number];
        return { cost, test: (x) => { const v = get(x) as number | undefined; return v !== undefined && v >= lo && v <= hi; } };
      }
      const f = cmpNumber(c.op, c.value as number);
      return { cost, test: (x) => { const v = get(x) as number | undefined; return v !== undefined && f(v); } };
    }
    case 'money': {
      const currency = c.currency;
      const ok = (x: EvalInput): boolean => currency === undefined || x.currency() === currency;
      if (c.op === 'between') {
        const [lo, hi] = (c.value as [string, string]).map((s) => Decimal.parse(s));
        return { cost, test: (x) => { const v = get(x) as Decimal | undefined; return v !== undefined && ok(x) && v.gte(lo) && v.lte(hi); } };
      }
      const t = Decimal.parse(c.value as string);
      const want = c.op;
      return {
        cost,
        test: (x) => {
          const v = get(x) as Decimal | undefined;
          if (v === undefined || !ok(x)) return false;
          const r = compareDecimal(v, t);
          switch (want) {
            case 'eq': return r === 0;
            case 'ne': return r !== 0;
            case 'lt': return r < 0;
            case 'lte': return r <= 0;
            case 'gt': return r > 0;
            default: return r >= 0;
          }
        },
      };
    }
    case 'string': {
      const v = c.value;
      switch (c.op) {
        case 'eq': return { cost, test: (x) => get(x) === v };
        case 'ne': return { cost, test: (x) => { const a = get(x); return a !== undefined && a !== v; } };
        case 'in': { const s = new Set(v as string[]); return { cost, test: (x) => s.has(get(x) as string) }; }
        case 'notIn': { const s = new Set(v as string[]); return { cost, test: (x) => { const a = get(x); return a !== undefined && !s.has(a as string); } }; }
        case 'startsWith': return { cost, test: (x) => { const a = get(x); return typeof a === 'string' && a.startsWith(v as string); } };
        default: { const low = (v as string).toLowerCase(); return { cost: cost + 1, test: (x) => { const a = get(x); return typeof a === 'string' && a.toLowerCase().includes(low); } }; }
      }
    }
    case 'strings': {
      const list = c.value as string[];
      const set = new Set(list);
      switch (c.op) {
        case 'anyIn': return { cost, test: (x) => { for (const a of get(x) as string[]) if (set.has(a)) return true; return false; } };
        case 'noneIn': return { cost, test: (x) => { const arr = get(x) as string[]; if (arr.length === 0) return false; for (const a of arr) if (set.has(a)) return false; return true; } };
        case 'allIn': return { cost, test: (x) => { const arr = get(x) as string[]; if (arr.length === 0) return false; for (const a of arr) if (!set.has(a)) return false; return true; } };
        default: return {
          cost: cost + 1,
          test: (x) => {
            for (const a of get(x) as string[]) for (const p of list) if (a.startsWith(p)) return true;
            return false;
          },
        };
      }
    }
    case 'boolean': { const v = c.value as boolean; return { cost, test: (x) => get(x) === v }; }
  }
}

/**
 * One generated function that calls every rule's test from its own call site, in cost order,
 * writing the indices of the tests that held into `fired`. A loop over an array of 100+ different
 * closures is one megamorphic call site that V8 cannot inline; separate sites are monomorphic and
 * each closure can be inlined where it is called. The generated text is fixed (`t0(x)`, `t1(x)`, …,
 * no rule content enters it), so nothing from a ruleset is ever evaluated as code. Chunks of 64
 * keep each function small enough for the optimiser.
 */
function generateRunner(tests: Test[]): (x: EvalInput, fired: Int32Array) => number {
  const CHUNK = 64;
  const chunks: ((x: EvalInput, fired: Int32Array, m: number) => number)[] = [];
  for (let from = 0; from < tests.length; from += CHUNK) {
    const to = Math.min(tests.length, from + CHUNK);
    let src = '';
    for (let i = from; i < to; i++) src += `const t${i} = t[${i}];\n`;
    src += 'return function run(x, fired, m) {\n';
    for (let i = from; i < to; i++) src += `  if (t${i}(x)) fired[m++] = ${i};\n`;
    src += '  return m;\n};';
    // new Function over generated text only (indices), see above.
    chunks.push(new Function('t', src)(tests) as (x: EvalInput, fired: Int32Array, m: number) => number);
  }
  if (chunks.length === 1) { const c = chunks[0]; return (x, fired) => c(x, fired, 0); }
  return (x, fired) => { let m = 0; for (const c of chunks) m = c(x, fired, m); return m; };
}

const DAY_MS = 86_400_000;
const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

/** Decimal comparison without the intermediate arrays of Decimal.compare (hot path of money rules). */
function compareDecimal(a: Decimal, b: Decimal): number {
  let x = a.units;
  let y = b.units;
  if (a.scale > b.scale) y *= POW10[a.scale - b.scale] ?? 10n ** BigInt(a.scale - b.scale);
  else if (b.scale > a.scale) x *= POW10[b.scale - a.scale] ?? 10n ** BigInt(b.scale - a.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compileParty(c: PartyCondition): Compiled {
  const { role, fact, op, value } = c.party;
  if (fact === 'known') {
    const want = op === 'eq' ? value === true : value !== true;
    return {
      cost: 4,
      test: (x) => {
        const h = x.history(role);
        return (h !== undefined && h.consignments > 0) === want;
      },
    };
  }
  const f = cmpNumber(op, value as number);
  // One closure per fact, chosen at compile time: the fact never changes between consignments.
  switch (fact) {
    case 'consignments': return { cost: 4, test: (x) => f(x.history(role)?.consignments ?? 0) };
    case 'inspected': return { cost: 4, test: (x) => f(x.history(role)?.inspected ?? 0) };
    case 'findings': return { cost: 4, test: (x) => f(x.history(role)?.findings ?? 0) };
    case 'findingRate': return { cost: 4, test: (x) => { const h = x.history(role); return f(h && h.inspected > 0 ? h.findings / h.inspected : 0); } };
    default: return {
      cost: 4,
      test: (x) => {
        const h = x.history(role);
        const first = h?.firstSeen ? Date.parse(h.firstSeen) : NaN;
        return f(Number.isNaN(first) ? 0 : (x.nowMs() - first) / DAY_MS);
      },
    };
  }
}

/**
 * The one scan behind both measures of a window: the recent consignments in the rule's scope (same
 * buyer or address, same seller when asked, in the currency when given, declared in (now − span,
 * now]), counted, or their items totals summed when `currency` is given. No callback: a shared
 * scan with a closure per measure was a polymorphic call V8 did not inline (−15 % on the rules bench).
 */
function scanWindow(x: EvalInput, w: WindowCondition['window'], keyRole: 'buyer' | 'address', spanMs: number, currency: string): Decimal;
function scanWindow(x: EvalInput, w: WindowCondition['window'], keyRole: 'buyer' | 'address', spanMs: number, currency: undefined): number;
function scanWindow(x: EvalInput, w: WindowCondition['window'], keyRole: 'buyer' | 'address', spanMs: number, currency: string | undefined): number | Decimal {
  let n = 0;
  let sum = Decimal.ZERO;
  const recent = x.context.recent;
  // Without recent consignments the key (a hash for names, unless the context carries it) is not needed.
  const key = recent.length === 0 ? undefined : x.key(keyRole);
  if (key !== undefined) {
    const seller = w.sameSeller ? x.key('seller') : undefined;
    const now = x.nowMs();
    const from = now - spanMs;
    const times = x.recentTimes();
    for (let i = 0; i < recent.length; i++) {
      const r = recent[i];
      if ((keyRole === 'buyer' ? r.buyerKey : r.addressKey) !== key) continue;
      if (w.sameSeller && r.sellerKey !== seller) continue;
      if (currency !== undefined && r.currency !== currency) continue;
      const t = times[i];
      if (!(t > from && t <= now)) continue;
      if (currency === undefined) n++; else sum = sum.add(Decimal.parse(r.itemsTotal));
    }
  }
  return currency === undefined ? n : sum;
}

function compileWindow(c: WindowCondition): Compiled {
  const w = c.window;
  const spanMs = w.hours * 3_600_000;
  const includeCurrent = w.includeCurrent !== false;
  const keyRole = w.by === 'buyer' ? 'buyer' : 'address';
  if (w.measure === 'count') {
    const f = cmpNumber(w.op, w.value as number);
    return {
      cost: 12,
      test: (x) => {
        return f((includeCurrent ? 1 : 0) + scanWindow(x, w, keyRole, spanMs, undefined));
      },
    };
  }
  const threshold = Decimal.parse(w.value as string);
  const currency = w.currency as string;
  return {
    cost: 15,
    test: (x) => {
      let sum = scanWindow(x, w, keyRole, spanMs, currency);
      if (includeCurrent && x.currency() === currency) sum = sum.add(x.itemsTotal() ?? Decimal.ZERO);
      const r = sum.compare(threshold);
      switch (w.op) {
        case 'lt': return r < 0;
        case 'lte': return r <= 0;
        case 'gt': return r > 0;
        case 'gte': return r >= 0;
        default: return r === 0;
      }
    },
  };
}
