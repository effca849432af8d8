/**
 * `luxor master-key rotate`: puts the store's secrets under a new master key (master-key.ts), so
 * that a key that may have leaked, or a person who held it and left, opens nothing stored any more.
 */
import { existsSync, renameSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MasterKey, MasterKeyError } from '../ledger/master-key.js';
import { Store } from '../ledger/store.js';

const USAGE = 'luxor master-key rotate [--data DIR | --database URL] [--out FILE]';

export async function masterKeyCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'rotate') { console.error(USAGE); return 2; }
  const { values } = parseArgs({ args: rest, options: { data: { type: 'string' }, database: { type: 'string' }, out: { type: 'string' } } });
  const store = await Store.open({ data: values.data, database: values.database });
  try {
    const current = await store.masterKey();
    const fromFile = current.source !== 'LUXOR_MASTER_KEY' && current.source !== 'given';
    if (!values.out && !fromFile) { console.error(`the master key comes from ${current.source}: say where the new one goes with --out FILE`); return 2; }
    // Without --out the new key replaces the file the current one came from, once the store has switched.
    const target = values.out ?? `${current.source}.new`;
    if (existsSync(target)) { console.error(`${target} exists: the new key goes into a new file`); return 2; }
    const next = MasterKey.resolve(target, { create: true }, {});
    const { secrets } = await store.rotateMasterKey(next);
    if (!values.out) renameSync(target, current.source);
    const where = values.out ?? current.source;
    console.log(`${secrets} secrets now wrapped under the master key in ${where} (key id ${next.id}); the old key (id ${current.id}) opens nothing stored.`);
    if (values.out) console.log(`Run Luxor with LUXOR_MASTER_KEY_FILE=${values.out}, back the new key up apart from the database, and destroy the old key and its backups.`);
    else console.log('Back the new key up apart from the database, and destroy backups of the old one.');
    return 0;
  } catch (error) {
    if (error instanceof MasterKeyError) { console.error(error.message); return 1; }
    throw error;
  } finally {
    await store.close();
  }
}
