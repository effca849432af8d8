import { readFileSync } from 'node:fs';
import type { Message } from '../../src/domain/message.js';
import { sharedDataPath } from '../../src/domain/paths.js';
import { canonicalJson } from '../../src/ledger/canonical-json.js';
import type { EventDraft } from '../../src/ledger/event-row.js';

/** A message from ../shared/examples (the folder beside shared/data). */
export function example<M extends Message = Message>(file: string): M {
  return JSON.parse(readFileSync(sharedDataPath('..', 'examples', file), 'utf8')) as M;
}

/** `count` plausible drafts: one message-accepted event per draft, over a few consignments. */
export function drafts(count: number): EventDraft[] {
  const out: EventDraft[] = [];
  const start = Date.parse('2026-11-20T08:00:00Z');
  for (let i = 0; i < count; i++) {
    out.push({
      consignmentId: i % 5 === 4 ? null : `C-${Math.floor(i / 3)}`,
      type: i % 3 === 0 ? 'message-accepted' : i % 3 === 1 ? 'assessed' : 'decided',
      at: new Date(start + i * 1000).toISOString(),
      actor: i % 2 === 0 ? 'IM5280000001' : 'system',
      payload: canonicalJson({ n: i, lane: i % 3 === 2 ? 'green' : undefined, note: `event ${i}` }),
      commitment: null,
    });
  }
  return out;
}
