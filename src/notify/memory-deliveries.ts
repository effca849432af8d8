/**
 * Deliveries kept in memory, source and sink at once: for a single process without a store
 * table, and for tests. A delivery handed out is leased until its outcome is recorded.
 */
import type { DeliveryOutcome, DeliverySink, DeliverySource, DueDelivery } from './callback-dispatcher.js';

export interface DeliveryState extends DueDelivery {
  status: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: Date;
  leased: boolean;
  history: DeliveryOutcome[];
}

export class MemoryDeliveries implements DeliverySource, DeliverySink {
  readonly all = new Map<string, DeliveryState>();

  enqueue(delivery: Omit<DueDelivery, 'attempts'>, at: Date): void {
    if (this.all.has(delivery.id)) return;
    this.all.set(delivery.id, { ...delivery, attempts: 0, status: 'pending', nextAttemptAt: at, leased: false, history: [] });
  }

  async due(now: Date, limit: number): Promise<DueDelivery[]> {
    const out: DueDelivery[] = [];
    for (const d of this.all.values()) {
      if (out.length >= limit) break;
      if (d.status !== 'pending' || d.leased || d.nextAttemptAt > now) continue;
      d.leased = true;
      out.push({ id: d.id, url: d.url, body: d.body, attempts: d.attempts, headers: d.headers });
    }
    return out;
  }

  async record(outcome: DeliveryOutcome): Promise<void> {
    const d = this.all.get(outcome.id);
    if (!d) throw new Error(`unknown delivery ${outcome.id}`);
    d.leased = false;
    d.attempts = outcome.attempts;
    d.history.push(outcome);
    if (outcome.kind === 'delivered') d.status = 'delivered';
    else if (outcome.kind === 'failed') d.status = 'failed';
    else d.nextAttemptAt = outcome.nextAttemptAt;
  }

  /** The earliest time something is due, or null when nothing is pending. */
  nextDue(): Date | null {
    let earliest: Date | null = null;
    for (const d of this.all.values()) {
      if (d.status === 'pending' && !d.leased && (earliest === null || d.nextAttemptAt < earliest)) earliest = d.nextAttemptAt;
    }
    return earliest;
  }
}
