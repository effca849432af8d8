import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeclarationMessage, Message, OrderMessage, PaymentMessage, ReturnMessage } from '../../src/domain/message.js';
import { canonicalJson } from '../../src/ledger/canonical-json.js';
import { generateSigningKey, signCheckpoint } from '../../src/ledger/checkpoint.js';
import type { EventDraft } from '../../src/ledger/event-row.js';
import { chainEvents, FIRST_SEQ, GENESIS_HASH } from '../../src/ledger/hash-chain.js';
import {
  mergePersonalData, newConsignmentKey, openPersonalData, PERSONAL_MARKER, sealPersonalData, splitPersonalData,
  type SealedPersonalData,
} from '../../src/ledger/personal-data.js';
import { verifyLog } from '../../src/ledger/verify-log.js';
import { example } from './fixtures.js';

test('the buyer of a B2C declaration is taken out of the payload, the goods and the organisations stay', () => {
  const message = example<DeclarationMessage>('declaration-eu-ioss.json');
  const before = JSON.stringify(message);
  const { redacted, personal } = splitPersonalData(message);
  assert.deepEqual(personal, {
    '/consignment/buyer/name': 'Anna de Vries',
    '/consignment/buyer/email': 'anna@example.nl',
    '/consignment/buyer/address/street': 'Keizersgracht 100',
    '/consignment/buyer/address/city': 'Amsterdam',
    '/consignment/buyer/address/postcode': '1015 AA',
  });
  assert.equal(redacted.consignment.buyer?.name, PERSONAL_MARKER);
  assert.equal(redacted.consignment.buyer?.address?.country, 'NL');
  // A company seller and the carrier are not natural persons: they stay in clear.
  assert.deepEqual(redacted.consignment.seller, message.consignment.seller);
  assert.deepEqual(redacted.consignment.items, message.consignment.items);
  assert.doesNotMatch(canonicalJson(redacted), /Anna|anna@|Keizersgracht|1015 AA/);
  assert.equal(JSON.stringify(message), before, 'the input message is not changed');
});

test("a natural person's identifiers (a buyer's national ID number) are taken out with the name", () => {
  const message = example<DeclarationMessage>('declaration-eu-ioss.json');
  message.consignment.buyer = { ...message.consignment.buyer!, identifiers: [{ scheme: 'CN-RIC', value: '11010519491231002X' }] };
  message.consignment.seller = { ...message.consignment.seller!, identifiers: [{ scheme: 'CN-USCC', value: '91110000600037341L' }] };
  const { redacted, personal } = splitPersonalData(message);
  assert.deepEqual(personal?.['/consignment/buyer/identifiers'], [{ scheme: 'CN-RIC', value: '11010519491231002X' }]);
  assert.doesNotMatch(canonicalJson(redacted), /11010519491231002X/);
  // A company's registration number is not personal data.
  assert.deepEqual(redacted.consignment.seller?.identifiers, [{ scheme: 'CN-USCC', value: '91110000600037341L' }]);
  assert.deepEqual(mergePersonalData(redacted, personal), message);
});

test('free text written by people is sealed whole: an answer to a request, an officer\'s remark, a reason', () => {
  const information = { messageId: 'i-1', type: 'information', sentAt: '2026-11-21T02:00:00Z', sender: { role: 'carrier', id: 'DE9876543210' }, jurisdiction: 'EU',
    information: { transportDocument: { type: 'house-waybill', number: 'H1' }, answers: 'Invoice attached; the buyer Anna de Vries paid by card', documents: [{ type: 'invoice', reference: 'INV-1' }] } } as unknown as Message;
  const split = splitPersonalData(information);
  assert.deepEqual(split.personal, { '/information/answers': 'Invoice attached; the buyer Anna de Vries paid by card' });
  assert.doesNotMatch(canonicalJson(split.redacted), /Anna/);
  assert.deepEqual((split.redacted as unknown as { information: { documents: unknown } }).information.documents, [{ type: 'invoice', reference: 'INV-1' }], 'document references stay');
  assert.deepEqual(mergePersonalData(split.redacted, split.personal), information);
  const inspection = { messageId: 'x-1', type: 'inspection-result', sentAt: '2026-11-21T09:00:00Z', sender: { role: 'customs-officer', id: 'OFFICER-1' }, jurisdiction: 'EU',
    inspection: { inspectedAt: '2026-11-21T09:00:00Z', outcome: 'release', findings: ['compliant'], remarks: 'opened in the presence of Mr Jansen' } } as unknown as Message;
  assert.deepEqual(splitPersonalData(inspection).personal, { '/inspection/remarks': 'opened in the presence of Mr Jansen' });
});

