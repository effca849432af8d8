import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backoffCeilingMs, seededRandom } from '../../src/notify/backoff.js';
import { CallbackDispatcher } from '../../src/notify/callback-dispatcher.js';
import { MemoryDeliveries } from '../../src/notify/memory-deliveries.js';
import { postCallback } from '../../src/notify/post-callback.js';

interface Received { path: string; body: string; headers: IncomingMessage['headers'] }

let server: Server;
let base: string;
const received: Received[] = [];
const hits = new Map<string, number>();

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, body, headers: req.headers });
      const n = (hits.get(path) ?? 0) + 1;
      hits.set(path, n);
      if (path.startsWith('/flaky')) {
        // Down twice, then up: the case the back-off exists for.
        res.statusCode = n < 3 ? 503 : 204;
      } else if (path.startsWith('/ok')) res.statusCode = 200;
      else if (path.startsWith('/gone')) res.statusCode = 410;
      else if (path.startsWith('/busy')) res.statusCode = 429;
      else if (path.startsWith('/down')) res.statusCode = 500;
      else if (path.startsWith('/redirect')) {
        res.statusCode = 302;
        res.setHeader('location', 'http://169.254.169.254/');
      } else if (path.startsWith('/hang')) return; // never answers
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('a 2xx answer is a delivery', async () => {
  const result = await postCallback(`${base}/ok/1`, '{"outcome":"released"}', 2000);
  assert.equal(result.ok, true);
  assert.equal(result.status, 200);
  const got = received.find((r) => r.path === '/ok/1')!;
  assert.equal(got.body, '{"outcome":"released"}');
  assert.equal(got.headers['content-type'], 'application/json');
});

test('server errors, 429 and redirects are worth retrying; other 4xx are not', async () => {
  assert.deepEqual(await pick(`${base}/down/1`), { ok: false, status: 500, retryable: true });
  assert.deepEqual(await pick(`${base}/busy/1`), { ok: false, status: 429, retryable: true });
  assert.deepEqual(await pick(`${base}/gone/1`), { ok: false, status: 410, retryable: false });
  // A redirect is not followed: the outcome goes only where the submitter registered.
  assert.deepEqual(await pick(`${base}/redirect/1`), { ok: false, status: 302, retryable: true });
  assert.equal(received.filter((r) => r.path === '/redirect/1').length, 1);
});

async function pick(url: string): Promise<{ ok: boolean; status?: number; retryable: boolean }> {
  const r = await postCallback(url, '{}', 2000);
  return { ok: r.ok, status: r.status, retryable: r.retryable };
}

test('an endpoint that does not answer in time, or refuses the connection, is retried later', async () => {
  const hung = await postCallback(`${base}/hang/1`, '{}', 150);
  assert.equal(hung.ok, false);
  assert.equal(hung.retryable, true);
  assert.match(hung.error ?? '', /no answer within 150 ms/);
  assert.ok(hung.durationMs >= 140 && hung.durationMs < 2000);
  const refused = await postCallback('http://127.0.0.1:9/', '{}', 1000);
  assert.equal(refused.ok, false);
  assert.equal(refused.retryable, true);
});

/** A clock the test moves by hand, so back-off of seconds takes no time. */
function manualClock(start: string): { now: () => Date; set: (d: Date) => void } {
  let t = new Date(start);
  return { now: () => t, set: (d) => { t = d; } };
}

test('a callback to an endpoint that fails twice is delivered on the third attempt, after back-off', async () => {
  const clock = manualClock('2026-11-22T06:00:00Z');
  const deliveries = new MemoryDeliveries();
  const policy = { baseMs: 5000, capMs: 60_000, maxAttempts: 6 };
  const dispatcher = new CallbackDispatcher({ source: deliveries, sink: deliveries, now: clock.now, random: seededRandom(99), policy, timeoutMs: 2000 });
  const body = JSON.stringify({ consignment: 'C-1', outcome: 'released' });
  deliveries.enqueue({ id: 'n-1', url: `${base}/flaky/n-1`, body }, clock.now());

  const kinds: string[] = [];
  for (let round = 0; round < 5 && deliveries.nextDue() !== null; round++) {
    clock.set(deliveries.nextDue()!);
    // Nothing is due a moment before the scheduled time.
    const before = new Date(clock.now().getTime() - 1);
    assert.equal((await deliveries.due(before, 10)).length, 0);
    const outcomes = await dispatcher.runOnce();
    assert.equal(outcomes.length, 1);
    const o = outcomes[0];
    kinds.push(o.kind);
    if (o.kind === 'retry') {
      const delay = o.nextAttemptAt.getTime() - o.at.getTime();
      const ceiling = backoffCeilingMs(o.attempts, policy);
      assert.ok(delay >= ceiling / 2 && delay <= ceiling, `delay ${delay} after attempt ${o.attempts}`);
    }
  }
  assert.deepEqual(kinds, ['retry', 'retry', 'delivered']);
  const state = deliveries.all.get('n-1')!;
  assert.equal(state.status, 'delivered');
  assert.equal(state.attempts, 3);
  const calls = received.filter((r) => r.path === '/flaky/n-1');
  assert.deepEqual(calls.map((c) => c.headers['x-luxor-attempt']), ['1', '2', '3']);
  assert.ok(calls.every((c) => c.headers['idempotency-key'] === 'n-1' && c.body === body));
});

test('a callback refused with a 4xx fails at once; one that keeps failing fails after the last attempt', async () => {
  const clock = manualClock('2026-11-22T06:00:00Z');
  const deliveries = new MemoryDeliveries();
  const policy = { baseMs: 1000, capMs: 4000, maxAttempts: 3 };
  const dispatcher = new CallbackDispatcher({ source: deliveries, sink: deliveries, now: clock.now, random: seededRandom(5), policy });
  deliveries.enqueue({ id: 'gone', url: `${base}/gone/x`, body: '{}' }, clock.now());
  deliveries.enqueue({ id: 'down', url: `${base}/down/x`, body: '{}' }, clock.now());
  while (deliveries.nextDue() !== null) {
    clock.set(deliveries.nextDue()!);
    await dispatcher.runOnce();
  }
  assert.deepEqual(deliveries.all.get('gone')!.history.map((o) => o.kind), ['failed']);
  assert.deepEqual(deliveries.all.get('down')!.history.map((o) => o.kind), ['retry', 'retry', 'failed']);
  assert.equal(received.filter((r) => r.path === '/down/x').length, 3);
});

test('the running dispatcher delivers many callbacks in parallel and retries the flaky ones', async () => {
  const deliveries = new MemoryDeliveries();
  const dispatcher = new CallbackDispatcher({
    source: deliveries, sink: deliveries, random: seededRandom(11), concurrency: 4,
    policy: { baseMs: 10, capMs: 40, maxAttempts: 5 },
  });
  const now = new Date();
  for (let i = 0; i < 20; i++) deliveries.enqueue({ id: `bulk-${i}`, url: `${base}/${i % 4 === 0 ? 'flaky' : 'ok'}/bulk-${i}`, body: `{"i":${i}}` }, now);
  dispatcher.start(5);
  const deadline = Date.now() + 5000;
  while ([...deliveries.all.values()].some((d) => d.status === 'pending') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await dispatcher.stop();
  const states = [...deliveries.all.values()];
  assert.ok(states.every((d) => d.status === 'delivered'));
  assert.deepEqual(states.filter((d) => d.attempts === 3).map((d) => d.id), ['bulk-0', 'bulk-4', 'bulk-8', 'bulk-12', 'bulk-16']);
});
