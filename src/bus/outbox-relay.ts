/**
 * Transactional outbox relay: the pipeline writes a message to publish in the same database
 * transaction as the events it follows from; this relay reads what is pending, publishes it
 * and marks it sent. A crash between publishing and marking only causes a re-publish with the
 * same msgId, which the bus drops as a duplicate: exactly-once in effect.
 */
import type { Bus } from './bus.js';

export interface OutboxRow {
  id: number | string;
  subject: string;
  msgId: string;
  data: Uint8Array | string;
}

export interface OutboxReader {
  /** Oldest unsent rows first, at most `limit`. */
  pending(limit: number): Promise<OutboxRow[]>;
  markSent(ids: (number | string)[]): Promise<void>;
}

export interface RelayOptions {
  /** Rows per batch (default 500). */
  batchSize?: number;
  /** Pause when nothing is pending (default 50 ms). */
  idleMs?: number;
  /** Pause after a failure (default 1000 ms). */
  errorBackoffMs?: number;
  /** Told about each failure; the relay keeps running. */
  onError?: (error: unknown) => void;
}

export interface RelayResult { sent: number; failed: number }

/**
 * Publishes one batch. Publishes are started together (on one connection they stay in order)
 * and awaited together; rows whose publish succeeded are marked sent even when others failed.
 */
export async function relayOnce(reader: OutboxReader, bus: Bus, batchSize = 500): Promise<RelayResult> {
  const rows = await reader.pending(batchSize);
  if (rows.length === 0) return { sent: 0, failed: 0 };
  const results = await Promise.allSettled(rows.map((row) => bus.publish(row.subject, row.msgId, row.data)));
  const sent: (number | string)[] = [];
  let firstError: unknown;
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') sent.push(rows[i].id);
    else if (firstError === undefined) firstError = result.reason;
  });
  if (sent.length > 0) await reader.markSent(sent);
  const failed = rows.length - sent.length;
  if (failed > 0) throw new OutboxRelayError(`${failed} of ${rows.length} outbox rows not published`, { sent: sent.length, failed }, firstError);
  return { sent: sent.length, failed };
}

export class OutboxRelayError extends Error {
  constructor(message: string, readonly result: RelayResult, override readonly cause: unknown) {
    super(message);
    this.name = 'OutboxRelayError';
  }
}

/** Runs relayOnce in a loop until stopped; drains full batches back to back. */
export class OutboxRelay {
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private total = 0;

  constructor(private readonly reader: OutboxReader, private readonly bus: Bus, private readonly options: RelayOptions = {}) {}

  get sent(): number {
    return this.total;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Cuts the idle pause short, e.g. right after a commit that wrote to the outbox. */
  poke(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (!this.stopping) {
      let pause = 0;
      try {
        const { sent } = await relayOnce(this.reader, this.bus, batchSize);
        this.total += sent;
        if (sent < batchSize) pause = this.options.idleMs ?? 50;
      } catch (error) {
        if (error instanceof OutboxRelayError) this.total += error.result.sent;
        this.options.onError?.(error);
        pause = this.options.errorBackoffMs ?? 1000;
      }
      if (pause > 0 && !this.stopping) await this.sleep(pause);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