test('merging the personal data back gives the message as submitted', () => {
  for (const file of ['declaration-eu-ioss.json', 'declaration-eu-over-150.json', 'order.json', 'payment.json', 'return.json', 'arrival.json', 'pre-loading-air.json', 'transport.json']) {
    const message = example(file);
    const { redacted, personal } = splitPersonalData(message);
    assert.deepEqual(mergePersonalData(redacted, personal), message, file);
  }
});

test('an order hides its buyer; a payment hides its payer but not a company payee', () => {
  const order = splitPersonalData(example<OrderMessage>('order.json'));
  assert.equal(order.personal?.['/order/buyer/name'], 'Liam Nguyen');
  assert.equal(order.personal?.['/order/buyer/email'], 'liam@example.com.au');
  assert.equal(order.redacted.order.buyer?.address?.region, 'NSW');
  assert.equal(order.redacted.order.seller?.name, 'Example Homewares Ltd');
  const payment = splitPersonalData(example<PaymentMessage>('payment.json'));
  assert.deepEqual(payment.personal, { '/payment/payer/name': 'Liam Nguyen' });
  assert.equal(payment.redacted.payment.payee?.name, 'Example Marketplace Pty');
});

test('a natural-person seller is hidden, an organisation buyer is not', () => {
  const message = example<DeclarationMessage>('declaration-eu-ioss.json');
  message.consignment.seller = { name: 'Jan Jansen', kind: 'person', phone: '+31 6 1234 5678', address: { city: 'Utrecht', country: 'NL' } };
  message.consignment.buyer = { name: 'Acme Retail B.V.', kind: 'organisation', address: { street: 'Damrak 1', city: 'Amsterdam', country: 'NL' } };
  const { redacted, personal } = splitPersonalData(message);
  assert.deepEqual(Object.keys(personal ?? {}).sort(), ['/consignment/seller/address/city', '/consignment/seller/name', '/consignment/seller/phone']);
  assert.equal(redacted.consignment.buyer?.name, 'Acme Retail B.V.');
});

test('a refund claimed by the buyer hides the buyer id; one claimed by an intermediary does not', () => {
  const byIntermediary = example<ReturnMessage>('return.json');
  // (the return's reason is free text, sealed whatever the claimant)
  const reason = { '/return/reason': byIntermediary.return.reason };
  assert.deepEqual(splitPersonalData(byIntermediary).personal, reason);
  const byBuyer: ReturnMessage = { ...byIntermediary, return: { ...byIntermediary.return, refundClaimant: { role: 'buyer', id: 'anna@example.nl' } } };
  assert.deepEqual(splitPersonalData(byBuyer).personal, { ...reason, '/return/refundClaimant/id': 'anna@example.nl' });
});

test('a message without personal data is returned as it is', () => {
  const arrival = example('arrival.json');
  const { redacted, personal } = splitPersonalData(arrival);
  assert.equal(personal, null);
  assert.equal(redacted, arrival);
});

test('merging refuses personal data that does not belong to the redacted message', () => {
  const { redacted } = splitPersonalData(example('declaration-eu-ioss.json'));
  assert.throws(() => mergePersonalData(redacted, { '/consignment/seller/name': 'x' }), RangeError);
});

