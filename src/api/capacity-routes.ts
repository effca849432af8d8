/**
 * Inspection capacity per location and day (issue 4): officers in charge of a location set how
 * many consignments it can inspect a day, with exceptions for given days; the red-lane threshold
 * adapts to it from the next assessment, and what would be red beyond it is deferred, never
 * released silently. Officials read each location's capacity and use for a day.
 */
import type { FastifyInstance } from 'fastify';
import { validateCapacityPlan } from '../clearance/inspection-capacity.js';
import type { Platform } from '../platform/platform.js';
import type { Authenticate, Fail, RequireRole } from './server.js';

const SETTERS = ['customs-officer', 'admin'];
const READERS = ['customs-officer', 'risk-analyst', 'auditor', 'admin'];

export function registerCapacityRoutes(app: FastifyInstance, { platform, authenticate, requireRole, fail }: { platform: Platform; authenticate: Authenticate; requireRole: RequireRole; fail: Fail }): void {
  app.get<{ Querystring: { date?: string } }>('/v1/inspection-capacity', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller || !requireRole(reply, caller, READERS)) return reply;
    const date = request.query.date ?? platform.now().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return fail(reply, 'LUX_ERR_FIELD_INVALID', 'date must be YYYY-MM-DD', '/date');
    const { default: perDay, plans } = platform.inspectionCapacities();
    return { date, default: perDay, locations: plans.map((p) => ({ ...p, ...platform.inspectionDay(p.location, date) })) };
  });

  app.put<{ Params: { location: string } }>('/v1/inspection-capacity/:location', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller || !requireRole(reply, caller, SETTERS)) return reply;
    let body: unknown = request.body;
    if (typeof body === 'string') { try { body = JSON.parse(body); } catch { return fail(reply, 'LUX_ERR_JSON_MALFORMED', 'the body is not JSON'); } }
    const v = validateCapacityPlan(request.params.location, body);
    if (!v.ok) return fail(reply, 'LUX_ERR_FIELD_INVALID', v.problems.map((p) => `${p.pointer || '/'}: ${p.message}`).join('; '), v.problems[0].pointer);
    return platform.setInspectionCapacity(v.plan, caller.org);
  });
}
