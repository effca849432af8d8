/**
 * The event log as transactional outbox, relayed to the bus: in-process always, NATS JetStream
 * when it answers (mandatory under CI=true).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { describe, it } from 'node:test';
import type { Bus, BusMessage } from '../../src/bus/bus.js';
import { MemoryBus } from '../../src/bus/memory-bus.js';
import { NatsBus } from '../../src/bus/nats-bus.js';
import { relayOnce } from '../../src/bus/outbox-relay.js';
import { eventOutbox } from '../../src/platform/event-relay.js';
import { example, harness } from '../helpers.js';

async function natsReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 4222 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function relaysEveryEvent(bus: Bus, prefix: string): Promise<void> {
  const h = await harness();
  try {
    await h.request('POST', '/v1/messages', h.keys.IM5280000001, example('declaration-eu-ioss.json'));
    await h.request('POST', '/v1/messages', h.keys.BE0123456789, example('pre-loading-air.json'));
    const reader = eventOutbox(h.store, prefix);
    const got: BusMessage[] = [];
    const subscription = await bus.consume(`${prefix}.message-declaration`, 'stats', async (m) => { got.push(m); });
    const first = await relayOnce(reader, bus);
    assert.equal(first.sent, h.platform.headSeq);
    // A second relay finds nothing new: the cursor moved, and a re-publish would be a duplicate anyway.
    assert.equal((await relayOnce(reader, bus)).sent, 0);
    const again = await bus.publish(`${prefix}.message-declaration`, 'event-1', '{}');
    assert.equal(again.duplicate, true);
    const deadline = Date.now() + 5000;
    while (got.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await subscription.stop();
    assert.equal(got.length, 1);
    const event = JSON.parse(Buffer.from(got[0].data).toString('utf8')) as { type: string; payload: { consignment: { buyer: { name: string } } } };
    assert.equal(event.type, 'message.declaration');
    assert.equal(event.payload.consignment.buyer.name, '[personal]', 'personal data never leaves through the bus');
  } finally {
    await h.close();
  }
}

describe('event relay', () => {
  it('relays every committed event once to the in-process bus', async () => {
    const bus = new MemoryBus();
    await relaysEveryEvent(bus, 'luxor.events');
    await bus.close();
  });

  it('relays every committed event once to NATS JetStream', async (t) => {
    if (!(await natsReachable())) {
      if (process.env.CI === 'true') throw new Error('NATS is not reachable at 127.0.0.1:4222, and CI=true makes its suites mandatory');
      t.skip('NATS not reachable at 127.0.0.1:4222: skipping the NATS event relay test');
      return;
    }
    const tag = randomBytes(4).toString('hex');
    const bus = await NatsBus.connect({ stream: `LUXOR_RELAY_${tag}`, subjects: [`relay${tag}.>`] });
    try {
      await relaysEveryEvent(bus, `relay${tag}.events`);
    } finally {
      await bus.deleteStream();
      await bus.close();
    }
  });
});
