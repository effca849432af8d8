import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failClosedPolicy } from '../../src/clearance/fail-closed-policy.js';
import type { AssessmentPolicy } from '../../src/clearance/seam.js';
import { example, harness } from '../helpers.js';

/** An engine that breaks on one consignment: the test double of a bug in a rule or a rate. */
const breaksOnPoison: AssessmentPolicy = {
  name: 'breaks-on-poison',
  assess(facts, context) {
    if (facts.declaration?.items[0]?.description.includes('POISON')) throw new Error('engine failure');
    return failClosedPolicy.assess(facts, context);
  },
};

describe('a message that fails part-way', () => {
  it('is refused alone: its batch-mates are accepted and it leaves nothing behind', async () => {
    const h = await harness({ policy: breaksOnPoison });
    try {
      const messages = [1, 2, 3].map((n) => {
        const m = example('declaration-eu-ioss.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture edits
        m.messageId = `poison-${n}`;
        m.consignment.transportDocument.number = `HAWBPOISON${n}`;
        m.consignment.order.id = `ORD-POISON-${n}`;
        if (n === 2) m.consignment.items[0].description = 'POISON headphones';
        return m;
      });
      const before = h.platform.headSeq;
      const answers = await h.platform.submitMany(messages, { org: 'IM5280000001', role: 'platform', keyId: 't' });
      assert.deepEqual(answers.map((a) => a.status), [202, 500, 202]);
      assert.equal(answers[1].body.code, 'LUX_ERR_INTERNAL');
      assert.equal(await h.platform.find('HAWBPOISON2'), undefined);
      assert.ok(await h.platform.find('HAWBPOISON1'));
      assert.equal(h.platform.headSeq - before, 4, 'two messages and two decisions, nothing of the failed one');
      const retried = await h.platform.submit(messages[0], { org: 'IM5280000001', role: 'platform', keyId: 't' });
      assert.equal(retried.body.duplicate, true);
    } finally {
      await h.close();
    }
  });
});
