/**
 * Intermediary collection with a financial guarantee (Technical Specifications 4.1.2, 6.1.1): each
 * consignment's liability draws on the account's headroom; one that exceeds it is held; a payment on
 * the periodic statement restores headroom, and the consignments held for it go on, oldest first,
 * as far as the restored headroom covers them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AssessmentPolicy, RevenueVerdict } from '../../src/clearance/seam.js';
import { Decimal } from '../../src/domain/decimal.js';
import { example, harness, type Harness } from '../helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture edits

/** Revenue stand-in: the liability is the amount written in the first item's description; the account's headroom decides the hold. */
const guaranteePolicy: AssessmentPolicy = {
  name: 'guarantee-test-policy',
  assess(facts, context) {
    const due = /due=(\d+\.\d\d)/.exec(facts.declaration?.items[0]?.description ?? '')?.[1] ?? '0.00';
    const revenue: RevenueVerdict = {
      referenceDate: '2026-11-20', currency: 'EUR', customsValue: '200.00', due, collectionModel: 'intermediary', category: 4,
      liabilities: [{ type: 'duty', base: '200.00', rate: 'test', amount: due, currency: 'EUR', source: 'test', collectedBy: 'intermediary' }],
      holds: [], requestsForInformation: [], reasons: [],
    };
    const account = context.account;
    if (account && Decimal.parse(due).gt(Decimal.parse(account.guarantee).sub(Decimal.parse(account.used)))) {
      revenue.holds.push({ code: 'LUX_REV_OVER_GUARANTEE', source: 'revenue', message: `due ${due} EUR exceeds the guarantee headroom of account ${account.accountId}` });
    }
    return { policy: 'guarantee-test-policy', risk: { score: 0, minLane: 'green', referrals: [], requestsForInformation: [], reasons: [] }, revenue };
  },
};

let n = 0;
function declaration(due: string): Json {
  n++;
  const m = example('declaration-eu-over-150.json') as Json;
  m.messageId = `guar-${n}`;
  m.consignment.transportDocument.number = `HAWBGUAR${n}`;
  m.consignment.order.id = `ORD-GUAR-${n}`;
  m.consignment.items[0].description = `Men's running shoes due=${due}`;
  return m;
}

describe('an intermediary account and its guarantee', () => {
  let h: Harness;
  before(async () => { h = await harness({ policy: guaranteePolicy }); });
  after(async () => { await h.close(); });

  it('releases the consignments held for headroom once a payment restores it, oldest first, as far as it goes', async () => {
    const account = await h.platform.createAccount('DE9876543210', '1000.00', 'EUR');
    const submit = async (due: string) => (await h.request('POST', '/v1/messages', h.keys.DE9876543210, declaration(due))).body as Json;
    assert.equal((await submit('900.00')).status, 'assessed');
    const held1 = await submit('250.00');
    const held2 = await submit('200.00');
    const held3 = await submit('600.00');
    for (const held of [held1, held2, held3]) assert.equal(held.status, 'held', JSON.stringify(held.waitingFor));

    // 700 of the statement paid: headroom 800; the first two held (450) fit, the third (600) then no longer does.
    // The route (POST /v1/accounts/{id}/payments) comes with the revenue engine's extensions; this is the call it makes.
    await h.platform.recordAccountPayment(account.id, '700.00', 'STMT-2026-11');
    const status = async (id: string) => ((await h.request('GET', `/v1/consignments/${id}`, h.keys['OFFICER-1'])).body as Json);
    assert.equal((await status(held1.consignment)).status, 'assessed');
    assert.equal((await status(held2.consignment)).status, 'assessed');
    const still = await status(held3.consignment);
    assert.equal(still.status, 'held');
    assert.equal(still.decisions.length, 1, 'one the headroom cannot cover is not decided again');
    assert.equal(h.platform.listAccounts().find((a) => a.id === account.id)!.used, '650.00', '900 + 250 + 200 reserved, 700 paid');
  });
});
