import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JURISDICTIONS, ROLES } from '../../src/domain/message.js';
import {
  MOMENTS, completeness, dataSetFor, loadDataSets, pointerTokens, redactForRole, requiredFor, retentionEnds, retentionFor,
} from '../../src/intake/data-sets.js';
import { IDENTIFIER_SCHEMES } from '../../src/intake/identifiers.js';
import { example } from './fixtures.js';

test('every jurisdiction has a data set for pre-loading, declaration and arrival, with sources and validity', () => {
  const sets = loadDataSets();
  assert.deepEqual([...sets.keys()].sort(), [...JURISDICTIONS].sort());
  const roles = new Set<string>(ROLES);
  for (const [j, set] of sets) {
    assert.match(set.validFrom, /^\d{4}-\d{2}-\d{2}$/, j);
    assert.match(set.retention.default, /^P\d+Y$/, j);
    assert.ok(set.retention.source.length > 20, j);
    for (const s of [...set.identifierSchemes.declarant, ...set.identifierSchemes.representative]) assert.ok((IDENTIFIER_SCHEMES as readonly string[]).includes(s), `${j}: ${s}`);
    for (const m of MOMENTS) {
      const ms = set.moments[m];
      assert.ok(ms.source.length > 20, `${j} ${m} source`);
      const ids = new Set<string>();
      for (const e of ms.elements) {
        assert.ok(!ids.has(e.id), `${j} ${m} ${e.id} twice`);
        ids.add(e.id);
        assert.match(e.pointer, /^(\/[A-Za-z*]+)+$/, e.pointer);
        assert.match(e.retention, /^P(\d+Y)?(\d+M)?(\d+D)?$/);
        assert.ok(e.purpose.length > 0 && e.roles.length > 0, e.id);
        for (const r of e.roles) assert.ok(roles.has(r), `${j} ${e.id}: role ${r}`);
        assert.ok(e.roles.includes('customs-officer'), `${j} ${e.id}: customs must see every regulated element`);
      }
      assert.ok(requiredFor(j, m).length > 0);
    }
  }
});

test('marks the natural person data (names, addresses, e-mail, phone of buyers) as personal', () => {
  const els = dataSetFor('EU').moments.declaration.elements;
  for (const id of ['buyer-name', 'buyer-address', 'buyer-email', 'buyer-phone']) assert.equal(els.find((e) => e.id === id)?.personal, true, id);
  assert.equal(els.find((e) => e.id === 'item-hs-code')?.personal, false);
});

test('scores the completeness of the example declaration against the EU declaration data set as complete', () => {
  const c = completeness(example('declaration-eu-ioss.json'), dataSetFor('EU'));
  assert.deepEqual(c, { score: 1, missing: [], missingElements: [] });
});

test('scores a declaration missing the seller and one item origin, with concrete pointers', () => {
  const m = example('declaration-eu-ioss.json') as { consignment: { seller?: unknown; items: { origin?: string }[] } };
  delete m.consignment.seller;
  delete m.consignment.items[1].origin;
  const set = dataSetFor('EU');
  const c = completeness(m, set);
  const required = set.moments.declaration.elements.filter((e) => e.required).length;
  assert.deepEqual(c.missingElements, ['seller-name', 'seller-address', 'item-origin']);
  assert.deepEqual(c.missing, ['/consignment/seller', '/consignment/seller', '/consignment/items/1/origin']);
  assert.equal(c.score, (required - 3) / required);
});

