/**
 * Data quality fed back to the submitter (FoS 2.2.2; 2022 Standard 3): each answer carries the
 * message's own findings, and here a submitter reads its running score (an exponentially weighted
 * mean over the messages that stated goods, and the plain mean), so that quality improves at
 * source. Officials read every submitter's.
 */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform/platform.js';
import type { Authenticate, Fail, RequireRole } from './server.js';

const OFFICIALS = new Set(['customs-officer', 'risk-analyst', 'auditor', 'admin']);

export function registerQualityRoutes(app: FastifyInstance, { platform, authenticate, fail }: { platform: Platform; authenticate: Authenticate; requireRole: RequireRole; fail: Fail }): void {
  app.get<{ Querystring: { submitter?: string } }>('/v1/quality', async (request, reply) => {
    const caller = await authenticate(request, reply);
    if (!caller) return reply;
    const official = OFFICIALS.has(caller.role);
    const asked = request.query.submitter;
    // The trade sees its own score only: another submitter's is not its business.
    if (!official && asked !== undefined && asked !== caller.org) return fail(reply, 'LUX_ERR_FORBIDDEN', 'a submitter reads its own data-quality score only');
    if (official && asked === undefined) return { items: platform.qualityOfAll() };
    const who = asked ?? caller.org;
    const score = platform.qualityOf(who);
    return score ?? { submitter: who, messages: 0 };
  });
}
