/**
 * The HTTP API. Fastify is the shell only: it authenticates, parses and answers; the platform
 * does the work. Every error is application/problem+json with a code from the catalogue.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { latestDecision, type ConsignmentState } from '../clearance/consignment-state.js';
import { fiscalStatus, openGates } from '../clearance/gates.js';
import type { OfficerAction } from '../clearance/officer-action.js';
import { JURISDICTIONS, ROLES, type Role } from '../domain/message.js';
import { currencyMinorDigits } from '../intake/codes.js';
import { dataSetFor, redactForRole } from '../intake/data-sets.js';
import { problem, type Problem, type ProblemCode } from '../intake/problems.js';
import { mergePersonalData, openPersonalData, type SealedPersonalData } from '../ledger/personal-data.js';
import { splitPersonalState } from '../ledger/personal-state.js';
import type { KeyRow, StoredEvent } from '../ledger/store.js';
import { problemAnswer, type Caller, type Platform } from '../platform/platform.js';
import type { Message } from '../domain/message.js';
import { dataSetDocument } from './data-set-document.js';
import { openApiDocument } from './openapi.js';
import type { Extensions } from './extensions.js';
import { registerCapacityRoutes } from './capacity-routes.js';
import { registerQualityRoutes } from './quality-routes.js';
import { tradeReasons } from '../clearance/trade-reasons.js';

export interface ServerOptions {
  platform: Platform;
  /** Largest accepted body: 1 MiB for one message, 64 MiB for NDJSON bulk. */
  maxMessageBytes?: number;
  maxBulkBytes?: number;
  logger?: boolean;
  extensions?: Extensions;
  /** How long a key looked up is trusted before the store is asked again (a revocation takes effect within it); default 30 s. */
  keyCacheMs?: number;
}

/** Keys remembered at most (unknown tokens included, so that guessing cannot grow memory without bound). */
const KEY_CACHE_LIMIT = 10_000;

const OFFICIAL_ROLES = new Set(['customs-officer', 'risk-analyst', 'auditor', 'admin']);
const PERSONAL_DATA_READERS = new Set(['customs-officer', 'admin', 'agency']);

declare module 'fastify' {
  interface FastifyRequest { caller?: Caller }
}

function sendProblems(reply: FastifyReply, problems: Problem[]): FastifyReply {
  const answer = problemAnswer(problems);
  return reply.code(answer.status).type('application/problem+json').send(answer.body);
}

