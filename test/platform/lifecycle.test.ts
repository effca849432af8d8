/**
 * The lifecycle through the real server, with a scripted policy standing in for the engines:
 * the lane comes from a word in the first item's description, so each path can be driven.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AssessmentPolicy, Lane, RevenueVerdict } from '../../src/clearance/seam.js';
import { Decimal } from '../../src/domain/decimal.js';
import { decodeDecisionPayload } from '../../src/platform/decision-record.js';
import { example, harness, type Harness } from '../helpers.js';

const scripted: AssessmentPolicy = {
  name: 'scripted-test-policy',
  refund(_facts, _context, returned) {
    // 12.50 per pair returned: the test double of the revenue engine's line-by-line refund.
    const pairs = returned.reduce((sum, r) => sum + r.quantity, 0);
    const total = Decimal.parse('12.50').mul(Decimal.of(pairs)).toString();
    return { refundable: true, currency: 'EUR', total, liabilities: [{ type: 'vat', base: '0', rate: '0', amount: total, currency: 'EUR', source: 'test', collectedBy: 'intermediary' }] };
  },
  assess(facts, context) {
    const text = facts.declaration?.items[0]?.description ?? '';
    const lane = (['red', 'yellow', 'agency'].find((l) => text.includes(`[${l}]`)) ?? 'green') as Lane;
    const consumer = text.includes('[consumer]');
    const due = text.includes('[big]') ? '900.00' : '12.50';
    const revenue: RevenueVerdict = {
      referenceDate: facts.declaredAt?.slice(0, 10) ?? '2026-11-20', currency: 'EUR', customsValue: '44.99',
      liabilities: [{ type: 'vat', base: '44.99', rate: '0.21', amount: due, currency: 'EUR', source: 'test', collectedBy: consumer ? 'consumer' : 'intermediary' }],
      due, collectionModel: consumer ? 'consumer' : 'intermediary', category: 3, holds: [], requestsForInformation: [], reasons: [],
    };
    if (context.account && Number(context.account.guarantee) - Number(context.account.used) < Number(due)) { // test double: plain numbers are fine here
      revenue.holds.push({ code: 'LUX_REV_OVER_GUARANTEE', source: 'revenue', message: 'liability exceeds the guarantee headroom' });
    }
    return {
      policy: 'scripted-test-policy',
      risk: { score: lane === 'green' ? 0 : 80, minLane: lane, referrals: lane === 'agency' ? [{ agency: 'AGENCY-HEALTH', reason: 'medicines' }] : [], requestsForInformation: [], reasons: [{ code: `TEST_${lane.toUpperCase()}`, source: 'rule', message: `scripted ${lane}` }] },
      revenue,
    };
  },
};

let n = 0;
function declaration(word: string, patch: (c: Record<string, any>) => void = () => undefined): { message: Record<string, unknown>; td: string } { // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture edits
  n++;
  const m = example('declaration-eu-over-150.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture edits
  const td = `HAWBLIFE${n}`;
  m.messageId = `life-${n}`;
  m.consignment.transportDocument.number = td;
  m.consignment.order.id = `ORD-LIFE-${n}`;
  m.consignment.items[0].description = `Men's running shoes ${word}`;
  patch(m.consignment);
  return { message: m, td };
}

function arrival(td: string): Record<string, unknown> {
  return { messageId: `arr-${td}`, type: 'arrival', sentAt: '2026-11-21T05:00:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU', arrival: { transportDocuments: [{ type: 'house-waybill', number: td }], arrivedAt: '2026-11-21T04:55:00Z', location: 'DELEJ' } };
}

describe('the clearance lifecycle', () => {
  let h: Harness;
  const carrier = () => h.keys.DE9876543210;
  before(async () => { h = await harness({ policy: scripted }); });
  /** How many scores of the day the consignment's `nth` decision saw (its recorded context). */
  const seenTotalOf = async (consignmentId: string, nth: number): Promise<number> => {
    const decisions = (await h.platform.store.eventsOf(consignmentId)).filter((e) => e.type === 'decision');
    return (decodeDecisionPayload(decisions[nth - 1].payload).context.scoresSeen as { total: number } | undefined)?.total ?? 0;
  };
  after(async () => { await h.close(); });

  it('assesses a green consignment before arrival and releases it on arrival', async () => {
    const { message, td } = declaration('[green]');
    const declared = await h.request('POST', '/v1/messages', carrier(), message);
    assert.equal(declared.body.status, 'assessed');
    assert.equal(declared.body.lane, 'green');
    assert.equal(declared.body.revenue.due, '12.50');
    const arrived = await h.request('POST', '/v1/messages', carrier(), arrival(td));
    assert.equal(arrived.body.status, 'released');
    // The carrier has the release in its answer: notifications carry only what it did not see.
    const notes = await h.request('GET', '/v1/notifications?after=0', carrier());
    assert.ok(!notes.body.items.some((x: { event: string; transportDocument: string }) => x.event === 'released' && x.transportDocument === td));
  });

  it('releases every consignment an arrival names (one arrival for the houses of a master air waybill)', async () => {
    const a = declaration('[green]');
    const b = declaration('[green]');
    const c = declaration('[red]');
    for (const d of [a, b, c]) assert.equal((await h.request('POST', '/v1/messages', carrier(), d.message)).status, 202);
    const arrival3 = { ...arrival(a.td), messageId: `arr-master-${a.td}`, arrival: { ...(arrival(a.td).arrival as object), transportDocuments: [a, b, c].map((d) => ({ type: 'house-waybill', number: d.td })), masterDocument: { type: 'air-waybill', number: '176-12345675' } } };
    const arrived = await h.request('POST', '/v1/messages', carrier(), arrival3);
    assert.equal(arrived.status, 202, JSON.stringify(arrived.body));
    const status = async (td: string) => (await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1'])).body as { status: string; facts: { arrival?: { location: string } } };
    assert.equal((await status(a.td)).status, 'released');
    assert.equal((await status(b.td)).status, 'released', 'the second house of the arrival was released too');
    assert.equal((await status(c.td)).status, 'inspection', 'a red house arrives and waits for its inspection');
    assert.equal((await status(c.td)).facts.arrival?.location, 'DELEJ');
    assert.deepEqual((arrived.body.arrivals as { transportDocument: string; status: string }[]).map((x) => [x.transportDocument, x.status]), [[a.td, 'released'], [b.td, 'released'], [c.td, 'inspection']]);
  });

  it('gives each undeclared house of an arrival its own consignment, so their declarations are never merged', async () => {
    const a = declaration('[green]');
    const b = declaration('[green]');
    const arrivalFirst = { ...arrival(a.td), messageId: `arr-first-${a.td}`, arrival: { ...(arrival(a.td).arrival as object), transportDocuments: [a, b].map((d) => ({ type: 'house-waybill', number: d.td })) } };
    const arrived = await h.request('POST', '/v1/messages', carrier(), arrivalFirst);
    assert.equal(arrived.status, 202, JSON.stringify(arrived.body));
    const houses = arrived.body.arrivals as { consignment: string; status: string }[];
    assert.notEqual(houses[0].consignment, houses[1].consignment);
    const declaredA = await h.request('POST', '/v1/messages', carrier(), a.message);
    const declaredB = await h.request('POST', '/v1/messages', carrier(), b.message);
    assert.equal(declaredA.body.consignment, houses[0].consignment);
    assert.equal(declaredB.body.consignment, houses[1].consignment);
    assert.equal(declaredA.body.status, 'released', 'declared after it arrived, with nothing open: released at once');
    assert.equal(declaredB.body.status, 'released');
  });

  it('sends a red consignment to inspection, and an inspection result releases it and is kept as a label', async () => {
    const { message, td } = declaration('[red]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), message)).body.status, 'inspection');
    await h.request('POST', '/v1/messages', carrier(), arrival(td));
    const result = { messageId: `insp-${td}`, type: 'inspection-result', sentAt: '2026-11-21T09:00:00Z', sender: { role: 'customs-officer', id: 'OFFICER-1' }, jurisdiction: 'EU',
      inspection: { transportDocument: { type: 'house-waybill', number: td }, inspectedAt: '2026-11-21T08:55:00Z', outcome: 'release', findings: ['compliant'] } };
    const inspected = await h.request('POST', '/v1/messages', h.keys['OFFICER-1'], result);
    assert.equal(inspected.status, 202, JSON.stringify(inspected.body));
    assert.equal(inspected.body.status, 'released');
    const view = await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1']);
    assert.equal(view.body.facts.inspections[0].findings[0], 'compliant');
  });

  it('needs a second officer to override a red lane (four eyes)', async () => {
    const { message, td } = declaration('[red]');
    await h.request('POST', '/v1/messages', carrier(), message);
    await h.request('POST', '/v1/messages', carrier(), arrival(td));
    const first = await h.request('POST', `/v1/consignments/${td}/actions`, h.keys['OFFICER-1'], { action: 'release', reason: 'known trader, low risk' });
    assert.equal(first.body.outcome, 'awaiting-approval');
    assert.equal(first.body.status, 'inspection');
    const view = await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1']);
    const approvalId = view.body.pendingApprovals[0].id;
    const self = await h.request('POST', `/v1/consignments/${td}/actions`, h.keys['OFFICER-1'], { action: 'approve', approvalId, reason: 'approving my own' });
    assert.equal(self.status, 403);
    const second = await h.request('POST', `/v1/consignments/${td}/actions`, h.keys['OFFICER-2'], { action: 'approve', approvalId, reason: 'agreed' });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.status, 'released');
  });

  it("keeps an officer's lane when a later message from the trade is assessed again", async () => {
    const { message, td } = declaration('[green]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), message)).body.lane, 'green');
    const set = await h.request('POST', `/v1/consignments/${td}/actions`, h.keys['OFFICER-1'], { action: 'set-lane', lane: 'red', reason: 'intelligence on this consignor' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.status, 'inspection');
    // The declarant corrects the weight: the engines assess again and find nothing, but the officer's red lane stands.
    const amendment = { messageId: `amd-officer-${td}`, type: 'amendment', sentAt: '2026-11-21T01:10:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU', amendment: { transportDocument: { type: 'house-waybill', number: td }, reason: 'weight', consignment: { grossMassKg: 3 } } };
    const amended = await h.request('POST', '/v1/messages', carrier(), amendment);
    assert.equal(amended.status, 202, JSON.stringify(amended.body));
    assert.equal(amended.body.lane, 'red');
    assert.equal(amended.body.status, 'inspection');
    const arrived = await h.request('POST', '/v1/messages', carrier(), arrival(td));
    assert.equal(arrived.body.status, 'inspection', 'arrival does not release what the officer sent to inspection');
  });

  it('does not let a re-assessment undo two officers\' override of a red lane: an officer reviews it', async () => {
    const { message, td } = declaration('[red]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), message)).body.lane, 'red');
    const asked = await h.request('POST', `/v1/consignments/${td}/actions`, h.keys['OFFICER-1'], { action: 'set-lane', lane: 'green', reason: 'documents seen at the counter' });
    assert.equal(asked.body.outcome, 'awaiting-approval');
    const approvalId = (await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1'])).body.pendingApprovals[0].id;
    const approved = await h.request('POST', `/v1/consignments/${td}/actions`, h.keys['OFFICER-2'], { action: 'approve', approvalId, reason: 'agreed' });
    assert.equal(approved.body.lane, 'green');
    // The declarant corrects the weight: the engines say red again. Before, that opened a new
    // inspection and the two officers' decision was gone without anyone deciding so.
    const amendment = { messageId: `amd-override-${td}`, type: 'amendment', sentAt: '2026-11-21T01:10:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU', amendment: { transportDocument: { type: 'house-waybill', number: td }, reason: 'weight', consignment: { grossMassKg: 3 } } };
    const amended = await h.request('POST', '/v1/messages', carrier(), amendment);
    assert.equal(amended.status, 202, JSON.stringify(amended.body));
    assert.equal(amended.body.lane, 'green');
    assert.equal(amended.body.status, 'awaiting-officer');
    assert.deepEqual(amended.body.waitingFor.map((g: { type: string }) => g.type), ['officer', 'arrival']);
    // The declarant is not told what the engines found.
    assert.ok(!JSON.stringify(amended.body).includes('would now set'), JSON.stringify(amended.body));
    const view = await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1']);
    const last = view.body.decisions[view.body.decisions.length - 1];
    assert.ok(last.reasons.some((r: { code: string; message: string }) => r.code === 'LUX_OFFICER_OVERRIDE_REVIEW' && /would now set red/.test(r.message)), JSON.stringify(last.reasons));
    // An officer reviews it: one officer is enough to go on, as the override itself had four eyes.
    const reviewed = await h.request('POST', `/v1/consignments/${td}/actions`, h.keys['OFFICER-1'], { action: 'release', reason: 'weight corrected only, override stands' });
    assert.equal(reviewed.body.outcome, 'done');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), arrival(td))).body.status, 'released');
  });

  it('lets the engines be stricter than an officer who had raised the lane', async () => {
    const { message, td } = declaration('[green]');
    await h.request('POST', '/v1/messages', carrier(), message);
    const set = await h.request('POST', `/v1/consignments/${td}/actions`, h.keys['OFFICER-1'], { action: 'set-lane', lane: 'yellow', reason: 'ask for the invoice' });
    assert.equal(set.body.lane, 'yellow');
    const items = (message.consignment as { items: { description: string }[] }).items.map((it) => ({ ...it, description: 'Men\'s running shoes [red]' }));
    const amendment = { messageId: `amd-raise-${td}`, type: 'amendment', sentAt: '2026-11-21T01:10:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU', amendment: { transportDocument: { type: 'house-waybill', number: td }, reason: 'description', consignment: { items } } };
    const amended = await h.request('POST', '/v1/messages', carrier(), amendment);
    assert.equal(amended.body.lane, 'red');
    assert.ok(amended.body.waitingFor.some((g: { type: string }) => g.type === 'inspection'), JSON.stringify(amended.body.waitingFor));
  });

  it('refers to an agency, which sees only what is referred to it, and its release clears the consignment', async () => {
    const { message, td } = declaration('[agency]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), message)).body.status, 'referred');
    const seen = await h.request('GET', `/v1/consignments/${td}`, h.keys['AGENCY-HEALTH']);
    assert.equal(seen.status, 200);
    const decision = { messageId: `agd-${td}`, type: 'agency-decision', sentAt: '2026-11-21T09:00:00Z', sender: { role: 'agency', id: 'AGENCY-HEALTH' }, jurisdiction: 'EU',
      decision: { transportDocument: { type: 'house-waybill', number: td }, agency: 'AGENCY-HEALTH', outcome: 'release' } };
    assert.equal((await h.request('POST', '/v1/messages', h.keys['AGENCY-HEALTH'], decision)).body.status, 'assessed');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), arrival(td))).body.status, 'released');
  });

  it('refuses an agency decision on a consignment not referred to that agency', async () => {
    const { message, td } = declaration('[green]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), message)).body.status, 'assessed');
    const decision = { messageId: `agd-unreferred-${td}`, type: 'agency-decision', sentAt: '2026-11-21T09:00:00Z', sender: { role: 'agency', id: 'AGENCY-HEALTH' }, jurisdiction: 'EU',
      decision: { transportDocument: { type: 'house-waybill', number: td }, agency: 'AGENCY-HEALTH', outcome: 'refuse' } };
    const refused = await h.request('POST', '/v1/messages', h.keys['AGENCY-HEALTH'], decision);
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'LUX_ERR_FORBIDDEN');
    const view = await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1']);
    assert.equal(view.body.status, 'assessed', 'nothing changed');
  });

  it('refuses an invalidation, amendment, answer, return or arrival from an organisation that takes no part in the consignment', async () => {
    const { message, td } = declaration('[yellow]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), message)).body.status, 'awaiting-information');
    const stranger = { role: 'platform', id: 'LVG-74088264626' };
    const attempts = [
      { messageId: `inv-stranger-${td}`, type: 'invalidation', sentAt: '2026-11-21T01:00:00Z', sender: stranger, jurisdiction: 'EU', invalidation: { transportDocument: { type: 'house-waybill', number: td }, reason: 'order cancelled' } },
      { messageId: `amd-stranger-${td}`, type: 'amendment', sentAt: '2026-11-21T01:00:00Z', sender: stranger, jurisdiction: 'EU', amendment: { transportDocument: { type: 'house-waybill', number: td }, reason: 'weight', consignment: { grossMassKg: 9 } } },
      { messageId: `info-stranger-${td}`, type: 'information', sentAt: '2026-11-21T01:00:00Z', sender: stranger, jurisdiction: 'EU', information: { transportDocument: { type: 'house-waybill', number: td }, answers: 'all fine' } },
    ];
    for (const attempt of attempts) {
      const answer = await h.request('POST', '/v1/messages', h.keys['LVG-74088264626'], attempt);
      assert.equal(answer.status, 403, `${attempt.type}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.code, 'LUX_ERR_FORBIDDEN');
      const shown = JSON.stringify(answer.body);
      assert.ok(!/LX[0-9A-F]{22}/.test(shown) && !/"mrn"/.test(shown), `${attempt.type}: the refusal shows nothing of the consignment: ${shown}`);
    }
    const strangeReturn = { messageId: `ret-stranger-${td}`, type: 'return', sentAt: '2026-12-10T14:00:00Z', sender: { role: 'carrier', id: 'FR5550001111' }, jurisdiction: 'EU',
      return: { originalTransportDocument: { type: 'house-waybill', number: td }, exportedAt: '2026-12-10T12:00:00Z', reason: 'wrong size', refundClaimant: { role: 'intermediary', id: 'FR5550001111' }, items: [{ line: 1, quantity: 1 }] } };
    const returned = await h.request('POST', '/v1/messages', h.keys.FR5550001111, strangeReturn);
    assert.equal(returned.status, 403, `a stranger claims a return: ${JSON.stringify(returned.body)}`);
    const strangeArrival = { ...arrival(td), messageId: `arr-stranger-${td}`, sender: { role: 'carrier', id: 'FR5550001111' } };
    const arrived = await h.request('POST', '/v1/messages', h.keys.FR5550001111, strangeArrival);
    assert.equal(arrived.status, 403, `a carrier not named in the consignment reports its arrival: ${JSON.stringify(arrived.body)}`);
    const view = await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1']);
    assert.equal(view.body.status, 'awaiting-information', 'nothing changed');
    assert.equal(view.body.facts.declaration.grossMassKg, 2.1);
    assert.equal(view.body.facts.arrival, undefined);
  });

  it('refuses an order or order payment that reuses the id of one another party sent, instead of replacing it', async () => {
    const { message, td } = declaration('[green]');
    await h.request('POST', '/v1/messages', carrier(), message);
    const orderId = (message.consignment as { order: { id: string } }).order.id;
    const order = (id: string, sender: { role: string; id: string }, total: string) => ({ messageId: id, type: 'order', sentAt: '2026-11-21T01:00:00Z', sender, jurisdiction: 'EU',
      order: { id: orderId, currency: 'EUR', itemsTotal: total, items: [{ line: 1, description: "Men's running shoes", quantity: 1, unitPrice: total }] } });
    const first = await h.request('POST', '/v1/messages', h.keys.IM5280000001, order(`ord-own-${td}`, { role: 'platform', id: 'IM5280000001' }, '44.99'));
    assert.equal(first.status, 202, JSON.stringify(first.body));
    // Another platform sends an order with the same id: it would replace the goods and amounts reconciliation compares.
    const other = await h.request('POST', '/v1/messages', h.keys['LVG-74088264626'], order(`ord-other-${td}`, { role: 'platform', id: 'LVG-74088264626' }, '4.99'));
    assert.equal(other.status, 409, JSON.stringify(other.body));
    assert.equal(other.body.code, 'LUX_ERR_LINK_CONFLICT');
    assert.equal(other.body.pointer, '/order/id');
    const view = await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1']);
    assert.deepEqual(view.body.facts.orders.map((o: { itemsTotal: string }) => o.itemsTotal), ['44.99'], 'the first order stands');
    // The platform that sent it may send it again, corrected.
    assert.equal((await h.request('POST', '/v1/messages', h.keys.IM5280000001, order(`ord-own2-${td}`, { role: 'platform', id: 'IM5280000001' }, '45.99'))).status, 202);
    // An order payment: the same reference from another payment provider does not replace it either.
    const payment = (id: string, amount: string) => ({ messageId: id, type: 'payment', sentAt: '2026-11-21T01:00:00Z', sender: { role: 'payment-provider', id: 'PSP-EXAMPLE-AU' }, jurisdiction: 'EU',
      payment: { reference: `PAY-${td}`, orderId, amount, currency: 'EUR' } });
    assert.equal((await h.request('POST', '/v1/messages', h.keys['PSP-EXAMPLE-AU'], payment(`pay-own-${td}`, '45.99'))).status, 202);
    const fake = { ...payment(`pay-fake-${td}`, '4.99'), sender: { role: 'platform', id: 'LVG-74088264626' } };
    const refused = await h.request('POST', '/v1/messages', h.keys['LVG-74088264626'], fake);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.pointer, '/payment/reference');
  });

  it('asks for information on a yellow lane and goes on when the declarant answers', async () => {
    const { message, td } = declaration('[yellow]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), message)).body.status, 'awaiting-information');
    const info = { messageId: `info-${td}`, type: 'information', sentAt: '2026-11-21T02:00:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU',
      information: { transportDocument: { type: 'house-waybill', number: td }, answers: 'invoice attached', documents: [{ type: 'invoice', reference: 'INV-1' }] } };
    assert.equal((await h.request('POST', '/v1/messages', carrier(), info)).body.status, 'assessed');
  });

  it('does not ask again what the declarant answered when a later message is assessed again', async () => {
    const { message, td } = declaration('[yellow]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), message)).body.status, 'awaiting-information');
    const info = { messageId: `info-again-${td}`, type: 'information', sentAt: '2026-11-21T02:00:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU',
      information: { transportDocument: { type: 'house-waybill', number: td }, answers: 'invoice attached', documents: [{ type: 'invoice', reference: 'INV-2' }] } };
    assert.equal((await h.request('POST', '/v1/messages', carrier(), info)).body.status, 'assessed');
    // The buyer's payment of the order arrives later: the engines assess again and ask the same question.
    const payment = { messageId: `pay-order-${td}`, type: 'payment', sentAt: '2026-11-21T03:00:00Z', sender: { role: 'payment-provider', id: 'PSP-EXAMPLE-AU' }, jurisdiction: 'EU',
      payment: { reference: `PAY-${td}`, transportDocument: { type: 'house-waybill', number: td }, amount: '54.44', currency: 'EUR', paidAt: '2026-11-21T02:59:00Z' } };
    const paid = await h.request('POST', '/v1/messages', h.keys['PSP-EXAMPLE-AU'], payment);
    assert.equal(paid.status, 202, JSON.stringify(paid.body));
    const view = await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1']);
    assert.equal(view.body.decisions.length, 2, 'the payment was assessed');
    assert.equal(view.body.status, 'assessed', `answered already: ${JSON.stringify(view.body.waitingFor)}`);
  });

  it("counts a consignment once against the day's inspection capacity, not at each later assessment", async () => {
    const inspections = async () => [...(await h.store.counters()).entries()].filter(([k]) => k.startsWith('inspections:')).reduce((sum, [, v]) => sum + v, 0);
    const before = await inspections();
    const { message, td } = declaration('[red]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), message)).body.status, 'inspection');
    assert.equal(await inspections(), before + 1);
    const payment = { messageId: `pay-red-${td}`, type: 'payment', sentAt: '2026-11-21T03:00:00Z', sender: { role: 'payment-provider', id: 'PSP-EXAMPLE-AU' }, jurisdiction: 'EU',
      payment: { reference: `PAYRED-${td}`, transportDocument: { type: 'house-waybill', number: td }, amount: '54.44', currency: 'EUR', paidAt: '2026-11-21T02:59:00Z' } };
    assert.equal((await h.request('POST', '/v1/messages', h.keys['PSP-EXAMPLE-AU'], payment)).body.status, 'inspection');
    assert.equal(await inspections(), before + 1, 'the same consignment, assessed again, is not a second inspection');
  });

  it("puts the declarant's answer to an officer's request for information before an officer", async () => {
    const { message, td } = declaration('[green]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), message)).body.status, 'assessed');
    const asked = await h.request('POST', `/v1/consignments/${td}/actions`, h.keys['OFFICER-1'], { action: 'request-information', reason: 'send the purchase invoice' });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.status, 'awaiting-information');
    const info = { messageId: `info-officer-${td}`, type: 'information', sentAt: '2026-11-21T02:00:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU',
      information: { transportDocument: { type: 'house-waybill', number: td }, answers: 'invoice attached', documents: [{ type: 'invoice', reference: 'INV-OFF-1' }] } };
    const answered = await h.request('POST', '/v1/messages', carrier(), info);
    assert.equal(answered.status, 202, JSON.stringify(answered.body));
    // The answer goes back to an officer, who asked for it; the declarant is not told to send it again.
    assert.equal(answered.body.status, 'awaiting-officer', JSON.stringify(answered.body.waitingFor));
    assert.match(answered.body.waitingFor[0].reason, /send the purchase invoice/);
    // The officer reads the answer: sealed in the log as free text, opened in the officer's view.
    const officerView = await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-2']);
    const sent = officerView.body.messages.find((m: { type: string }) => m.type === 'message.information');
    assert.equal(sent.message.information.answers, 'invoice attached');
    let logged = '';
    for await (const e of h.store.allEvents()) if (e.type === 'message.information') logged += e.payload;
    assert.ok(!logged.includes('invoice attached'), 'the answer is not in the log in clear');
    // an auditor sees the consignment, not the messages
    assert.equal((await h.request('GET', `/v1/consignments/${td}`, h.keys.AUDITOR)).body.messages, undefined);
    const reviewed = await h.request('POST', `/v1/consignments/${td}/actions`, h.keys['OFFICER-2'], { action: 'release', reason: 'invoice matches the declared value' });
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
    assert.equal(reviewed.body.status, 'assessed', 'only the arrival is awaited now');
  });

  it('waits for the buyer\'s payment under consumer collection, and the payment releases it', async () => {
    const { message, td } = declaration('[green] [consumer]');
    await h.request('POST', '/v1/messages', carrier(), message);
    const arrived = await h.request('POST', '/v1/messages', carrier(), arrival(td));
    assert.equal(arrived.body.status, 'awaiting-payment');
    // The declarant is given the customs payment reference with the payment it waits for.
    const gate = arrived.body.waitingFor.find((g: { type: string }) => g.type === 'payment');
    assert.match(gate.paymentReference, /^LXP[0-9A-HJKMNP-TV-Z]{16}$/);
    const payment = { messageId: `pay-${td}`, type: 'payment', sentAt: '2026-11-21T10:00:00Z', sender: { role: 'payment-provider', id: 'PSP-EXAMPLE-AU' }, jurisdiction: 'EU',
      payment: { reference: `DUTY-${td}`, purpose: 'duties', customsReference: gate.paymentReference.toLowerCase().replace(/(.{4})/g, '$1 '), transportDocument: { type: 'house-waybill', number: td }, amount: '12.50', currency: 'EUR', paidAt: '2026-11-21T09:59:00Z' } };
    const paid = await h.request('POST', '/v1/messages', h.keys['PSP-EXAMPLE-AU'], payment);
    assert.equal(paid.status, 202, JSON.stringify(paid.body));
    assert.equal(paid.body.status, 'released');
    // The payment provider is not given the reference or the liabilities.
    assert.equal(paid.body.revenue, undefined);
  });

  it('counts each consignment once in the day\'s score histogram, however often it is re-assessed', async () => {
    // The adaptive red threshold reads the day's scores; amendments re-assess a consignment and
    // must replace its score, not add another, or the busiest consignments would weigh as many.
    const first = declaration('[green] [histogram]');
    const declared = await h.request('POST', '/v1/messages', carrier(), first.message);
    const totalBefore = await seenTotalOf(declared.body.consignment as string, 1);
    for (let i = 1; i <= 3; i++) {
      const amendment = { messageId: `amd-hist-${i}-${first.td}`, type: 'amendment', sentAt: '2026-11-21T01:10:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU', amendment: { transportDocument: { type: 'house-waybill', number: first.td }, reason: 'weight', consignment: { grossMassKg: 2 + i } } };
      assert.equal((await h.request('POST', '/v1/messages', carrier(), amendment)).status, 202);
    }
    const second = await h.request('POST', '/v1/messages', carrier(), declaration('[green] [histogram]').message);
    // The second consignment's decision saw the first one's score once (plus whatever came before it).
    assert.equal(await seenTotalOf(second.body.consignment as string, 1), totalBefore + 1);
  });

  it('counts a payment of duties only with the consignment\'s customs payment reference, and only from a payment provider or post', async () => {
    const { message, td } = declaration('[green] [consumer]');
    await h.request('POST', '/v1/messages', carrier(), message);
    const arrived = await h.request('POST', '/v1/messages', carrier(), arrival(td));
    const reference = arrived.body.waitingFor.find((g: { type: string }) => g.type === 'payment').paymentReference as string;
    const duties = (id: string, customsReference: string | undefined) => ({ messageId: id, type: 'payment', sentAt: '2026-11-21T10:00:00Z', sender: { role: 'payment-provider', id: 'PSP-EXAMPLE-AU' }, jurisdiction: 'EU',
      payment: { reference: id, purpose: 'duties', ...(customsReference === undefined ? {} : { customsReference }), transportDocument: { type: 'house-waybill', number: td }, amount: '12.50', currency: 'EUR' } });
    // The transport document is printed on the parcel: knowing it is not enough to mark the duties paid.
    const missing = await h.request('POST', '/v1/messages', h.keys['PSP-EXAMPLE-AU'], duties(`nopay-${td}`, undefined));
    assert.equal(missing.status, 422);
    assert.equal(missing.body.code, 'LUX_ERR_FIELD_MISSING');
    assert.equal(missing.body.pointer, '/payment/customsReference');
    const guessed = await h.request('POST', '/v1/messages', h.keys['PSP-EXAMPLE-AU'], duties(`guess-${td}`, 'LXP0000000000000000'));
    assert.equal(guessed.status, 403);
    assert.equal(guessed.body.code, 'LUX_ERR_PAYMENT_REFERENCE');
    assert.equal(guessed.body.pointer, '/payment/customsReference');
    // Another consignment's reference does not pay this one.
    const other = declaration('[green] [consumer]');
    await h.request('POST', '/v1/messages', carrier(), other.message);
    const otherArrived = await h.request('POST', '/v1/messages', carrier(), arrival(other.td));
    const otherReference = otherArrived.body.waitingFor.find((g: { type: string }) => g.type === 'payment').paymentReference as string;
    assert.notEqual(otherReference, reference);
    assert.equal((await h.request('POST', '/v1/messages', h.keys['PSP-EXAMPLE-AU'], duties(`swap-${td}`, otherReference))).body.code, 'LUX_ERR_PAYMENT_REFERENCE');
    // The declarant itself cannot report its duties paid, even with the reference: the money passes through a collector.
    const own = { ...duties(`self-${td}`, reference), sender: { role: 'carrier', id: 'DE9876543210' } };
    const self = await h.request('POST', '/v1/messages', carrier(), own);
    assert.equal(self.status, 403);
    assert.equal(self.body.code, 'LUX_ERR_FORBIDDEN');
    // Nothing of the refused payments was recorded.
    const view = await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1']);
    assert.equal(view.body.status, 'awaiting-payment');
    assert.deepEqual(view.body.paid, []);
    assert.equal(view.body.waitingFor.find((g: { type: string }) => g.type === 'payment').paymentReference, reference);
    // And the officer's view and the declarant's view give the same reference; the reference pays.
    const declarantView = await h.request('GET', `/v1/consignments/${td}`, carrier());
    assert.equal(declarantView.body.waitingFor.find((g: { type: string }) => g.type === 'payment').paymentReference, reference);
    assert.equal((await h.request('POST', '/v1/messages', h.keys['PSP-EXAMPLE-AU'], duties(`ok-${td}`, reference))).body.status, 'released');
  });

  it('refuses a payment of duties for a consignment it cannot find, instead of opening one', async () => {
    const payment = { messageId: 'pay-nowhere', type: 'payment', sentAt: '2026-11-21T10:00:00Z', sender: { role: 'payment-provider', id: 'PSP-EXAMPLE-AU' }, jurisdiction: 'EU',
      payment: { reference: 'DUTY-NOWHERE', purpose: 'duties', customsReference: 'LXP0000000000000000', transportDocument: { type: 'house-waybill', number: 'NOWHERE-1' }, amount: '1.00', currency: 'EUR' } };
    const answer = await h.request('POST', '/v1/messages', h.keys['PSP-EXAMPLE-AU'], payment);
    assert.equal(answer.status, 404);
    assert.equal(answer.body.code, 'LUX_ERR_NOT_FOUND');
  });

  it('holds a consignment whose liability exceeds the account\'s guarantee headroom, and draws on it otherwise', async () => {
    await h.platform.createAccount('DE9876543210', '100.00', 'EUR');
    const small = declaration('[green]');
    assert.equal((await h.request('POST', '/v1/messages', carrier(), small.message)).body.status, 'assessed');
    assert.equal(h.platform.listAccounts()[0].used, '12.50');
    const big = declaration('[green] [big]');
    const held = await h.request('POST', '/v1/messages', carrier(), big.message);
    assert.equal(held.body.status, 'held');
    assert.match(held.body.waitingFor[0].reason, /headroom/);
  });

  it('refuses an amendment after invalidation, and frees what the declaration reserved', async () => {
    const { message, td } = declaration('[green]');
    await h.request('POST', '/v1/messages', carrier(), message);
    const before = h.platform.listAccounts()[0].used;
    const invalidation = { messageId: `inv-${td}`, type: 'invalidation', sentAt: '2026-11-21T01:00:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU', invalidation: { transportDocument: { type: 'house-waybill', number: td }, reason: 'order cancelled' } };
    assert.equal((await h.request('POST', '/v1/messages', carrier(), invalidation)).body.status, 'invalidated');
    assert.equal(h.platform.listAccounts()[0].used, Decimal.parse(before).sub(Decimal.parse('12.50')).toString());
    const amendment = { messageId: `amd-${td}`, type: 'amendment', sentAt: '2026-11-21T01:10:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU', amendment: { transportDocument: { type: 'house-waybill', number: td }, reason: 'weight', consignment: { grossMassKg: 3 } } };
    assert.equal((await h.request('POST', '/v1/messages', carrier(), amendment)).status, 409);
  });

  it('records a return once and refuses a second claim for the same goods', async () => {
    const { message, td } = declaration('[green]');
    await h.request('POST', '/v1/messages', carrier(), message);
    await h.request('POST', '/v1/messages', carrier(), arrival(td));
    const ret = (id: string) => ({ messageId: id, type: 'return', sentAt: '2026-12-10T14:00:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU',
      return: { originalTransportDocument: { type: 'house-waybill', number: td }, exportedAt: '2026-12-10T12:00:00Z', reason: 'wrong size', refundClaimant: { role: 'intermediary', id: 'DE9876543210' }, items: [{ line: 1, quantity: 2 }] } });
    assert.equal((await h.request('POST', '/v1/messages', carrier(), ret(`ret-1-${td}`))).status, 202);
    const view = await h.request('GET', `/v1/consignments/${td}`, h.keys['OFFICER-1']);
    assert.deepEqual({ amount: view.body.returns[0].refund.amount, payee: view.body.returns[0].refund.payee }, { amount: '25.00', payee: 'DE9876543210' });
    const second = await h.request('POST', '/v1/messages', carrier(), ret(`ret-2-${td}`));
    assert.equal(second.status, 409);
    assert.match(second.body.detail, /second claim/);
  });
});
