import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import { iterateTraffic } from '../src/simulate/generate.js';

/** Simulated traffic generation rate (events/s), warm: the first run lets V8 compile the generator. */
export async function benchSimulate(): Promise<{ simulate_events_per_s: number }> {
  const run = (seed: number): [number, number] => {
    const t0 = process.hrtime.bigint();
    let n = 0;
    for (const _ of iterateTraffic({ seed, consignments: 10_000, start: '2026-11-20T00:00:00Z' })) n++;
    return [n, Number(process.hrtime.bigint() - t0) / 1e9];
  };
  run(98);
  const [n, seconds] = run(99);
  return { simulate_events_per_s: Math.round(n / seconds) };
}
