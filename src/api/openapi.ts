import { MESSAGE_TYPES } from '../domain/message.js';
import { PROBLEM_CATALOGUE } from '../intake/problems.js';

/** A short OpenAPI 3.1 description of the public routes. */
export function openApiDocument(): unknown {
  const problem = { description: 'application/problem+json with a stable code', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Luxor', version: '0.1.0', description: 'Cross-border e-commerce clearance (WCO Framework of Standards on Cross-Border E-Commerce)' },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: { type: 'object', required: ['type', 'title', 'status', 'detail', 'code'], properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, code: { type: 'string', enum: Object.keys(PROBLEM_CATALOGUE) }, pointer: { type: 'string' }, errors: { type: 'array' } } },
        MessageType: { type: 'string', enum: [...MESSAGE_TYPES] },
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      '/healthz': { get: { summary: 'Ready', security: [], responses: { 200: { description: 'ready' } } } },
      '/v1/messages': { post: { summary: 'Submit one message (application/json) or many (application/x-ndjson)', responses: { 202: { description: 'accepted, with the consignment and its outcome' }, 400: problem, 401: problem, 403: problem, 409: problem, 413: problem, 415: problem } } },
      '/v1/consignments': { get: { summary: 'Work queue (officials)', responses: { 200: { description: 'consignments' } } } },
      '/v1/post-clearance': { get: {
        summary: 'Post-clearance audit queue (officials, auditors), paged in consignment-id order',
        parameters: [
          { name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'closed-confirmed', 'closed-unfounded'] } },
          { name: 'after', in: 'query', description: 'the `next` of the previous page', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        ],
        responses: { 200: { description: '{ items, next? }: released consignments flagged after release' }, 403: problem },
      } },
      '/v1/quality': { get: { summary: "The caller's running data-quality score { submitter, messages, mean, ewma }; officials: every submitter's, or ?submitter=", responses: { 200: { description: 'score' }, 403: problem } } },
      '/v1/inspection-capacity': { get: { summary: "Each location's inspection capacity and use on a day (?date=YYYY-MM-DD, default today), and the default capacity", responses: { 200: { description: '{ date, default, locations }' }, 403: problem } } },
      '/v1/inspection-capacity/{location}': { put: { summary: "A location's inspection capacity { perDay, days?: { YYYY-MM-DD: n } } (customs-officer, admin); in force from the next assessment", responses: { 200: { description: 'the plan' }, 403: problem, 422: problem } } },
      '/v1/risk/watch-lists': { get: { summary: 'Lists of offenders and watch lists, with version, author and time of the last change (analysts, officers, auditors)', responses: { 200: { description: '{ items }' }, 403: problem } } },
      '/v1/risk/watch-lists/{id}': {
        get: { summary: 'One watch list with its entries', responses: { 200: { description: 'the list' }, 404: problem } },
        put: { summary: 'Create or replace a watch list { id, name, source, points, threshold?, validFrom, validTo?, entries } (risk-analyst); in force on the next consignment', responses: { 200: { description: '{ id, version, entries }' }, 422: problem } },
      },
      '/v1/risk/watch-lists/{id}/entries/{entryId}': { put: { summary: 'Add or replace one entry { id, kind, name?, aliases?, address?, identifiers?, reason, points?, validFrom, validTo? } (risk-analyst); end it with validTo', responses: { 200: { description: '{ id, version, entries }' }, 404: problem, 422: problem } } },
      '/v1/post-clearance/{ref}': { post: { summary: 'Close a post-clearance audit: { outcome: confirmed | unfounded, reason, recovered?: { amount, currency } } (customs-officer)', responses: { 200: { description: 'the audit closed' }, 404: problem, 409: problem, 422: problem } } },
      '/v1/consignments/{ref}': { get: { summary: 'A consignment by id, MRN or transport document, as far as the caller may see', responses: { 200: { description: 'consignment' }, 404: problem } } },
      '/v1/consignments/{ref}/actions': { post: { summary: 'Officer action: release, hold, set-lane, request-information, approve (four eyes)', responses: { 200: { description: 'done or awaiting approval' }, 403: problem, 409: problem } } },
      '/v1/notifications': { get: { summary: 'Outcomes addressed to the caller after a cursor', responses: { 200: { description: 'notifications' } } } },
      '/v1/callback': { put: { summary: 'Register the callback URL for outcomes', responses: { 200: { description: 'registered' } } } },
      '/v1/data-sets/{jurisdiction}': { get: { summary: 'The regulated data set of a jurisdiction', security: [], responses: { 200: { description: 'data set' } } } },
      '/v1/estimate': { post: { summary: 'Duty and tax estimate: { jurisdiction, date, consignment } → customs value, liabilities, de minimis outcome, category, collection model', security: [], responses: { 200: { description: 'estimate' }, 422: problem } } },
      '/v1/admin/keys': {
        post: { summary: 'Create an API key for an organisation and role; the key is in the answer once (admin)', responses: { 201: { description: 'key' }, 403: problem } },
        get: { summary: 'Key ids (hash prefixes), organisations, roles, creation and revocation times; never the keys (admin)', responses: { 200: { description: 'keys' }, 403: problem } },
      },
      '/v1/admin/keys/{keyId}': { delete: { summary: 'Revoke a key: refused from then on (admin)', responses: { 200: { description: 'revoked' }, 404: problem, 403: problem } } },
      '/v1/admin/accounts': { post: { summary: 'Create an intermediary account with its financial guarantee (admin)', responses: { 201: { description: 'account' }, 403: problem } } },
      '/v1/accounts/{id}/statement': { get: { summary: 'Periodic consolidated statement of an account (?period=YYYY-MM)', responses: { 200: { description: 'statement' }, 404: problem } } },
      '/v1/accounts/{id}/payments': { post: { summary: 'Record a payment on an account, restoring guarantee headroom', responses: { 200: { description: 'account' }, 403: problem } } },
      '/v1/risk/rulesets': { get: { summary: 'Ruleset versions (risk-analyst)', responses: { 200: { description: 'versions' } } }, post: { summary: 'Save a draft ruleset version { id, version, description?, lanes?: { yellow, red }, randomAudit?: { rate 0..1 }, rules }', responses: { 201: { description: 'draft' }, 422: problem } } },
      '/v1/risk/rulesets/validate': { post: { summary: 'Validate a ruleset: each invalid node named by its JSON pointer', responses: { 200: { description: 'valid' }, 422: problem } } },
      '/v1/risk/rulesets/{id}/{version}': { get: { summary: 'One ruleset version', responses: { 200: { description: 'version' }, 404: problem } } },
      '/v1/risk/rulesets/{id}/{version}/publish': { post: { summary: 'Publish with validity dates and author; live on the next consignment', responses: { 200: { description: 'published' }, 409: problem } } },
      '/v1/risk/rulesets/{id}/{version}/retire': { post: { summary: 'Retire a version', responses: { 200: { description: 'retired' } } } },
      '/v1/risk/rulesets/{id}/{version}/backtest': { post: { summary: 'Replay stored consignments through this version beside the live one', responses: { 200: { description: 'report' } } } },
      '/v1/risk/shadow': { put: { summary: 'Run a version in shadow (recorded with each decision, never acting)', responses: { 200: { description: 'shadow set' } } } },
      '/v1/stats': { get: { summary: 'Counts by status and lane; rejections by code', responses: { 200: { description: 'statistics' } } } },
    },
  };
}
