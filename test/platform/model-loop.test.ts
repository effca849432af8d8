/**
 * The learning loop on the platform: simulated traffic through the engines, inspections answered
 * from the ground truth (random audits among them), `luxor model train` on the recorded outcomes,
 * `promote`, and the live model's score in the next decision, without a restart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from '../../src/domain/message.js';
import { modelCommand } from '../../src/model/cli.js';
import { enginePolicy, loadEngines } from '../../src/platform/engines.js';
import { ModelHolder, StoreModelRegistry, StoreOutcomeSource } from '../../src/platform/model-store.js';
import { generateTraffic } from '../../src/simulate/generate.js';
import { inspectionResultFor } from '../../src/simulate/inspection.js';
import { harness } from '../helpers.js';

describe('the learned model on the platform', () => {
  it('trains on recorded inspection outcomes, goes live on promote, and explains its score in the next decision', async () => {
    let holder!: ModelHolder;
    const h = await harness({
      policyFor: async (store) => {
        holder = new ModelHolder(new StoreModelRegistry(store));
        await holder.refresh();
        // A high audit rate, so that a small run has outcomes for parcels no rule selected.
        return enginePolicy(loadEngines({ randomAuditRate: 0.5, model: holder.score }));
      },
    });
    try {
      const traffic = generateTraffic({ seed: 7, consignments: 300, start: new Date().toISOString(), violationRate: 0.3 });
      const officer = traffic.organisations.find((o) => o.role === 'customs-officer')!;
      for (const event of traffic.events) {
        await h.platform.submit(event.message, { org: event.message.sender.id, role: event.message.sender.role, keyId: 'sim' });
      }
      let inspected = 0;
      for (const event of traffic.events) {
        if (event.message.type !== 'declaration' || !event.truth) continue;
        const state = await h.platform.find(event.truth.transportDocument.number);
        if (!state || !['inspection', 'deferred'].includes(String(state.decisions.at(-1)?.gates.find((g) => g.type === 'inspection' || g.type === 'deferred')?.type))) continue;
        const result: Message = inspectionResultFor(event.truth, { ...state.facts, transportDocument: state.facts.transportDocument }, new Date().toISOString(), { id: officer.id });
        const answer = await h.platform.submit({ ...result, sender: { ...result.sender, id: officer.id } }, { org: officer.id, role: 'customs-officer', keyId: 'officer' });
        if (answer.status === 202) inspected++;
      }
      assert.ok(inspected >= 30, `only ${inspected} inspections recorded`);

      const lines: string[] = [];
      const deps = { outcomes: new StoreOutcomeSource(h.platform), registry: new StoreModelRegistry(h.store), inspectionRate: 0.1, print: (l: string) => lines.push(l) };
      const labelled = await deps.outcomes.labelled();
      assert.ok(labelled.some((l) => l.selectedBy === 'random' && l.selectionProbability === 0.5), 'random audits carry their drawing probability');
      assert.ok(labelled.every((l) => l.facts.inspections.length === 0), 'no label leaks into the features');
      assert.equal(await modelCommand(['train', '--version', 'm-test-1'], deps), 0, lines.join('\n'));
      assert.equal(await modelCommand(['promote', 'm-test-1'], deps), 0);
      await holder.refresh();
      assert.equal(holder.version, 'm-test-1');

      const next = generateTraffic({ seed: 8, consignments: 5, start: new Date().toISOString() }).events.find((e) => e.message.type === 'declaration')!;
      const answer = await h.platform.submit(next.message, { org: next.message.sender.id, role: next.message.sender.role, keyId: 'sim' });
      assert.equal(answer.status, 202, JSON.stringify(answer.body));
      const state = await h.platform.find(next.truth!.transportDocument.number);
      const reasons = state!.decisions.at(-1)!.reasons;
      assert.ok(reasons.some((r) => r.code === 'model.non-compliance' && r.version === 'm-test-1' && /top features/.test(r.message)), JSON.stringify(reasons.filter((r) => r.source === 'model')));

      // A candidate in shadow is scored and recorded beside the live model, never deciding.
      assert.equal(await modelCommand(['train', '--version', 'm-test-2', '--seed', '2'], deps), 0, lines.join('\n'));
      assert.equal(await modelCommand(['shadow', 'm-test-2'], deps), 0);
      await holder.refresh();
      assert.equal(holder.version, 'm-test-1');
      const another = generateTraffic({ seed: 9, consignments: 5, start: new Date().toISOString() }).events.find((e) => e.message.type === 'declaration')!;
      await h.platform.submit(another.message, { org: another.message.sender.id, role: another.message.sender.role, keyId: 'sim' });
      const shadowed = (await h.platform.find(another.truth!.transportDocument.number))!.decisions.at(-1)!.reasons;
      assert.ok(shadowed.some((r) => r.code === 'model.shadow' && r.version === 'm-test-2' && r.score === 0));
      assert.ok(shadowed.some((r) => r.code === 'model.non-compliance' && r.version === 'm-test-1'));
    } finally {
      await h.close();
    }
  });
});
