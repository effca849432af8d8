/**
 * Issue 4: "Inspection capacity per location per day is configurable". Officers in charge set a
 * location's daily capacity with exceptions for given days; the next assessment at that location
 * works with it (its recorded context says so), other locations keep the default, and the plan
 * survives a restart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capacityOn, validateCapacityPlan, type CapacityPlan } from '../../src/clearance/inspection-capacity.js';
import { decodeDecisionPayload } from '../../src/platform/decision-record.js';
import { enginePolicy, loadEngines } from '../../src/platform/engines.js';
import { Platform } from '../../src/platform/platform.js';
import { example, harness } from '../helpers.js';

describe('inspection capacity per location and day', () => {
  const plans = new Map<string, CapacityPlan>([['BEBRU', { location: 'BEBRU', perDay: 40, days: { '2026-12-24': 10 } }]]);
  const table: [string, string, number][] = [
    ['BEBRU', '2026-12-23', 40],
    ['BEBRU', '2026-12-24', 10],
    ['NLAMS', '2026-12-24', 500],
  ];
  for (const [location, date, expected] of table) {
    it(`gives ${location} on ${date} a capacity of ${expected}`, () => assert.equal(capacityOn(plans, 500, location, date), expected));
  }

  it('refuses a plan field by field', () => {
    const cases: [string, unknown, string][] = [
      ['BRUSSELS', { perDay: 5 }, '/location'],
      ['BEBRU', { perDay: -1 }, '/perDay'],
      ['BEBRU', { perDay: 2.5 }, '/perDay'],
      ['BEBRU', { perDay: 5, days: { '2026-02-30': 3 } }, '/days/2026-02-30'],
      ['BEBRU', { perDay: 5, days: { '2026-12-24': 'ten' } }, '/days/2026-12-24'],
    ];
    for (const [location, body, pointer] of cases) {
      const v = validateCapacityPlan(location, body);
      assert.equal(v.ok, false, JSON.stringify(body));
      if (!v.ok) assert.ok(v.problems.some((p) => p.pointer === pointer), `${pointer}: ${JSON.stringify(v.problems)}`);
    }
  });

  it('is set by an officer in charge, read by officials, used by the next assessment at that location, and kept across a restart', async () => {
    const policy = enginePolicy(loadEngines());
    const h = await harness({ policy });
    try {
      const today = new Date().toISOString().slice(0, 10);
      assert.equal((await h.request('PUT', '/v1/inspection-capacity/BEBRU', h.keys.IM5280000001, { perDay: 7 })).status, 403, 'not the trade');
      const bad = await h.request('PUT', '/v1/inspection-capacity/BEBRU', h.keys['OFFICER-1'], { perDay: -3 });
      assert.equal(bad.status, 422);
      const set = await h.request('PUT', '/v1/inspection-capacity/BEBRU', h.keys['OFFICER-1'], { perDay: 7, days: { [today]: 3 } });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.equal(set.body.changedBy, 'OFFICER-1');

      const declared = await h.request('POST', '/v1/messages', h.keys.IM5280000001, example('declaration-eu-ioss.json'));
      assert.equal(declared.status, 202, JSON.stringify(declared.body));
      let context: { inspections?: { location: string; capacity: number } } | undefined;
      for await (const e of h.store.allEvents()) if (e.type === 'decision') context = decodeDecisionPayload(e.payload).context as typeof context;
      assert.deepEqual([context?.inspections?.location, context?.inspections?.capacity], ['BEBRU', 3], "today's exception, at the consignment's place of unloading");

      const read = await h.request('GET', `/v1/inspection-capacity?date=${today}`, h.keys.AUDITOR);
      assert.equal(read.status, 200);
      assert.equal(read.body.default, 500);
      const bebru = read.body.locations.find((l: { location: string }) => l.location === 'BEBRU');
      assert.equal(bebru.capacity, 3);
      assert.equal(typeof bebru.used, 'number');

      await h.platform.close();
      const reopened = await Platform.open(h.store, { policy, relearnEvents: 0 });
      assert.deepEqual(reopened.inspectionDay('BEBRU', '2030-01-01'), { capacity: 7, used: 0 });
      await reopened.close();
    } finally {
      await h.close();
    }
  });
});
