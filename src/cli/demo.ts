/**
 * `luxor demo` (what `npm start` runs) and `luxor simulate`: simulated traffic through a real
 * server. The demo starts the server on SQLite, sets up the simulated parties' keys and
 * accounts, sends the traffic over HTTP as each party would, answers the inspections it asked
 * for from the ground truth, prints where to look, and keeps serving.
 */
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { httpCall } from './http-call.js';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Jurisdiction } from '../domain/message.js';
import { generateTraffic, type SimulatedEvent } from '../simulate/generate.js';
import { inspectionResultFor } from '../simulate/inspection.js';
import { summarizeTraffic, writeNdjson } from '../simulate/ndjson.js';
import { serve } from './serve.js';

/** Sends events in time order; consecutive events of one sender go as one NDJSON body. */
export async function sendTraffic(base: string, keys: Record<string, string>, events: SimulatedEvent[], onAnswer: (event: SimulatedEvent, answer: Record<string, unknown>) => void): Promise<{ accepted: number; rejected: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < events.length;) {
    const sender = events[i].message.sender.id;
    let j = i;
    while (j < events.length && j - i < 500 && events[j].message.sender.id === sender) j++;
    const group = events.slice(i, j);
    const key = keys[sender];
    if (!key) throw new Error(`no key for simulated sender ${sender}`);
    const response = await httpCall(agent, 'POST', `${base}/v1/messages`, key, group.map((e) => JSON.stringify(e.message)).join('\n'), 'application/x-ndjson');
    const lines = response.text.trim().split('\n');
    lines.forEach((line, k) => {
      const answer = JSON.parse(line) as Record<string, unknown>;
      if (answer.http === 202) accepted++; else rejected++;
      onAnswer(group[k], answer);
    });
    i = j;
  }
  agent.destroy();
  return { accepted, rejected };
}

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, consignments: { type: 'string' }, seed: { type: 'string' }, exit: { type: 'boolean' } } });
  const data = values.data ?? 'data';
  // A fresh seed each run unless one is given: a second run on the same data is new traffic, not a replay of the first.
  const seed = Number(values.seed ?? Math.floor(Date.now() / 1000) % 1_000_000);
  const count = Number(values.consignments ?? 2000);
  const server = await serve({ port: Number(values.port ?? 8080), host: values.host ?? '127.0.0.1', data, quiet: true });
  const { platform } = server;
  const base = server.url;
  // The traffic starts now, so that what is timely in the simulation is timely on arrival here.
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const traffic = generateTraffic({ seed, consignments: count, start });

  // Keys for every simulated party, officials to look around with, and intermediaries' accounts.
  const keys: Record<string, string> = {};
  for (const org of traffic.organisations) keys[org.id] = await platform.store.createKey(org.id, org.role);
  const officials: Record<string, string> = {};
  for (const [org, role] of [['CUSTOMS-OFFICER-DEMO', 'customs-officer'], ['RISK-ANALYST-DEMO', 'risk-analyst'], ['AUDITOR-DEMO', 'auditor'], ['ADMIN-DEMO', 'admin']] as const) {
    officials[role] = await platform.store.createKey(org, role);
  }
  // Intermediaries declare into several jurisdictions: an account with a guarantee in each currency.
  for (const org of traffic.organisations.filter((o) => o.role === 'carrier' || o.role === 'post' || o.role === 'platform')) {
    for (const currency of ['EUR', 'GBP', 'AUD', 'CAD', 'USD', 'CNY']) await platform.createAccount(org.id, '250000.00', currency);
  }
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, 'demo-keys.json'), JSON.stringify({ officials, parties: keys }, null, 2) + '\n');

  const started = Date.now();
  const truthByDocument = new Map<string, { truth: NonNullable<SimulatedEvent['truth']>; jurisdiction: Jurisdiction }>();
  for (const e of traffic.events) if (e.truth) truthByDocument.set(e.truth.transportDocument.number, { truth: e.truth, jurisdiction: e.truth.jurisdiction });
  const sent = await sendTraffic(base, keys, traffic.events, () => undefined);

  // Officers answer the inspections that were asked for, from the ground truth.
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const queue = JSON.parse((await httpCall(agent, 'GET', `${base}/v1/consignments?status=inspection&limit=1000`, officials['customs-officer'])).text) as { items: { consignment: string; transportDocument: string | null; mrn: string | null }[] };
  const officerOrgs = traffic.organisations.filter((o) => o.role === 'customs-officer');
  let inspected = 0;
  for (const item of queue.items) {
    const known = item.transportDocument ? truthByDocument.get(item.transportDocument) : undefined;
    if (!known) continue;
    const officer = officerOrgs.find((o) => o.jurisdiction === known.jurisdiction) ?? officerOrgs[0];
    if (!officer) continue;
    const message = inspectionResultFor(known.truth, { transportDocument: item.transportDocument ?? undefined, mrn: item.mrn ?? undefined, id: item.consignment, jurisdiction: known.jurisdiction }, new Date().toISOString(), officer);
    const answer = await httpCall(agent, 'POST', `${base}/v1/messages`, keys[officer.id], JSON.stringify(message));
    if (answer.status === 202) inspected++;
  }
  // Buyers pay what consumer collection asks of them, through a payment provider of the jurisdiction.
  const unpaid = JSON.parse((await httpCall(agent, 'GET', `${base}/v1/consignments?status=awaiting-payment&limit=1000`, officials['customs-officer'])).text) as { items: { consignment: string; transportDocument: string | null }[] };
  let paid = 0;
  for (const item of unpaid.items) {
    const view = JSON.parse((await httpCall(agent, 'GET', `${base}/v1/consignments/${item.consignment}`, officials['customs-officer'])).text) as { jurisdiction: Jurisdiction; decisions: { revenue?: { due: string; currency: string } }[]; waitingFor: { type: string; paymentReference?: string }[] };
    const revenue = view.decisions[view.decisions.length - 1]?.revenue;
    const provider = traffic.organisations.find((o) => o.role === 'payment-provider' && o.jurisdiction === view.jurisdiction);
    // The buyer quotes the customs payment reference the declarant passed on (read here from the officer's view).
    const customsReference = view.waitingFor.find((g) => g.type === 'payment')?.paymentReference;
    if (!revenue || !provider || !item.transportDocument || !customsReference) continue;
    const payment = {
      messageId: `duty-${item.consignment}`, type: 'payment', sentAt: new Date().toISOString(), sender: { role: 'payment-provider', id: provider.id }, jurisdiction: view.jurisdiction,
      payment: { reference: `DUTY-${item.consignment}`, purpose: 'duties', customsReference, transportDocument: { type: 'house-waybill', number: item.transportDocument }, amount: revenue.due, currency: revenue.currency, paidAt: new Date().toISOString() },
    };
    if ((await httpCall(agent, 'POST', `${base}/v1/messages`, keys[provider.id], JSON.stringify(payment))).status === 202) paid++;
  }
  agent.destroy();
  const seconds = (Date.now() - started) / 1000;

  const counts = await platform.store.countConsignments();
  const summary = summarizeTraffic(traffic);
  console.log(`\nLuxor demo: ${summary.consignments} simulated consignments (seed ${seed}; --seed ${seed} reproduces them), ${traffic.events.length} messages from ${traffic.organisations.length} organisations in ${seconds.toFixed(1)} s`);
  console.log(`  accepted ${sent.accepted}, rejected ${sent.rejected}; inspections answered: ${inspected}; duties paid by buyers: ${paid}`);
  console.log('  consignments by status and lane:');
  for (const row of counts) console.log(`    ${row.fiscal.padEnd(22)} ${(row.lane ?? '-').padEnd(8)} ${row.count}`);
  const released = counts.filter((r) => r.fiscal === 'released').reduce((s, r) => s + r.count, 0);
  console.log(`  released: ${released}; on the post-clearance audit queue: ${(await platform.store.records('post-clearance')).length}`);
  console.log(`\nWhere to look (keys in ${join(data, 'demo-keys.json')}):`);
  console.log(`  ${base}/healthz`);
  console.log(`  curl -H "Authorization: Bearer ${officials['customs-officer']}" '${base}/v1/consignments?status=awaiting-information'`);
  console.log(`  curl -H "Authorization: Bearer ${officials['customs-officer']}" ${base}/v1/stats`);
  console.log(`  curl -H "Authorization: Bearer ${officials['customs-officer']}" ${base}/v1/post-clearance`);
  console.log(`  ${base}/v1/data-sets/EU   ${base}/openapi.json`);
  console.log(`  luxor audit verify --data ${data}`);
  console.log(`  the master key the personal data hangs from: ${(await platform.store.masterKey()).source} (back it up apart from the database)`);
  if (values.exit) { await server.close(); return 0; }
  console.log('\nServing until Ctrl-C.');
  return -1;
}

export async function simulateCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { seed: { type: 'string' }, consignments: { type: 'string' }, out: { type: 'string' }, target: { type: 'string' }, keys: { type: 'string' }, truth: { type: 'boolean' } } });
  const traffic = generateTraffic({ seed: Number(values.seed ?? 1), consignments: Number(values.consignments ?? 1000), start: '2026-11-20T00:00:00Z' });
  if (values.target) {
    if (!values.keys) { console.error('luxor simulate --target needs --keys FILE (JSON: organisation id → API key)'); return 2; }
    const keys = JSON.parse(readFileSync(values.keys, 'utf8')) as Record<string, string>;
    const result = await sendTraffic(values.target.replace(/\/$/, ''), keys, traffic.events, () => undefined);
    console.log(JSON.stringify(result));
    return 0;
  }
  const stream = values.out ? createWriteStream(values.out) : process.stdout;
  await writeNdjson(traffic, stream, { withTruth: values.truth ?? false });
  if (values.out) { await new Promise<void>((resolve) => { stream.end(() => resolve()); }); console.error(JSON.stringify(summarizeTraffic(traffic))); }
  return 0;
}
