/**
 * Splitting (Technical Specifications 2.3; issue 4): a purchase shipped as several consignments to
 * the same buyer from the same seller, each under the EUR 150 relief (Council Regulation (EC)
 * No 1186/2009 art. 23) and together above it. The first part looks ordinary when it is assessed;
 * the split shows only with a later part. The earlier parts still waiting for their goods are then
 * assessed again and held with the same reason; a part already released is not decided again but
 * goes on the post-clearance audit queue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enginePolicy, loadEngines } from '../../src/platform/engines.js';
import { replayConsignment } from '../../src/platform/replay.js';
import { example, harness, type Harness } from '../helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture edits

let n = 0;
/** One part of a purchase: the IOSS example at EUR 99.99 from its seller to this buyer, with its own documents. */
function part(buyerName: string, buyerStreet: string): { message: Json; td: string } {
  n++;
  const m = example('declaration-eu-ioss.json') as Json;
  const td = `HAWBSPLIT${n}`;
  const now = new Date();
  m.messageId = `split-${n}`;
  m.sentAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  m.consignment.expectedArrival = new Date(now.getTime() + 2 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  m.consignment.order.id = `ORD-SPLIT-${n}`;
  m.consignment.order.date = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  m.consignment.transportDocument.number = td;
  m.consignment.buyer.name = buyerName;
  m.consignment.buyer.address.street = buyerStreet;
  m.consignment.items = [{ ...m.consignment.items[0], quantity: 1, unitPrice: '99.99' }];
  m.consignment.invoice.itemsTotal = '99.99';
  m.consignment.payment.amount = '104.99';
  delete m.consignment.vendorCollection.taxCollected;
  return { message: m, td };
}

function arrival(td: string): Json {
  const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { messageId: `arr-${td}`, type: 'arrival', sentAt: at, sender: { role: 'carrier', id: 'BE0123456789' }, jurisdiction: 'EU', arrival: { transportDocuments: [{ type: 'house-waybill', number: td }], arrivedAt: at, location: 'BEBRU' } };
}

describe('a split shipment', () => {
  let h: Harness;
  before(async () => { h = await harness({ policy: enginePolicy(loadEngines({ randomAuditRate: 0 })) }); });
  after(async () => { await h.close(); });

  const view = async (ref: string): Promise<Json> => {
    const answer = await h.request('GET', `/v1/consignments/${ref}`, h.keys['OFFICER-1']);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as Json;
  };
  const codes = (consignment: Json): string[] => (consignment.decisions as Json[]).at(-1)!.reasons.map((r: Json) => r.code);

  it('holds the earlier part, still waiting for its goods, once a later part shows the split', async () => {
    const first = part('Joost Bakker', 'Prinsengracht 12');
    const answer1 = await h.request('POST', '/v1/messages', h.keys.IM5280000001, first.message);
    assert.equal(answer1.status, 202, JSON.stringify(answer1.body));
    const id1 = (answer1.body as Json).consignment as string;
    assert.ok(!codes(await view(id1)).includes('splitting-suspected'), 'alone, the first part is under the threshold');

    const second = part('Joost Bakker', 'Prinsengracht 12');
    const answer2 = await h.request('POST', '/v1/messages', h.keys.IM5280000001, second.message);
    assert.equal(answer2.status, 202, JSON.stringify(answer2.body));
    const laterId = (answer2.body as Json).consignment as string;
    const later = await view(laterId);
    assert.ok(codes(later).includes('splitting-suspected'), JSON.stringify(codes(later)));

    const earlier = await view(id1);
    assert.equal(earlier.decisions.length, 2, 'the first part was assessed again');
    assert.equal(earlier.decisions[1].trigger, 'split-detected');
    const split = (earlier.decisions[1].reasons as Json[]).find((r) => r.code === 'splitting-suspected');
    assert.ok(split, JSON.stringify(codes(earlier)));
    assert.deepEqual(split.measured.others, [laterId], 'the reason names the later part');

    // Its goods arrive: it is not released while what the split decision asks stays open.
    const arrived = await h.request('POST', '/v1/messages', h.keys.BE0123456789, arrival(first.td));
    assert.equal(arrived.status, 202, JSON.stringify(arrived.body));
    const afterArrival = await view(id1);
    assert.equal(afterArrival.released, false, `status ${afterArrival.status}, waiting for ${JSON.stringify(afterArrival.waitingFor)}`);

    // The declarant hears of the earlier part's new decision, though its own message was about the later one.
    const feed = await h.request('GET', '/v1/notifications', h.keys.IM5280000001);
    const items = (feed.body as Json).items as Json[];
    assert.ok(items.some((i) => i.consignment === id1 && i.event === 'decision'), JSON.stringify(items));
  });

  it("leaves an earlier part alone when an officer decided its lane", async () => {
    const first = part('Sanne Mulder', 'Singel 40');
    const answer1 = await h.request('POST', '/v1/messages', h.keys.IM5280000001, first.message);
    const id1 = (answer1.body as Json).consignment as string;
    const action = await h.request('POST', `/v1/consignments/${id1}/actions`, h.keys['OFFICER-1'], { action: 'set-lane', lane: 'red', reason: 'x-ray image does not match the declared headphones' });
    assert.equal(action.status, 200, JSON.stringify(action.body));

    const second = part('Sanne Mulder', 'Singel 40');
    const answer2 = await h.request('POST', '/v1/messages', h.keys.IM5280000001, second.message);
    assert.ok(codes(await view((answer2.body as Json).consignment as string)).includes('splitting-suspected'));
    const earlier = await view(id1);
    assert.equal(earlier.decisions.length, 2, 'no decision after the officer\'s');
    assert.equal(earlier.decisions[1].trigger, 'officer');
    assert.equal(earlier.lane, 'red');
  });

  it('does not decide again an earlier part already released, and puts it on the post-clearance audit queue', async () => {
    const first = part('Femke Visser', 'Herengracht 7');
    const answer1 = await h.request('POST', '/v1/messages', h.keys.IM5280000001, first.message);
    const id1 = (answer1.body as Json).consignment as string;
    await h.request('POST', '/v1/messages', h.keys.BE0123456789, arrival(first.td));
    const released = await view(id1);
    assert.equal(released.released, true, JSON.stringify(released.waitingFor));

    const second = part('Femke Visser', 'Herengracht 7');
    const answer2 = await h.request('POST', '/v1/messages', h.keys.IM5280000001, second.message);
    assert.equal(answer2.status, 202, JSON.stringify(answer2.body));
    assert.ok(codes(await view((answer2.body as Json).consignment as string)).includes('splitting-suspected'));
    const earlier = await view(id1);
    assert.equal(earlier.decisions.length, 1, 'a released part is not decided again');
    assert.equal(earlier.released, true);
    // but it goes on the post-clearance audit queue, naming the part that showed the split
    const laterId = (answer2.body as Json).consignment as string;
    assert.equal(earlier.postClearance.length, 1);
    assert.equal(earlier.postClearance[0].foundBy, laterId);
    assert.match(earlier.postClearance[0].reason, /split shipment/);
    assert.ok((earlier.history as Json[]).some((e) => e.type === 'post-clearance.flagged'));
    const queue = await h.request('GET', '/v1/post-clearance', h.keys['OFFICER-1']);
    assert.equal(queue.status, 200);
    const item = ((queue.body as Json).items as Json[]).find((i) => i.consignment === id1);
    assert.ok(item, JSON.stringify(queue.body));
    assert.equal(item.status, 'open');
    assert.equal(item.transportDocument, first.td);
    // the trade does not read the queue
    assert.equal((await h.request('GET', '/v1/post-clearance', h.keys.IM5280000001)).status, 403);
    // a third part flags it once more, for its own finding; the same finding is not recorded twice
    const third = part('Femke Visser', 'Herengracht 7');
    await h.request('POST', '/v1/messages', h.keys.IM5280000001, third.message);
    const again = await view(id1);
    assert.equal(new Set((again.postClearance as Json[]).map((p) => p.foundBy)).size, again.postClearance.length);
    // and the flag is rebuilt from the log, as everything else
    const row = (await h.store.loadConsignments([id1])).get(id1)!;
    const replayed = replayConsignment(row, await h.store.eventsOf(id1), [], null);
    assert.deepEqual(replayed.postClearance, again.postClearance);

    const sellerKeyOf = async (): Promise<string> => {
      for await (const e of h.store.allEvents()) if (e.consignmentId === id1 && e.type === 'decision') return JSON.parse(e.payload).context.keys.seller as string;
      throw new Error('no decision');
    };
    const findingsBefore = (await h.store.parties([await sellerKeyOf()])).get(await sellerKeyOf())?.findings ?? 0;
    // An officer closes the audit: the split confirmed and the duty recovered.
    const bad = await h.request('POST', `/v1/post-clearance/${id1}`, h.keys['OFFICER-1'], { outcome: 'confirmed', reason: 'one order, three parcels', recovered: { amount: 3.5, currency: 'EUR' } });
    assert.equal(bad.status, 422);
    assert.equal((bad.body as Json).code, 'LUX_ERR_AMOUNT_NOT_STRING');
    assert.equal((bad.body as Json).pointer, '/recovered/amount');
    assert.equal((await h.request('POST', `/v1/post-clearance/${id1}`, h.keys.IM5280000001, { outcome: 'unfounded', reason: 'not ours' })).status, 403, 'the trade does not close audits');
    const closed = await h.request('POST', `/v1/post-clearance/${id1}`, h.keys['OFFICER-1'], { outcome: 'confirmed', reason: 'one order shipped as three parcels', recovered: { amount: '41.99', currency: 'EUR' } });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal((closed.body as Json).closed.outcome, 'confirmed');
    assert.equal((await h.request('POST', `/v1/post-clearance/${id1}`, h.keys['OFFICER-2'], { outcome: 'unfounded', reason: 'again' })).status, 409, 'closed once');
    const queued = (((await h.request('GET', '/v1/post-clearance', h.keys.AUDITOR)).body as Json).items as Json[]).find((i) => i.consignment === id1)!;
    assert.equal(queued.status, 'closed-confirmed');
    assert.deepEqual(queued.closed.recovered, { amount: '41.99', currency: 'EUR' });
    assert.equal((await view(id1)).postClearanceClosed.outcome, 'confirmed');
    // A confirmed finding is a label: the seller's history counts it, so its next parcel is assessed with it.
    const sellerKey = await sellerKeyOf();
    const seller = (await h.store.parties([sellerKey])).get(sellerKey)!;
    assert.equal(seller.findings, findingsBefore + 1, JSON.stringify(seller));
    // and the close is rebuilt from the log
    const row2 = (await h.store.loadConsignments([id1])).get(id1)!;
    assert.equal(replayConsignment(row2, await h.store.eventsOf(id1), [], null).postClearanceClosed?.outcome, 'confirmed');
  });

  it('has no post-clearance audit to close for a consignment that was never flagged', async () => {
    const first = part('Lotte de Graaf', 'Overtoom 3');
    const answer = await h.request('POST', '/v1/messages', h.keys.IM5280000001, first.message);
    const closed = await h.request('POST', `/v1/post-clearance/${(answer.body as Json).consignment}`, h.keys['OFFICER-1'], { outcome: 'unfounded', reason: 'nothing to audit' });
    assert.equal(closed.status, 404);
    assert.equal((closed.body as Json).code, 'LUX_ERR_NOT_FOUND');
  });
});
