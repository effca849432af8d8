import { demoCommand, simulateCommand } from './demo.js';

/** Subcommands contributed by the engines and the simulator. */
export const commands: Record<string, (argv: string[]) => Promise<number>> = {
  demo: demoCommand,
  simulate: simulateCommand,
};
