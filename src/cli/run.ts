/**
 * The `luxor` command. Each subcommand is a thin shell over the platform.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES } from '../domain/message.js';
import { readCheckpointFile, writeCheckpointFile, type Checkpoint } from '../ledger/checkpoint.js';
import { Store } from '../ledger/store.js';
import { verifyLog } from '../ledger/verify-log.js';
import { commands as extraCommands } from './commands.js';
import { masterKeyCommand } from './master-key-command.js';
import { revenueCommands } from './revenue-commands.js';
import { openPlatform, serve } from './serve.js';

const USAGE = `luxor — cross-border e-commerce clearance

  luxor serve [--port N] [--host H] [--data DIR | --database URL] [--nats HOST:PORT]
  luxor demo [--port N] [--data DIR] [--consignments N] [--seed N]
  luxor simulate [--seed N] [--consignments N] [--out FILE | --target URL --key-file FILE]
  luxor keys create [--data DIR | --database URL] --org ID --role ROLE
  luxor keys list [--org ID] [--data DIR | --database URL]
  luxor keys revoke (--key-id ID | --org ID) [--data DIR | --database URL]
  luxor accounts create [--data DIR | --database URL] --org ID --guarantee AMOUNT --currency CUR
  luxor accounts statement [--data DIR | --database URL] --account A --period YYYY-MM
  luxor tariff import FILE.csv --jurisdiction X --from DATE [--source S] [--partial]
  luxor rates import FILE.csv --jurisdiction X
  luxor what-if --jurisdiction J --from DATE --to DATE --set KEY=VALUE …
  luxor model train|promote VERSION|report [--data DIR | --database URL]
  luxor backtest --ruleset ID@VERSION --from DATE --to DATE [--data DIR | --database URL]
  luxor risk-detection [--consignments N] [--seed N]
  luxor retention sweep [--data DIR | --database URL]
  luxor master-key rotate [--data DIR | --database URL] [--out FILE]
  luxor audit verify [--data DIR | --database URL] [--against FILE]
  luxor audit checkpoint [--data DIR | --database URL] --out FILE
  luxor model benchmark --train F --valid F --test F [--seed N] [--json]
`;

const storeOptions = {
  data: { type: 'string' as const },
  database: { type: 'string' as const },
};

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: argv.slice(1), options: { ...storeOptions, port: { type: 'string' }, host: { type: 'string' }, nats: { type: 'string' } } });
      await serve({ port: Number(values.port ?? 8080), host: values.host ?? '127.0.0.1', data: values.data, database: values.database, nats: values.nats });
      return -1; // keeps running
    }
    case 'keys': {
      if (sub === 'list' || sub === 'revoke') {
        const { values } = parseArgs({ args: rest, options: { ...storeOptions, org: { type: 'string' }, 'key-id': { type: 'string' } } });
        if (sub === 'revoke' && !values.org && !values['key-id']) { console.error('luxor keys revoke: --key-id ID (from `luxor keys list`) or --org ID is required'); return 2; }
        const store = await Store.open({ data: values.data, database: values.database });
        try {
          if (sub === 'list') {
            for (const k of await store.listKeys(values.org)) console.log(`${k.hash.slice(0, 12)}  ${k.org}  ${k.role}  created ${k.createdAt}${k.revokedAt ? `  revoked ${k.revokedAt}` : ''}${k.label ? `  ${k.label}` : ''}`);
            return 0;
          }
          const n = await store.revokeKeys(values['key-id'] ? { keyId: values['key-id'] } : { org: values.org });
          console.log(`${n} key${n === 1 ? '' : 's'} revoked; running servers refuse ${n === 1 ? 'it' : 'them'} within 30 s`);
          return n > 0 ? 0 : 1;
        } catch (error) {
          console.error(`luxor keys revoke: ${(error as Error).message}`);
          return 2;
        } finally {
          await store.close();
        }
      }
      if (sub !== 'create') break;
      const { values } = parseArgs({ args: rest, options: { ...storeOptions, org: { type: 'string' }, role: { type: 'string' }, label: { type: 'string' } } });
      if (!values.org || !values.role) { console.error('luxor keys create: --org and --role are required'); return 2; }
      if (!(ROLES as readonly string[]).includes(values.role)) { console.error(`luxor keys create: --role must be one of ${ROLES.join(', ')}`); return 2; }
      const store = await Store.open({ data: values.data, database: values.database });
      const key = await store.createKey(values.org, values.role, values.label ?? null);
      await store.close();
      console.log(`API key for ${values.org} (${values.role}); it is shown once and stored only as a hash:`);
      console.log(key);
      return 0;
    }
    case 'accounts': {
      if (sub === 'statement') return revenueCommands.accounts(argv.slice(1));
      if (sub !== 'create') break;
      const { values } = parseArgs({ args: rest, options: { ...storeOptions, org: { type: 'string' }, guarantee: { type: 'string' }, currency: { type: 'string' } } });
      if (!values.org || !values.guarantee || !values.currency || !/^\d+(\.\d+)?$/.test(values.guarantee)) { console.error('luxor accounts create: --org, --guarantee (decimal) and --currency are required'); return 2; }
      const platform = await openPlatform({ data: values.data, database: values.database });
      const account = await platform.createAccount(values.org, values.guarantee, values.currency.toUpperCase());
      await platform.close();
      await platform.store.close();
      console.log(JSON.stringify(account));
      return 0;
    }
    case 'master-key': return masterKeyCommand(argv.slice(1));
    case 'retention': {
      if (sub !== 'sweep') break;
      const { values } = parseArgs({ args: rest, options: { ...storeOptions } });
      const platform = await openPlatform({ data: values.data, database: values.database });
      const erased = await platform.sweepRetention();
      await platform.close();
      await platform.store.close();
      console.log(`personal data erased for ${erased} consignments past their retention period`);
      return 0;
    }
    case 'audit': {
      const { values } = parseArgs({ args: rest, options: { ...storeOptions, against: { type: 'string' }, out: { type: 'string' } } });
      // An auditor pointed at the wrong folder must hear so, not be told an empty new store is intact.
      if (!values.database && !existsSync(join(values.data ?? 'data', 'luxor.sqlite'))) {
        console.error(`no Luxor store at ${join(values.data ?? 'data', 'luxor.sqlite')}`);
        return 2;
      }
      const store = await Store.open({ data: values.data, database: values.database });
      try {
        if (sub === 'checkpoint') {
          if (!values.out) { console.error('luxor audit checkpoint: --out FILE is required'); return 2; }
          const all = await store.checkpoints();
          const latest = all[all.length - 1];
          if (!latest) { console.error('no checkpoint yet: the log is empty'); return 1; }
          await writeCheckpointFile(values.out, latest as Checkpoint);
          console.log(`checkpoint at event ${latest.seq} written to ${values.out} (head ${latest.headHash})`);
          return 0;
        }
        if (sub === 'verify') {
          const against = values.against ? await readCheckpointFile(values.against) : undefined;
          const result = await verifyLog(store.allEvents(), (await store.checkpoints()) as Checkpoint[], { against });
          if (result.ok) { console.log(`intact: ${result.count} events verified${against ? `, contains checkpoint ${against.seq} from ${values.against}` : ''}`); return 0; }
          console.log(`TAMPERED: event ${result.firstBad?.seq} does not match: ${result.firstBad?.reason} (${result.count} events read)`);
          return 1;
        }
      } finally {
        await store.close();
      }
      break;
    }
    default: {
      const extra = command ? extraCommands[command] : undefined;
      if (extra) return extra(argv.slice(1));
    }
  }
  console.error(USAGE);
  return command ? 2 : 0;
}

