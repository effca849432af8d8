/**
 * Party keys in the log are pseudonyms keyed with the platform's secret: the decision contexts
 * hashed into the log carry them, and an unkeyed hash of a buyer's name and address would let
 * anyone holding the log find the buyer with a list of names, even after erasure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Store } from '../../src/ledger/store.js';
import { Platform } from '../../src/platform/platform.js';
import { decodeDecisionPayload } from '../../src/platform/decision-record.js';
import { enginePolicy, loadEngines } from '../../src/platform/engines.js';
import { addressKey, partyKey } from '../../src/risk/index.js';
import type { DeclarationMessage } from '../../src/domain/message.js';
import { example, tempDir } from '../helpers.js';

const caller = { org: 'IM5280000001', role: 'platform', keyId: 't' };
const policy = enginePolicy(loadEngines());

function declaration(n: number): DeclarationMessage {
  const m = example('declaration-eu-ioss.json') as unknown as DeclarationMessage;
  m.messageId = `keys-${n}`;
  m.consignment.transportDocument.number = `HAWBKEYS${n}`;
  m.consignment.order!.id = `ORD-KEYS-${n}`;
  return m;
}

async function decisionsIn(store: Store): Promise<ReturnType<typeof decodeDecisionPayload>[]> {
  const out = [];
  for await (const e of store.allEvents()) if (e.type === 'decision') out.push(decodeDecisionPayload(e.payload));
  return out;
}

describe('party keys', () => {
  it('are keyed with the platform secret: the unkeyed pseudonym of the buyer is nowhere in the log, and the keys hold across a restart', async () => {
    const temp = tempDir();
    try {
      const buyer = declaration(0).consignment.buyer!;
      const unkeyedName = partyKey(buyer)!;
      const unkeyedAddress = addressKey(buyer.address)!;
      assert.match(unkeyedName, /^name:/);

      let store = await Store.open({ data: temp.dir });
      let platform = await Platform.open(store, { policy });
      assert.equal((await platform.submit(declaration(0), caller)).status, 202);
      const first = (await decisionsIn(store))[0];
      const keyed = first.context.keys!;
      assert.match(keyed.buyer!, /^name:/);
      assert.notEqual(keyed.buyer, unkeyedName);
      assert.match(keyed.address!, /^addr:/);
      assert.notEqual(keyed.address, unkeyedAddress);
      let log = '';
      for await (const e of store.allEvents()) log += e.payload;
      assert.ok(!log.includes(unkeyedName.slice(5)) && !log.includes(unkeyedAddress.slice(5)), 'no unkeyed pseudonym in the log');
      await platform.close();
      await store.close();

      // After a restart the same secret gives the same keys: the buyer's second parcel sees the first.
      store = await Store.open({ data: temp.dir });
      platform = await Platform.open(store, { policy });
      assert.equal((await platform.submit(declaration(1), caller)).status, 202);
      const second = (await decisionsIn(store))[1];
      assert.equal(second.context.keys!.buyer, keyed.buyer);
      assert.equal(second.context.recent.length, 1, "the buyer's earlier parcel is found by its keyed key");
      assert.equal(second.context.recent[0].buyerKey, keyed.buyer);
      await platform.close();
      await store.close();
    } finally {
      temp.cleanup();
    }
  });

  it('differ between two platforms (two secrets) for the same buyer', async () => {
    const keysOf = async () => {
      const temp = tempDir();
      const store = await Store.open({ data: temp.dir });
      const platform = await Platform.open(store, { policy });
      try {
        await platform.submit(declaration(0), caller);
        return (await decisionsIn(store))[0].context.keys!;
      } finally {
        await platform.close();
        await store.close();
        temp.cleanup();
      }
    };
    const [a, b] = [await keysOf(), await keysOf()];
    assert.notEqual(a.buyer, b.buyer);
    assert.notEqual(a.address, b.address);
  });
});
