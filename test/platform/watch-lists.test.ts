/**
 * Issue 4: lists of offenders and watch lists with a "list management API with validity dates".
 * An analyst's list takes effect on the next consignment without a restart, an entry is ended by
 * its `validTo` rather than deleted, a bad list is refused with the pointer of the field, and the
 * lists survive a restart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.js';
import { Store } from '../../src/ledger/store.js';
import { configure } from '../../src/platform/engines.js';
import { WatchLists } from '../../src/platform/watch-lists.js';
import { loadSampleWatchLists, type RiskEngine } from '../../src/risk/index.js';
import { Platform } from '../../src/platform/platform.js';
import { decodeDecisionPayload } from '../../src/platform/decision-record.js';
import { example, tempDir } from '../helpers.js';

interface Server { app: FastifyInstance; platform: Platform; store: Store; keys: Record<string, string>; close(): Promise<void> }

async function open(dir: string): Promise<Server> {
  const store = await Store.open({ data: dir });
  const configured = await configure(store);
  const platform = await Platform.open(store, { policy: configured.policy, relearnEvents: 0 });
  const app = await buildServer({ platform, extensions: configured.extensions });
  const keys: Record<string, string> = {};
  for (const [org, role] of [['IM5280000001', 'platform'], ['ANALYST', 'risk-analyst'], ['OFFICER-1', 'customs-officer']] as const) keys[org] = await store.createKey(org, role);
  return { app, platform, store, keys, async close() { await app.close(); await platform.close(); await store.close(); } };
}

async function call(s: Server, method: string, url: string, key: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are inspected freely
  const r = await s.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, payload: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.statusCode, body: JSON.parse(r.body) };
}

let n = 0;
/** The IOSS example from a seller whose name the analyst will list. */
async function declareFrom(s: Server, seller: string): Promise<string[]> {
  n++;
  const m = example('declaration-eu-ioss.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture edits
  m.messageId = `watch-${n}`;
  m.consignment.transportDocument.number = `HAWBWATCH${n}`;
  m.consignment.order.id = `ORD-WATCH-${n}`;
  m.consignment.seller.name = seller;
  m.consignment.seller.identifiers = [];
  const answer = await s.platform.submit(m, { org: 'IM5280000001', role: 'platform', keyId: 't' });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  let last: string[] = [];
  for await (const e of s.store.allEvents()) if (e.type === 'decision') last = decodeDecisionPayload(e.payload).decision.reasons.map((r) => JSON.stringify(r));
  return last;
}

const list = {
  id: 'customs-nl-2026', name: 'Offenders of the Dutch customs, 2026', source: 'Algemene douanewet art. 1:33 (test list)', points: 50, threshold: 0.85,
  validFrom: '2026-01-01T00:00:00+01:00',
  entries: [{ id: 'NL-1', kind: 'organisation', name: 'Dongguan Lucky Sun Electronics Co., Ltd.', reason: 'counterfeit chargers seized 2026-03', validFrom: '2026-03-15T00:00:00+01:00' }],
};

describe('watch lists that analysts manage', () => {
  it('take effect on the next consignment, end by their validity date, refuse a bad entry by pointer, and survive a restart', async () => {
    const temp = tempDir();
    let s = await open(temp.dir);
    try {
      const before = await declareFrom(s, 'Lucky Sun Electronics (Dongguan) Company Limited');
      assert.ok(!before.some((r) => r.includes('NL-1')), 'not listed yet');

      assert.equal((await call(s, 'PUT', '/v1/risk/watch-lists/customs-nl-2026', s.keys.IM5280000001, list)).status, 403, 'the trade does not manage lists');
      const bad = await call(s, 'PUT', '/v1/risk/watch-lists/customs-nl-2026', s.keys.ANALYST, { ...list, entries: [{ ...list.entries[0], validFrom: '2026-03-15' }] });
      assert.equal(bad.status, 422, JSON.stringify(bad.body));
      assert.equal(bad.body.code, 'LUX_ERR_FIELD_INVALID');
      assert.equal(bad.body.errors?.[0]?.pointer ?? bad.body.pointer, '/entries/0/validFrom', JSON.stringify(bad.body));

      const put = await call(s, 'PUT', '/v1/risk/watch-lists/customs-nl-2026', s.keys.ANALYST, list);
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.deepEqual(put.body, { id: 'customs-nl-2026', version: 1, entries: 1 });
      // Word order, legal form and case differ: matched tolerantly, on the next consignment.
      const listed = await declareFrom(s, 'Lucky Sun Electronics (Dongguan) Company Limited');
      assert.ok(listed.some((r) => r.includes('"NL-1"') && r.includes('watchlist')), listed.join('\n'));

      const read = await call(s, 'GET', '/v1/risk/watch-lists/customs-nl-2026', s.keys['OFFICER-1']);
      assert.equal(read.status, 200);
      assert.equal(read.body.changedBy, 'ANALYST');
      const all = await call(s, 'GET', '/v1/risk/watch-lists', s.keys.ANALYST);
      assert.ok(all.body.items.some((l: { id: string; entries: number }) => l.id === 'offenders-sample'), 'the shipped list stays beside it');

      // Ended, not deleted: the entry stays for back-tests of the days it was in force.
      const ended = await call(s, 'PUT', '/v1/risk/watch-lists/customs-nl-2026/entries/NL-1', s.keys.ANALYST, { ...list.entries[0], validTo: '2026-04-01T00:00:00+02:00' });
      assert.equal(ended.status, 200, JSON.stringify(ended.body));
      assert.equal(ended.body.version, 2);
      const after = await declareFrom(s, 'Lucky Sun Electronics (Dongguan) Company Limited');
      assert.ok(!after.some((r) => r.includes('"NL-1"')), 'no longer listed today');

      const added = await call(s, 'PUT', '/v1/risk/watch-lists/customs-nl-2026/entries/NL-2', s.keys.ANALYST, { id: 'NL-2', kind: 'organisation', name: 'Ningbo Harbour Star Trading', reason: 'undervaluation found on audit', validFrom: '2026-05-01T00:00:00Z' });
      assert.equal(added.body.entries, 2);
      await s.close();

      // After a restart the store's version is the one in force.
      s = await open(temp.dir);
      const restarted = await declareFrom(s, 'NINGBO HARBOUR STAR TRADING');
      assert.ok(restarted.some((r) => r.includes('"NL-2"')), restarted.join('\n'));
      assert.equal((await call(s, 'GET', '/v1/risk/watch-lists/customs-nl-2026', s.keys.ANALYST)).body.version, 2 + 1);
    } finally {
      await s.close();
      temp.cleanup();
    }
  });

  it('reach another process on the same store at its next reload, and an unchanged store rebuilds nothing', async () => {
    const temp = tempDir();
    const store = await Store.open({ data: temp.dir });
    try {
      const applied: string[][] = [];
      const engine = (calls: string[][]) => ({ replaceWatchLists: (lists: { id: string }[]) => { calls.push(lists.map((l) => l.id)); } }) as unknown as RiskEngine;
      const here = await WatchLists.open(store, engine([]), loadSampleWatchLists());
      const there = await WatchLists.open(store, engine(applied), loadSampleWatchLists());
      assert.deepEqual(applied, [], 'nothing stored: the shipped lists stay as they are');
      await here.put(list, 'ANALYST', '2026-12-06T04:00:00Z');
      await there.reload();
      assert.deepEqual(applied, [['offenders-sample', 'customs-nl-2026']]);
      await there.reload();
      assert.equal(applied.length, 1, 'the same versions: the index is not rebuilt');
    } finally {
      await store.close();
      temp.cleanup();
    }
  });
});

