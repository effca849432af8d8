import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelCommand } from '../../src/model/cli.js';
import { InMemoryModelRegistry, InMemoryOutcomeSource } from '../../src/model/registry.js';
import { Prng } from '../../src/model/prng.js';
import { sharedDataPath } from '../../src/domain/paths.js';
import { kcsRows, parseCsv, parseKcs, readKcs, trainKcs } from '../../src/model/kcs.js';
import { transformRows } from '../../src/model/pipeline.js';
import { predictMatrix } from '../../src/model/gbdt.js';
import { precisionAt } from '../../src/model/metrics.js';
import { explain, scoreRow, ARTIFACT_FORMAT, serialize, deserialize, type ModelArtifact } from '../../src/model/artifact.js';

const HEADER = 'Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud';

test('reads the 22-column KCS format behind a byte-order mark', () => {
  const text = '\ufeff' + HEADER + '\r\n97061800,2020-01-01,30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,108.0,372254.4,0,0\r\n12889495,2021-03-31,20,B,86,21,11,40,LP6EWRR,WQAQ336,,,90189,JP,KR,8.0,A,G,93.5,4703.05,1,2\r\n';
  const rows = parseKcs(text);
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.id, '97061800');
  assert.equal(rows[0]!.itemPrice, 372254.4);
  assert.equal(rows[0]!.courier, '');
  assert.equal(rows[1]!.hs6, '090189', 'leading zero of the HS code restored');
  assert.equal(rows[1]!.criticalFraud, 2);
  assert.deepEqual(parseCsv('a,"b,c","d ""e"""\n'), [['a', 'b,c', 'd "e"']]);
});

const trainPath = sharedDataPath('customs-declarations-kcs', 'df_syn_train_eng.csv');

test('on a subset of the 2020 declarations, the top 5 % holds several times the base rate of fraud', { skip: !existsSync(trainPath) }, () => {
  const all = readKcs(trainPath);
  // Jan–Jun trains, July (later in time) tests: a small, fast, honest split.
  const train = all.filter((d) => d.date < '2020-07-01').filter((_, i) => i % 5 === 0);
  const test = all.filter((d) => d.date >= '2020-07-01' && d.date < '2020-08-01');
  const rows = kcsRows(train, test, test, true);
  const m = trainKcs(rows.train, train, rows.valid, test, 1, { numRounds: 60, learningRate: 0.15, earlyStoppingRounds: 0 });
  const scores = predictMatrix(m.risk, transformRows(m.pipeline, rows.test));
  const labels = test.map((d) => d.fraud);
  const base = labels.reduce((s, v) => s + v, 0) / labels.length;
  const p5 = precisionAt(scores, labels, 0.05);
  assert.ok(p5 > 2.5 * base, `precision@5% ${p5} vs base rate ${base}`);

  // The artefact round trip scores bit for bit alike, and explains with named features.
  const artifact: ModelArtifact = {
    format: ARTIFACT_FORMAT, version: 't', createdAt: '2026-01-01T00:00:00.000Z', seed: 1,
    training: { source: 'KCS subset', rows: train.length, positives: 0 }, featureNames: m.pipeline.featureNames,
    pipeline: m.pipeline, risk: m.risk, revenue: m.severity, revenueTarget: 'severity', metrics: { p5 }, params: {},
  };
  const back = deserialize(serialize(artifact));
  for (const r of rows.test.slice(0, 200)) assert.deepEqual(scoreRow(back, r), scoreRow(artifact, r));
  assert.equal(serialize(back), serialize(artifact));
  const why = explain(back, rows.test[0]!, 3);
  assert.equal(why.length, 3);
  for (const c of why) assert.ok(m.pipeline.featureNames.includes(c.feature));
  for (let i = 1; i < why.length; i++) assert.ok(Math.abs(why[i - 1]!.contribution) >= Math.abs(why[i]!.contribution));
  assert.ok(Math.abs(why[0]!.contribution) >= Math.abs(explain(back, rows.test[0]!, 40).at(-1)!.contribution));
});

test('features of a declaration do not depend on outcomes dated on or after it', { skip: !existsSync(trainPath) }, () => {
  const all = readKcs(trainPath).filter((d) => d.date < '2020-03-01');
  const cutoff = '2020-02-01';
  const rows = kcsRows(all, [], [], true).train;
  const flipped = all.map((d) => (d.date >= cutoff ? { ...d, fraud: 1 - d.fraud } : d));
  const rows2 = kcsRows(flipped, [], [], true).train;
  let compared = 0;
  let differs = 0;
  all.forEach((d, i) => {
    if (d.date <= cutoff) { assert.deepEqual(rows2[i]!.history, rows[i]!.history, `row ${i} on ${d.date}`); compared++; }
    else if (JSON.stringify(rows2[i]!.history) !== JSON.stringify(rows[i]!.history)) differs++;
  });
  assert.ok(compared > 1000);
  assert.ok(differs > 0, 'later rows do see the flipped earlier outcomes: the check can fail');
});

test('the benchmark command prints the metrics, and with --json its last line is the JSON summary', async () => {
  // A small synthetic file in the KCS format: importer I0–I4 and HS 850760 carry the fraud.
  const r = new Prng(3);
  const line = (i: number, date: string): string => {
    const importer = `I${r.int(40)}`;
    const hs = ['850760', '610910', '640411'][r.int(3)]!;
    const fraud = (Number(importer.slice(1)) < 5 || hs === '850760') && r.next() < 0.8 ? 1 : r.next() < 0.05 ? 1 : 0;
    return `${i},${date},30,B,11,21,11,40,D${r.int(10)},${importer},S${r.int(50)},,${hs},CN,CN,8.0,A,G,${1 + r.int(100)}.0,${100 + r.int(1000)}.0,${fraud},${fraud}`;
  };
  const dir = mkdtempSync(join(tmpdir(), 'luxor-model-'));
  try {
    const day = (n: number): string => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10);
    writeFileSync(join(dir, 'train.csv'), '\ufeff' + [HEADER, ...Array.from({ length: 1500 }, (_, i) => line(i, day(Math.floor(i / 5))))].join('\n'));
    writeFileSync(join(dir, 'valid.csv'), '\ufeff' + [HEADER, ...Array.from({ length: 500 }, (_, i) => line(i, day(300 + Math.floor(i / 5))))].join('\n'));
    const lines: string[] = [];
    const code = await modelCommand(
      ['benchmark', '--train', join(dir, 'train.csv'), '--valid', join(dir, 'valid.csv'), '--test', join(dir, 'valid.csv'), '--seed', '2', '--json'],
      { outcomes: new InMemoryOutcomeSource([]), registry: new InMemoryModelRegistry(), print: (l) => { lines.push(l); } },
    );
    assert.equal(code, 0);
    const summary = JSON.parse(lines.at(-1)!) as Record<string, number>;
    for (const k of ['precision_at_1', 'precision_at_2', 'precision_at_5', 'precision_at_10', 'recall_at_1', 'recall_at_2', 'recall_at_5', 'recall_at_10', 'auc']) {
      assert.equal(typeof summary[k], 'number', k);
    }
    assert.ok(summary.precision_at_10! > 0.6, `planted fraud is found: p@10 ${summary.precision_at_10}`);
    assert.ok(lines.some((l) => l.startsWith('precision_at_5')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
