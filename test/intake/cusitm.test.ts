import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cusitmToDeclaration } from '../../src/intake/cusitm.js';

/** The Australian consignment of shared/examples/transport.json and order.json, as the NZ post would send it in CUSITM. */
function auItem(): Record<string, unknown> {
  return {
    itemId: 'RR123456785NZ',
    postId: 'NZPOST-EXAMPLE',
    sentAt: '2026-11-22T09:30:00Z',
    originCountry: 'NZ',
    destinationCountry: 'AU',
    originPlace: 'NZAKL',
    destinationPlace: 'AUSYD',
    sender: { name: 'Example Homewares Ltd', address: { street: '12 Queen Street', city: 'Auckland', postcode: '1010', country: 'NZ' } },
    addressee: { name: 'Liam Nguyen', address: { street: '4 George Street', city: 'Sydney', region: 'NSW', postcode: '2000', country: 'AU' } },
    category: 'sale-of-goods',
    currency: 'AUD',
    totalValue: '180.00',
    postage: '15.00',
    grossWeightKg: 3.2,
    contents: [
      { description: 'Ceramic dinner plates, set of 6, stoneware', quantity: 1, value: '120.00', hsCode: '691200', originCountry: 'NZ' },
      { description: 'Cotton tea towels, flat-woven', quantity: 6, value: '60.00', hsCode: '630291', originCountry: 'IN' },
    ],
  };
}

test('converts a CUSITM postal item into a valid AU declaration of a B2C sale by post', () => {
  const r = cusitmToDeclaration(auItem(), 'AU');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
  if (!r.ok) return;
  const c = r.message.consignment;
  assert.equal(r.message.type, 'declaration');
  assert.equal(r.message.messageId, 'cusitm-RR123456785NZ');
  assert.deepEqual(r.message.sender, { role: 'post', id: 'NZPOST-EXAMPLE' });
  assert.deepEqual(c.transportDocument, { type: 'postal-item', number: 'RR123456785NZ' });
  assert.equal(c.transportMode, 'post');
  assert.equal(c.transactionType, 'B2C');
  assert.deepEqual(c.invoice, { currency: 'AUD', itemsTotal: '180.00', transportCost: '15.00' });
  // Line value 60.00 for 6 tea towels: unit price 10.00, as order.json states it.
  assert.deepEqual(c.items.map((i) => [i.line, i.unitPrice, i.quantity]), [[1, '120.00', 1], [2, '10.00', 6]]);
  assert.equal(c.buyer?.address?.region, 'NSW');
});

test('marks a CUSITM gift as C2C', () => {
  const item = auItem();
  item.category = 'gift';
  const r = cusitmToDeclaration(item, 'AU');
  assert.ok(r.ok && r.message.consignment.transactionType === 'C2C');
});

test('rejects a CUSITM item with a numeric value, a missing addressee and an unknown category, pointing into the CUSITM object', () => {
  const item = auItem();
  delete item.addressee;
  item.category = 'present';
  (item.contents as Record<string, unknown>[])[1].value = 60;
  const r = cusitmToDeclaration(item, 'AU');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.problems.map((p) => [p.code, p.pointer]).sort(), [
    ['LUX_ERR_AMOUNT_NOT_STRING', '/contents/1/value'],
    ['LUX_ERR_FIELD_INVALID', '/category'],
    ['LUX_ERR_FIELD_MISSING', '/addressee'],
  ]);
});

test('passes on what the native validator finds in the converted declaration', () => {
  const item = auItem();
  item.itemId = 'RR123456784NZ';
  const r = cusitmToDeclaration(item, 'AU');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.problems[0].code, 'LUX_ERR_IDENTIFIER_FORMAT');
    assert.equal(r.problems[0].pointer, '/consignment/transportDocument/number');
  }
});
