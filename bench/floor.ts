/**
 * The floor: what each step a declaration cannot skip costs on this machine, measured alone,
 * in the same run, on the bench's own declarations (bench/declarations.ts). Their sum is the
 * least CPU one declaration can take with today's steps and engines, before any overhead of
 * linking, projections, promises and garbage collection; the spine's measured CPU per
 * declaration is compared with it. Run alone: `node dist/bench/floor.js [N]` (prints a table,
 * writes bench/results/floor.json); `npm run bench` adds its rows.
 *
 * Every figure is the best of several passes over N distinct declarations, in CPU µs of this
 * process per declaration: on a shared machine the best pass is the one least disturbed.
 */
import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyMessage } from '../src/clearance/apply-message.js';
import { newConsignmentState, type ConsignmentState } from '../src/clearance/consignment-state.js';
import { decide } from '../src/clearance/decide.js';
import { openGates } from '../src/clearance/gates.js';
import type { Assessment, AssessmentContext } from '../src/clearance/seam.js';
import { tradeReasons } from '../src/clearance/trade-reasons.js';
import type { Message } from '../src/domain/message.js';
import { repoRoot } from '../src/domain/paths.js';
import { validateMessage } from '../src/intake/validate-message.js';
import { canonicalJson } from '../src/ledger/canonical-json.js';
import { GENESIS_HASH, eventHash } from '../src/ledger/hash-chain.js';
import { sealPersonalData, splitPersonalData, type PersonalData } from '../src/ledger/personal-data.js';
import { MasterKey } from '../src/ledger/master-key.js';
import { emptyBatch, Store } from '../src/ledger/store.js';
import { enginePolicy, loadEngines } from '../src/platform/engines.js';
import { encodeDecisionPayload } from '../src/platform/decision-record.js';
import { declarationText } from './declarations.js';

type Step = 'parse' | 'validate' | 'redact_and_content_hash' | 'seal' | 'apply' | 'assess' | 'decide_and_record' | 'answer' | 'chain';
const STEPS: Step[] = ['parse', 'validate', 'redact_and_content_hash', 'seal', 'apply', 'assess', 'decide_and_record', 'answer', 'chain'];

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

export interface FloorResult {
  declarations: number;
  /** Best pass, CPU µs per declaration, per step. */
  steps: Record<Step, number>;
  /** The steps summed: the main thread's least work per declaration. */
  main_floor_us: number;
  /** Store commit of the rows one declaration writes (events x2, consignment, personal, key, links x2, activity, parties), batches of 250, synchronous=FULL: all threads. */
  store_commit_us: number;
  /** The main thread's part of it (building the rows and handing them to the writer thread). */
  store_commit_main_us: number;
}

export async function benchFloor(n = Number(process.env.LUXOR_FLOOR_N ?? 3000), passes = 5): Promise<FloorResult> {
  const engines = loadEngines();
  const policy = enginePolicy(engines);
  // Each new consignment's data key is derived under the master key (master-key.ts), as the platform does.
  const master = MasterKey.fromBytes(randomBytes(32));
  const best = Object.fromEntries(STEPS.map((s) => [s, Infinity])) as Record<Step, number>;
  const at = new Date().toISOString();
  for (let pass = 0; pass < passes + 2; pass++) {
    // New texts every pass: message ids, documents and orders never seen before, as in the spine bench.
    const texts = Array.from({ length: n }, (_, i) => declarationText(`floor${pass}`, i));
    const spent = Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
    let t = cpuMicros();
    const lap = (step: Step): void => { const now = cpuMicros(); spent[step] += now - t; t = now; };
    // Each step runs over the whole pass before the next, so that one step's timer resolution
    // (process.cpuUsage counts in µs) and its caches are the same for every declaration.
    const raws = texts.map((text) => JSON.parse(text) as unknown); lap('parse');
    const messages = raws.map((raw) => { const v = validateMessage(raw); if (!v.ok) throw new Error(JSON.stringify(v.problems)); return v.message; }); lap('validate');
    const split = messages.map((m) => {
      const { redacted, personal } = splitPersonalData(m);
      const payload = canonicalJson(redacted);
      const contentHash = createHash('sha256').update(payload).update('\n').update(personal ? canonicalJson(personal) : '').digest('hex');
      return { payload, contentHash, personal };
    }); lap('redact_and_content_hash');
    const sealed = split.map((s, i) => JSON.stringify(sealPersonalData(master.newDataKey().key, s.personal as PersonalData))); lap('seal');
    const states: ConsignmentState[] = messages.map((m, i) => applyMessage(newConsignmentState(`F${pass}-${i}`, m.jurisdiction, at), m as Message, { seq: i + 1, at }).state); lap('apply');
    const contexts: AssessmentContext[] = states.map(() => ({ now: at, recent: [], parties: Object.create(null) as AssessmentContext['parties'], versions: { policy: policy.name } }));
    const assessments: Assessment[] = states.map((s, i) => policy.assess(s.facts, contexts[i])); lap('assess');
    const decided = states.map((s, i) => {
      const decision = decide(s.facts, assessments[i], contexts[i], { number: 1, at, trigger: 'declaration' });
      return { state: { ...s, decisions: [decision] }, payload: encodeDecisionPayload({ decision, context: contexts[i] }) };
    }); lap('decide_and_record');
    const answers = decided.map(({ state }) => {
      const decision = state.decisions[0];
      return JSON.stringify({
        consignment: state.id, mrn: null, transportDocument: state.facts.transportDocument ?? null, status: 'assessed', security: state.security,
        lane: decision.lane ?? null, released: false, waitingFor: openGates(state).map((g) => ({ type: g.type, reason: g.reason })),
        revenue: decision.revenue, reasons: tradeReasons(decision.reasons),
      });
    }); lap('answer');
    let prev = GENESIS_HASH;
    for (let i = 0; i < n; i++) {
      prev = eventHash(prev, { seq: 2 * i + 1, consignmentId: states[i].id, type: 'message.declaration', at, actor: 'IM5280000001', payload: split[i].payload, commitment: split[i].contentHash });
      prev = eventHash(prev, { seq: 2 * i + 2, consignmentId: states[i].id, type: 'decision', at, actor: 'policy:engines', payload: decided[i].payload, commitment: null });
    }
    lap('chain');
    if (pass >= 2) for (const s of STEPS) best[s] = Math.min(best[s], spent[s] / n);
    if (sealed.length !== n || answers.length !== n) throw new Error('a step lost declarations');
  }
  const steps = Object.fromEntries(STEPS.map((s) => [s, Number(best[s].toFixed(1))])) as Record<Step, number>;
  const store = await storeCommitCost(n);
  return { declarations: n, steps, main_floor_us: Number(STEPS.reduce((sum, s) => sum + best[s], 0).toFixed(1)), store_commit_us: store.all, store_commit_main_us: store.main };
}

