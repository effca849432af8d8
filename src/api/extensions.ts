import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform/platform.js';
import type { Authenticate, Fail, RequireRole } from './server.js';

/** Routes that engines add to the server (revenue estimator, risk rules, accounts). */
export interface Extensions {
  register(app: FastifyInstance, tools: { platform: Platform; authenticate: Authenticate; requireRole: RequireRole; fail: Fail }): void;
}
