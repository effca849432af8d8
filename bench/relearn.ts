/**
 * What a restart costs for reading the log again (src/platform/relearn.ts): a store filled with N
 * declarations in process, then opened twice in the same run, without relearning (the baseline:
 * migrations, head, settings) and as the server opens it.
 *   node dist/bench/relearn.js [N]   (default 20,000; writes bench/results/relearn.json)
 */
import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../src/domain/paths.js';
import { Store } from '../src/ledger/store.js';
import { enginePolicy, loadEngines } from '../src/platform/engines.js';
import { Platform } from '../src/platform/platform.js';
import { declarationText } from './declarations.js';

export interface RelearnBench { declarations: number; events: number; observed: number; open_ms_without: number; open_ms_with: number; relearn_ms: number; events_per_s: number }

async function timedOpen(dir: string, relearnEvents: number | undefined): Promise<{ ms: number; relearned: Platform['relearned'] }> {
  const started = performance.now();
  const store = await Store.open({ data: dir });
  const platform = await Platform.open(store, { policy: enginePolicy(loadEngines()), relearnEvents });
  const ms = performance.now() - started;
  const relearned = platform.relearned;
  await platform.close();
  await store.close();
  return { ms, relearned };
}

export async function benchRelearn(n = Number(process.env.LUXOR_RELEARN_N ?? 20_000)): Promise<RelearnBench> {
  const dir = mkdtempSync(join(tmpdir(), 'luxor-relearn-'));
  try {
    const store = await Store.open({ data: dir });
    const platform = await Platform.open(store, { policy: enginePolicy(loadEngines()) });
    const caller = { org: 'IM5280000001', role: 'platform', keyId: 'bench' };
    for (let i = 0; i < n; i += 1000) {
      await platform.submitMany(Array.from({ length: Math.min(1000, n - i) }, (_, k) => JSON.parse(declarationText('r', i + k)) as unknown), caller);
    }
    await platform.close();
    await store.close();
    const without = await timedOpen(dir, 0);
    const withRelearn = await timedOpen(dir, undefined);
    const r = withRelearn.relearned;
    return {
      declarations: n, events: r.events, observed: r.observed,
      open_ms_without: Math.round(without.ms), open_ms_with: Math.round(withRelearn.ms), relearn_ms: r.ms,
      events_per_s: Math.round(r.events / (r.ms / 1000)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cost as rows of `npm run bench` (bench/run.ts). */
export async function benchRelearnRow(): Promise<Record<string, number>> {
  const r = await benchRelearn();
  return { relearn_declarations: r.declarations, relearn_events: r.events, relearn_open_ms_without: r.open_ms_without, relearn_open_ms: r.open_ms_with, relearn_events_per_s: r.events_per_s };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchRelearn(process.argv[2] ? Number(process.argv[2]) : undefined);
  console.log('| measure | value |\n| --- | ---: |');
  console.log(`| declarations in the store | ${r.declarations} |`);
  console.log(`| events read again / decisions observed | ${r.events} / ${r.observed} |`);
  console.log(`| open without relearning (baseline), ms | ${r.open_ms_without} |`);
  console.log(`| open as the server does, ms | ${r.open_ms_with} |`);
  console.log(`| relearning alone, ms (events/s) | ${r.relearn_ms} (${r.events_per_s}) |`);
  const out = join(repoRoot(), 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'relearn.json'), JSON.stringify({ measured_at: new Date().toISOString(), ...r }, null, 2) + '\n');
}