/** CPU seconds of this process's main thread, from /proc (Linux; NaN elsewhere). */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000; // clock ticks of 10 ms, in µs
  } catch {
    return Number.NaN;
  }
}

/** CPU µs of this process (all threads, and the main thread's share) per declaration to commit the rows of the spine's bulk path. */
async function storeCommitCost(n: number): Promise<{ all: number; main: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'luxor-floor-'));
  const store = await Store.open({ data: dir });
  const master = await store.dataKeys();
  try {
    const at = new Date().toISOString();
    const payload = 'x'.repeat(1800);
    const decision = 'd'.repeat(4700);
    const answer = 'a'.repeat(3000);
    let seq = 0;
    let prev = GENESIS_HASH;
    let best = { all: Infinity, main: Infinity };
    for (let pass = 0; pass < 3; pass++) {
      const started = cpuMicros();
      const mainStarted = mainThreadCpu();
      for (let start = 0; start < n; start += 250) {
        const batch = emptyBatch();
        for (let i = start; i < Math.min(n, start + 250); i++) {
          const id = `LXF${pass}-${i}`;
          // Rows shaped and sized as the spine writes them for one new declaration (bench/footprint.ts).
          for (const [type, body] of [['message.declaration', payload], ['decision', decision]] as const) {
            seq++;
            const hash = createHash('sha256').update(prev).update(String(seq)).digest('hex');
            const row = { seq, consignmentId: id, type, at, actor: 'IM5280000001', payload: body, commitment: null, prevHash: prev, hash };
            batch.events.push(type === 'decision' ? row : { ...row, sender: 'IM5280000001', messageId: `${id}-m`, contentHash: hash, answer });
            prev = hash;
          }
          batch.consignments.push({ id, jurisdiction: 'EU', mrn: `26NL${pass}${i}`, transportDoc: `HAWB${id}`, fiscal: 'assessed', security: 'none', lane: 'green', declaredAt: at, releasedAt: null, state: '{"createdAt":"' + at + '","gates":["arrival"]}', updatedSeq: seq });
          batch.consignmentKeys.push({ consignmentId: id, stored: master.newDataKey().stored });
          batch.personal.push({ seq: seq - 1, consignmentId: id, sealed: 's'.repeat(480) });
          batch.links.push({ key: `td:EU:HAWB${id}`, consignmentId: id, owner: 'IM5280000001' }, { key: `order:EU:ORD-${id}`, consignmentId: id, owner: 'IM5280000001' });
          batch.activity.push({ consignmentId: id, buyerKey: `name:${i % 5000}`, addressKey: `addr:${i % 20000}`, sellerKey: 'id:S1', at, itemsTotal: '44.99', currency: 'EUR' });
          batch.parties.push({ key: `name:${i % 5000}`, firstSeen: at, consignments: pass + 1, inspected: 0, findings: 0 });
        }
        await store.commit(batch);
      }
      const all = (cpuMicros() - started) / n;
      if (all < best.all) best = { all, main: (mainThreadCpu() - mainStarted) / n };
    }
    return { all: Number(best.all.toFixed(1)), main: Number(best.main.toFixed(1)) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The floor as rows of `npm run bench` (bench/run.ts). */
export async function benchFloorRow(): Promise<Record<string, number>> {
  const r = await benchFloor();
  const row: Record<string, number> = {};
  for (const [step, us] of Object.entries(r.steps)) row[`floor_${step}_us`] = us;
  row.floor_main_us = r.main_floor_us;
  row.floor_store_commit_us = r.store_commit_us;
  row.floor_store_commit_main_us = r.store_commit_main_us;
  row.floor_all_threads_us = Number((r.main_floor_us + r.store_commit_us).toFixed(1));
  return row;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchFloor(Number(process.argv[2] ?? process.env.LUXOR_FLOOR_N ?? 3000));
  console.log('| step | CPU µs per declaration (best pass) |\n| --- | ---: |');
  for (const [step, us] of Object.entries(result.steps)) console.log(`| ${step} | ${us} |`);
  console.log(`| main-thread floor (sum) | ${result.main_floor_us} |`);
  console.log(`| store commit of the declaration's rows, all threads (main thread's part) | ${result.store_commit_us} (${result.store_commit_main_us}) |`);
  const total = result.main_floor_us + result.store_commit_us;
  console.log(`| floor, all threads | ${total.toFixed(1)} (at most ${Math.round(2e6 / total)} declarations/s on 2 cores, with no overhead and no GC) |`);
  const out = join(repoRoot(), 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'floor.json'), JSON.stringify(result, null, 2) + '\n');
}
