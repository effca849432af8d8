// In-process cost of the platform per declaration (no HTTP): node dist/bench/profile-platform.js [N]
import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import { Store } from '../src/ledger/store.js';
import { Platform } from '../src/platform/platform.js';
import { defaultPolicy } from '../src/platform/engines.js';
import { declarationText } from './declarations.js';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const n = Number(process.argv[2] ?? 20000);
const dir = mkdtempSync(join(tmpdir(), 'luxor-prof-'));
const store = await Store.open({ data: dir });
const platform = await Platform.open(store, { policy: await defaultPolicy() });
const caller = { org: 'IM5280000001', role: 'platform', keyId: 'bench' };
const raws = Array.from({ length: n }, (_, i) => JSON.parse(declarationText('p', i)) as unknown);
/** CPU seconds per thread of this process, from /proc (Linux): the main thread's is the budget that decides throughput. */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
      const key = tid === String(process.pid) ? 'main' : `${name}#${tid}`;
      out.set(key, (out.get(key) ?? 0) + seconds);
    }
  } catch { /* not Linux: per-thread figures are left out */ }
  return out;
}
const threadsStart = threadCpu();
const started = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
// Two chunks outstanding, as two bulk clients would keep them: the next batch is built while one is written.
let next = 0;
await Promise.all([0, 1].map(async () => { while (next < n) { const i = next; next += 1000; await platform.submitMany(raws.slice(i, i + 1000), caller); } }));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const threads = threadCpu();
const perThread = [...threads].map(([name, t]) => [name, t - (threadsStart.get(name) ?? 0)] as const).filter(([, t]) => t > 0.05).sort((a, b) => b[1] - a[1]);
console.log(perThread.map(([name, t]) => `${name} ${(t / n * 1e6).toFixed(0)} µs`).join(', '), 'per declaration (thread CPU)');
console.log(`${n} declarations in ${seconds.toFixed(2)} s wall: ${(n / seconds).toFixed(0)}/s; CPU ${cpuSeconds.toFixed(2)} s: ${(n / cpuSeconds).toFixed(0)}/s per CPU-second (${(cpuSeconds / n * 1e6).toFixed(0)} µs each)`);
await platform.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
