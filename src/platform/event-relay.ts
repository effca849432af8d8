import type { Bus } from '../bus/bus.js';
import { OutboxRelay, type OutboxReader, type OutboxRow } from '../bus/outbox-relay.js';
import type { Store } from '../ledger/store.js';

/**
 * The event log is the transactional outbox: every event is committed with the batch that made
 * it, and this relay publishes what follows a cursor to the bus (subject `luxor.events.<type>`,
 * message id = the event's seq, so a re-publish after a crash is dropped as a duplicate).
 * Workers elsewhere (statistics, agency systems, a partner administration) consume from there.
 */
export function eventOutbox(store: Store, prefix = 'luxor.events'): OutboxReader {
  let cursor: number | undefined;
  return {
    async pending(limit: number): Promise<OutboxRow[]> {
      cursor ??= Number((await store.setting(`relay-cursor:${prefix}`)) ?? 0);
      const events = await store.readEvents(cursor, limit);
      return events.map((e) => ({
        id: e.seq,
        subject: `${prefix}.${e.type.replace(/[^a-zA-Z0-9-]+/g, '-')}`,
        msgId: `event-${e.seq}`,
        data: JSON.stringify({ seq: e.seq, consignmentId: e.consignmentId, type: e.type, at: e.at, actor: e.actor, hash: e.hash, payload: JSON.parse(e.payload) as unknown }),
      }));
    },
    async markSent(ids: (number | string)[]): Promise<void> {
      // Events are contiguous by seq: the cursor moves over the unbroken run that was published,
      // so an event whose publish failed is tried again with everything after it.
      const sent = new Set(ids.map(Number));
      let highest = cursor ?? 0;
      while (sent.has(highest + 1)) highest++;
      if (cursor === undefined || highest > cursor) {
        cursor = highest;
        await store.putSetting(`relay-cursor:${prefix}`, String(highest));
      }
    },
  };
}

export function startEventRelay(store: Store, bus: Bus, prefix?: string): { stop: () => Promise<void> } {
  const relay = new OutboxRelay(eventOutbox(store, prefix), bus, { onError: () => undefined });
  relay.start();
  return { stop: async () => { await relay.stop(); } };
}
