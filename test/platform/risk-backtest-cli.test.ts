/** `luxor backtest` over a store with recorded decisions: both reports printed, usage errors refused. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backtestCommand } from '../../src/cli/risk-commands.js';
import { Store } from '../../src/ledger/store.js';
import { loadEngines } from '../../src/platform/engines.js';
import { RiskRules } from '../../src/platform/risk-rules.js';
import { tempDir } from '../helpers.js';

describe('luxor backtest', () => {
  it('refuses to run without a ruleset and a period', async () => {
    assert.equal(await backtestCommand(['--from', '2026-11-01']), 2);
  });

  it('prints live and candidate reports for a stored version, and refuses an unknown one', async () => {
    const temp = tempDir();
    try {
      const store = await Store.open({ data: temp.dir });
      const rules = await RiskRules.open(store, loadEngines().risk);
      await rules.saveDraft({ id: 'cli-test', version: '7', rules: [{ id: 'r', when: { field: 'has.declaration', op: 'eq', value: true }, then: [{ type: 'score', points: 1 }] }] }, 'ANALYST', '2026-11-20T00:00:00Z');
      await store.close();
      const lines: string[] = [];
      const log = console.log;
      console.log = (s: string) => { lines.push(s); };
      try {
        assert.equal(await backtestCommand(['--ruleset', 'cli-test@7', '--from', '2026-11-01', '--to', '2026-11-30', '--data', temp.dir]), 0);
      } finally { console.log = log; }
      const out = JSON.parse(lines.join('\n')) as { candidate: { ruleset: string; consignments: number }; range: { to: string } };
      assert.deepEqual([out.candidate.ruleset, out.candidate.consignments, out.range.to], ['cli-test@7', 0, '2026-12-01T00:00:00.000Z']);
      const err = console.error;
      console.error = () => undefined;
      try { assert.equal(await backtestCommand(['--ruleset', '99', '--from', '2026-11-01', '--to', '2026-11-30', '--data', temp.dir]), 1); } finally { console.error = err; }
    } finally { temp.cleanup(); }
  });
});
