/**
 * Model benchmark: training time on the 37,385-row 2020 KCS split (with early stopping on
 * 2021 Q1, as the protocol trains) and scoring throughput of the trained artefact.
 * Standalone: node dist/bench/model.js
 */
import '../src/platform/v8-flags.js'; // first: V8 flags before any hot code (see the module)
import { pathToFileURL } from 'node:url';
import { sharedDataPath } from '../src/domain/paths.js';
import { ARTIFACT_FORMAT, scoreRow, type ModelArtifact } from '../src/model/artifact.js';
import { kcsRows, readKcs, trainKcs } from '../src/model/kcs.js';

export async function benchModel(): Promise<{ model_train_s: number; model_score_per_s: number }> {
  const train = readKcs(sharedDataPath('customs-declarations-kcs', 'df_syn_train_eng.csv'));
  const valid = readKcs(sharedDataPath('customs-declarations-kcs', 'df_syn_valid_eng.csv'));
  const rows = kcsRows(train, valid, valid, true);
  const t0 = process.hrtime.bigint();
  const m = trainKcs(rows.train, train, rows.valid, valid, 1);
  const trainSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const artifact: ModelArtifact = {
    format: ARTIFACT_FORMAT, version: 'bench', createdAt: new Date().toISOString(), seed: 1,
    training: { source: 'KCS df_syn_train_eng.csv', rows: train.length, positives: train.filter((d) => d.fraud === 1).length },
    featureNames: m.pipeline.featureNames, pipeline: m.pipeline, risk: m.risk, revenue: m.severity, revenueTarget: 'severity',
    metrics: {}, params: {},
  };
  // Score whole rows (encoding + both models), as the risk engine does per consignment.
  const buffer = new Float64Array(artifact.featureNames.length);
  let sink = 0;
  const rounds = 3;
  const t1 = process.hrtime.bigint();
  for (let k = 0; k < rounds; k++) for (const r of rows.valid) sink += scoreRow(artifact, r, buffer).probability;
  const scoreSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  if (Number.isNaN(sink)) throw new Error('scores are not numbers');
  const result = { model_train_s: Number(trainSeconds.toFixed(2)), model_score_per_s: Math.round((rounds * rows.valid.length) / scoreSeconds) };
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchModel();
  console.log('measure            value');
  console.log(`model_train_s      ${r.model_train_s}`);
  console.log(`model_score_per_s  ${r.model_score_per_s}`);
  console.log(JSON.stringify(r));
}
