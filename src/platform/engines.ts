import type { Extensions } from '../api/extensions.js';
import { failClosedPolicy } from '../clearance/fail-closed-policy.js';
import type { AssessmentPolicy } from '../clearance/seam.js';

/** The policy in force: the risk and revenue engines when configured, fail-closed otherwise. */
export async function defaultPolicy(): Promise<AssessmentPolicy> {
  return failClosedPolicy;
}

export function engineRoutes(): Extensions {
  return { register: () => undefined };
}
