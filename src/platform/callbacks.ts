import { DEFAULT_BACKOFF, type BackoffPolicy } from '../notify/backoff.js';
import { CallbackDispatcher, type DeliveryOutcome, type DueDelivery } from '../notify/callback-dispatcher.js';
import type { Platform } from './platform.js';

/**
 * Delivers outcomes to submitters' callback URLs from the notifications table, retried with
 * back-off. The pull endpoint holds the same notifications, so a submitter that misses
 * callbacks loses nothing.
 */
export function startCallbackDelivery(platform: Platform, options: { intervalMs?: number; policy?: BackoffPolicy } = {}): () => void {
  const store = platform.store;
  const leased = new Set<string>();
  const dispatcher = new CallbackDispatcher({
    policy: options.policy ?? DEFAULT_BACKOFF,
    source: {
      async due(now: Date, limit: number): Promise<DueDelivery[]> {
        const rows = await store.dueCallbacks(now.toISOString(), limit + leased.size);
        const out: DueDelivery[] = [];
        for (const row of rows) {
          const id = String(row.seq);
          if (leased.has(id) || out.length >= limit) continue;
          leased.add(id);
          out.push({ id, url: row.callbackUrl!, body: JSON.stringify({ cursor: row.seq, ...JSON.parse(row.body) as object }), attempts: row.attempts });
        }
        return out;
      },
    },
    sink: {
      async record(outcome: DeliveryOutcome): Promise<void> {
        const seq = Number(outcome.id);
        try {
          if (outcome.kind === 'delivered') await store.recordCallback(seq, { delivered: true, at: outcome.at.toISOString() });
          else await store.recordCallback(seq, { delivered: false, at: outcome.at.toISOString(), nextAttemptAt: outcome.kind === 'retry' ? outcome.nextAttemptAt.toISOString() : '9999-12-31T00:00:00Z', error: outcome.result.error ?? `HTTP ${outcome.result.status}` });
        } finally {
          leased.delete(outcome.id);
        }
      },
    },
  });
  dispatcher.start(options.intervalMs ?? 500, () => undefined);
  return () => dispatcher.stop();
}
