/**
 * `npm run bench`: the platform against a null handler, in one run on this machine.
 * - bulk: declarations/s end to end (validate, link, assess, decide, durably commit), NDJSON
 *   batches of 1,000 over 2 connections; the same payloads against the null handler (ceiling).
 * - single: latency p50/p99 at a fixed offered rate from an open-loop generator (latency is
 *   measured from the scheduled send time, so a stalled server cannot hide its queue).
 * Engines' own benchmarks (rules, revenue, model, intake, floor, relearning on start) add their rows when present.
 * Prints a table and writes bench/results/latest.json.
 */
import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { httpCall, type HttpAnswer } from '../src/cli/http-call.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../src/domain/paths.js';
import { Store } from '../src/ledger/store.js';
import { declarationText } from './declarations.js';
import { storeFootprint, type Footprint } from './footprint.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const NULL_SERVER = fileURLToPath(new URL('./null-server.js', import.meta.url));

const BULK_TOTAL = Number(process.env.LUXOR_BENCH_BULK ?? 60_000);
const BULK_BATCH = 1000;
const SINGLE_RATE = Number(process.env.LUXOR_BENCH_RATE ?? 2000);
const SINGLE_SECONDS = Number(process.env.LUXOR_BENCH_SECONDS ?? 10);

async function start(command: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, command, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  for (let i = 0; i < 400; i++) {
    const match = /listening on (http:\/\/[^\s]+)/.exec(output);
    if (match) return { child, url: match[1] };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${output}`);
}

function post(agent: Agent, url: string, key: string, body: string, type: string): Promise<HttpAnswer> {
  return httpCall(agent, 'POST', `${url}/v1/messages`, key, body, type);
}

async function bulk(url: string, key: string, run: string): Promise<{ perSecond: number; rejected: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  const bodies: string[] = [];
  for (let b = 0; b < BULK_TOTAL / BULK_BATCH; b++) {
    bodies.push(Array.from({ length: BULK_BATCH }, (_, i) => declarationText(run, b * BULK_BATCH + i)).join('\n'));
  }
  let next = 0;
  let rejected = 0;
  const started = process.hrtime.bigint();
  await Promise.all([0, 1].map(async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const response = await post(agent, url, key, body, 'application/x-ndjson');
      for (const line of response.text.trim().split('\n')) if (!line.includes('"http":202')) rejected++;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { perSecond: BULK_TOTAL / seconds, rejected };
}

async function single(url: string, key: string, run: string, rate = SINGLE_RATE, seconds = SINGLE_SECONDS): Promise<{ p50: number; p99: number; max: number; achieved: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const SINGLE_RATE = rate;
  const total = rate * seconds;
  const bodies = Array.from({ length: total }, (_, i) => declarationText(run, i));
  // Warm-up of 1 s at the same rate, not measured.
  const latencies: number[] = [];
  let errors = 0;
  const interval = 1000 / SINGLE_RATE;
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = t0 + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(post(agent, url, key, bodies[i], 'application/json').then((r) => {
      if (r.status !== 202) errors++;
      if (i >= SINGLE_RATE) latencies.push(performance.now() - scheduled);
    }, () => { errors++; }));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1], achieved: total / elapsed, errors };
}

type Single = Awaited<ReturnType<typeof single>>;
async function measure(kind: 'luxor' | 'null', sustainable?: number): Promise<{ bulk: Awaited<ReturnType<typeof bulk>>; single: Single; sustained?: Single; footprint?: Footprint }> {
  const dir = mkdtempSync(join(tmpdir(), 'luxor-bench-'));
  try {
    let key = 'null';
    if (kind === 'luxor') {
      const store = await Store.open({ data: dir });
      key = await store.createKey('IM5280000001', 'platform');
      await store.close();
    }
    const server = await start(kind === 'luxor' ? [CLI, 'serve', '--port', '0', '--data', dir] : [NULL_SERVER]);
    try {
      const b = await bulk(server.url, key, `${kind}b`);
      // Counted after the bulk load alone: every row then belongs to one of its declarations.
      const footprint = kind === 'luxor' ? storeFootprint(join(dir, 'luxor.sqlite'), BULK_TOTAL - b.rejected) : undefined;
      // Latency at a rate the server can sustain (half its measured bulk rate) says more than
      // latency in overload; the target rate is measured too.
      const rate = sustainable ?? Math.max(50, Math.round(b.perSecond / 2 / 50) * 50);
      const sustained = await single(server.url, key, `${kind}u`, rate, 5);
      const s = await single(server.url, key, `${kind}s`);
      return { bulk: b, single: s, sustained: { ...sustained, achieved: rate }, footprint };
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Extra = Record<string, number | string>;
async function optional(path: string, name: string): Promise<Extra> {
  try {
    const module = (await import(path)) as Record<string, () => Promise<Extra>>;
    if (typeof module[name] !== 'function') return {};
    return await module[name]();
  } catch (error) {
    console.error(`(${name} skipped: ${(error as Error).message})`);
    return {};
  }
}

const luxor = await measure('luxor');
const ceiling = await measure('null', luxor.sustained?.achieved);
const extras: Extra = {
  ...(await optional('./intake.js', 'benchIntake')),
  ...(await optional('./revenue.js', 'benchRevenue')),
  ...(await optional('./rules.js', 'benchRules')),
  ...(await optional('./model.js', 'benchModel')),
  ...(await optional('./simulate.js', 'benchSimulate')),
  ...(await optional('./floor.js', 'benchFloorRow')),
  ...(await optional('./relearn.js', 'benchRelearnRow')),
};

const result = {
  measured_at: new Date().toISOString(),
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  store: 'sqlite',
  bulk_total: BULK_TOTAL,
  bulk_per_s: Math.round(luxor.bulk.perSecond),
  bulk_ceiling_per_s: Math.round(ceiling.bulk.perSecond),
  bulk_ratio: Number((luxor.bulk.perSecond / ceiling.bulk.perSecond).toFixed(3)),
  bulk_rejected: luxor.bulk.rejected,
  single_rate_per_s: SINGLE_RATE,
  single_achieved_per_s: Math.round(luxor.single.achieved),
  single_p50_ms: Number(luxor.single.p50.toFixed(2)),
  single_p99_ms: Number(luxor.single.p99.toFixed(2)),
  single_max_ms: Number(luxor.single.max.toFixed(2)),
  single_errors: luxor.single.errors,
  single_ceiling_p50_ms: Number(ceiling.single.p50.toFixed(2)),
  sustained_rate_per_s: luxor.sustained?.achieved,
  sustained_p50_ms: Number(luxor.sustained?.p50.toFixed(2)),
  sustained_p99_ms: Number(luxor.sustained?.p99.toFixed(2)),
  sustained_ceiling_p99_ms: Number(ceiling.sustained?.p99.toFixed(2)),
  single_ceiling_p99_ms: Number(ceiling.single.p99.toFixed(2)),
  store_rows_per_declaration: luxor.footprint?.rowsPerDeclaration,
  store_bytes_per_declaration: luxor.footprint?.bytesPerDeclaration,
  store_tables: luxor.footprint?.tables,
  ...extras,
};

const rows: [string, string, string][] = [
  ['bulk declarations/s (NDJSON x1000, durable)', String(result.bulk_per_s), String(result.bulk_ceiling_per_s)],
  [`single p50 ms @ ${SINGLE_RATE}/s`, String(result.single_p50_ms), String(result.single_ceiling_p50_ms)],
  [`single p99 ms @ ${SINGLE_RATE}/s`, String(result.single_p99_ms), String(result.single_ceiling_p99_ms)],
];
console.log('\n| measure | luxor (sqlite) | null handler |\n| --- | ---: | ---: |');
for (const [name, a, b] of rows) console.log(`| ${name} | ${a} | ${b} |`);
console.log(`| single p50 / p99 ms @ ${result.sustained_rate_per_s}/s (half the bulk rate) | ${result.sustained_p50_ms} / ${result.sustained_p99_ms} | - / ${result.sustained_ceiling_p99_ms} |`);
console.log(`| bulk ratio luxor / ceiling | ${result.bulk_ratio} | |`);
if (luxor.footprint) {
  console.log(`| store rows / bytes per declaration (after bulk) | ${luxor.footprint.rowsPerDeclaration} / ${luxor.footprint.bytesPerDeclaration} | |`);
  for (const t of luxor.footprint.tables) console.log(`|   ${t.table}: rows / bytes per declaration | ${t.rowsPerDeclaration} / ${t.bytesPerDeclaration} | |`);
}
for (const [k, v] of Object.entries(extras)) console.log(`| ${k} | ${v} | |`);
const out = join(repoRoot(), 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
console.log(`\nwritten to bench/results/latest.json`);