function fail(reply: FastifyReply, code: ProblemCode, detail: string, pointer?: string): FastifyReply {
  return sendProblems(reply, [problem(code, detail, pointer)]);
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { platform } = options;
  const store = platform.store;
  const maxBulk = options.maxBulkBytes ?? 64 * 1024 * 1024;
  const maxMessage = options.maxMessageBytes ?? 1024 * 1024;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: maxBulk });
  const keyCache = new Map<string, { row: KeyRow | null; until: number }>();
  const keyCacheMs = options.keyCacheMs ?? 30_000;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/x-ndjson', 'application/problem+json'], { parseAs: 'string', bodyLimit: maxBulk }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: maxBulk }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return fail(reply, 'LUX_ERR_BODY_TOO_LARGE', `the body is larger than ${maxBulk} bytes`);
    if (error.statusCode && error.statusCode < 500) return fail(reply, 'LUX_ERR_FIELD_INVALID', error.message);
    return fail(reply, 'LUX_ERR_INTERNAL', 'internal error');
  });
  app.setNotFoundHandler((request, reply) => fail(reply, 'LUX_ERR_NOT_FOUND', `no route ${request.method} ${request.url}`));

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Caller | undefined> {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) { fail(reply, 'LUX_ERR_UNAUTHENTICATED', 'send an API key as Authorization: Bearer <key>'); return undefined; }
    const now = Date.now();
    let cached = keyCache.get(token);
    if (cached === undefined || cached.until <= now) {
      if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
      cached = { row: (await store.findKey(token)) ?? null, until: now + keyCacheMs };
      keyCache.set(token, cached);
    }
    const row = cached.row;
    if (!row) { fail(reply, 'LUX_ERR_UNAUTHENTICATED', 'this API key is not valid'); return undefined; }
    return { org: row.org, role: row.role, keyId: row.hash.slice(0, 12) };
  }

  function requireRole(reply: FastifyReply, caller: Caller, roles: string[]): boolean {
    if (roles.includes(caller.role)) return true;
    fail(reply, 'LUX_ERR_FORBIDDEN', `this needs one of the roles ${roles.join(', ')}; the key has ${caller.role}`);
    return false;
  }

  app.get('/healthz', async () => ({ status: 'ok', store: store.dialect, head: platform.headSeq }));
  app.get('/openapi.json', async () => openApiDocument());

  app.post('/v1/messages', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim();
    const text = typeof request.body === 'string' ? request.body : '';
    if (type === 'application/x-ndjson') {
      const lines = text.split('\n');
      if (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
      const answers = await Promise.all(lines.map((line, index) => {
        if (Buffer.byteLength(line) > maxMessage) return Promise.resolve(problemAnswer([problem('LUX_ERR_BODY_TOO_LARGE', `line ${index + 1} is larger than ${maxMessage} bytes`)]));
        let raw: unknown;
        try { raw = JSON.parse(line); } catch (error) {
          return Promise.resolve(problemAnswer([problem('LUX_ERR_JSON_MALFORMED', `line ${index + 1} is not JSON: ${(error as Error).message}`, '')]));
        }
        return platform.submit(raw, caller);
      }));
      reply.code(200).type('application/x-ndjson');
      // A body serialised already is spliced in after the line number: the same JSON, not built twice.
      return answers.map((a, i) => (a.text && a.text.length > 2
        ? `{"line":${i + 1},"http":${a.status},${a.text.slice(1)}`
        : JSON.stringify({ line: i + 1, http: a.status, ...a.body }))).join('\n') + '\n';
    }
    if (type !== 'application/json') return fail(reply, 'LUX_ERR_UNSUPPORTED_MEDIA_TYPE', `send application/json (one message) or application/x-ndjson (many), not ${type || 'no content type'}`);
    if (Buffer.byteLength(text) > maxMessage) return fail(reply, 'LUX_ERR_BODY_TOO_LARGE', `one message may be at most ${maxMessage} bytes; send bulk as NDJSON`);
    let raw: unknown;
    try { raw = JSON.parse(text); } catch (error) {
      return fail(reply, 'LUX_ERR_JSON_MALFORMED', `the body is not JSON: ${(error as Error).message}`, '');
    }
    const answer = await platform.submit(raw, caller);
    reply.code(answer.status).type(answer.status >= 400 ? 'application/problem+json' : 'application/json');
    return answer.text ?? answer.body;
  });

  app.get<{ Params: { ref: string } }>('/v1/consignments/:ref', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    const state = await platform.find(request.params.ref);
    if (!state) return fail(reply, 'LUX_ERR_NOT_FOUND', `no consignment ${request.params.ref}`);
    const view = await viewFor(state, caller);
    if (!view) return fail(reply, 'LUX_ERR_NOT_FOUND', `no consignment ${request.params.ref} that this key may see`);
    return view;
  });

  /** Message events as they were sent: personal data opened with the consignment key while it exists. */
  async function openedMessages(consignmentId: string, events: StoredEvent[]): Promise<{ seq: number; type: string; at: string; actor: string; message: Message }[]> {
    const key = await store.consignmentKey(consignmentId);
    const personalRows = key ? await store.personalOf(consignmentId) : [];
    return events.map((e) => {
      let message = JSON.parse(e.payload) as Message;
      const row = personalRows.find((r) => r.seq === e.seq);
      if (row && key) message = mergePersonalData(message, openPersonalData(key, JSON.parse(row.sealed) as SealedPersonalData, e.commitment ?? undefined));
      return { seq: e.seq, type: e.type, at: e.at, actor: e.actor, message };
    });
  }

  /** What a caller may see of a consignment; undefined when nothing. */
  async function viewFor(state: ConsignmentState, caller: Caller): Promise<Record<string, unknown> | undefined> {
    const isOfficial = OFFICIAL_ROLES.has(caller.role);
    const referredTo = caller.role === 'agency' && state.decisions.some((d) => d.gates.some((g) => g.type === 'agency' && g.agency === caller.org));
    const isParty = state.parties.includes(caller.org);
    if (!isOfficial && !referredTo && !isParty) return undefined;
    const decision = latestDecision(state);
    const base = {
      consignment: state.id, mrn: state.facts.mrn ?? null, transportDocument: state.facts.transportDocument ?? null,
      jurisdiction: state.jurisdiction, status: fiscalStatus(state), security: state.security, released: Boolean(state.releasedAt), releasedAt: state.releasedAt ?? null,
    };
    if (isOfficial || referredTo) {
      const seesPersonal = PERSONAL_DATA_READERS.has(caller.role);
      if (seesPersonal) await platform.logPersonalRead(state.id, caller, 'consignment view');
      const events = await store.eventsOf(state.id);
      // Field-level access by the regulated data set: what this role may see of the declaration.
      const visible = { ...state.facts };
      if (visible.declaration) visible.declaration = redactForRole({ consignment: visible.declaration }, dataSetFor(state.jurisdiction), caller.role as Role, 'declaration').consignment;
      const facts = seesPersonal ? visible : splitPersonalState(visible).redacted;
      // The messages themselves, so that an officer reviewing an answer reads it (answers, remarks
      // and reasons are sealed free text), opened (that read is logged above). Only for officers:
      // other roles see the declaration as the regulated data set lets them (redactForRole).
      const readsMessages = caller.role === 'customs-officer' || caller.role === 'admin';
      const messages = readsMessages ? await openedMessages(state.id, events.filter((e) => e.type.startsWith('message.'))) : undefined;
      return {
        ...base, lane: decision?.lane ?? null, score: decision?.score ?? null,
        waitingFor: platform.waitingFor(state, { customs: true, reference: caller.role === 'customs-officer' || caller.role === 'admin' }),
        facts, decisions: state.decisions, officerActions: state.officerActions, pendingApprovals: state.pendingApprovals,
        returns: state.returns, paid: state.paid, postClearance: state.postClearance ?? [], postClearanceClosed: state.postClearanceClosed ?? null, linkedMessages: state.messages, messages,
        history: events.map((e) => ({ seq: e.seq, type: e.type, at: e.at, actor: e.actor, hash: e.hash })),
      };
    }
    // A trade party sees what it sent and the outcomes addressed to it.
    const isDeclarant = caller.org === state.facts.declaredBy || caller.org === state.facts.declarant;
    const own = state.messages.filter((m) => m.sender === caller.org);
    const events = (await store.eventsOf(state.id)).filter((e) => own.some((m) => m.seq === e.seq));
    const sent = (await openedMessages(state.id, events)).map(({ actor: _sender, ...m }) => m);
    const view: Record<string, unknown> = { ...base, sent };
    if (isDeclarant) {
      view.lane = decision?.lane ?? null;
      view.waitingFor = platform.waitingFor(state, { customs: false, reference: true });
      view.revenue = decision?.revenue ?? null;
      view.reasons = decision ? tradeReasons(decision.reasons) : [];
    }
    return view;
  }

  // The post-clearance audit queue: released consignments a later finding put in doubt.
  // Paged in consignment-id order (`after` is the last id of the previous page, `next` the one to ask
  // with), and by status (`open`, `closed-confirmed`, `closed-unfounded`): a season's queue is long.
  app.get<{ Querystring: { status?: string; limit?: string; after?: string } }>('/v1/post-clearance', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    if (!requireRole(reply, caller, ['customs-officer', 'risk-analyst', 'auditor', 'admin'])) return reply;
    const limit = Math.min(Number(request.query.limit ?? 100) || 100, 1000);
    const rows = await store.records('post-clearance', { status: request.query.status, after: request.query.after, limit });
    const items = rows.map((r) => ({ status: r.status, updatedAt: r.updatedAt, ...(JSON.parse(r.body) as Record<string, unknown>) }));
    return rows.length === limit ? { items, next: rows[rows.length - 1].id } : { items };
  });

  app.get<{ Querystring: { status?: string; lane?: string; limit?: string; after?: string } }>('/v1/consignments', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    if (!requireRole(reply, caller, ['customs-officer', 'risk-analyst', 'auditor', 'admin'])) return reply;
    const rows = await store.listConsignments({ fiscal: request.query.status, lane: request.query.lane, limit: Math.min(Number(request.query.limit ?? 100) || 100, 1000), after: request.query.after });
    return { items: rows.map((r) => ({ consignment: r.id, mrn: r.mrn, transportDocument: r.transportDoc, status: r.fiscal, security: r.security, lane: r.lane, declaredAt: r.declaredAt, releasedAt: r.releasedAt })) };
  });

  app.post<{ Params: { ref: string } }>('/v1/consignments/:ref/actions', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    if (!requireRole(reply, caller, ['customs-officer'])) return reply;
    let action: OfficerAction;
    try { action = JSON.parse(String(request.body)) as OfficerAction; } catch { return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not JSON', ''); }
    if (!action || !['release', 'hold', 'set-lane', 'request-information', 'approve'].includes(action.action)) return fail(reply, 'LUX_ERR_FIELD_INVALID', 'action must be one of release, hold, set-lane, request-information, approve', '/action');
    if (action.action === 'set-lane' && !['green', 'yellow', 'red', 'agency'].includes(action.lane)) return fail(reply, 'LUX_ERR_FIELD_INVALID', 'lane must be green, yellow, red or agency', '/lane');
    const answer = await platform.officerAction(request.params.ref, action, caller);
    reply.code(answer.status).type(answer.status >= 400 ? 'application/problem+json' : 'application/json');
    return answer.body;
  });

  // An officer closes a post-clearance audit: the finding confirmed (and what was recovered) or unfounded.
  app.post<{ Params: { ref: string } }>('/v1/post-clearance/:ref', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    if (!requireRole(reply, caller, ['customs-officer'])) return reply;
    let body: { outcome?: unknown; reason?: unknown; recovered?: { amount?: unknown; currency?: unknown } };
    try { body = JSON.parse(String(request.body)) as typeof body; } catch { return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not JSON', ''); }
    if (body === null || typeof body !== 'object') return fail(reply, 'LUX_ERR_FIELD_TYPE', 'the body must be an object with outcome and reason', '');
    if (body.outcome !== 'confirmed' && body.outcome !== 'unfounded') return fail(reply, 'LUX_ERR_FIELD_INVALID', 'outcome must be confirmed or unfounded', '/outcome');
    if (typeof body.reason !== 'string' || body.reason.trim().length < 3) return fail(reply, 'LUX_ERR_FIELD_MISSING', 'every audit outcome needs a reason', '/reason');
    let recovered: { amount: string; currency: string } | undefined;
    if (body.recovered !== undefined) {
      const { amount, currency } = body.recovered ?? {};
      if (typeof currency !== 'string' || currencyMinorDigits(currency) === undefined) return fail(reply, 'LUX_ERR_CURRENCY_UNKNOWN', 'recovered.currency must be an ISO 4217 code in use', '/recovered/currency');
      if (typeof amount === 'number') return fail(reply, 'LUX_ERR_AMOUNT_NOT_STRING', 'recovered.amount must be a decimal string such as "12.50", not a JSON number', '/recovered/amount');
      if (typeof amount !== 'string' || !/^\d+(\.\d+)?$/.test(amount)) return fail(reply, 'LUX_ERR_AMOUNT_FORMAT', 'recovered.amount must be a non-negative decimal string', '/recovered/amount');
      if ((amount.split('.')[1]?.length ?? 0) > currencyMinorDigits(currency)!) return fail(reply, 'LUX_ERR_AMOUNT_PRECISION', `recovered.amount has more decimals than ${currency} allows`, '/recovered/amount');
      if (body.outcome !== 'confirmed') return fail(reply, 'LUX_ERR_FIELD_INVALID', 'only a confirmed finding recovers an amount', '/recovered');
      recovered = { amount, currency };
    }
    const answer = await platform.closePostClearance(request.params.ref, { outcome: body.outcome, reason: body.reason.trim(), ...(recovered ? { recovered } : {}) }, caller);
    reply.code(answer.status).type(answer.status >= 400 ? 'application/problem+json' : 'application/json');
    return answer.body;
  });

  app.get<{ Querystring: { after?: string; limit?: string } }>('/v1/notifications', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    const after = Number(request.query.after ?? 0) || 0;
    const rows = await store.notificationsFor(caller.org, after, Math.min(Number(request.query.limit ?? 100) || 100, 1000));
    return { items: rows.map((r) => ({ cursor: r.seq, ...JSON.parse(r.body) as object })), next: rows.length ? rows[rows.length - 1].seq : after };
  });

  app.put('/v1/callback', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    let body: { url?: unknown };
    try { body = JSON.parse(String(request.body)) as { url?: unknown }; } catch { return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not JSON', ''); }
    if (body.url !== null && (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url))) return fail(reply, 'LUX_ERR_FIELD_INVALID', 'url must be an http(s) URL or null', '/url');
    await platform.setCallbackUrl(caller.org, (body.url as string | null) ?? null);
    return { org: caller.org, callbackUrl: body.url };
  });

  app.get<{ Params: { jurisdiction: string } }>('/v1/data-sets/:jurisdiction', async (request, reply) => {
    const j = request.params.jurisdiction.toUpperCase();
    if (!(JURISDICTIONS as readonly string[]).includes(j)) return fail(reply, 'LUX_ERR_NOT_FOUND', `no data set for ${request.params.jurisdiction}; jurisdictions: ${JURISDICTIONS.join(', ')}`);
    return dataSetDocument(j);
  });

  app.get('/v1/stats', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    if (!requireRole(reply, caller, ['customs-officer', 'risk-analyst', 'auditor', 'admin'])) return reply;
    return { consignments: await store.countConsignments(), rejections: await store.rejectionCounts(), head: platform.headSeq };
  });

  app.post('/v1/admin/keys', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    if (!requireRole(reply, caller, ['admin'])) return reply;
    let body: { org?: string; role?: string };
    try { body = JSON.parse(String(request.body)) as { org?: string; role?: string }; } catch { return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not JSON', ''); }
    if (!body.org) return fail(reply, 'LUX_ERR_FIELD_MISSING', 'org is required', '/org');
    if (!body.role || !(ROLES as readonly string[]).includes(body.role)) return fail(reply, 'LUX_ERR_FIELD_INVALID', `role must be one of ${ROLES.join(', ')}`, '/role');
    const key = await store.createKey(body.org, body.role);
    return reply.code(201).send({ org: body.org, role: body.role, key });
  });

  // Key ids (the first 12 hex digits of the stored hash), never the keys.
  app.get<{ Querystring: { org?: string } }>('/v1/admin/keys', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    if (!requireRole(reply, caller, ['admin'])) return reply;
    const keys = await store.listKeys(request.query.org);
    return { keys: keys.map((k) => ({ keyId: k.hash.slice(0, 12), org: k.org, role: k.role, label: k.label, createdAt: k.createdAt, revokedAt: k.revokedAt })) };
  });

  app.delete<{ Params: { keyId: string } }>('/v1/admin/keys/:keyId', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    if (!requireRole(reply, caller, ['admin'])) return reply;
    const keyId = request.params.keyId;
    if (!/^[0-9a-f]{12,64}$/.test(keyId)) return fail(reply, 'LUX_ERR_FIELD_INVALID', 'a key id is 12 to 64 lower-case hex digits, as GET /v1/admin/keys lists it', '/keyId');
    const revoked = await store.revokeKeys({ keyId });
    if (revoked === 0) return fail(reply, 'LUX_ERR_NOT_FOUND', `no valid key with id ${keyId}`);
    // This server refuses it at once; others within their key cache's lifetime.
    keyCache.clear();
    return { keyId, revoked };
  });

  registerCapacityRoutes(app, { platform, authenticate, requireRole, fail });
  registerQualityRoutes(app, { platform, authenticate, requireRole, fail });
  options.extensions?.register(app, { platform, authenticate, requireRole, fail });
  return app;
}

export type Authenticate = (request: FastifyRequest, reply: FastifyReply) => Promise<Caller | undefined>;
export type RequireRole = (reply: FastifyReply, caller: Caller, roles: string[]) => boolean;
export type Fail = (reply: FastifyReply, code: ProblemCode, detail: string, pointer?: string) => FastifyReply;
