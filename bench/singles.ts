/**
 * Single submissions at a chosen rate after a bulk preload, with the server's own CPU per message
 * (from /proc): `node dist/bench/singles.js [RATE] [PRELOAD]` (defaults 1000 and 20000).
 * Not part of `npm run bench`; it isolates the single-submission path that `npm run bench`
 * measures after its 60,000 bulk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpCall } from '../src/cli/http-call.js';
import { Store } from '../src/ledger/store.js';
import { declarationText } from './declarations.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const rate = Number(process.argv[2] ?? 1000);
const preload = Number(process.argv[3] ?? 20000);
const seconds = 10;

const dir = mkdtempSync(join(tmpdir(), 'luxor-singles-'));
const store = await Store.open({ data: dir });
const key = await store.createKey('IM5280000001', 'platform');
await store.close();
const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
let output = '';
child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
let url: string | undefined;
for (let i = 0; i < 400 && !url; i++) {
  url = /listening on (http:\/\/[^\s]+)/.exec(output)?.[1];
  if (!url) await new Promise((r) => setTimeout(r, 50));
}
if (!url) throw new Error(`server did not start: ${output}`);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
for (let b = 0; b < preload / 1000; b++) {
  const body = Array.from({ length: 1000 }, (_, i) => declarationText('pre', b * 1000 + i)).join('\n');
  await httpCall(agent, 'POST', `${url}/v1/messages`, key, body, 'application/x-ndjson');
}
/** utime + stime of the server process, in ms (clock ticks of 10 ms). */
const serverCpuMs = (): number => {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
/**
 * CPU of each server thread in ns, from schedstat (exact, where stat counts 10 ms ticks): the
 * main thread (tid = pid), the SQLite writer and checkpointer threads, and V8's GC helpers.
 */
const threadCpuNs = (): Map<number, number> => {
  const cpu = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${child.pid}/task`)) {
    try { cpu.set(Number(tid), Number(readFileSync(`/proc/${child.pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0])); } catch { /* thread ended */ }
  }
  return cpu;
};
const total = rate * seconds;
const bodies = Array.from({ length: total }, (_, i) => declarationText('s', i));
const latencies: number[] = [];
let errors = 0;
const t0 = performance.now();
const cpu0 = serverCpuMs();
const threads0 = threadCpuNs();
const inflight: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  // Open loop: latency from the scheduled send time; the first second is warm-up.
  const scheduled = t0 + (i * 1000) / rate;
  const wait = scheduled - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  inflight.push(httpCall(agent, 'POST', `${url}/v1/messages`, key, bodies[i], 'application/json').then((r) => {
    if (r.status !== 202) errors++;
    if (i >= rate) latencies.push(performance.now() - scheduled);
  }, () => { errors++; }));
}
await Promise.all(inflight);
const cpu = serverCpuMs() - cpu0;
const perThread = [...threadCpuNs()].map(([tid, ns]) => ({ tid, us: (ns - (threads0.get(tid) ?? 0)) / 1000 / total })).filter((t) => t.us >= 1);
const main = perThread.find((t) => t.tid === child.pid)?.us ?? 0;
const others = perThread.filter((t) => t.tid !== child.pid).sort((a, b) => b.us - a.us).map((t) => t.us.toFixed(0));
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
console.log(`singles at ${rate}/s after ${preload} in bulk: p50 ${at(0.5)} / p90 ${at(0.9)} / p99 ${at(0.99)} ms, errors ${errors}, server CPU ${((cpu * 1000) / total).toFixed(0)} µs per message (schedstat: main thread ${main.toFixed(0)}, other threads ${others.join(' + ')} µs)`);
agent.destroy();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
rmSync(dir, { recursive: true, force: true });
