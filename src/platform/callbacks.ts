import type { Platform } from './platform.js';

/** Exponential back-off: 1 s, 2 s, 4 s … capped at 10 minutes. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(600_000, 1000 * 2 ** Math.max(0, attempts));
}

/**
 * Delivers outcomes to submitters' callback URLs, retried with back-off. The pull endpoint
 * holds the same notifications, so a submitter that misses callbacks loses nothing.
 */
export function startCallbackDelivery(platform: Platform, options: { intervalMs?: number; timeoutMs?: number } = {}): () => void {
  const interval = options.intervalMs ?? 500;
  const timeout = options.timeoutMs ?? 5000;
  let running = false;
  let stopped = false;
  const tick = async (): Promise<void> => {
    if (running || stopped) return;
    running = true;
    try {
      const now = new Date();
      const due = await platform.store.dueCallbacks(now.toISOString(), 100);
      await Promise.all(due.map(async (n) => {
        try {
          const response = await fetch(n.callbackUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cursor: n.seq, ...JSON.parse(n.body) as object }), signal: AbortSignal.timeout(timeout) });
          if (response.ok) { await platform.store.recordCallback(n.seq!, { delivered: true, at: new Date().toISOString() }); return; }
          throw new Error(`HTTP ${response.status}`);
        } catch (error) {
          const next = new Date(Date.now() + nextAttemptDelayMs(n.attempts)).toISOString();
          await platform.store.recordCallback(n.seq!, { delivered: false, at: new Date().toISOString(), nextAttemptAt: next, error: (error as Error).message });
        }
      }));
    } catch {
      // The store may be closing; the next tick tries again.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => { void tick(); }, interval);
  timer.unref();
  return () => { stopped = true; clearInterval(timer); };
}