test('shows the carrier named in a declaration neither the buyer e-mail nor the prices', () => {
  const m = example('declaration-eu-ioss.json');
  const seen = redactForRole(m, dataSetFor('EU'), 'carrier') as { consignment: { buyer: Record<string, unknown>; items: Record<string, unknown>[]; invoice?: unknown; transportDocument: unknown } };
  assert.equal(seen.consignment.buyer.email, undefined);
  assert.equal(seen.consignment.buyer.name, 'Anna de Vries');
  assert.equal(seen.consignment.invoice, undefined);
  assert.equal(seen.consignment.items[0].unitPrice, undefined);
  assert.equal(seen.consignment.items[0].description, 'Wireless in-ear headphones, Bluetooth 5.3, with charging case');
  assert.ok(seen.consignment.transportDocument);
  const original = m.consignment as { buyer: { email?: string } };
  assert.equal(original.buyer.email, 'anna@example.nl', 'redaction works on a copy');
  const officer = redactForRole(m, dataSetFor('EU'), 'customs-officer');
  assert.deepEqual(officer, m);
});

test('shows an agency only goods data, not the buyer', () => {
  const seen = redactForRole(example('declaration-eu-ioss.json'), dataSetFor('EU'), 'agency') as { consignment: Record<string, unknown> & { items: Record<string, unknown>[] } };
  assert.equal(seen.consignment.buyer, undefined);
  assert.equal(seen.consignment.items[0].hsCode, '851830');
});

// Retention per jurisdiction, from the laws cited in each data set file.
const RETENTION: [string, string][] = [['EU', 'P3Y'], ['GB', 'P4Y'], ['AU', 'P5Y'], ['CA', 'P6Y'], ['US', 'P5Y'], ['CN', 'P3Y']];
for (const [j, period] of RETENTION) {
  test(`keeps ${j} declaration data for ${period}`, () => {
    const set = loadDataSets().get(j as 'EU')!;
    assert.equal(retentionFor(set, '/consignment/items/3/hsCode', 'declaration'), period);
    assert.equal(retentionFor(set, 'buyer-email'), period);
    assert.equal(retentionFor(set, '/unlisted/element'), set.retention.default);
  });
}

test('computes the end of a retention period on the calendar', () => {
  assert.equal(retentionEnds('2026-11-20T08:15:00Z', 'P3Y'), '2029-11-20');
  assert.equal(retentionEnds('2024-02-29T00:00:00Z', 'P1Y'), '2025-02-28');
  assert.equal(retentionEnds('2026-01-31T12:00:00+01:00', 'P1M'), '2026-02-28');
  assert.equal(retentionEnds('2026-12-25T00:00:00Z', 'P10D'), '2027-01-04');
});

test('splits and unescapes JSON pointers (RFC 6901)', () => {
  assert.deepEqual(pointerTokens('/a~1b/c~0d/*'), ['a/b', 'c~d', '*']);
  assert.deepEqual(pointerTokens(''), []);
});

test('hides the buyer of an order and the payer of a payment from an agency, by the declaration data set', () => {
  const set = dataSetFor('AU');
  const order = redactForRole(example('order.json'), set, 'agency') as { order: Record<string, unknown> & { items: Record<string, unknown>[] } };
  assert.equal(order.order.buyer, undefined);
  assert.equal(order.order.items[0].unitPrice, undefined);
  assert.equal(order.order.items[0].hsCode, '691200');
  const payment = redactForRole(example('payment.json'), set, 'agency') as { payment: Record<string, unknown> };
  assert.equal(payment.payment.payer, undefined);
  assert.equal(payment.payment.amount, undefined);
  const provider = redactForRole(example('payment.json'), set, 'payment-provider') as { payment: Record<string, unknown> };
  assert.deepEqual(provider.payment.payer, { name: 'Liam Nguyen', country: 'AU' });
});

test('judges a transport message by the pre-loading elements: the post sees the consignee, an agency does not', () => {
  const set = dataSetFor('AU');
  const post = redactForRole(example('transport.json'), set, 'post') as { consignment: Record<string, unknown> };
  assert.ok(post.consignment.consignee);
  const agency = redactForRole(example('transport.json'), set, 'agency') as { consignment: Record<string, unknown> };
  assert.equal(agency.consignment.consignee, undefined);
  assert.equal(agency.consignment.consignor, undefined);
});
