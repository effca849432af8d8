import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/api/server.js';
import type { AssessmentPolicy } from '../src/clearance/seam.js';
import { sharedDataPath } from '../src/domain/paths.js';
import { Store } from '../src/ledger/store.js';
import { Platform } from '../src/platform/platform.js';
import { failClosedPolicy } from '../src/clearance/fail-closed-policy.js';

/** Runs the built `luxor` command in a child process: exit status, standard output, standard error. */
export function luxorCli(...args: string[]): { status: number; out: string; err: string } {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL('../src/cli/main.js', import.meta.url)), ...args], { encoding: 'utf8' });
  return { status: result.status ?? -1, out: result.stdout, err: result.stderr };
}

export function tempDir(prefix = 'luxor-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function examplesDir(): string {
  return join(sharedDataPath(), '..', 'examples');
}

export function example(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(examplesDir(), name), 'utf8')) as Record<string, unknown>;
}

export function exampleNames(): string[] {
  return readdirSync(examplesDir()).filter((f) => f.endsWith('.json')).sort();
}

export const PG_URL = process.env.LUXOR_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers; under CI it must. */
export async function postgresAvailable(): Promise<boolean> {
  try {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    await client.connect();
    await client.end();
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${PG_URL}, and CI=true makes its suites mandatory`);
    return false;
  }
}

export interface Harness {
  app: FastifyInstance;
  platform: Platform;
  store: Store;
  keys: Record<string, string>;
  request(method: string, url: string, key: string | undefined, body?: unknown, contentType?: string): Promise<{ status: number; body: any; headers: Record<string, unknown> }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are inspected freely in tests
  close(): Promise<void>;
}

export type StoreKind = 'sqlite' | 'postgres';

/** A platform and server on a fresh store, with keys for the parties of the examples. */
export async function harness(options: { kind?: StoreKind; policy?: AssessmentPolicy; policyFor?: (store: Store) => Promise<AssessmentPolicy>; orgs?: [string, string][]; gatherBelow?: number } = {}): Promise<Harness> {
  const kind = options.kind ?? 'sqlite';
  const temp = tempDir();
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const store = kind === 'sqlite' ? await Store.open({ data: temp.dir }) : await Store.open({ database: PG_URL, schema });
  const policy = options.policyFor ? await options.policyFor(store) : options.policy ?? failClosedPolicy;
  const platform = await Platform.open(store, { policy, checkpointEvery: 50, gatherBelow: options.gatherBelow });
  const app = await buildServer({ platform });
  const orgs: [string, string][] = options.orgs ?? [
    ['IM5280000001', 'platform'], ['BE0123456789', 'carrier'], ['DE9876543210', 'carrier'], ['LVG-74088264626', 'platform'],
    ['PSP-EXAMPLE-AU', 'payment-provider'], ['NZPOST-EXAMPLE', 'post'], ['OFFICER-1', 'customs-officer'], ['OFFICER-2', 'customs-officer'],
    ['AGENCY-HEALTH', 'agency'], ['AUDITOR', 'auditor'], ['ANALYST', 'risk-analyst'], ['ADMIN', 'admin'], ['FR5550001111', 'carrier'],
  ];
  const keys: Record<string, string> = {};
  for (const [org, role] of orgs) keys[org] = await store.createKey(org, role);
  return {
    app, platform, store, keys,
    async request(method, url, key, body, contentType) {
      const headers: Record<string, string> = {};
      if (key) headers.authorization = `Bearer ${key}`;
      let payload: string | undefined;
      if (body !== undefined) {
        payload = typeof body === 'string' ? body : JSON.stringify(body);
        headers['content-type'] = contentType ?? 'application/json';
      }
      const response = await app.inject({ method: method as 'GET', url, headers, payload });
      const text = response.body;
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* NDJSON or text */ }
      return { status: response.statusCode, body: parsed, headers: response.headers as Record<string, unknown> };
    },
    async close() {
      await app.close();
      await platform.close();
      if (kind === 'postgres') await store.driver.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await store.close();
      temp.cleanup();
    },
  };
}
