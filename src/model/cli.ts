/**
 * `luxor model ...`: benchmark on the KCS declarations, train on recorded outcomes, promote,
 * shadow, list and report. The shell passes the outcome source and model registry in `deps`.
 */
import { runKcsBenchmark, type KcsBenchmarkResult } from './kcs.js';
import { trainOnOutcomes, monthlyReport } from './platform.js';
import type { ModelDeps } from './registry.js';

export type { ModelDeps } from './registry.js';

const USAGE = `usage: luxor model <command>
  benchmark --train FILE --valid FILE --test FILE [--seed N] [--seeds K] [--json]
  train [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--version V] [--seed N]
  promote VERSION
  shadow VERSION | shadow --off
  list
  report [--rate R] [--from YYYY-MM-DD] [--to YYYY-MM-DD]`;

function options(argv: string[]): { flags: Record<string, string | true>; rest: string[] } {
  const flags: Record<string, string | true> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) { flags[a.slice(2)] = next; i++; } else flags[a.slice(2)] = true;
    } else rest.push(a);
  }
  return { flags, rest };
}

function str(flags: Record<string, string | true>, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

const f3 = (x: number): string => x.toFixed(3);

function mean(xs: number[]): number { return xs.reduce((s, x) => s + x, 0) / xs.length; }
function sd(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

const REPORTED = ['precision_at_1', 'precision_at_2', 'precision_at_5', 'precision_at_10', 'recall_at_1', 'recall_at_2', 'recall_at_5', 'recall_at_10', 'auc'] as const;

export async function modelCommand(argv: string[], deps: ModelDeps): Promise<number> {
  const print = deps.print ?? ((line: string) => { process.stdout.write(line + '\n'); });
  const [command, ...args] = argv;
  const { flags, rest } = options(args);
  switch (command) {
    case 'benchmark': {
      const train = str(flags, 'train');
      const valid = str(flags, 'valid');
      const test = str(flags, 'test');
      if (!train || !valid || !test) { print(USAGE); return 2; }
      const seed = Number(str(flags, 'seed') ?? deps.seed ?? 1);
      const runs = Number(str(flags, 'seeds') ?? 1);
      if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1) { print('--seed and --seeds take integers'); return 2; }
      const results: KcsBenchmarkResult[] = [];
      for (let i = 0; i < runs; i++) {
        const r = runKcsBenchmark({ train, valid, test, seed: seed + i });
        results.push(r);
        print(`seed ${r.seed}: p@1 ${f3(r.precision_at_1)} p@2 ${f3(r.precision_at_2)} p@5 ${f3(r.precision_at_5)} p@10 ${f3(r.precision_at_10)} auc ${f3(r.auc)} (trees ${r.best_iteration}, ${r.train_seconds.toFixed(1)} s)`);
      }
      print('metric           mean    sd');
      const summary: Record<string, number> = {};
      for (const k of REPORTED) {
        const xs = results.map((r) => r[k]);
        summary[k] = mean(xs);
        if (runs > 1) summary[`${k}_sd`] = sd(xs);
        print(`${k.padEnd(16)} ${f3(mean(xs))}  ${f3(sd(xs))}`);
      }
      print(`published (Jeong et al. 2022, Table 3, test 2021 Q2): LightGBM p@5 0.762 p@10 0.641; XGBoost 0.675 / 0.579`);
      if (flags.json) {
        print(JSON.stringify({
          ...summary, seeds: results.map((r) => r.seed), rows: results[0]!.rows,
          best_iteration: results.map((r) => r.best_iteration), critical_auc: mean(results.map((r) => r.critical_auc)),
          train_seconds: mean(results.map((r) => r.train_seconds)),
        }));
      }
      return 0;
    }
    case 'train': {
      const from = str(flags, 'from');
      const to = str(flags, 'to');
      const labelled = await deps.outcomes.labelled(from, to);
      const now = deps.now?.() ?? new Date();
      const version = str(flags, 'version') ?? `m${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
      const artifact = trainOnOutcomes(labelled, {
        version, seed: Number(str(flags, 'seed') ?? deps.seed ?? 1), now,
        ...(from ? { from } : {}), ...(to ? { to } : {}),
        ...(deps.inspectionRate !== undefined ? { inspectionRate: deps.inspectionRate } : {}),
      });
      await deps.registry.save(artifact);
      print(`trained ${artifact.version} on ${artifact.training.rows} outcomes (${artifact.training.positives} non-compliant)`);
      for (const [k, v] of Object.entries(artifact.metrics)) print(`  ${k} ${Number.isInteger(v) ? v : f3(v)}`);
      if (flags.json) print(JSON.stringify({ version: artifact.version, metrics: artifact.metrics }));
      return 0;
    }
    case 'promote': {
      const version = rest[0];
      if (!version) { print(USAGE); return 2; }
      await deps.registry.promote(version);
      print(`model ${version} is live`);
      return 0;
    }
    case 'shadow': {
      const version = flags.off ? undefined : rest[0];
      if (!version && !flags.off) { print(USAGE); return 2; }
      await deps.registry.shadow(version);
      print(version ? `model ${version} runs in shadow` : 'shadow stopped');
      return 0;
    }
    case 'list': {
      for (const m of await deps.registry.list()) {
        print(`${m.version}  ${m.createdAt}${m.live ? '  LIVE' : ''}${m.shadow ? '  SHADOW' : ''}  auc ${m.metrics.holdout_auc !== undefined ? f3(m.metrics.holdout_auc) : '-'}`);
      }
      return 0;
    }
    case 'report': {
      const model = await deps.registry.live();
      if (!model) { print('no live model: train one and promote it'); return 1; }
      const rate = Number(str(flags, 'rate') ?? deps.inspectionRate ?? 0.05);
      const labelled = await deps.outcomes.labelled(str(flags, 'from'), str(flags, 'to'));
      const months = monthlyReport(model, labelled, rate);
      print(`model ${model.version}, inspection rate ${(rate * 100).toFixed(1)} %, measured on random audits`);
      print('month    labelled random base  prec@rate auc    revenue@rate  model-selected-hit');
      const cell = (x: number | null): string => (x === null ? '  -  ' : f3(x));
      for (const m of months) {
        print(`${m.month}  ${String(m.labelled).padStart(7)} ${String(m.randomAudits).padStart(6)} ${cell(m.randomBaseRate)} ${cell(m.randomPrecisionAtRate)}     ${cell(m.randomAuc)}  ${m.randomRevenueAtRate.padStart(12)}  ${cell(m.modelSelectedHitRate)}`);
      }
      if (flags.json) print(JSON.stringify({ version: model.version, rate, months }));
      return 0;
    }
    default:
      print(USAGE);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}
