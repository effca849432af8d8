/**
 * Micro-benchmark of the intake layer: validate the example declaration (already parsed),
 * parse + validate its JSON text, and split + parse + validate an NDJSON body of 1,000 lines.
 * Run alone: node dist/bench/intake.js (prints a table, writes bench/results/intake.json).
 */
import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, sharedDataPath } from '../src/domain/paths.js';
import { parseNdjson, validateJsonText, validateMessage } from '../src/intake/validate-message.js';

/** Rates per CPU second of the benchmark process, except `validate_wall_per_s`. */
export interface IntakeBenchResult {
  validate_per_s: number;
  validate_ns: number;
  validate_wall_per_s: number;
  parse_validate_per_s: number;
  ndjson_1000_lines_ms: number;
}

interface Rate { wall: number; cpu: number }

/**
 * Runs `fn` repeatedly for about `ms` milliseconds of wall time after a warm-up; returns calls per
 * wall second and per CPU second of this process. On a shared machine the CPU rate is the capacity
 * figure: wall time there also counts the time other processes held the cores.
 */
function rate(fn: () => void, ms: number): Rate {
  for (let i = 0; i < 2000; i++) fn();
  let calls = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 1000; i++) fn();
    calls += 1000;
    elapsed = process.hrtime.bigint() - start;
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall: calls / (Number(elapsed) / 1e9), cpu: calls / ((cpu.user + cpu.system) / 1e6) };
}

export async function benchIntake(): Promise<IntakeBenchResult> {
  const text = readFileSync(join(sharedDataPath(), '..', 'examples', 'declaration-eu-ioss.json'), 'utf8');
  const raw: unknown = JSON.parse(text);
  if (!validateMessage(raw).ok) throw new Error('the example declaration does not validate');
  let sink = 0;
  const validatePerS = rate(() => { if (validateMessage(raw).ok) sink++; }, 600);
  const parsePerS = rate(() => { if (validateJsonText(text).ok) sink++; }, 400);
  const line = JSON.stringify(raw);
  const body = Array.from({ length: 1000 }, (_, i) => line.replace('mkt-nl-20261120-000001', `mkt-nl-20261120-${String(i).padStart(6, '0')}`)).join('\n');
  const ndjsonPerS = rate(() => { for (const l of parseNdjson(body)) if (l.raw !== undefined && validateMessage(l.raw).ok) sink++; }, 400);
  if (sink === 0) throw new Error('nothing validated');
  return {
    validate_per_s: Math.round(validatePerS.cpu),
    validate_ns: Math.round(1e9 / validatePerS.cpu),
    validate_wall_per_s: Math.round(validatePerS.wall),
    parse_validate_per_s: Math.round(parsePerS.cpu),
    ndjson_1000_lines_ms: Number((1000 / ndjsonPerS.cpu).toFixed(2)),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchIntake();
  console.table(result);
  const dir = join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'intake.json'), JSON.stringify({ ...result, at: new Date().toISOString() }, null, 2) + '\n');
}
