import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failClosedPolicy } from '../../src/clearance/fail-closed-policy.js';
import type { Checkpoint } from '../../src/ledger/checkpoint.js';
import { Store } from '../../src/ledger/store.js';
import { verifyLog } from '../../src/ledger/verify-log.js';
import { Platform } from '../../src/platform/platform.js';
import { example, tempDir } from '../helpers.js';

describe('retention of personal data', () => {
  it('erases the personal data of consignments past the data set\'s retention period, and the chain still verifies', async () => {
    const temp = tempDir();
    let now = new Date('2022-03-01T10:00:00Z');
    const store = await Store.open({ data: temp.dir });
    const platform = await Platform.open(store, { policy: failClosedPolicy, clock: () => now });
    try {
      const caller = { org: 'IM5280000001', role: 'platform', keyId: 'k' };
      const old = example('declaration-eu-ioss.json') as { messageId: string; consignment: { transportDocument: { number: string } } };
      old.messageId = 'old-1'; old.consignment.transportDocument.number = 'HAWBOLD1';
      await platform.submit(old, caller);
      now = new Date('2026-11-20T10:00:00Z');
      const recent = example('declaration-eu-ioss.json') as { messageId: string; consignment: { transportDocument: { number: string } } };
      recent.messageId = 'new-1'; recent.consignment.transportDocument.number = 'HAWBNEW1';
      await platform.submit(recent, caller);
      now = new Date('2026-11-25T10:00:00Z');

      assert.equal(await platform.sweepRetention(), 1);
      assert.equal(await platform.sweepRetention(), 0, 'a second sweep finds nothing left to erase');
      const erased = await platform.find('HAWBOLD1');
      assert.equal(erased?.facts.declaration?.buyer?.name, '[personal]');
      const kept = await platform.find('HAWBNEW1');
      assert.equal(kept?.facts.declaration?.buyer?.name, 'Anna de Vries');
      await platform.checkpoint();
      const verified = await verifyLog(store.allEvents(), (await store.checkpoints()) as Checkpoint[]);
      assert.equal(verified.ok, true, JSON.stringify(verified.firstBad));
    } finally {
      await platform.close();
      await store.close();
      temp.cleanup();
    }
  });
});
