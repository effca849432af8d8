import { buildServer } from '../api/server.js';
import { Store, type StoreOptions } from '../ledger/store.js';
import { Platform } from '../platform/platform.js';
import { configure, type Configured } from '../platform/engines.js';
import { startCallbackDelivery } from '../platform/callbacks.js';
import { startEventRelay } from '../platform/event-relay.js';
import { NatsBus } from '../bus/nats-bus.js';

/** The platform for a one-shot command (accounts, retention, model): it assesses nothing, so it does not relearn from the log. */
export async function openPlatform(options: StoreOptions): Promise<Platform> {
  return (await openConfigured(options, 0)).platform;
}

async function openConfigured(options: StoreOptions, relearnEvents?: number): Promise<{ platform: Platform; configured: Configured }> {
  const store = await Store.open(options);
  const configured = await configure(store);
  return { platform: await Platform.open(store, { policy: configured.policy, relearnEvents }), configured };
}

export interface ServeOptions extends StoreOptions { port: number; host: string; quiet?: boolean; nats?: string }

/** Starts the HTTP server; resolves once it listens. SIGINT/SIGTERM close it cleanly. */
export async function serve(options: ServeOptions): Promise<{ url: string; close: () => Promise<void>; platform: Platform }> {
  const { platform, configured } = await openConfigured(options);
  const app = await buildServer({ platform, extensions: configured.extensions });
  const address = await app.listen({ port: options.port, host: options.host });
  const stopCallbacks = startCallbackDelivery(platform);
  // Retention: personal data past its period is erased at start and every six hours.
  const sweep = () => { void platform.sweepRetention().catch(() => undefined); };
  sweep();
  const sweeper = setInterval(sweep, 6 * 3_600_000);
  sweeper.unref();
  // What analysts and officers change in the store through another server process on it (ruleset
  // versions, watch lists, inspection capacity) is read again every 10 s.
  const refresh = () => { void Promise.all([configured.refresh?.(), platform.reloadCapacityPlans()]).catch(() => undefined); };
  const refresher = setInterval(refresh, 10_000);
  refresher.unref();
  // With a broker, every committed event is relayed to it (subjects luxor.events.<type>).
  const bus = options.nats ? await NatsBus.connect({ servers: options.nats, stream: 'LUXOR', subjects: ['luxor.>'] }) : undefined;
  const relay = bus ? startEventRelay(platform.store, bus) : undefined;
  if (!options.quiet) console.log(`luxor listening on ${address} (store: ${platform.store.dialect} ${platform.store.location}${bus ? `, events relayed to NATS ${options.nats}` : ''})`);
  const relearned = platform.relearned;
  if (!options.quiet && relearned.events > 0) console.log(`relearned from the log's latest ${relearned.events} events: ${relearned.observed} decisions observed in ${relearned.ms} ms`);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    stopCallbacks();
    clearInterval(sweeper);
    clearInterval(refresher);
    await relay?.stop();
    await bus?.close();
    await app.close();
    await platform.close();
    await platform.store.close();
  })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { void close().then(() => process.exit(0)); });
  return { url: address, close, platform };
}
