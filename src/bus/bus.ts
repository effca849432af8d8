/**
 * Work distribution between the processes of Luxor (ARCHITECTURE.md: NATS JetStream in
 * production, in-process for a single node and for tests). Delivery is at least once: a
 * handler that throws gets the message again, so handlers must be idempotent; publishers get
 * de-duplication by message id, so a relay that re-sends after a crash does no harm.
 */
export interface BusMessage {
  subject: string;
  /** The publisher's id, the de-duplication key. */
  msgId: string;
  data: Uint8Array;
  /** 1 on first delivery, 2 on the first redelivery, ... */
  deliveryCount: number;
  /** Position of the message in its stream. */
  seq: number;
}

/** Resolving acknowledges the message; rejecting asks for it again after a delay. */
export type BusHandler = (msg: BusMessage) => Promise<void>;

export interface PublishResult {
  seq: number;
  /** True when a message with this msgId was already accepted (inside the de-duplication window). */
  duplicate: boolean;
}

export interface ConsumeOptions {
  /** Deliveries before giving up on a message (default 5). */
  maxDeliver?: number;
  /** Delay before a failed message is delivered again (default 1000 ms). */
  retryDelayMs?: number;
  /** How long a delivery may stay unacknowledged before the server redelivers it (NATS; default 30 s). */
  ackWaitMs?: number;
  /** Called when a message failed maxDeliver times and is dropped; the place to raise an alarm or park it. */
  onGiveUp?: (msg: BusMessage, error: unknown) => void;
}

export interface Subscription {
  /** Stops taking new messages and waits for the one in hand. The durable keeps its place. */
  stop(): Promise<void>;
}

export interface Bus {
  publish(subject: string, msgId: string, data: Uint8Array | string): Promise<PublishResult>;
  /**
   * Consumes `subject` as the durable consumer `durableName`: every message published on the
   * subject (also before the first consume) is handled once per durable name, whichever
   * subscription of that name takes it (competing consumers share the work).
   */
  consume(subject: string, durableName: string, handler: BusHandler, options?: ConsumeOptions): Promise<Subscription>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_DELIVER = 5;
export const DEFAULT_RETRY_DELAY_MS = 1000;
export const DEFAULT_ACK_WAIT_MS = 30_000;

export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}
