/**
 * Inspection capacity: the red-lane threshold rises with the day's load so that the
 * inspections left go to the highest scores. From the scores seen so far today the shell
 * keeps a histogram (pure `recordScore`); the expected number of red candidates in the rest of
 * the day must fit the inspections left. What would be red beyond capacity is deferred to
 * post-clearance audit, never silently released.
 */

/** Scores seen today at one location: counts per integer score, capped at `buckets.length - 1`. */
export interface ScoreHistogram { location: string; date: string; total: number; buckets: number[] }

export const HISTOGRAM_BUCKETS = 201;

export function emptyHistogram(location: string, date: string): ScoreHistogram {
  return { location, date, total: 0, buckets: new Array<number>(HISTOGRAM_BUCKETS).fill(0) };
}

export function recordScore(h: ScoreHistogram, score: number): ScoreHistogram {
  const buckets = h.buckets.slice();
  const i = Math.max(0, Math.min(buckets.length - 1, Math.floor(score)));
  buckets[i]++;
  return { ...h, total: h.total + 1, buckets };
}

export interface CapacityInput {
  base: number;
  capacity: number;
  used: number;
  /** Fraction of the day elapsed, in (0, 1]. */
  dayFraction: number;
  seen?: ScoreHistogram;
}

export interface RedThreshold {
  threshold: number;
  /** Inspections left today. */
  remaining: number;
  /** Expected red candidates in the rest of the day at this threshold. */
  expected: number;
}

/**
 * The lowest threshold ≥ base at which the projected red candidates of the rest of the day fit
 * the inspections left. With no capacity left it is Infinity (every would-be red is deferred);
 * with too little history it stays at the base.
 */
export function adaptiveRedThreshold(input: CapacityInput): RedThreshold {
  const remaining = Math.max(0, input.capacity - input.used);
  if (remaining === 0) return { threshold: Infinity, remaining, expected: 0 };
  const h = input.seen;
  if (!h || h.total < 50) return { threshold: input.base, remaining, expected: NaN };
  const f = Math.min(1, Math.max(input.dayFraction, 1 / 96));
  const rest = (h.total / f) * (1 - f);
  // counts at or above each score, from the top
  let above = 0;
  let threshold = h.buckets.length;
  for (let s = h.buckets.length - 1; s >= 0; s--) {
    const next = above + h.buckets[s];
    if (s < input.base || (rest * next) / h.total > remaining) break;
    above = next;
    threshold = s;
  }
  if (above === 0) {
    // Even the top score alone is projected beyond capacity: the inspections left go to the top score seen.
    for (let s = h.buckets.length - 1; s >= input.base; s--) if (h.buckets[s] > 0) return { threshold: s, remaining, expected: (rest * h.buckets[s]) / h.total };
    return { threshold: input.base, remaining, expected: 0 };
  }
  return { threshold: Math.max(input.base, threshold), remaining, expected: (rest * above) / h.total };
}
