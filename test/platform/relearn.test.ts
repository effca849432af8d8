/**
 * Issue 4: reference prices are "learned robustly from history ... updated as data arrives", and
 * the red threshold "adapts to the day's capacity and the scores seen so far". Both live in
 * memory; a restart must not forget them. Opening the platform reads the log's latest events
 * again and feeds the policy as the live path did.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Store } from '../../src/ledger/store.js';
import { Platform } from '../../src/platform/platform.js';
import { decodeDecision, decodeDecisionPayload, encodeDecisionPayload, type RecordedDecision } from '../../src/platform/decision-record.js';
import type { DecisionRecord } from '../../src/clearance/consignment-state.js';
import { enginePolicy, loadEngines, type Engines } from '../../src/platform/engines.js';
import type { DeclarationMessage } from '../../src/domain/message.js';
import { example, tempDir } from '../helpers.js';

const caller = { org: 'IM5280000001', role: 'platform', keyId: 't' };
// One day, so that every decision counts in the same day's histogram.
const clock = () => new Date('2026-11-20T09:00:00Z');

function euros(cents: number): string { return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`; }

/**
 * The IOSS example with its headphones at `cents`, the invoice, payment and collected VAT (21 % NL,
 * on goods and transport, as the example's own 9.45 on 44.99) kept consistent, so that nothing
 * but the price differs and no reconciliation finding keeps the price from teaching.
 */
function declaration(n: number, cents: number): DeclarationMessage {
  const m = example('declaration-eu-ioss.json') as unknown as DeclarationMessage;
  m.messageId = `relearn-${n}`;
  m.consignment.transportDocument.number = `HAWBRELEARN${n}`;
  m.consignment.order!.id = `ORD-RELEARN-${n}`;
  m.consignment.items[0].unitPrice = euros(cents);
  const goods = cents + 1000;
  const vat = Math.round((goods + 500) * 21 / 100);
  m.consignment.invoice!.itemsTotal = euros(goods);
  m.consignment.vendorCollection!.taxCollected = euros(vat);
  m.consignment.payment!.amount = euros(goods + 500 + vat);
  return m;
}

async function decisions(store: Store): Promise<RecordedDecision[]> {
  const out: RecordedDecision[] = [];
  for await (const e of store.allEvents()) if (e.type === 'decision') out.push(decodeDecisionPayload(e.payload));
  return out;
}

async function reopen(dir: string, options: { relearnEvents?: number } = {}): Promise<{ store: Store; platform: Platform; engines: Engines }> {
  const store = await Store.open({ data: dir });
  // Fresh engines, as after a process restart: nothing learned in memory.
  const engines = loadEngines();
  const platform = await Platform.open(store, { policy: enginePolicy(engines), clock, relearnEvents: options.relearnEvents });
  return { store, platform, engines };
}

describe('relearning from the log on opening', () => {
  it('a restart keeps the reference prices and the day\'s scores: an undervalued parcel is still found', async () => {
    const temp = tempDir();
    const samples = 40;
    try {
      let { store, platform } = await reopen(temp.dir);
      for (let i = 0; i < samples; i++) {
        const answer = await platform.submit(declaration(i, 2799 + (i % 9) * 50), caller);
        assert.equal(answer.status, 202, JSON.stringify(answer));
      }
      // Same buyer, same seller: a few earlier parcels are assessed again as a split; they teach once.
      assert.equal((await decisions(store)).filter((d) => d.decision.trigger === 'declaration').length, samples);
      await platform.close();
      await store.close();

      // Restarted without reading the log: the reference is empty and the parcel at 3.00 passes unnoticed.
      ({ store, platform } = await reopen(temp.dir, { relearnEvents: 0 }));
      assert.equal(platform.relearned.observed, 0);
      await platform.submit(declaration(1000, 300), caller);
      const blind = (await decisions(store)).at(-1)!;
      assert.ok(!blind.decision.reasons.some((r) => r.code === 'undervaluation'), JSON.stringify(blind.decision.reasons.map((r) => r.code)));
      await platform.close();
      await store.close();

      // Restarted as the server does: the latest events are read again.
      let engines: Engines;
      ({ store, platform, engines } = await reopen(temp.dir));
      assert.equal(platform.relearned.observed, samples + 1, "each declaration is fed back once, not again for its re-assessments");
      const series = engines.valuation.snapshotFor([{ hsCode: '851830', origin: 'CN' }], 'EUR').series;
      assert.ok(Object.values(series).some((s) => s.samples >= samples), JSON.stringify(series));
      await platform.submit(declaration(1001, 300), caller);
      const found = (await decisions(store)).at(-1)!;
      const undervaluation = found.decision.reasons.find((r) => r.code === 'undervaluation');
      assert.ok(undervaluation, JSON.stringify(found.decision.reasons.map((r) => r.code)));
      // The day's histogram came back too: the decision saw every consignment scored today, once each.
      const seen = found.context.scoresSeen as { total: number } | undefined;
      assert.equal(seen?.total, samples + 1);
      await platform.close();
      await store.close();
    } finally {
      temp.cleanup();
    }
  });

  it('learns nothing from a parcel whose own decision doubted its price', async () => {
    const temp = tempDir();
    try {
      let { store, platform } = await reopen(temp.dir);
      for (let i = 0; i < 35; i++) await platform.submit(declaration(i, 2799 + (i % 7) * 40), caller);
      // Declared far under the others: flagged, so it must not teach the reference after a restart either.
      for (let i = 0; i < 5; i++) await platform.submit(declaration(100 + i, 250), caller);
      const flagged = (await decisions(store)).filter((d) => d.decision.reasons.some((r) => r.code === 'undervaluation')).length;
      assert.equal(flagged, 5);
      await platform.close();
      await store.close();

      let engines: Engines;
      ({ store, platform, engines } = await reopen(temp.dir));
      const series = engines.valuation.snapshotFor([{ hsCode: '851830', origin: 'CN' }], 'EUR').series;
      assert.ok(Object.values(series).every((s) => s.samples === 35), JSON.stringify(series));
      await platform.close();
      await store.close();
    } finally {
      temp.cleanup();
    }
  });
});

describe('reading only the decision of a decision payload', () => {
  const decision = { number: 1, at: '2026-11-20T09:00:00Z', trigger: 'declaration', policy: 'engines', versions: {}, score: 7, gates: [], reasons: [{ code: 'x', source: 'check', message: 'm', matched: { note: ',"context":{', context: { deep: 1 } } }] };
  const context = { now: '2026-11-20T09:00:00Z', recent: [], parties: {}, versions: { policy: 'engines' } };

  it('gives the decision as the whole payload does, whatever its reasons hold', () => {
    const payload = encodeDecisionPayload({ decision: decision as unknown as DecisionRecord, context });
    assert.deepEqual(decodeDecision(payload), decodeDecisionPayload(payload).decision);
  });

  it('reads a payload written context first (canonical key order) whole', () => {
    const payload = JSON.stringify({ context, decision });
    assert.deepEqual(decodeDecision(payload), decision);
  });
});
