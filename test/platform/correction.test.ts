/**
 * Where the declared HS code is shorter than the level at which the tariff sets different rates, the
 * answer is a request naming the candidate subheadings, not a guess (issue 3). What is asked is the
 * data the duty is computed from: a document or a free-text answer does not close it, a corrected
 * declaration does. Source of the lines: Combined Nomenclature 4202 92 11 (9.7 %) and 4202 92 91
 * (2.7 %), reference/revenue/eu.json.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enginePolicy, loadEngines } from '../../src/platform/engines.js';
import { example, harness, type Harness } from '../helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture edits

function rucksack(): Json {
  const m = example('declaration-eu-over-150.json') as Json;
  const now = new Date();
  m.messageId = 'corr-1';
  m.sentAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  m.consignment.expectedArrival = new Date(now.getTime() + 2 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  m.consignment.order.date = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  m.consignment.transportDocument.number = 'HAWBCORR1';
  m.consignment.invoice = { currency: 'EUR', itemsTotal: '310.00', transportCost: '20.00', insuranceCost: '0.00' };
  m.consignment.payment = { ...m.consignment.payment, amount: '330.00', currency: 'EUR' };
  m.consignment.items = [{ line: 1, description: 'Hiking rucksack, 40 litres, outer surface of polyester fabric', hsCode: '420292', quantity: 2, unit: 'PCE', netMassKg: 1.6, unitPrice: '155.00', origin: 'VN' }];
  return m;
}

describe('a declaration whose HS code is too short for the tariff', () => {
  let h: Harness;
  before(async () => { h = await harness({ policy: enginePolicy(loadEngines({ randomAuditRate: 0 })) }); });
  after(async () => { await h.close(); });

  const waiting = async (): Promise<Json[]> => ((await h.request('GET', '/v1/consignments/HAWBCORR1', h.keys['OFFICER-1'])).body as Json).waitingFor as Json[];

  it('asks for the national line, is not closed by a document, and is closed by the corrected declaration', async () => {
    const declared = await h.request('POST', '/v1/messages', h.keys.DE9876543210, rucksack());
    assert.equal(declared.status, 202, JSON.stringify(declared.body));
    const correction = (await waiting()).find((g) => g.type === 'correction');
    assert.ok(correction, JSON.stringify(await waiting()));
    assert.match(correction.reason, /42029211/);
    assert.match(correction.reason, /42029291/);

    const info = { messageId: 'corr-info-1', type: 'information', sentAt: rucksack().sentAt, sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU',
      information: { transportDocument: { type: 'house-waybill', number: 'HAWBCORR1' }, answers: 'the rucksack is polyester fabric', documents: [{ type: 'invoice', reference: 'INV-CORR-1' }] } };
    assert.equal((await h.request('POST', '/v1/messages', h.keys.DE9876543210, info)).status, 202);
    assert.ok((await waiting()).some((g) => g.type === 'correction'), 'a document does not say which line the duty is computed on');

    const corrected = rucksack().consignment.items.map((i: Json) => ({ ...i, hsCode: '42029291' }));
    const amendment = { messageId: 'corr-amd-1', type: 'amendment', sentAt: rucksack().sentAt, sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU',
      amendment: { transportDocument: { type: 'house-waybill', number: 'HAWBCORR1' }, reason: 'national tariff line', consignment: { items: corrected } } };
    const amended = await h.request('POST', '/v1/messages', h.keys.DE9876543210, amendment);
    assert.equal(amended.status, 202, JSON.stringify(amended.body));
    assert.ok(!(await waiting()).some((g) => g.type === 'correction'), JSON.stringify(await waiting()));
    const duty = (amended.body.revenue.liabilities as Json[]).find((l) => l.type === 'duty');
    assert.equal(duty?.rate, '2.7%', JSON.stringify(amended.body.revenue));
  });
});
