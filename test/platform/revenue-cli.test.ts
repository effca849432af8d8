/** `luxor tariff import`, `rates import`, `accounts statement` and `what-if` against a real store on disk. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { revenueCommands } from '../../src/cli/revenue-commands.js';
import { loadRevenueReferenceFromStore } from '../../src/api/revenue-routes.js';
import { exchangeRate, tariffRate } from '../../src/revenue/lookup.js';
import { Store } from '../../src/ledger/store.js';
import { Platform } from '../../src/platform/platform.js';
import { example, tempDir } from '../helpers.js';
import { declaration, reserving } from '../revenue/platform-fixtures.js';

/** Runs a command and returns its exit code and what it printed. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const [command, ...rest] = argv;
  const out: string[] = []; const err: string[] = [];
  const log = console.log; const error = console.error;
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  console.error = (...a: unknown[]) => { err.push(a.join(' ')); };
  try { return { code: await revenueCommands[command](rest), out: out.join('\n'), err: err.join('\n') }; } finally { console.log = log; console.error = error; }
}

describe('revenue commands', () => {
  const temp = tempDir('luxor-revenue-cli-');
  const data = temp.dir;
  after(() => temp.cleanup());

  it('imports a whole GB tariff from 2027-01-01: the imported rate applies from that day, the shipped one before it, unlisted codes end', async () => {
    const file = join(data, 'gb-tariff.csv');
    writeFileSync(file, 'hs,description,adValorem,source\n6109100010,"T-shirts, of cotton",10,UKGT 2027 (test file)\n');
    const r = await run(['tariff', 'import', file, '--jurisdiction', 'GB', '--from', '2027-01-01', '--data', data]);
    assert.equal(r.code, 0, r.err);
    const store = await Store.open({ data });
    const ref = await loadRevenueReferenceFromStore(store);
    await store.close();
    const rate = (hs: string, day: string) => { const a = tariffRate(ref.GB!, hs, day); return a.kind === 'rate' ? a.entry.duty.adValorem : a.kind; };
    assert.equal(rate('6109100010', '2027-01-02'), '10');
    assert.equal(rate('610910', '2026-12-31'), '12');
    assert.equal(rate('392690', '2027-01-02'), 'none');
    assert.equal(rate('392690', '2026-12-31'), '6');
  });

  it('a partial import changes only the codes it lists', async () => {
    const file = join(data, 'gb-partial.csv');
    writeFileSync(file, 'hs,description,adValorem,source\n392690,Other articles of plastics,4,UKGT 2027 (test file)\n');
    assert.equal((await run(['tariff', 'import', file, '--jurisdiction', 'GB', '--from', '2027-02-01', '--partial', '--data', data])).code, 0);
    const store = await Store.open({ data });
    const ref = await loadRevenueReferenceFromStore(store);
    await store.close();
    const a = tariffRate(ref.GB!, '392690', '2027-02-01');
    assert.equal(a.kind === 'rate' ? a.entry.duty.adValorem : a.kind, '4');
  });

  it('refuses a tariff file with a malformed rate or no source, and a missing --from', async () => {
    const file = join(data, 'bad.csv');
    writeFileSync(file, 'hs,description,adValorem\n610910,T-shirts,twelve\n');
    const r = await run(['tariff', 'import', file, '--jurisdiction', 'GB', '--from', '2027-03-01', '--source', 'x source', '--data', data]);
    assert.equal(r.code, 1);
    assert.match(r.err, /decimal/);
    assert.equal((await run(['tariff', 'import', file, '--jurisdiction', 'GB', '--data', data])).code, 2);
  });

  it('imports a central bank rate table for CA: USD 1.3750 CAD per USD in force in January 2027', async () => {
    const file = join(data, 'boc.csv');
    writeFileSync(file, 'currency,rate,quote,from,to,source\nUSD,1.3750,local-per-foreign,2027-01-01,2027-01-31,Bank of Canada (test file)\n');
    assert.equal((await run(['rates', 'import', file, '--jurisdiction', 'CA', '--data', data])).code, 0);
    const store = await Store.open({ data });
    const ref = await loadRevenueReferenceFromStore(store);
    await store.close();
    assert.equal(exchangeRate(ref.CA!, 'USD', '2027-01-15')?.rate, '1.3750');
    assert.equal(exchangeRate(ref.CA!, 'USD', '2027-02-01'), undefined);
  });

  describe('over stored consignments', () => {
    let period = '';
    let day = '';
    before(async () => {
      const store = await Store.open({ data });
      const platform = await Platform.open(store, { policy: reserving });
      await store.createKey('DE9876543210', 'carrier');
      await platform.createAccount('DE9876543210', '500.00', 'EUR');
      const caller = { org: 'DE9876543210', role: 'carrier', keyId: 'test' };
      for (const due of ['40.00', '2.50']) assert.equal((await platform.submit(declaration(due).message, caller)).status, 202);
      // The EU IOSS example, declared by its marketplace: what-if re-computes it with the real engine.
      const ioss = example('declaration-eu-ioss.json');
      assert.equal((await platform.submit(ioss, { org: 'IM5280000001', role: 'platform', keyId: 'test' })).status, 202);
      period = platform.now().slice(0, 7);
      day = platform.now().slice(0, 10);
      await platform.close();
      await store.close();
    });

    it('prints the account statement of the period: charges 42.50, closing 42.50', async () => {
      const r = await run(['accounts', 'statement', '--account', 'ACC-DE9876543210-EUR', '--period', period, '--data', data]);
      assert.equal(r.code, 0, r.err);
      const s = JSON.parse(r.out) as { charges: string; closing: string; entries: unknown[] };
      assert.deepEqual([s.charges, s.closing, s.entries.length], ['42.50', '42.50', 2]);
      assert.equal((await run(['accounts', 'statement', '--account', 'NOPE', '--period', period, '--data', data])).code, 1);
    });

    it('what-if over the day the consignments were declared: a EUR 5 flat duty raises the IOSS example from 15.45 to 19.45 (two subheadings x 2.00 more) and changes no category', async () => {
      // Baseline from Reg. 2026/382 (EUR 3 x 2 subheadings = 6.00) plus VAT 9.45 collected under IOSS.
      const r = await run(['what-if', '--jurisdiction', 'EU', '--from', day, '--to', day, '--set', 'flatDuty=5.00', '--data', data]);
      assert.equal(r.code, 0, r.err);
      const w = JSON.parse(r.out) as { consignments: number; baseline: Record<string, string>; scenario: Record<string, string>; difference: Record<string, string>; categoryChanges: number };
      assert.equal(w.consignments, 3);
      assert.equal(w.difference.EUR, '4.00');
      assert.equal(w.categoryChanges, 0);
    });

    it('what-if refuses an unknown key and a missing --set', async () => {
      assert.equal((await run(['what-if', '--jurisdiction', 'EU', '--from', '2026-11-01', '--to', '2026-11-30', '--set', 'noSuchThing=1', '--data', data])).code, 1);
      assert.equal((await run(['what-if', '--jurisdiction', 'EU', '--from', '2026-11-01', '--to', '2026-11-30', '--data', data])).code, 2);
    });
  });
});
