import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { Decimal } from '../../src/domain/decimal.js';
import { generateTraffic, iterateTraffic } from '../../src/simulate/generate.js';
import { summarizeTraffic, writeNdjson } from '../../src/simulate/ndjson.js';

async function collect(write: (s: PassThrough) => Promise<number>): Promise<[number, string]> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const n = await write(stream);
  stream.end();
  await new Promise(resolve => stream.on('end', resolve));
  return [n, Buffer.concat(chunks).toString('utf8')];
}

describe('simulated traffic as NDJSON and its summary', () => {
  const traffic = generateTraffic({ seed: 8, consignments: 800, start: '2026-11-20T00:00:00Z', violationRate: 0.2 });

  it('writes one message per line, in order, each line parsing back to the message', async () => {
    const [n, text] = await collect(s => writeNdjson(traffic, s));
    const lines = text.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(n, traffic.events.length);
    assert.equal(lines.length, traffic.events.length);
    lines.forEach((line, i) => assert.deepEqual(JSON.parse(line), JSON.parse(JSON.stringify(traffic.events[i]!.message))));
  });

  it('writes the ground truth beside each message when asked, also from the iterator', async () => {
    const [n, text] = await collect(s => writeNdjson(iterateTraffic({ seed: 8, consignments: 800, start: '2026-11-20T00:00:00Z', violationRate: 0.2 }), s, { withTruth: true }));
    const first = JSON.parse(text.slice(0, text.indexOf('\n'))) as { at: string; message: { messageId: string }; truth: { consignmentKey: string } };
    assert.equal(n, traffic.events.length);
    assert.equal(first.message.messageId, traffic.events[0]!.message.messageId);
    assert.equal(first.truth.consignmentKey, traffic.events[0]!.truth!.consignmentKey);
  });

  it('counts per type, jurisdiction, model and violation, consistently with the events', () => {
    const s = summarizeTraffic(traffic);
    assert.equal(s.events, traffic.events.length);
    assert.equal(s.consignments, 800);
    assert.equal(Object.values(s.byType).reduce((a, b) => a + b, 0), s.events);
    assert.equal(Object.values(s.byJurisdiction).reduce((a, b) => a + b, 0), 800);
    assert.equal(Object.values(s.byModel).reduce((a, b) => a + b, 0), 800);
    assert.equal(s.byType.arrival, traffic.events.filter(e => e.message.type === 'arrival').length);
    const labelled = new Set(traffic.events.filter(e => e.truth && e.truth.violations.length > 0).map(e => e.truth!.consignmentKey));
    assert.equal(s.labelled, labelled.size);
    const eur = traffic.events.filter(e => e.message.type === 'arrival' && e.truth?.currency === 'EUR' && e.truth.revenueAtStake)
      .reduce((sum, e) => sum.add(Decimal.parse(e.truth!.revenueAtStake!)), Decimal.ZERO);
    // Every consignment but an invalidated one has exactly one arrival, and invalidated ones carry no violation.
    assert.equal(s.revenueAtStake.EUR ?? '0', eur.toString());
    assert.equal(s.first, traffic.events[0]!.at);
    assert.equal(s.last, traffic.events[traffic.events.length - 1]!.at);
  });
});
