/**
 * Bad input over HTTP: each rejection is application/problem+json with a stable code, a JSON
 * pointer to the field and a sentence; nothing of it reaches a consignment, and it is counted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { example, harness, type Harness } from '../helpers.js';

describe('bad input over HTTP', () => {
  let h: Harness;
  before(async () => { h = await harness(); });
  after(async () => { await h.close(); });

  const post = (body: unknown, type?: string) => h.request('POST', '/v1/messages', h.keys.IM5280000001, body, type);
  const declaration = (patch: (m: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture edits
    const m = example('declaration-eu-ioss.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture edits
    m.messageId = `bad-${Math.random().toString(36).slice(2)}`;
    patch(m);
    return m;
  };

  const cases: [string, () => Promise<{ status: number; body: any; headers: Record<string, unknown> }>, number, string, string | undefined][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies
    ['malformed JSON', () => post('{"messageId": ', 'application/json'), 400, 'LUX_ERR_JSON_MALFORMED', ''],
    ['an unsupported media type', () => post('messageId=1', 'application/x-www-form-urlencoded'), 415, 'LUX_ERR_UNSUPPORTED_MEDIA_TYPE', undefined],
    ['a body over the size limit', () => post(JSON.stringify(declaration((m) => { m.padding = 'x'.repeat(1_100_000); })), 'application/json'), 413, 'LUX_ERR_BODY_TOO_LARGE', undefined],
    ['an amount sent as a JSON number', () => post(declaration((m) => { m.consignment.invoice.itemsTotal = 39.99; })), 422, 'LUX_ERR_AMOUNT_NOT_STRING', '/consignment/invoice/itemsTotal'],
    ['a missing required field', () => post(declaration((m) => { delete m.consignment.transportDocument; })), 422, 'LUX_ERR_FIELD_MISSING', '/consignment/transportDocument'],
    ['an HS code of 4 digits', () => post(declaration((m) => { m.consignment.items[0].hsCode = '8518'; })), 422, 'LUX_ERR_HS_FORMAT', '/consignment/items/0/hsCode'],
    ['a time without a zone', () => post(declaration((m) => { m.sentAt = '2026-11-20T08:15:00'; })), 422, 'LUX_ERR_TIME_ZONE_MISSING', '/sentAt'],
    ['an unknown message type', () => post(declaration((m) => { m.type = 'teleport'; })), 422, 'LUX_ERR_TYPE_UNKNOWN', '/type'],
  ];

  for (const [what, send, status, code, pointer] of cases) {
    it(`rejects ${what} with ${code}`, async () => {
      const response = await send();
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.body.code, code);
      assert.ok(typeof response.body.detail === 'string' && response.body.detail.length > 10);
      if (pointer !== undefined) assert.ok(response.body.errors.some((e: { pointer: string }) => e.pointer === pointer), JSON.stringify(response.body.errors));
    });
  }

  it('leaves no trace of a rejected message in any consignment, and counts the rejection', async () => {
    const rejected = declaration((m) => { m.consignment.transportDocument.number = 'HAWBREJECTED1'; m.consignment.items[0].hsCode = 'ABC'; });
    assert.equal((await post(rejected)).status, 422);
    assert.equal((await h.request('GET', '/v1/consignments/HAWBREJECTED1', h.keys['OFFICER-1'])).status, 404);
    const stats = await h.request('GET', '/v1/stats', h.keys['OFFICER-1']);
    assert.ok(stats.body.rejections.some((r: { code: string; sender: string }) => r.code === 'LUX_ERR_HS_FORMAT' && r.sender === 'IM5280000001'));
  });
});
