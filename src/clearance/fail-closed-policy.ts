import type { AssessmentPolicy } from './seam.js';

/**
 * The policy in force until risk and revenue engines are configured: nothing is assessed
 * automatically, so every declared consignment waits for an officer, and the answer says so.
 */
export const failClosedPolicy: AssessmentPolicy = {
  name: 'fail-closed',
  assess: () => ({
    policy: 'fail-closed',
    pending: { code: 'LUX_POLICY_NO_ENGINE', source: 'policy', message: 'no risk and revenue engine is configured: the consignment waits for a customs officer' },
  }),
};
