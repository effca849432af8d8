/**
 * The bus on NATS JetStream (package `nats` v2): one stream holds the bus's subjects, the
 * Nats-Msg-Id header de-duplicates within the stream's duplicate window, and each durable
 * name is a pull consumer with explicit acknowledgement, so several worker processes on
 * several machines share a subject's work and a message whose handler fails or whose
 * process dies is delivered again.
 */
import { createHash } from 'node:crypto';
import {
  AckPolicy, connect, DeliverPolicy, nanos, StorageType,
  type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg, type NatsConnection,
} from 'nats';
import {
  DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_DELIVER, DEFAULT_RETRY_DELAY_MS, toBytes,
  type Bus, type BusHandler, type BusMessage, type ConsumeOptions, type PublishResult, type Subscription,
} from './bus.js';

export interface NatsBusOptions {
  /** Default 127.0.0.1:4222. */
  servers?: string | string[];
  /** Stream name (created if missing). */
  stream: string;
  /** Subjects the stream captures, e.g. ["luxor.>"]. */
  subjects: string[];
  /** De-duplication window (default 2 minutes). */
  duplicateWindowMs?: number;
  /** 'file' (default, survives a server restart) or 'memory'. */
  storage?: 'file' | 'memory';
  /** Connection timeout (default 2000 ms). */
  timeoutMs?: number;
}

export class NatsBus implements Bus {
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly stream: string,
  ) {}

  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const nc = await connect({ servers: options.servers ?? '127.0.0.1:4222', timeout: options.timeoutMs ?? 2000 });
    try {
      const jsm = await nc.jetstreamManager();
      await ensureStream(jsm, options);
      return new NatsBus(nc, nc.jetstream(), jsm, options.stream);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  async publish(subject: string, msgId: string, data: Uint8Array | string): Promise<PublishResult> {
    const ack = await this.js.publish(subject, toBytes(data), { msgID: msgId });
    return { seq: ack.seq, duplicate: ack.duplicate };
  }

  async consume(subject: string, durable: string, handler: BusHandler, options: ConsumeOptions = {}): Promise<Subscription> {
    const durableName = consumerName(subject, durable);
    const maxDeliver = options.maxDeliver ?? DEFAULT_MAX_DELIVER;
    const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    const config = {
      durable_name: durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: subject,
      max_deliver: maxDeliver,
      ack_wait: nanos(options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS),
    };
    let existing;
    try {
      existing = await this.jsm.consumers.info(this.stream, durableName);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.jsm.consumers.add(this.stream, config);
    }
    if (existing && (existing.config.max_deliver !== config.max_deliver || existing.config.ack_wait !== config.ack_wait)) {
      await this.jsm.consumers.update(this.stream, durableName, { max_deliver: config.max_deliver, ack_wait: config.ack_wait });
    }
    const consumer = await this.js.consumers.get(this.stream, durableName);
    // One message at a time per subscription: more workers means more subscriptions.
    const messages: ConsumerMessages = await consumer.consume({ max_messages: 1 });
    const loop = (async () => {
      for await (const m of messages) await this.handle(m, handler, maxDeliver, retryDelayMs, options);
    })();
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await messages.close();
        await loop;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  private async handle(m: JsMsg, handler: BusHandler, maxDeliver: number, retryDelayMs: number, options: ConsumeOptions): Promise<void> {
    const msg: BusMessage = {
      subject: m.subject,
      msgId: m.headers?.get('Nats-Msg-Id') ?? '',
      data: m.data,
      deliveryCount: m.info.deliveryCount,
      seq: m.seq,
    };
    try {
      await handler(msg);
    } catch (error) {
      if (msg.deliveryCount >= maxDeliver) {
        m.term();
        options.onGiveUp?.(msg, error);
      } else {
        m.nak(retryDelayMs);
      }
      return;
    }
    // Wait for the server to confirm the ack, so "handled" means "will not come back". If the
    // confirmation is lost the message comes back after ack_wait: at least once, as promised.
    try {
      await m.ackAck();
    } catch {
      /* redelivered later */
    }
  }

  /** Deletes the stream and everything in it (tests, tear-down). */
  async deleteStream(): Promise<void> {
    await this.jsm.streams.delete(this.stream);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.nc.drain();
  }
}

/**
 * JetStream durable names are per stream, the bus's are per subject: the consumer's name
 * carries both, plus a short hash because '.', '*' and '>' are not allowed in names.
 */
export function consumerName(subject: string, durable: string): string {
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');
  const hash = createHash('sha256').update(subject + '\u0000' + durable).digest('hex').slice(0, 10);
  return `${clean(durable)}_${clean(subject)}`.slice(0, 200) + '_' + hash;
}

function isNotFound(error: unknown): boolean {
  const e = error as { api_error?: { err_code?: number }; code?: string; message?: string };
  // JetStream API errors 10014 (consumer not found) and 10059 (stream not found).
  return e?.api_error?.err_code === 10014 || e?.api_error?.err_code === 10059 || e?.code === '404' || /not found/i.test(e?.message ?? '');
}

async function ensureStream(jsm: JetStreamManager, options: NatsBusOptions): Promise<void> {
  try {
    await jsm.streams.info(options.stream);
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await jsm.streams.add({
    name: options.stream,
    subjects: options.subjects,
    storage: options.storage === 'memory' ? StorageType.Memory : StorageType.File,
    duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
  });
}
