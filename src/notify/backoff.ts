/**
 * When to try a failed callback again: exponential back-off with a cap and "equal jitter"
 * (half the delay fixed, half random), so that many deliveries failing together (an
 * endpoint down for everyone) do not come back in lock-step. The random source is passed in
 * and seedable, so schedules are reproducible in tests and replays.
 */
export interface BackoffPolicy {
  /** Delay before the second attempt, before jitter (default 5 s). */
  baseMs: number;
  /** Longest delay (default 1 h). */
  capMs: number;
  /** Attempts in all, the first included, before giving up (default 12: about a day with the defaults). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 3_600_000, maxAttempts: 12 };

/** A random source in [0, 1). */
export type RandomSource = () => number;

/** mulberry32: a small, fast, seedable generator; good enough for jitter, not for secrets. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Delay after `attempts` failed attempts (1 = the first try failed), before jitter. */
export function backoffCeilingMs(attempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  // Past 2^30 the cap has long been reached; keep the exponent bounded so it stays finite.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempts - 1, 30));
}

/**
 * The time of the next attempt after `attempts` failed ones, counted from `from`, or null
 * when the policy's attempts are used up.
 */
export function nextAttemptAt(
  attempts: number,
  from: Date,
  random: RandomSource,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): Date | null {
  if (attempts >= policy.maxAttempts) return null;
  const ceiling = backoffCeilingMs(attempts, policy);
  const delay = Math.floor(ceiling / 2 + random() * (ceiling / 2));
  return new Date(from.getTime() + delay);
}
