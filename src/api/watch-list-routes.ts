/**
 * Watch-list management for risk analysts (FoS 2.3.4): lists of offenders and watch lists with
 * validity dates, changed without a restart. Officers and auditors read them. A bad list or entry
 * comes back as problem+json with the JSON pointer of the field.
 */
import type { FastifyReply } from 'fastify';
import { WatchListInvalid, type WatchLists } from '../platform/watch-lists.js';
import type { Extensions } from './extensions.js';
import type { Fail } from './server.js';

const ANALYSTS = ['risk-analyst'];
const READERS = ['risk-analyst', 'customs-officer', 'auditor', 'admin'];

function parse(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try { return JSON.parse(raw) as unknown; } catch { return undefined; }
}

function invalid(reply: FastifyReply, fail: Fail, e: unknown): FastifyReply {
  if (e instanceof WatchListInvalid) return fail(reply, 'LUX_ERR_FIELD_INVALID', e.message, e.problems[0]?.pointer);
  throw e;
}

export function watchListRoutes(lists: WatchLists, clock: () => Date = () => new Date()): Extensions {
  return {
    register(app, { authenticate, requireRole, fail }) {
      app.get('/v1/risk/watch-lists', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, READERS)) return reply;
        return {
          items: lists.lists().map((l) => {
            const full = lists.get(l.id)!;
            return { id: l.id, name: l.name, source: l.source, points: l.points, validFrom: l.validFrom, validTo: l.validTo, entries: l.entries.length, version: full.version, changedBy: full.changedBy, changedAt: full.changedAt };
          }),
        };
      });

      app.get<{ Params: { id: string } }>('/v1/risk/watch-lists/:id', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, READERS)) return reply;
        return lists.get(request.params.id) ?? fail(reply, 'LUX_ERR_NOT_FOUND', `no watch list ${request.params.id}`);
      });

      app.put<{ Params: { id: string } }>('/v1/risk/watch-lists/:id', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, ANALYSTS)) return reply;
        const body = parse(request.body);
        if (body === undefined) return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not JSON');
        if (typeof body === 'object' && body !== null && (body as { id?: unknown }).id !== request.params.id) return fail(reply, 'LUX_ERR_FIELD_INVALID', `the list's id must be ${request.params.id}, as in the URL`, '/id');
        try {
          const saved = await lists.put(body, caller.org, clock().toISOString());
          return { id: saved.list.id, version: saved.version, entries: saved.list.entries.length };
        } catch (e) { return invalid(reply, fail, e); }
      });

      // One entry added, or replaced by its id: to end a listing, send it again with `validTo`.
      app.put<{ Params: { id: string; entryId: string } }>('/v1/risk/watch-lists/:id/entries/:entryId', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, ANALYSTS)) return reply;
        const body = parse(request.body);
        if (body === undefined) return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not JSON');
        if (typeof body === 'object' && body !== null && (body as { id?: unknown }).id !== request.params.entryId) return fail(reply, 'LUX_ERR_FIELD_INVALID', `the entry's id must be ${request.params.entryId}, as in the URL`, '/id');
        try {
          const saved = await lists.putEntry(request.params.id, body, caller.org, clock().toISOString());
          if (!saved) return fail(reply, 'LUX_ERR_NOT_FOUND', `no watch list ${request.params.id}`);
          return { id: saved.list.id, version: saved.version, entries: saved.list.entries.length };
        } catch (e) { return invalid(reply, fail, e); }
      });
    },
  };
}
