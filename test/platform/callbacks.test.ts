import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { startCallbackDelivery } from '../../src/platform/callbacks.js';
import { example, harness } from '../helpers.js';

describe('outcomes back to the sender', () => {
  it('posts a later outcome to the registered callback, retrying with back-off until it is taken, and keeps it pullable', async () => {
    const received: Record<string, unknown>[] = [];
    let calls = 0;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        calls++;
        if (calls <= 2) { res.statusCode = 503; res.end(); return; }
        received.push(JSON.parse(body) as Record<string, unknown>);
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const h = await harness();
    const stop = startCallbackDelivery(h.platform, { intervalMs: 20, policy: { baseMs: 20, capMs: 100, maxAttempts: 10 } });
    try {
      const put = await h.request('PUT', '/v1/callback', h.keys.BE0123456789, { url: `http://127.0.0.1:${port}/luxor` });
      assert.equal(put.status, 200);
      await h.request('POST', '/v1/messages', h.keys.IM5280000001, example('declaration-eu-ioss.json'));
      await h.request('POST', '/v1/messages', h.keys.BE0123456789, example('arrival.json'));
      await h.request('POST', '/v1/consignments/HAWB7712345601/actions', h.keys['OFFICER-1'], { action: 'release', reason: 'documents checked' });
      const deadline = Date.now() + 10_000;
      while (!received.some((r) => r.status === 'released') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      assert.ok(received.some((r) => r.status === 'released' && r.transportDocument === 'HAWB7712345601'), `received ${JSON.stringify(received)}`);
      assert.ok(calls >= 3);
      const pulled = await h.request('GET', '/v1/notifications?after=0', h.keys.BE0123456789);
      assert.ok(pulled.body.items.some((i: { status: string }) => i.status === 'released'));
      assert.ok(!JSON.stringify(pulled.body).includes('anna@example.nl'), 'the carrier gets status, not the buyer\'s data');
    } finally {
      stop();
      await h.close();
      server.close();
    }
  });
});
