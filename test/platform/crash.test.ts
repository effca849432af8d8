/**
 * Durability: kill the server with SIGKILL in the middle of a bulk load. Every acknowledged
 * message must be there after restart, and no consignment may be half-written.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Checkpoint } from '../../src/ledger/checkpoint.js';
import { Store } from '../../src/ledger/store.js';
import { verifyLog } from '../../src/ledger/verify-log.js';
import { example, tempDir } from '../helpers.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

async function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const match = /listening on (http:\/\/[^\s]+)/.exec(output);
    if (match) return { child, url: match[1] };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${output}`);
}

function declaration(n: number): string {
  const m = example('declaration-eu-ioss.json') as { messageId: string; consignment: { transportDocument: { number: string }; order: { id: string } } };
  m.messageId = `crash-${n}`;
  m.consignment.transportDocument.number = `HAWBCRASH${String(n).padStart(7, '0')}`;
  m.consignment.order.id = `ORD-CRASH-${n}`;
  return JSON.stringify(m);
}

describe('crash safety', () => {
  it('keeps every acknowledged message after SIGKILL in the middle of a bulk load, and no consignment half-written', async () => {
    const temp = tempDir();
    try {
      const setup = await Store.open({ data: temp.dir });
      const key = await setup.createKey('IM5280000001', 'platform');
      await setup.close();
      const { child, url } = await startServer(temp.dir);
      const acknowledged: string[] = [];
      let sent = 0;
      const batches = 40;
      const perBatch = 250;
      const killAfterMs = 600;
      const started = Date.now();
      let killed = false;
      const senders = Array.from({ length: 4 }, async (_, worker) => {
        for (let b = worker; b < batches; b += 4) {
          if (killed) return;
          const lines = Array.from({ length: perBatch }, (_, i) => declaration(b * perBatch + i));
          sent += lines.length;
          try {
            const response = await fetch(`${url}/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' }, body: lines.join('\n') });
            const text = await response.text();
            for (const line of text.trim().split('\n')) {
              const answer = JSON.parse(line) as { http: number; message?: { messageId: string } };
              if (answer.http === 202 && answer.message) acknowledged.push(answer.message.messageId);
            }
          } catch {
            return; // the server died under us: this batch was never acknowledged
          }
          if (!killed && Date.now() - started > killAfterMs) { killed = true; child.kill('SIGKILL'); }
        }
      });
      await Promise.all(senders);
      if (!killed) child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
      assert.ok(acknowledged.length > 0, 'some messages were acknowledged before the kill');

      // Restart: the server comes back on the same data, and every acknowledged message is there.
      const again = await startServer(temp.dir);
      again.child.kill('SIGTERM');
      await once(again.child, 'exit');
      const store = await Store.open({ data: temp.dir });
      try {
        const found = await store.findMessages(acknowledged.map((messageId) => ({ sender: 'IM5280000001', messageId })));
        assert.equal(found.size, acknowledged.length, `${acknowledged.length - found.size} acknowledged messages lost`);
        // No half-written consignment: each stored consignment has its message event, and each message event its consignment.
        const events: { consignmentId: string | null; type: string }[] = [];
        for await (const e of store.allEvents()) events.push(e);
        const withMessages = new Set(events.filter((e) => e.type === 'message.declaration').map((e) => e.consignmentId));
        const rows = await store.listConsignments({ limit: 100_000 });
        assert.equal(rows.length, withMessages.size);
        for (const row of rows) assert.ok(withMessages.has(row.id), `consignment ${row.id} has no message event`);
        const verified = await verifyLog(store.allEvents(), (await store.checkpoints()) as Checkpoint[]);
        assert.equal(verified.ok, true, JSON.stringify(verified.firstBad));
        console.log(`# crash: sent ${sent}, acknowledged ${acknowledged.length}, stored ${rows.length} consignments, chain of ${verified.count} events intact`);
      } finally {
        await store.close();
      }
    } finally {
      temp.cleanup();
    }
  });
});
