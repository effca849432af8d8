/**
 * One contract, every bus: the in-process bus always, NATS JetStream when a server answers on
 * 127.0.0.1:4222 (mandatory when CI=true).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import type { Bus, BusMessage } from '../../src/bus/bus.js';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { NatsBus } from '../../src/bus/nats-bus.js';

const RETRY_MS = 20;

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const settle = (ms = 150): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const text = (m: BusMessage): string => Buffer.from(m.data).toString('utf8');

interface Harness { bus: () => Bus; subject: (name: string) => string }

function contract(h: Harness): void {
  test('delivers each published message once to a durable consumer, in order, and not again once acknowledged', async () => {
    const subject = h.subject('declarations');
    for (const n of [1, 2, 3]) await h.bus().publish(subject, `m-${n}`, `declaration ${n}`);
    const got: BusMessage[] = [];
    const sub = await h.bus().consume(subject, 'assess', async (m) => { got.push(m); }, { retryDelayMs: RETRY_MS });
    await waitFor('3 messages', () => got.length >= 3);
    await settle();
    await sub.stop();
    assert.deepEqual(got.map(text), ['declaration 1', 'declaration 2', 'declaration 3']);
    assert.deepEqual(got.map((m) => m.msgId), ['m-1', 'm-2', 'm-3']);
    assert.deepEqual(got.map((m) => m.deliveryCount), [1, 1, 1]);
    assert.ok(got.every((m) => m.subject === subject));
  });

  test('drops a second publish with the same message id', async () => {
    const subject = h.subject('dedup');
    const first = await h.bus().publish(subject, 'same-id', 'first');
    const second = await h.bus().publish(subject, 'same-id', 'second, different content');
    assert.equal(first.duplicate, false);
    assert.equal(second.duplicate, true);
    assert.equal(second.seq, first.seq);
    await h.bus().publish(subject, 'other-id', Buffer.from('third'));
    const got: string[] = [];
    const sub = await h.bus().consume(subject, 'c', async (m) => { got.push(text(m)); }, { retryDelayMs: RETRY_MS });
    await waitFor('2 messages', () => got.length >= 2);
    await settle();
    await sub.stop();
    assert.deepEqual(got, ['first', 'third']);
  });

  test('redelivers a message whose handler failed, then stops once it is acknowledged', async () => {
    const subject = h.subject('retry');
    await h.bus().publish(subject, 'r-1', 'flaky');
    const counts: number[] = [];
    const sub = await h.bus().consume(subject, 'c', async (m) => {
      counts.push(m.deliveryCount);
      if (m.deliveryCount < 3) throw new Error('downstream unavailable');
    }, { retryDelayMs: RETRY_MS, maxDeliver: 5 });
    await waitFor('3 deliveries', () => counts.length >= 3);
    await settle(RETRY_MS * 8);
    await sub.stop();
    assert.deepEqual(counts, [1, 2, 3]);
  });

  test('gives up on a message after maxDeliver failed deliveries and says so', async () => {
    const subject = h.subject('poison');
    await h.bus().publish(subject, 'p-1', 'poison');
    await h.bus().publish(subject, 'p-2', 'fine');
    const seen: string[] = [];
    const gaveUp: [string, number, string][] = [];
    const sub = await h.bus().consume(subject, 'c', async (m) => {
      seen.push(`${text(m)}#${m.deliveryCount}`);
      if (text(m) === 'poison') throw new Error('cannot parse');
    }, { retryDelayMs: RETRY_MS, maxDeliver: 2, onGiveUp: (m, error) => gaveUp.push([m.msgId, m.deliveryCount, (error as Error).message]) });
    await waitFor('give-up', () => gaveUp.length >= 1);
    await settle(RETRY_MS * 8);
    await sub.stop();
    assert.deepEqual(gaveUp, [['p-1', 2, 'cannot parse']]);
    assert.deepEqual(seen.filter((s) => s.startsWith('poison')), ['poison#1', 'poison#2']);
    assert.ok(seen.includes('fine#1'));
  });

  test('a durable consumer keeps its place: messages sent while it was stopped arrive when it resumes', async () => {
    const subject = h.subject('resume');
    await h.bus().publish(subject, 'a', 'before');
    const got: string[] = [];
    const handler = async (m: BusMessage): Promise<void> => { got.push(text(m)); };
    let sub = await h.bus().consume(subject, 'notify', handler, { retryDelayMs: RETRY_MS });
    await waitFor('first', () => got.length >= 1);
    await sub.stop();
    await h.bus().publish(subject, 'b', 'while stopped');
    await settle(50);
    assert.deepEqual(got, ['before']);
    sub = await h.bus().consume(subject, 'notify', handler, { retryDelayMs: RETRY_MS });
    await waitFor('second', () => got.length >= 2);
    await settle();
    await sub.stop();
    assert.deepEqual(got, ['before', 'while stopped']);
  });

  test('each durable name gets every message; subscriptions sharing a durable name share the work', async () => {
    const subject = h.subject('fanout');
    const n = 12;
    for (let i = 0; i < n; i++) await h.bus().publish(subject, `f-${i}`, `msg ${i}`);
    const audit: string[] = [];
    const workerA: string[] = [];
    const workerB: string[] = [];
    const subs = [
      await h.bus().consume(subject, 'audit', async (m) => { audit.push(text(m)); }, { retryDelayMs: RETRY_MS }),
      await h.bus().consume(subject, 'assess', async (m) => { workerA.push(text(m)); await settle(2); }, { retryDelayMs: RETRY_MS }),
      await h.bus().consume(subject, 'assess', async (m) => { workerB.push(text(m)); await settle(2); }, { retryDelayMs: RETRY_MS }),
    ];
    await waitFor('all delivered', () => audit.length >= n && workerA.length + workerB.length >= n);
    await settle();
    await Promise.all(subs.map((s) => s.stop()));
    const expected = Array.from({ length: n }, (_, i) => `msg ${i}`);
    assert.deepEqual(audit, expected);
    assert.deepEqual([...workerA, ...workerB].sort(), [...expected].sort());
  });

  test('messages on another subject are not delivered', async () => {
    const wanted = h.subject('arrivals');
    const other = h.subject('payments');
    await h.bus().publish(other, 'x-1', 'payment');
    await h.bus().publish(wanted, 'x-2', 'arrival');
    const got: string[] = [];
    const sub = await h.bus().consume(wanted, 'c', async (m) => { got.push(text(m)); }, { retryDelayMs: RETRY_MS });
    await waitFor('one', () => got.length >= 1);
    await settle();
    await sub.stop();
    assert.deepEqual(got, ['arrival']);
  });
}

describe('in-process bus', () => {
  let bus: MemoryBus;
  let n = 0;
  before(() => { bus = new MemoryBus(); });
  after(async () => { await bus.close(); });
  contract({ bus: () => bus, subject: (name) => `luxor.test.${name}.${++n}` });
});

function reachable(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean): void => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const natsUp = await reachable('127.0.0.1', 4222, 1000);
const SKIP_LINE = 'NATS not reachable at 127.0.0.1:4222: skipping NATS bus suite';

if (!natsUp && process.env.CI === 'true') {
  test('NATS JetStream bus is reachable (required when CI=true)', () => {
    assert.fail('NATS not reachable at 127.0.0.1:4222 and CI=true: the NATS bus suite is mandatory');
  });
} else {
  describe('NATS JetStream bus', { skip: natsUp ? false : SKIP_LINE }, () => {
    const run = randomBytes(4).toString('hex');
    const prefix = `luxortest_${run}`;
    let bus: NatsBus;
    let n = 0;
    before(async () => {
      bus = await NatsBus.connect({ stream: `LUXOR_TEST_${run}`, subjects: [`${prefix}.>`], storage: 'memory' });
    });
    after(async () => {
      if (!bus) return;
      await bus.deleteStream();
      await bus.close();
    });
    contract({ bus: () => bus, subject: (name) => `${prefix}.${name}.${++n}` });
  });
}
