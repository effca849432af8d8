/**
 * The spine's behaviour, run against every store (SQLite and PostgreSQL): one suite, every dialect.
 */
import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { verifyLog } from '../../src/ledger/verify-log.js';
import { emptyBatch } from '../../src/ledger/store.js';
import type { Checkpoint } from '../../src/ledger/checkpoint.js';
import { example, exampleNames, harness, postgresAvailable, type Harness, type StoreKind } from '../helpers.js';

const SENDER_OF: Record<string, string> = {
  'declaration-eu-ioss.json': 'IM5280000001', 'declaration-eu-over-150.json': 'DE9876543210', 'pre-loading-air.json': 'BE0123456789',
  'order.json': 'LVG-74088264626', 'payment.json': 'PSP-EXAMPLE-AU', 'transport.json': 'NZPOST-EXAMPLE', 'arrival.json': 'BE0123456789', 'return.json': 'DE9876543210',
};

function withId<T extends Record<string, unknown>>(message: T, messageId: string, patch: (m: T) => void = () => undefined): T {
  const copy = structuredClone(message) as T & { messageId: string };
  copy.messageId = messageId;
  patch(copy);
  return copy;
}

async function suite(kind: StoreKind): Promise<void> {
  if (kind === 'postgres' && !(await postgresAvailable())) {
    it.skip('PostgreSQL not reachable at 127.0.0.1:5432: skipping the PostgreSQL spine suite');
    return;
  }
  describe(`the spine on ${kind}`, () => {
    let h: Harness;
    before(async () => { h = await harness({ kind }); });
    after(async () => { await h.close(); });

    it('writes records with a batch, in its transaction, and reads them back (the post-clearance queue)', async () => {
      const batch = emptyBatch();
      batch.records = [
        { kind: 'post-clearance', id: 'C-CONTRACT', version: '1', status: 'open', body: '{"a":1}', updatedAt: '2026-12-05T10:00:00Z' },
        { kind: 'post-clearance', id: 'C-CONTRACT', version: '1', status: 'open', body: '{"a":2}', updatedAt: '2026-12-05T10:01:00Z' },
      ];
      await h.store.commit(batch);
      const rows = (await h.store.records('post-clearance')).filter((r) => r.id === 'C-CONTRACT');
      assert.deepEqual(rows.map((r) => [r.body, r.updatedAt]), [['{"a":2}', '2026-12-05T10:01:00Z']], 'the last one of the batch stands');
    });

    it('pages the post-clearance queue in id order, by status', async () => {
      const batch = emptyBatch();
      batch.records = [];
      for (let i = 1; i <= 5; i++) {
        batch.records.push({ kind: 'post-clearance', id: `C-PAGE-${i}`, version: '1', status: i === 3 ? 'closed-unfounded' : 'open', body: JSON.stringify({ consignment: `C-PAGE-${i}` }), updatedAt: '2026-12-06T10:00:00Z' });
      }
      await h.store.commit(batch);
      const seen: string[] = [];
      let after = 'C-PAGE-';
      for (let pages = 0; pages < 10; pages++) {
        const page = await h.request('GET', `/v1/post-clearance?status=open&limit=2&after=${after}`, h.keys['OFFICER-1']);
        assert.equal(page.status, 200);
        seen.push(...(page.body.items as { consignment: string }[]).map((i) => i.consignment).filter((c) => c.startsWith('C-PAGE-')));
        if (!page.body.next) break;
        after = page.body.next as string;
      }
      assert.deepEqual(seen, ['C-PAGE-1', 'C-PAGE-2', 'C-PAGE-4', 'C-PAGE-5']);
      const closed = await h.request('GET', '/v1/post-clearance?status=closed-unfounded', h.keys['AUDITOR']);
      assert.deepEqual((closed.body.items as { consignment: string }[]).map((i) => i.consignment).filter((c) => c.startsWith('C-PAGE-')), ['C-PAGE-3']);
    });

    it('accepts every canonical example as it is and names its consignment', async () => {
      for (const name of exampleNames()) {
        const sender = SENDER_OF[name];
        assert.ok(sender, `no sender known for ${name}`);
        const response = await h.request('POST', '/v1/messages', h.keys[sender], example(name));
        assert.equal(response.status, 202, `${name}: ${JSON.stringify(response.body)}`);
        assert.match(response.body.consignment, /^LX/, name);
        assert.ok(typeof response.body.status === 'string');
      }
    });

    it('links the declaration and its later pre-loading data into one consignment with an MRN', async () => {
      const declared = await h.request('GET', '/v1/consignments/HAWB7712345601', h.keys['OFFICER-1']);
      assert.equal(declared.status, 200);
      assert.match(declared.body.mrn, /^\d{2}NL[A-Z0-9]{13}[A-Z0-9]$/);
      const types = declared.body.linkedMessages.map((m: { type: string }) => m.type);
      // The examples go in by file name, so the arrival came first: order does not matter.
      assert.deepEqual(types, ['arrival', 'declaration', 'pre-loading']);
      const byMrn = await h.request('GET', `/v1/consignments/${declared.body.mrn}`, h.keys['OFFICER-1']);
      assert.equal(byMrn.body.consignment, declared.body.consignment);
    });

    it('fails closed: with no engine the declared consignment waits for an officer, and the answer says so', async () => {
      const view = await h.request('GET', '/v1/consignments/HAWB7712345601', h.keys['OFFICER-1']);
      assert.equal(view.body.status, 'awaiting-officer');
      assert.ok(view.body.waitingFor.some((g: { type: string }) => g.type === 'officer'));
    });

    it('releases on an officer decision once the goods have arrived', async () => {
      const action = await h.request('POST', '/v1/consignments/HAWB7712345601/actions', h.keys['OFFICER-1'], { action: 'release', reason: 'documents checked' });
      assert.equal(action.status, 200, JSON.stringify(action.body));
      assert.equal(action.body.status, 'released');
    });

    it('links order, payment and transport of three parties by order id', async () => {
      const view = await h.request('GET', '/v1/consignments/RR123456785NZ', h.keys['OFFICER-1']);
      assert.equal(view.status, 200);
      const types = view.body.linkedMessages.map((m: { type: string }) => m.type).sort();
      assert.deepEqual(types, ['order', 'payment', 'transport']);
    });

    it('returns the first answer for the same messageId and refuses the same id with other content', async () => {
      const message = example('declaration-eu-ioss.json');
      const again = await h.request('POST', '/v1/messages', h.keys.IM5280000001, message);
      assert.equal(again.status, 202);
      assert.equal(again.body.duplicate, true);
      const changed = withId(message, String(message.messageId), (m) => { (m.consignment as { grossMassKg: number }).grossMassKg = 9; });
      const conflict = await h.request('POST', '/v1/messages', h.keys.IM5280000001, changed);
      assert.equal(conflict.status, 409);
      assert.equal(conflict.body.code, 'LUX_ERR_DUPLICATE_CONFLICT');
      assert.equal(conflict.headers['content-type'], 'application/problem+json; charset=utf-8');
    });

    it('refuses a second arrival and a return of goods never declared', async () => {
      const second = await h.request('POST', '/v1/messages', h.keys.BE0123456789, withId(example('arrival.json'), 'arr-2'));
      assert.equal(second.status, 409);
      assert.equal(second.body.code, 'LUX_ERR_STATE_CONFLICT');
      const ret = withId(example('return.json'), 'ret-unknown', (m) => { (m.return as { originalTransportDocument: { number: string } }).originalTransportDocument.number = 'HAWB-NEVER-SEEN'; });
      const unknown = await h.request('POST', '/v1/messages', h.keys.DE9876543210, ret);
      assert.equal(unknown.status, 409);
      assert.match(unknown.body.detail, /never declared/);
    });

    it('refuses an amendment after release', async () => {
      const amendment = { messageId: 'amd-1', type: 'amendment', sentAt: '2026-11-22T08:00:00Z', sender: { role: 'platform', id: 'IM5280000001' }, jurisdiction: 'EU',
        amendment: { transportDocument: { type: 'house-waybill', number: 'HAWB7712345601' }, reason: 'wrong weight', consignment: { grossMassKg: 0.5 } } };
      const response = await h.request('POST', '/v1/messages', h.keys.IM5280000001, amendment);
      assert.equal(response.status, 409, JSON.stringify(response.body));
    });

    it('holds for review, unmerged, a declaration claiming a transport document tied to another carrier', async () => {
      const claim = withId(example('declaration-eu-over-150.json'), 'other-1', (m) => {
        m.sender = { role: 'carrier', id: 'FR5550001111' };
        const c = m.consignment as { carrier: { id: string }; representative: { id: string }; collection: { payer: string } };
        c.carrier.id = 'FR5550001111'; c.representative.id = 'FR5550001111'; c.collection.payer = 'FR5550001111';
      });
      const response = await h.request('POST', '/v1/messages', h.keys['FR5550001111'], claim);
      assert.equal(response.status, 202);
      assert.equal(response.body.status, 'held-for-review');
      const original = await h.request('GET', '/v1/consignments/HAWB5500099123', h.keys['OFFICER-1']);
      assert.notEqual(original.body.consignment, response.body.consignment);
      const theirs = await h.request('GET', `/v1/consignments/${original.body.consignment}`, h.keys['FR5550001111']);
      assert.equal(theirs.status, 404);
    });

    it('authorises by key: none is 401, another sender 403, an unreferred agency sees nothing', async () => {
      assert.equal((await h.request('POST', '/v1/messages', undefined, example('arrival.json'))).status, 401);
      const spoof = await h.request('POST', '/v1/messages', h.keys['FR5550001111'], withId(example('arrival.json'), 'spoof'));
      assert.equal(spoof.status, 403);
      assert.equal(spoof.body.code, 'LUX_ERR_SENDER_MISMATCH');
      const agency = await h.request('GET', '/v1/consignments/HAWB7712345601', h.keys['AGENCY-HEALTH']);
      assert.equal(agency.status, 404);
      const officerOnly = await h.request('POST', '/v1/consignments/HAWB7712345601/actions', h.keys.BE0123456789, { action: 'hold', reason: 'x' });
      assert.equal(officerOnly.status, 403);
    });

    it('shows the carrier the release status but not the buyer\'s e-mail', async () => {
      const carrier = await h.request('GET', '/v1/consignments/HAWB7712345601', h.keys.BE0123456789);
      assert.equal(carrier.status, 200);
      assert.equal(carrier.body.released, true);
      assert.ok(!JSON.stringify(carrier.body).includes('anna@example.nl'));
      const declarant = await h.request('GET', '/v1/consignments/HAWB7712345601', h.keys.IM5280000001);
      assert.ok(JSON.stringify(declarant.body).includes('anna@example.nl'));
    });

    it('rejects one bad line of a bulk body alone and takes the others', async () => {
      const good = withId(example('arrival.json'), 'bulk-ok', (m) => { (m.arrival as { transportDocuments: { number: string }[] }).transportDocuments[0].number = 'HAWB-BULK-1'; });
      const body = [JSON.stringify(good), '{"not json', JSON.stringify({ ...good, messageId: 'bulk-bad', type: 'teleport' })].join('\n');
      const response = await h.request('POST', '/v1/messages', h.keys.BE0123456789, body, 'application/x-ndjson');
      assert.equal(response.status, 200);
      const lines = String(response.body).trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(lines[0].http, 202);
      assert.ok(lines[1].http >= 400 && lines[2].http >= 400);
      assert.equal(lines[1].code, 'LUX_ERR_JSON_MALFORMED');
      assert.equal(lines[2].code, 'LUX_ERR_TYPE_UNKNOWN');
    });

    it('keeps a verifiable hash chain, and erasing personal data leaves it verifying', async () => {
      await h.platform.checkpoint();
      const view = await h.request('GET', '/v1/consignments/HAWB5500099123', h.keys['OFFICER-1']);
      assert.ok(await h.platform.erase(view.body.consignment, 'retention period ended'));
      await h.platform.checkpoint();
      const result = await verifyLog(h.store.allEvents(), (await h.store.checkpoints()) as Checkpoint[]);
      assert.equal(result.ok, true, JSON.stringify(result.firstBad));
      assert.ok(result.count > 10);
      const after = await h.request('GET', '/v1/consignments/HAWB5500099123', h.keys['OFFICER-1']);
      assert.ok(!JSON.stringify(after.body).includes('Jonas Becker'));
    });

    it('rebuilds every consignment from its events after a restart', async () => {
      const before = await h.request('GET', '/v1/consignments/HAWB7712345601', h.keys['OFFICER-1']);
      const { Platform } = await import('../../src/platform/platform.js');
      const { failClosedPolicy } = await import('../../src/clearance/fail-closed-policy.js');
      const fresh = await Platform.open(h.store, { policy: failClosedPolicy });
      const rebuilt = await fresh.find('HAWB7712345601');
      const original = await h.platform.find('HAWB7712345601');
      assert.deepEqual(rebuilt, original);
      assert.equal(before.body.status, 'released');
    });

    it('reads the log again by event type, in order, for the projections that relearn on start', async () => {
      const types = ['decision', 'message.arrival'];
      const all = [];
      for await (const e of h.store.allEvents()) if (types.includes(e.type)) all.push({ seq: e.seq, consignmentId: e.consignmentId, type: e.type, at: e.at, payload: e.payload });
      assert.ok(all.some((e) => e.type === 'decision') && all.some((e) => e.type === 'message.arrival'));
      const paged = [];
      for (let after = 0; ;) {
        const page = await h.store.readEventsOfTypes(after, 3, types);
        if (page.length === 0) break;
        paged.push(...page);
        after = page[page.length - 1].seq;
      }
      assert.deepEqual(paged, all);
      assert.deepEqual(await h.store.readEventsOfTypes(0, 10, []), []);
    });

    it('reports completeness against the regulated data set, and shows each role only its fields', async () => {
      const m = withId(example('declaration-eu-ioss.json'), 'complete-1', (x) => { (x.consignment as { transportDocument: { number: string } }).transportDocument.number = 'HAWBCOMPLETE1'; });
      const answer = await h.request('POST', '/v1/messages', h.keys.IM5280000001, m);
      assert.equal(answer.body.completeness.score, 1, JSON.stringify(answer.body.completeness));
      const analyst = await h.request('GET', '/v1/consignments/HAWBCOMPLETE1', h.keys.ANALYST);
      assert.equal(analyst.status, 200);
      assert.ok(!JSON.stringify(analyst.body).includes('anna@example.nl'), 'a risk analyst does not see the buyer\'s e-mail');
    });

    it('logs every read of personal data by an official', async () => {
      const view = await h.request('GET', '/v1/consignments/HAWB7712345601', h.keys['OFFICER-1']);
      const events = await h.store.eventsOf(view.body.consignment);
      assert.ok(events.some((e) => e.type === 'access.personal-data' && e.actor.startsWith('OFFICER-1/')));
    });
  });
}

await suite('sqlite');
await suite('postgres');
