/** Subcommands contributed by the engines and the simulator. */
export const commands: Record<string, (argv: string[]) => Promise<number>> = {};
