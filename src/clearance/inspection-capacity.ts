/**
 * How many consignments a location can inspect in a day (issue 4: "inspection capacity per
 * location per day is configurable"): a number per location, with exceptions for given days (a
 * holiday, a training day, extra staff for a peak), and the platform's default for a location
 * with no plan. Pure: the shell keeps the plans and asks.
 */
export interface CapacityPlan {
  /** UN/LOCODE of the place of unloading, as the consignment names it. */
  location: string;
  perDay: number;
  /** Exceptions by local date (YYYY-MM-DD). */
  days?: Record<string, number>;
  changedBy?: string;
  changedAt?: string;
}

export interface CapacityProblem { pointer: string; message: string }

const LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX = 1_000_000;

function count(v: unknown): boolean { return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX; }

export function capacityOn(plans: ReadonlyMap<string, CapacityPlan>, fallback: number, location: string, date: string): number {
  const plan = plans.get(location);
  if (!plan) return fallback;
  return plan.days?.[date] ?? plan.perDay;
}

export function validateCapacityPlan(location: string, input: unknown): { ok: true; plan: CapacityPlan } | { ok: false; problems: CapacityProblem[] } {
  const problems: CapacityProblem[] = [];
  if (!LOCODE.test(location)) problems.push({ pointer: '/location', message: 'the location must be a UN/LOCODE such as BEBRU' });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [...problems, { pointer: '', message: 'the body must be a JSON object { perDay, days? }' }] };
  const o = input as Record<string, unknown>;
  if (!count(o.perDay)) problems.push({ pointer: '/perDay', message: `perDay must be a whole number from 0 to ${MAX}` });
  if (o.days !== undefined) {
    if (typeof o.days !== 'object' || o.days === null || Array.isArray(o.days)) problems.push({ pointer: '/days', message: 'days must map dates (YYYY-MM-DD) to whole numbers' });
    else {
      for (const [day, n] of Object.entries(o.days)) {
        if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) problems.push({ pointer: `/days/${day}`, message: 'a day is a calendar date YYYY-MM-DD' });
        else if (!count(n)) problems.push({ pointer: `/days/${day}`, message: `the capacity of a day must be a whole number from 0 to ${MAX}` });
      }
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, plan: { location, perDay: o.perDay as number, ...(o.days ? { days: o.days as Record<string, number> } : {}) } };
}
