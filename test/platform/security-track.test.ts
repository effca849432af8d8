/**
 * The security track (ICS2-style pre-loading outcomes, Technical Specifications 2.1.1): a request for
 * information answered before loading is not asked again when the declaration follows and the
 * engines assess the consignment again; a do-not-load is never lifted by an answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AssessmentPolicy, PreLoadingOutcome } from '../../src/clearance/seam.js';
import { example, harness, type Harness } from '../helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture edits

/** The pre-loading outcome comes from a word in the first item's description. */
const scripted: AssessmentPolicy = {
  name: 'scripted-security',
  assess(facts) {
    const text = (facts.preLoading ?? facts.declaration)?.items?.[0]?.description ?? '';
    const preLoading = (['do-not-load', 'request-for-information'] as PreLoadingOutcome[]).find((o) => text.includes(`[${o}]`)) ?? 'assessment-complete';
    return { policy: 'scripted-security', risk: { score: 0, minLane: 'green', preLoading, referrals: [], requestsForInformation: [], reasons: [] } };
  },
};

let n = 0;
function messages(word: string): { preLoading: Json; declaration: Json; information: Json; td: string } {
  n++;
  const td = `HAWBSEC${n}`;
  const preLoading = example('pre-loading-air.json') as Json;
  preLoading.messageId = `sec-pre-${n}`;
  preLoading.consignment.transportDocument.number = td;
  preLoading.consignment.items[0].description = `Wireless in-ear headphones ${word}`;
  const declaration = example('declaration-eu-ioss.json') as Json;
  declaration.messageId = `sec-decl-${n}`;
  declaration.consignment.transportDocument.number = td;
  declaration.consignment.order.id = `ORD-SEC-${n}`;
  declaration.consignment.items[0].description = `Wireless in-ear headphones ${word}`;
  const information = { messageId: `sec-info-${n}`, type: 'information', sentAt: '2026-11-20T21:00:00Z', sender: { role: 'carrier', id: 'BE0123456789' }, jurisdiction: 'EU',
    information: { transportDocument: { type: 'house-waybill', number: td }, answers: 'commercial invoice and product sheet attached', documents: [{ type: 'invoice', reference: `INV-SEC-${n}` }] } };
  return { preLoading, declaration, information, td };
}

describe('the security track', () => {
  let h: Harness;
  before(async () => { h = await harness({ policy: scripted }); });
  after(async () => { await h.close(); });

  it('does not ask again before loading what the carrier answered, when the declaration follows', async () => {
    const m = messages('[request-for-information]');
    const pre = await h.request('POST', '/v1/messages', h.keys.BE0123456789, m.preLoading);
    assert.equal(pre.status, 202, JSON.stringify(pre.body));
    assert.equal(pre.body.security, 'request-for-information');
    assert.equal((await h.request('POST', '/v1/messages', h.keys.BE0123456789, m.information)).body.security, 'assessment-complete');
    const declared = await h.request('POST', '/v1/messages', h.keys.IM5280000001, m.declaration);
    assert.equal(declared.status, 202, JSON.stringify(declared.body));
    assert.equal(declared.body.security, 'assessment-complete', JSON.stringify(declared.body.waitingFor));
  });

  it('keeps a do-not-load whatever is answered', async () => {
    const m = messages('[do-not-load]');
    assert.equal((await h.request('POST', '/v1/messages', h.keys.BE0123456789, m.preLoading)).body.security, 'do-not-load');
    await h.request('POST', '/v1/messages', h.keys.BE0123456789, m.information);
    const declared = await h.request('POST', '/v1/messages', h.keys.IM5280000001, m.declaration);
    assert.equal(declared.body.security, 'do-not-load');
  });
});
