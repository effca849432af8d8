/**
 * The in-process bus: same contract as the NATS bus, for a single node and for tests. Each
 * subject is a retained stream; each (subject, durable name) keeps its own position, its
 * messages in flight and those waiting for redelivery. Subjects match exactly (no wildcards).
 * A handler that never settles holds its message: in one process the handler's promise is
 * the truth, so there is no ack-wait timeout here.
 */
import {
  DEFAULT_MAX_DELIVER, DEFAULT_RETRY_DELAY_MS, toBytes,
  type Bus, type BusHandler, type BusMessage, type ConsumeOptions, type PublishResult, type Subscription,
} from './bus.js';

interface Stored { subject: string; msgId: string; data: Uint8Array; seq: number }

interface Stream {
  /** Messages from index `base` on; the prefix all durables have passed is dropped. */
  messages: Stored[];
  base: number;
  durables: Set<Durable>;
}

interface Durable {
  stream: Stream;
  /** Stream index of the next message never delivered to this durable. */
  next: number;
  /** Failed messages whose retry delay has passed. */
  ready: { stored: Stored; deliveries: number }[];
  workers: Set<Worker>;
}

interface Worker { wake: () => void; stopped: boolean }

export interface MemoryBusOptions {
  /** De-duplication window (default 2 minutes, as NATS JetStream). */
  duplicateWindowMs?: number;
}

export class MemoryBus implements Bus {
  private readonly streams = new Map<string, Stream>();
  private readonly durables = new Map<string, Durable>();
  private readonly seen = new Map<string, { seq: number; at: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly workers = new Set<Worker>();
  private seq = 0;
  private closed = false;
  private readonly windowMs: number;

  constructor(options: MemoryBusOptions = {}) {
    this.windowMs = options.duplicateWindowMs ?? 120_000;
  }

  private stream(subject: string): Stream {
    let stream = this.streams.get(subject);
    if (!stream) {
      stream = { messages: [], base: 0, durables: new Set() };
      this.streams.set(subject, stream);
    }
    return stream;
  }

  async publish(subject: string, msgId: string, data: Uint8Array | string): Promise<PublishResult> {
    if (this.closed) throw new Error('bus is closed');
    const now = Date.now();
    // Map keeps insertion order, so the expired entries are at the front.
    for (const [id, entry] of this.seen) {
      if (now - entry.at < this.windowMs) break;
      this.seen.delete(id);
    }
    const previous = this.seen.get(msgId);
    if (previous) return { seq: previous.seq, duplicate: true };
    const seq = ++this.seq;
    this.seen.set(msgId, { seq, at: now });
    const stream = this.stream(subject);
    // Copy so a caller reusing its buffer cannot change a retained message.
    stream.messages.push({ subject, msgId, data: Uint8Array.from(toBytes(data)), seq });
    for (const durable of stream.durables) for (const worker of durable.workers) worker.wake();
    return { seq, duplicate: false };
  }

  async consume(subject: string, durableName: string, handler: BusHandler, options: ConsumeOptions = {}): Promise<Subscription> {
    if (this.closed) throw new Error('bus is closed');
    const key = subject + '\u0000' + durableName;
    let durable = this.durables.get(key);
    if (!durable) {
      const stream = this.stream(subject);
      durable = { stream, next: stream.base, ready: [], workers: new Set() };
      stream.durables.add(durable);
      this.durables.set(key, durable);
    }
    const worker: Worker = { wake: () => {}, stopped: false };
    durable.workers.add(worker);
    this.workers.add(worker);
    const loop = this.work(durable, worker, handler, options);
    this.running.add(loop);
    void loop.finally(() => this.running.delete(loop));
    return {
      stop: async () => {
        worker.stopped = true;
        worker.wake();
        await loop;
      },
    };
  }

  private take(durable: Durable): { stored: Stored; deliveries: number } | undefined {
    const retry = durable.ready.shift();
    if (retry) return retry;
    const stream = durable.stream;
    const index = durable.next - stream.base;
    if (index >= stream.messages.length) return undefined;
    durable.next++;
    const stored = stream.messages[index];
    this.trim(stream);
    return { stored, deliveries: 0 };
  }

  /** Drops the prefix every durable of the stream has taken (unacked ones are held by the durable). */
  private trim(stream: Stream): void {
    let low = Infinity;
    for (const d of stream.durables) low = Math.min(low, d.next);
    const drop = low - stream.base;
    if (drop >= 1024 && drop !== Infinity) {
      stream.messages.splice(0, drop);
      stream.base = low;
    }
  }

  private async work(durable: Durable, worker: Worker, handler: BusHandler, options: ConsumeOptions): Promise<void> {
    const maxDeliver = options.maxDeliver ?? DEFAULT_MAX_DELIVER;
    const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    try {
      while (!worker.stopped) {
        const next = this.take(durable);
        if (!next) {
          await new Promise<void>((resolve) => { worker.wake = resolve; });
          worker.wake = () => {};
          continue;
        }
        const deliveries = next.deliveries + 1;
        const { stored } = next;
        const msg: BusMessage = { subject: stored.subject, msgId: stored.msgId, data: stored.data, deliveryCount: deliveries, seq: stored.seq };
        try {
          await handler(msg);
        } catch (error) {
          if (deliveries >= maxDeliver) {
            options.onGiveUp?.(msg, error);
          } else {
            this.later(retryDelayMs, () => {
              durable.ready.push({ stored, deliveries });
              for (const w of durable.workers) w.wake();
            });
          }
        }
      }
    } finally {
      durable.workers.delete(worker);
      this.workers.delete(worker);
    }
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const worker of this.workers) {
      worker.stopped = true;
      worker.wake();
    }
    await Promise.all([...this.running]);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
