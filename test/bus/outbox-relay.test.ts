import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bus, BusMessage } from '../../src/bus/bus.js';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { OutboxRelay, OutboxRelayError, relayOnce, type OutboxReader, type OutboxRow } from '../../src/bus/outbox-relay.js';

/** An outbox table in memory: rows stay pending until marked sent. */
class MemoryOutbox implements OutboxReader {
  readonly rows: (OutboxRow & { sent: boolean })[] = [];
  markCalls = 0;
  failNextMark = false;
  add(n: number, subject = 'luxor.outcomes'): void {
    for (let i = 0; i < n; i++) {
      const id = this.rows.length + 1;
      this.rows.push({ id, subject, msgId: `outbox-${id}`, data: `outcome ${id}`, sent: false });
    }
  }
  async pending(limit: number): Promise<OutboxRow[]> {
    return this.rows.filter((r) => !r.sent).slice(0, limit);
  }
  async markSent(ids: (number | string)[]): Promise<void> {
    this.markCalls++;
    if (this.failNextMark) {
      this.failNextMark = false;
      throw new Error('database went away before commit');
    }
    for (const r of this.rows) if (ids.includes(r.id)) r.sent = true;
  }
}

async function drain(bus: Bus, subject: string, expected: number): Promise<string[]> {
  const got: string[] = [];
  const sub = await bus.consume(subject, 'check', async (m: BusMessage) => { got.push(Buffer.from(m.data).toString()); });
  const deadline = Date.now() + 3000;
  while (got.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 50));
  await sub.stop();
  return got;
}

test('the relay publishes pending outbox rows in order and marks them sent', async () => {
  const bus = new MemoryBus();
  const outbox = new MemoryOutbox();
  outbox.add(7);
  assert.deepEqual(await relayOnce(outbox, bus, 5), { sent: 5, failed: 0 });
  assert.deepEqual(await relayOnce(outbox, bus, 5), { sent: 2, failed: 0 });
  assert.deepEqual(await relayOnce(outbox, bus, 5), { sent: 0, failed: 0 });
  assert.ok(outbox.rows.every((r) => r.sent));
  assert.deepEqual(await drain(bus, 'luxor.outcomes', 7), Array.from({ length: 7 }, (_, i) => `outcome ${i + 1}`));
  await bus.close();
});

test('a crash between publishing and marking sent re-publishes, and the bus drops the duplicates', async () => {
  const bus = new MemoryBus();
  const outbox = new MemoryOutbox();
  outbox.add(3);
  outbox.failNextMark = true;
  await assert.rejects(relayOnce(outbox, bus), /database went away/);
  assert.ok(outbox.rows.every((r) => !r.sent));
  assert.deepEqual(await relayOnce(outbox, bus), { sent: 3, failed: 0 });
  assert.deepEqual(await drain(bus, 'luxor.outcomes', 3), ['outcome 1', 'outcome 2', 'outcome 3']);
  await bus.close();
});

test('rows whose publish failed stay pending; the others are marked sent', async () => {
  const inner = new MemoryBus();
  const failing: Bus = {
    publish: (subject, msgId, data) => (msgId === 'outbox-2' ? Promise.reject(new Error('no route')) : inner.publish(subject, msgId, data)),
    consume: (...args) => inner.consume(...args),
    close: () => inner.close(),
  };
  const outbox = new MemoryOutbox();
  outbox.add(3);
  await assert.rejects(relayOnce(outbox, failing), (error: unknown) =>
    error instanceof OutboxRelayError && error.result.sent === 2 && error.result.failed === 1);
  assert.deepEqual(outbox.rows.map((r) => r.sent), [true, false, true]);
  await inner.close();
});

test('the running relay drains the outbox and keeps going after a failure', async () => {
  const bus = new MemoryBus();
  const outbox = new MemoryOutbox();
  const errors: unknown[] = [];
  outbox.add(1200);
  outbox.failNextMark = true;
  const relay = new OutboxRelay(outbox, bus, { batchSize: 500, idleMs: 5, errorBackoffMs: 5, onError: (e) => errors.push(e) });
  relay.start();
  const deadline = Date.now() + 3000;
  while (outbox.rows.some((r) => !r.sent) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  outbox.add(3);
  relay.poke();
  while (outbox.rows.some((r) => !r.sent) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await relay.stop();
  assert.equal(errors.length, 1);
  assert.ok(outbox.rows.every((r) => r.sent));
  assert.equal(relay.sent, 1203);
  assert.equal((await drain(bus, 'luxor.outcomes', 1203)).length, 1203);
  await bus.close();
});
