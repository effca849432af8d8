import { parseArgs } from 'node:util';
import { modelCommand } from '../model/cli.js';
import { StoreModelRegistry, StoreOutcomeSource } from '../platform/model-store.js';
import { demoCommand, simulateCommand } from './demo.js';
import { openPlatform } from './serve.js';
import { revenueCommands } from './revenue-commands.js';
import { riskCommands } from './risk-commands.js';

/** `luxor model …`: benchmark needs no store; train, promote, report use the platform's. */
async function model(argv: string[]): Promise<number> {
  if (argv[0] === 'benchmark' || argv[0] === undefined || argv[0] === 'help') {
    const { InMemoryModelRegistry, InMemoryOutcomeSource } = await import('../model/registry.js');
    return modelCommand(argv, { outcomes: new InMemoryOutcomeSource([]), registry: new InMemoryModelRegistry() });
  }
  const { values } = parseArgs({ args: argv.slice(1), options: { data: { type: 'string' }, database: { type: 'string' } }, strict: false });
  const platform = await openPlatform({ data: values.data as string | undefined, database: values.database as string | undefined });
  const rest = argv.filter((a, i) => !(['--data', '--database'].includes(a) || ['--data', '--database'].includes(argv[i - 1])));
  try {
    return await modelCommand(rest, { outcomes: new StoreOutcomeSource(platform), registry: new StoreModelRegistry(platform.store), inspectionRate: 0.05 });
  } finally {
    await platform.close();
    await platform.store.close();
  }
}

/** Subcommands contributed by the engines and the simulator. */
export const commands: Record<string, (argv: string[]) => Promise<number>> = {
  demo: demoCommand,
  simulate: simulateCommand,
  model,
  tariff: revenueCommands.tariff,
  rates: revenueCommands.rates,
  'what-if': revenueCommands['what-if'],
  ...riskCommands,
};
