/**
 * The audit trail for administrators: the newest records, an export of all of them as JSON
 * lines, and a check of the hash chain that names the first record changed, removed or inserted.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { latestAudit } from '../../../store/audit.js';
import { allAudit, verifyAudit } from '../../../usecases/audit-trail.js';
import type { RouteDeps } from '../../app.js';
import { ERROR_RESPONSES } from '../common.js';

const AuditRecordSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string().describe('account id, "local-admin", "public", or "command-line" (then actorName is the operating-system account)'),
  actorName: z.string(),
  action: z.string(),
  method: z.string().describe('the HTTP method, or CLI for a command run against the database'),
  route: z.string().describe('the route pattern (never the query string)'),
  targets: z.array(z.string()).describe('the ids in the path'),
  status: z.number().int(),
  ip: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

export async function registerAuditRoutes(app: FastifyInstance, { store, auditWriter }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];
  const security = [{ admin: [] }];

  r.get(
    '/api/audit',
    {
      config: { policy: 'audit.read' },
      schema: {
        summary: 'The audit trail, newest first: who did what, on which records, when, from where, with what result',
        tags,
        security,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), before: z.coerce.number().int().min(1).optional() }),
        response: { 200: z.array(AuditRecordSchema), ...ERROR_RESPONSES },
      },
    },
    // what this server answered just before is in the trail it shows (its records are written after each answer)
    async (request) => {
      await auditWriter.written();
      return latestAudit(store.db, request.query.limit, request.query.before);
    },
  );
  r.get(
    '/api/audit/verify',
    {
      config: { policy: 'audit.read' },
      schema: {
        summary: 'Check the hash chain: ok with the head hash, or the first record changed, removed or inserted',
        tags,
        security,
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number().int(),
            head: z.string().optional(),
            seq: z.number().int().optional(),
            reason: z.string().optional(),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async () => {
      await auditWriter.written();
      return verifyAudit(store.db);
    },
  );
  r.get(
    '/api/audit/export',
    { config: { policy: 'audit.read' }, schema: { summary: 'The whole audit trail as JSON lines, oldest first', tags, security } },
    async (_request, reply) => {
      await auditWriter.written();
      reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', 'attachment; filename="audit.jsonl"');
      let out = '';
      for await (const record of allAudit(store.db)) out += `${JSON.stringify(record)}\n`;
      return out;
    },
  );
}
