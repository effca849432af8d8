/**
 * Data quality: "a score per message and a running score per submitter, returned to the
 * submitter" (issue 4). The running score moves with each message that states goods, is read by
 * the submitter itself and by officials, not by another trader, and survives a restart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enginePolicy, loadEngines } from '../../src/platform/engines.js';
import { Platform } from '../../src/platform/platform.js';
import { example, harness } from '../helpers.js';

let n = 0;
function declaration(description: string): Record<string, unknown> {
  n++;
  const m = example('declaration-eu-ioss.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture edits
  m.messageId = `dq-${n}`;
  m.consignment.transportDocument.number = `HAWBDQ${n}`;
  m.consignment.order.id = `ORD-DQ-${n}`;
  m.consignment.items[0].description = description;
  return m;
}

describe("a submitter's running data-quality score", () => {
  it('falls with vague descriptions, is told to the submitter and to officials only, and is kept across a restart', async () => {
    const policy = enginePolicy(loadEngines());
    const h = await harness({ policy });
    try {
      assert.deepEqual((await h.request('GET', '/v1/quality', h.keys.IM5280000001)).body, { submitter: 'IM5280000001', messages: 0 });
      const good = await h.request('POST', '/v1/messages', h.keys.IM5280000001, declaration('Wireless in-ear headphones, Bluetooth 5.3, with charging case'));
      assert.equal(good.status, 202);
      const first = (await h.request('GET', '/v1/quality', h.keys.IM5280000001)).body;
      assert.equal(first.messages, 1);
      for (let i = 0; i < 3; i++) assert.equal((await h.request('POST', '/v1/messages', h.keys.IM5280000001, declaration('gift'))).status, 202);
      const last = await h.request('POST', '/v1/messages', h.keys.IM5280000001, declaration('parts'));
      const told = last.body.quality as { messages: number; mean: number; ewma: number };
      const after = (await h.request('GET', '/v1/quality', h.keys.IM5280000001)).body;
      assert.deepEqual(told, { messages: after.messages, mean: Math.round(after.mean * 10) / 10, ewma: Math.round(after.ewma * 10) / 10 }, 'each answer carries the running score');
      assert.equal(after.messages, 5);
      assert.ok(after.ewma < first.ewma && after.mean < first.mean, `vague descriptions lower the score: ${JSON.stringify([first, after])}`);

      assert.equal((await h.request('GET', '/v1/quality?submitter=IM5280000001', h.keys.BE0123456789)).status, 403, "another trader's score is not its business");
      const official = await h.request('GET', '/v1/quality', h.keys['OFFICER-1']);
      assert.ok(official.body.items.some((q: { submitter: string }) => q.submitter === 'IM5280000001'));

      await h.platform.close();
      const reopened = await Platform.open(h.store, { policy, relearnEvents: 0 });
      const kept = reopened.qualityOf('IM5280000001');
      assert.deepEqual([kept?.messages, kept?.mean, kept?.ewma], [after.messages, after.mean, after.ewma]);
      await reopened.close();
    } finally {
      await h.close();
    }
  });
});
