/**
 * Rules API for risk analysts: ruleset versions drafted, validated, published with validity
 * dates, retired, listed, run in shadow and back-tested. Validation errors come back as
 * problem+json with the JSON pointer of the offending node.
 */
import type { FastifyReply } from 'fastify';
import type { Engines } from '../platform/engines.js';
import { backtestVersion, NotFoundError, type RiskRules } from '../platform/risk-rules.js';
import { isZonedTime, LifecycleError, validateRuleSet, type RuleSet } from '../risk/index.js';
import type { Extensions } from './extensions.js';
import type { Fail } from './server.js';

const ANALYSTS = ['risk-analyst'];
const READERS = ['risk-analyst', 'auditor', 'admin'];

type Body = Record<string, unknown>;

function parseBody(raw: unknown): Body | undefined {
  if (typeof raw === 'object' && raw !== null) return raw as Body;
  if (typeof raw !== 'string' || raw === '') return {};
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : undefined;
  } catch { return undefined; }
}

/** Lifecycle and lookup errors as problems; anything else is rethrown (500). */
function answerError(reply: FastifyReply, fail: Fail, e: unknown, pointerBase = ''): FastifyReply {
  if (e instanceof NotFoundError) return fail(reply, 'LUX_ERR_NOT_FOUND', e.message);
  if (e instanceof LifecycleError) {
    const first = e.errors[0];
    if (first) return fail(reply, 'LUX_ERR_FIELD_INVALID', `${e.message}: ${first.message}`, pointerBase + first.path);
    return fail(reply, 'LUX_ERR_STATE_CONFLICT', e.message);
  }
  throw e;
}

export interface RiskRoutesOptions {
  rules: RiskRules;
  /** When given, back-tests recompute through the same engines policy as the live path. */
  engines?: Engines;
  clock?: () => Date;
}

export function riskRoutes(options: RiskRoutesOptions): Extensions {
  const { rules, engines } = options;
  const now = (): string => (options.clock ? options.clock() : new Date()).toISOString();
  return {
    register(app, { platform, authenticate, requireRole, fail }) {
      app.get('/v1/risk/rulesets', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, READERS)) return reply;
        const at = now();
        const live = rules.liveAt(at).ruleset;
        return {
          live: { rulesetId: live.id, version: live.version },
          shadow: rules.shadowVersion(),
          items: rules.list().map(({ ruleset, ...v }) => ({ ...v, rules: ruleset.rules.length })),
        };
      });

      app.get<{ Params: { id: string; version: string } }>('/v1/risk/rulesets/:id/:version', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, READERS)) return reply;
        const v = rules.get(request.params.id, request.params.version);
        if (!v) return fail(reply, 'LUX_ERR_NOT_FOUND', `no ruleset ${request.params.id} version ${request.params.version}`);
        return v;
      });

      // Validation without saving: every error, the first as the problem's pointer.
      app.post('/v1/risk/rulesets/validate', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, ANALYSTS)) return reply;
        const body = parseBody(request.body);
        if (!body) return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not a JSON object');
        const v = validateRuleSet(body as unknown as RuleSet);
        if (!v.ok) return fail(reply, 'LUX_ERR_FIELD_INVALID', v.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; '), v.errors[0].path);
        return { ok: true };
      });

      app.post('/v1/risk/rulesets', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, ANALYSTS)) return reply;
        const body = parseBody(request.body);
        if (!body) return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not a JSON object');
        if (typeof body.id !== 'string' || typeof body.version !== 'string') return fail(reply, 'LUX_ERR_FIELD_MISSING', 'a ruleset needs a string id and version', typeof body.id !== 'string' ? '/id' : '/version');
        // A draft may be saved while invalid (work in progress); publishing refuses it.
        try {
          const saved = await rules.saveDraft(body as unknown as RuleSet, caller.org, now());
          const v = validateRuleSet(saved.ruleset);
          return reply.code(201).send({ ...saved, valid: v.ok, errors: v.errors });
        } catch (e) { return answerError(reply, fail, e); }
      });

      app.post<{ Params: { id: string; version: string } }>('/v1/risk/rulesets/:id/:version/publish', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, ANALYSTS)) return reply;
        const body = parseBody(request.body);
        if (!body) return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not a JSON object');
        for (const f of ['validFrom', 'validTo'] as const) {
          if (body[f] !== undefined && !isZonedTime(body[f])) return fail(reply, 'LUX_ERR_TIME_FORMAT', `${f} must be an RFC 3339 date-time with a zone`, `/${f}`);
        }
        try {
          return await rules.publish(request.params.id, request.params.version, caller.org, now(), body.validFrom as string | undefined, body.validTo as string | undefined);
        } catch (e) { return answerError(reply, fail, e, '/ruleset'); }
      });

      app.post<{ Params: { id: string; version: string } }>('/v1/risk/rulesets/:id/:version/retire', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, ANALYSTS)) return reply;
        try { return await rules.retire(request.params.id, request.params.version, caller.org, now()); } catch (e) { return answerError(reply, fail, e); }
      });

      app.put('/v1/risk/shadow', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, ANALYSTS)) return reply;
        const body = parseBody(request.body);
        if (!body) return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not a JSON object');
        const off = body.rulesetId === null || body.rulesetId === undefined;
        if (!off && (typeof body.rulesetId !== 'string' || typeof body.version !== 'string')) return fail(reply, 'LUX_ERR_FIELD_INVALID', 'give rulesetId and version, or rulesetId null to stop shadowing', '/rulesetId');
        try {
          await rules.setShadow(off ? null : { rulesetId: body.rulesetId as string, version: body.version as string }, now());
          return { shadow: rules.shadowVersion() };
        } catch (e) { return answerError(reply, fail, e); }
      });

      app.post<{ Params: { id: string; version: string } }>('/v1/risk/rulesets/:id/:version/backtest', async (request, reply) => {
        const caller = await authenticate(request, reply);
        if (!caller || !requireRole(reply, caller, ANALYSTS)) return reply;
        const body = parseBody(request.body);
        if (!body) return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not a JSON object');
        for (const f of ['from', 'to'] as const) if (!isZonedTime(body[f])) return fail(reply, 'LUX_ERR_TIME_FORMAT', `${f} must be an RFC 3339 date-time with a zone`, `/${f}`);
        try {
          const r = await backtestVersion(rules, platform.store, request.params.id, request.params.version, { from: body.from as string, to: body.to as string }, engines);
          const { decisions: _l, ...live } = r.live;
          const { decisions: _c, ...candidate } = r.candidate;
          return { range: r.range, live, candidate, laneChanges: r.laneChanges };
        } catch (e) { return answerError(reply, fail, e); }
      });
    },
  };
}
