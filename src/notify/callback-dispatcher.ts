/**
 * Delivers outcomes to submitters' registered callback URLs, with retries and back-off. The
 * dispatcher owns no state: deliveries come from a source (the store's table of pending
 * notifications) and every attempt's result goes to a sink that records it, so a restart
 * loses nothing and the pull endpoint (GET /v1/notifications) stays the fallback.
 */
import { DEFAULT_BACKOFF, nextAttemptAt, seededRandom, type BackoffPolicy, type RandomSource } from './backoff.js';
import { postCallback, type CallbackResult } from './post-callback.js';

export interface DueDelivery {
  id: string;
  url: string;
  /** JSON body to POST. */
  body: string;
  /** Attempts already made (0 for a fresh delivery). */
  attempts: number;
  headers?: Record<string, string>;
}

export interface DeliverySource {
  /** Deliveries whose next attempt is due at `now`, at most `limit`, and not handed out again until recorded. */
  due(now: Date, limit: number): Promise<DueDelivery[]>;
}

export type DeliveryOutcome =
  | { kind: 'delivered'; id: string; attempts: number; at: Date; result: CallbackResult }
  | { kind: 'retry'; id: string; attempts: number; at: Date; nextAttemptAt: Date; result: CallbackResult }
  | { kind: 'failed'; id: string; attempts: number; at: Date; result: CallbackResult };

export interface DeliverySink {
  record(outcome: DeliveryOutcome): Promise<void>;
}

export interface DispatcherOptions {
  source: DeliverySource;
  sink: DeliverySink;
  /** Per request (default 5000 ms). */
  timeoutMs?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Deliveries taken per round (default 100). */
  batchSize?: number;
  policy?: BackoffPolicy;
  /** Jitter source (default seeded from the clock at construction). */
  random?: RandomSource;
  /** Clock (tests pass their own). */
  now?: () => Date;
  /** The HTTP call (tests may wrap it). */
  post?: typeof postCallback;
}

export class CallbackDispatcher {
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly policy: BackoffPolicy;
  private readonly random: RandomSource;
  private readonly now: () => Date;
  private readonly post: typeof postCallback;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: DispatcherOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.concurrency = options.concurrency ?? 8;
    this.batchSize = options.batchSize ?? 100;
    this.policy = options.policy ?? DEFAULT_BACKOFF;
    this.random = options.random ?? seededRandom(Date.now());
    this.now = options.now ?? (() => new Date());
    this.post = options.post ?? postCallback;
  }

  /** One round: attempts every due delivery once; returns the outcomes recorded. */
  async runOnce(): Promise<DeliveryOutcome[]> {
    const due = await this.options.source.due(this.now(), this.batchSize);
    const outcomes: DeliveryOutcome[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < due.length) {
        const delivery = due[next++];
        const outcome = await this.attempt(delivery);
        await this.options.sink.record(outcome);
        outcomes.push(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, due.length) }, worker));
    return outcomes;
  }

  private async attempt(delivery: DueDelivery): Promise<DeliveryOutcome> {
    const attempts = delivery.attempts + 1;
    const result = await this.post(delivery.url, delivery.body, this.timeoutMs, {
      // Lets the receiver drop a delivery it already has (a retry after a lost answer).
      'idempotency-key': delivery.id,
      'x-luxor-attempt': String(attempts),
      ...delivery.headers,
    });
    const at = this.now();
    if (result.ok) return { kind: 'delivered', id: delivery.id, attempts, at, result };
    const when = result.retryable ? nextAttemptAt(attempts, at, this.random, this.policy) : null;
    if (when === null) return { kind: 'failed', id: delivery.id, attempts, at, result };
    return { kind: 'retry', id: delivery.id, attempts, at, nextAttemptAt: when, result };
  }

  /** Polls every `intervalMs` until stopped. */
  start(intervalMs = 500, onError?: (error: unknown) => void): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        let outcomes: DeliveryOutcome[] = [];
        try {
          outcomes = await this.runOnce();
        } catch (error) {
          onError?.(error);
        }
        // A full batch means more are probably due: go again at once.
        if (outcomes.length < this.batchSize && !this.stopping) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, intervalMs);
            function done(): void {
              clearTimeout(timer);
              resolve();
            }
            this.wakeUp = done;
          });
        }
      }
    })();
  }

  /** Cuts the wait short, e.g. when a new outcome was just queued. */
  poke(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    this.loop = undefined;
  }
}