test('sealed personal data opens with its key and matches its commitment', () => {
  const { personal } = splitPersonalData(example('declaration-eu-ioss.json'));
  const key = newConsignmentKey();
  const sealed = sealPersonalData(key, personal!);
  assert.match(sealed.commitment, /^[0-9a-f]{64}$/);
  assert.doesNotMatch(Buffer.from(sealed.ciphertext, 'base64').toString('latin1'), /Anna/);
  assert.deepEqual(openPersonalData(key, sealed, sealed.commitment), personal);
});

test('the same personal data sealed twice gives different commitments (salted)', () => {
  const key = newConsignmentKey();
  const a = sealPersonalData(key, { '/x': 'Anna' });
  const b = sealPersonalData(key, { '/x': 'Anna' });
  assert.notEqual(a.commitment, b.commitment);
  assert.notEqual(a.salt, b.salt);
});

test('sealed personal data does not open with another key, altered bytes or another commitment', () => {
  const key = newConsignmentKey();
  const sealed = sealPersonalData(key, { '/consignment/buyer/name': 'Anna de Vries' });
  assert.throws(() => openPersonalData(newConsignmentKey(), sealed));
  const bytes = Buffer.from(sealed.ciphertext, 'base64');
  bytes[0] ^= 1;
  assert.throws(() => openPersonalData(key, { ...sealed, ciphertext: bytes.toString('base64') }));
  assert.throws(() => openPersonalData(key, { ...sealed, salt: 'ff'.repeat(16) }));
  assert.throws(() => openPersonalData(key, sealed, 'ab'.repeat(32)), /commitment/);
});

test('erasing a consignment key leaves the personal data unreadable and the chain verifiable', async () => {
  const signing = generateSigningKey();
  const keys = new Map<string, Buffer>();
  const vault = new Map<number, SealedPersonalData>();
  const messages: [string, Message][] = [
    ['C-1', example('declaration-eu-ioss.json')], ['C-2', example('order.json')], ['C-2', example('payment.json')], ['C-1', example('arrival.json')],
  ];
  const draftsWithSeals: EventDraft[] = [];
  const seals: (SealedPersonalData | null)[] = [];
  for (const [consignmentId, message] of messages) {
    const { redacted, personal } = splitPersonalData(message);
    if (!keys.has(consignmentId)) keys.set(consignmentId, newConsignmentKey());
    const sealed = personal ? sealPersonalData(keys.get(consignmentId)!, personal) : null;
    seals.push(sealed);
    draftsWithSeals.push({ consignmentId, type: 'message-accepted', at: message.sentAt, actor: message.sender.id, payload: canonicalJson(redacted), commitment: sealed?.commitment ?? null });
  }
  const rows = chainEvents(GENESIS_HASH, FIRST_SEQ, draftsWithSeals);
  rows.forEach((row, i) => { if (seals[i]) vault.set(row.seq, seals[i]!); });
  const last = rows[rows.length - 1];
  const checkpoint = signCheckpoint({ seq: last.seq, headHash: last.hash, at: last.at }, signing.privateKeyPem);
  const exported = { ...checkpoint };

  assert.deepEqual(await verifyLog(rows, [checkpoint], { against: exported }), { ok: true, count: 4 });
  // Before erasure an authorised read gets the buyer back, checked against the row's commitment.
  const first = openPersonalData(keys.get('C-1')!, vault.get(1)!, rows[0].commitment!);
  assert.equal(first['/consignment/buyer/name'], 'Anna de Vries');

  // End of retention for C-1: destroy its key (the sealed blob may stay or go; without the key it is noise).
  keys.delete('C-1');
  assert.equal(keys.has('C-1'), false);
  assert.throws(() => openPersonalData(newConsignmentKey(), vault.get(1)!, rows[0].commitment!));
  assert.deepEqual(await verifyLog(rows, [checkpoint], { against: exported }), { ok: true, count: 4 });
  assert.doesNotMatch(rows.map((r) => r.payload).join('\n'), /Anna|Liam|Keizersgracht|George Street/);
  // C-2 is untouched.
  assert.equal(openPersonalData(keys.get('C-2')!, vault.get(2)!, rows[1].commitment!)['/order/buyer/name'], 'Liam Nguyen');
});
