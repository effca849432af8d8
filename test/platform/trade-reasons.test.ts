/**
 * What the declarant is told of a decision: its liabilities and data-quality findings, and what
 * it must do next; never the risk reasons (rule hits, list matches, random audits), which would
 * show a trader what customs targets. Officers see every reason.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Reason } from '../../src/clearance/seam.js';
import { tradeGateReason, tradeReasons } from '../../src/clearance/trade-reasons.js';
import { enginePolicy, loadEngines } from '../../src/platform/engines.js';
import { example, harness } from '../helpers.js';

const RISK_SOURCES = new Set(['rule', 'list', 'model', 'random']);

describe('the trade view of a decision', () => {
  it('keeps revenue and data-quality reasons and drops every risk reason', () => {
    const reasons: Reason[] = [
      { code: 'LUX_REV_VAT', source: 'revenue', message: 'vat' },
      { code: 'dq-vague-description', source: 'check', message: 'line 1: "gift" is too vague' },
      { code: 'data-quality-score', source: 'check', message: 'data-quality score 70 of 100', score: 9 },
      { code: 'rule:late-data', source: 'rule', message: 'late', score: 10 },
      { code: 'watchlist-match', source: 'list', message: 'matched', matched: { name: 'X' } },
      { code: 'random-audit', source: 'random', message: 'audit' },
      { code: 'model-score', source: 'model', message: 'p' },
      { code: 'seller-first-time', source: 'check', message: 'first consignment of this seller', score: 10 },
      { code: 'undervaluation', source: 'check', message: 'below reference', score: 30 },
      { code: 'capacity-deferred', source: 'policy', message: 'deferred' },
    ];
    assert.deepEqual(tradeReasons(reasons).map((r) => r.code), ['LUX_REV_VAT', 'dq-vague-description', 'data-quality-score']);
  });

  it('answers the declarant with its liabilities and data-quality findings but not the rules it hit', async () => {
    const h = await harness({ policy: enginePolicy(loadEngines()) });
    try {
      const declaration = example('declaration-eu-ioss.json') as { consignment: { items: { description: string }[] } };
      declaration.consignment.items[0].description = 'gift';
      const answer = await h.request('POST', '/v1/messages', h.keys.IM5280000001, declaration);
      assert.equal(answer.status, 202, JSON.stringify(answer.body));
      const told = answer.body.reasons as Reason[];
      assert.ok(told.some((r) => r.code === 'dq-vague-description'), JSON.stringify(told));
      assert.ok(told.some((r) => r.source === 'revenue'), JSON.stringify(told));
      assert.ok(!told.some((r) => RISK_SOURCES.has(r.source)), JSON.stringify(told));
      assert.ok(answer.body.revenue.liabilities.length > 0);

      const view = await h.request('GET', `/v1/consignments/${answer.body.consignment}`, h.keys.IM5280000001);
      assert.equal(view.status, 200);
      assert.deepEqual((view.body.reasons as Reason[]).map((r) => r.code), told.map((r) => r.code));

      const officer = await h.request('GET', `/v1/consignments/${answer.body.consignment}`, h.keys['OFFICER-1']);
      const all = (officer.body.decisions as { reasons: Reason[] }[]).at(-1)!.reasons;
      // The example's dates are past: sent today it is late, which a rule scores; the officer sees that hit.
      assert.ok(all.some((r) => r.code === 'rule:late-data' && r.source === 'rule'), JSON.stringify(all.map((r) => r.code)));
      assert.ok(!told.some((r) => r.code === 'rule:late-data'));
    } finally {
      await h.close();
    }
  });

  it('shows the liabilities to the declarant, not to the carrier that reports the arrival', async () => {
    const h = await harness({ policy: enginePolicy(loadEngines()) });
    try {
      const declaration = example('declaration-eu-ioss.json') as { consignment: { transportDocument: { number: string } } };
      const declared = await h.request('POST', '/v1/messages', h.keys.IM5280000001, declaration);
      assert.ok(declared.body.revenue, 'the declarant is told what is due');
      const arrival = example('arrival.json');
      const arrived = await h.request('POST', '/v1/messages', h.keys.BE0123456789, arrival);
      assert.equal(arrived.status, 202, JSON.stringify(arrived.body));
      assert.equal(arrived.body.consignment, declared.body.consignment);
      assert.equal(arrived.body.revenue, undefined, JSON.stringify(arrived.body));
      const carrierView = await h.request('GET', `/v1/consignments/${declared.body.consignment}`, h.keys.BE0123456789);
      assert.equal(carrierView.body.revenue, undefined, 'the same as the consignment view gives the carrier');
    } finally {
      await h.close();
    }
  });

  it('tells the trade what a gate means, not the officer\'s grounds, the score or the day\'s capacity', () => {
    const rows: [Parameters<typeof tradeGateReason>[0], string][] = [
      [{ id: 'inspection-2', type: 'inspection', reason: 'officer set red lane: intelligence on this consignor' }, 'physical inspection'],
      [{ id: 'deferred-1', type: 'deferred', reason: "would be red (score 62) but the day's inspection capacity at BEBRU is used: deferred for post-clearance audit" }, 'held for a customs decision'],
      [{ id: 'officer-hold-1', type: 'officer-hold', reason: 'suspected reshipper' }, 'held by customs'],
      [{ id: 'agency-A-1', type: 'agency', agency: 'AGENCY-HEALTH', reason: 'rule medicines-by-post' }, 'referred to AGENCY-HEALTH: it decides, and may ask for a permit, licence or certificate'],
      // questions are meant for the trade: shown as asked
      [{ id: 'information-1', type: 'information', reason: 'send the purchase invoice' }, 'send the purchase invoice'],
      [{ id: 'correction-1', type: 'correction', reason: 'line 1: HS code 640299 too short' }, 'line 1: HS code 640299 too short'],
    ];
    for (const [gate, told] of rows) assert.equal(tradeGateReason(gate), told, gate.id);
  });

  it("shows the declarant 'physical inspection' where the officer sees the officer's grounds", async () => {
    const h = await harness({ policy: enginePolicy(loadEngines()) });
    try {
      const declared = await h.request('POST', '/v1/messages', h.keys.IM5280000001, example('declaration-eu-ioss.json'));
      const ref = declared.body.consignment as string;
      const set = await h.request('POST', `/v1/consignments/${ref}/actions`, h.keys['OFFICER-1'], { action: 'set-lane', lane: 'red', reason: 'intelligence on this consignor' });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      const trade = await h.request('GET', `/v1/consignments/${ref}`, h.keys.IM5280000001);
      const inspection = (trade.body.waitingFor as { type: string; reason: string }[]).find((g) => g.type === 'inspection');
      assert.equal(inspection?.reason, 'physical inspection');
      assert.ok(!JSON.stringify(trade.body).includes('intelligence'), JSON.stringify(trade.body.waitingFor));
      const officer = await h.request('GET', `/v1/consignments/${ref}`, h.keys['OFFICER-1']);
      assert.match((officer.body.waitingFor as { type: string; reason: string }[]).find((g) => g.type === 'inspection')!.reason, /intelligence on this consignor/);
    } finally {
      await h.close();
    }
  });
});
