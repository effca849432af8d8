import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelWeight, monthlyReport, platformRow, scoreConsignment, trainOnOutcomes } from '../../src/model/platform.js';
import { rocAuc } from '../../src/model/metrics.js';
import { InMemoryModelRegistry, InMemoryOutcomeSource } from '../../src/model/registry.js';
import { modelCommand } from '../../src/model/cli.js';
import { deserialize, serialize } from '../../src/model/artifact.js';
import { outcomes } from './fixtures.js';

const labelled = outcomes(1200, 1);

test('learns from inspection outcomes which consignments are non-compliant', () => {
  const model = trainOnOutcomes(labelled, { version: 'v1', seed: 1, now: new Date('2026-04-01T00:00:00Z') });
  const fresh = outcomes(400, 99, 90);
  const scores = fresh.map((l) => scoreConsignment(model, l.facts, l.context).probability);
  const auc = rocAuc(scores, fresh.map((l) => (l.nonCompliant ? 1 : 0)));
  assert.ok(auc > 0.8, `auc ${auc}`);
  assert.equal(model.training.rows, 1200);
  assert.ok(model.revenue, 'revenue at stake is recorded, so a revenue model is trained');
});

test('the score carries the top contributing features as a model reason, and money as a decimal string', () => {
  const model = trainOnOutcomes(labelled, { version: 'v1', seed: 1 });
  const l = labelled.find((x) => x.nonCompliant)!;
  const s = scoreConsignment(model, l.facts, l.context);
  assert.equal(s.reasons.length, 1);
  const reason = s.reasons[0]!;
  assert.equal(reason.source, 'model');
  assert.equal(reason.version, 'v1');
  assert.match(reason.message, /top features/);
  assert.match(s.expectedRevenue, /^\d+(\.\d{1,2})?$/);
  assert.ok(Array.isArray(reason.measured) && reason.measured.length > 0);
});

test('a random audit stands for 1 / selection probability consignments; a targeted one for itself', () => {
  const r = labelled.find((l) => l.selectedBy === 'random')!;
  const t = labelled.find((l) => l.selectedBy === 'rule')!;
  assert.equal(labelWeight(r), 50);
  assert.equal(labelWeight(t), 1);
  assert.equal(labelWeight({ ...r, selectionProbability: 0.0001 }), 1000);
});

test('party history comes only from the context recorded at assessment', () => {
  const l = labelled[100]!;
  const row = platformRow(l.facts, l.context);
  const seller = Object.keys(l.context.parties)[0]!;
  assert.equal(row.history!.seller!.seen, l.context.parties[seller]!.consignments);
  // Outcomes that arrive later change the store, not the recorded context: the row is the same.
  const later = platformRow(l.facts, { ...l.context });
  assert.deepEqual(later, row);
  const noHistory = platformRow(l.facts, { ...l.context, parties: {} });
  assert.equal(noHistory.history!.seller!.labelled, 0);
});

test('nothing recorded after the assessment reaches a feature', () => {
  const l = labelled[200]!;
  const row = platformRow(l.facts, l.context);
  const later = new Date(Date.parse(l.context.now) + 3_600_000).toISOString();
  const after = {
    ...l.facts,
    inspections: [{ inspectedAt: later, outcome: 'seize' as const, findings: ['undervaluation' as const], revenueAtStake: '12.00' }],
    payments: [{ reference: 'P1', paidAt: later, amount: '999.00', currency: 'EUR' }],
    orders: [{ id: 'O1', date: later.slice(0, 10) === l.context.now.slice(0, 10) ? '2999-01-01' : later.slice(0, 10), currency: 'EUR', itemsTotal: '1.00', items: [] }],
    arrival: { transportDocuments: [], arrivedAt: later, location: 'NLAMS' },
  };
  assert.deepEqual(platformRow(after, l.context), row);
  // A payment made before the assessment is known, and does change the row: the check can fail.
  const before = { ...l.facts, payments: [{ reference: 'P0', paidAt: l.context.now, amount: '999.00', currency: 'EUR' }] };
  assert.notDeepEqual(platformRow(before, l.context), row);
});

test('the same seed trains the same artefact, which survives serialisation', () => {
  const now = new Date('2026-04-01T00:00:00Z');
  const a = trainOnOutcomes(labelled, { version: 'v1', seed: 4, now });
  const b = trainOnOutcomes(labelled, { version: 'v1', seed: 4, now });
  assert.equal(serialize(a), serialize(b));
  assert.equal(serialize(deserialize(serialize(a))), serialize(a));
});

test('the monthly report measures precision at the inspection rate on random audits alone', () => {
  const model = trainOnOutcomes(labelled, { version: 'v1', seed: 1 });
  const months = monthlyReport(model, labelled, 0.1);
  assert.deepEqual(months.map((m) => m.month), ['2026-01', '2026-02', '2026-03', '2026-04'].slice(0, months.length));
  for (const m of months) {
    const random = labelled.filter((l) => l.decidedAt.startsWith(m.month) && l.selectedBy === 'random');
    assert.equal(m.randomAudits, random.length);
    if (m.randomAudits >= 50) assert.ok(m.randomPrecisionAtRate! > m.randomBaseRate!, `${m.month}: model no better than random`);
    assert.match(m.randomRevenueAtRate, /^\d+(\.\d+)?$/);
  }
});

test('train, promote, shadow and report through the model command', async () => {
  const lines: string[] = [];
  const registry = new InMemoryModelRegistry();
  const deps = { outcomes: new InMemoryOutcomeSource(labelled), registry, inspectionRate: 0.1, print: (l: string) => { lines.push(l); }, now: () => new Date('2026-04-02T00:00:00Z') };
  assert.equal(await modelCommand(['report'], deps), 1, 'no live model yet');
  assert.equal(await modelCommand(['train', '--from', '2026-01-01', '--to', '2026-02-28', '--version', 'a'], deps), 0);
  assert.equal(await modelCommand(['train', '--version', 'b'], deps), 0);
  assert.equal((await registry.get('a'))!.training.rows, labelled.filter((l) => l.decidedAt.slice(0, 10) <= '2026-02-28').length);
  assert.equal(await modelCommand(['promote', 'a'], deps), 0);
  assert.equal(await modelCommand(['shadow', 'b'], deps), 0);
  assert.equal((await registry.live())!.version, 'a');
  assert.equal((await registry.shadowModel())!.version, 'b');
  // Changing the live version needs no restart: the next read sees it.
  assert.equal(await modelCommand(['promote', 'b'], deps), 0);
  assert.equal((await registry.live())!.version, 'b');
  assert.equal(await registry.shadowModel(), undefined);
  lines.length = 0;
  assert.equal(await modelCommand(['report', '--json'], deps), 0);
  const last = JSON.parse(lines[lines.length - 1]!) as { version: string; months: unknown[] };
  assert.equal(last.version, 'b');
  assert.ok(last.months.length >= 3);
  await assert.rejects(modelCommand(['promote', 'nope'], deps));
});
