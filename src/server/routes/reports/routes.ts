/**
 * Reports of a detention (src/usecases/reports.ts): the public sends one, with the form's token, and
 * follows it by its code; documenters and verifiers triage them — accept into the registry, link to
 * a person, reject — and read a reporter's contact (each reading in the audit trail).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ReportInputSchema, UuidSchema } from '../../../shared/schemas.js';
import { getReport, listReports } from '../../../store/reports.js';
import { followReport, formToken, reportContact, submitReport, triageReport, triageView } from '../../../usecases/reports.js';
import type { RouteDeps } from '../../app.js';
import { actorLabel } from '../../policies/index.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';

const REPORT_STATUSES = ['new', 'accepted', 'linked', 'rejected'] as const;
const TriageReportSchema = z.object({
  id: z.string(),
  receivedAt: z.string(),
  status: z.enum(REPORT_STATUSES),
  details: z.record(z.string(), z.unknown()),
  hasContact: z.boolean(),
  personId: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
});
const staff = [{ admin: [] }];

/** A report from the public, by the API or the site's form: the form's checks, then the hour's limits. */
export function sendReport(
  { store, masterKeys, reportForm }: Pick<RouteDeps, 'store' | 'masterKeys' | 'reportForm'>,
  ip: string,
  input: unknown,
  token: string | undefined,
  honeypot: string | undefined,
) {
  return submitReport(store.db, masterKeys, input, {
    token,
    honeypot,
    secret: reportForm.secret,
    minFillMs: reportForm.minFillMs,
    // only a report found sound counts against the hour's limits: a flood of junk does not shut the form
    admit: () => reportForm.limit.take(ip),
  });
}

/** Who may send how many: a few per address an hour, and a ceiling for everyone together. */
export const REPORT_LIMITS = { perKey: 5, overall: 500 };

export async function registerReportRoutes(app: FastifyInstance, { store, masterKeys, reportForm }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];

  r.get(
    '/api/reports/form-token',
    {
      config: { policy: 'reports.submit' },
      schema: {
        summary: 'A token to send a report with (it is refused if sent within seconds, or hours later)',
        tags,
        response: { 200: z.object({ token: z.string() }) },
      },
    },
    async () => ({ token: formToken(reportForm.secret) }),
  );
  r.post(
    '/api/reports',
    {
      config: { policy: 'reports.submit' },
      bodyLimit: 16_384,
      schema: {
        summary: 'Report a detention: kept for the staff to review, never published; answers the code to follow it with',
        tags,
        body: ReportInputSchema.extend({
          token: z.string().max(200).describe('from GET /api/reports/form-token (or the form)'),
          website: z.string().max(200).optional().describe('leave empty'),
        }),
        response: { 201: z.object({ code: z.string() }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { token, website, ...input } = request.body;
      const { code } = await sendReport({ store, masterKeys, reportForm }, request.ip, input, token, website);
      return reply.status(201).header('cache-control', 'no-store').send({ code });
    },
  );
  r.post(
    '/api/reports/follow',
    {
      config: { policy: 'reportstatus.read' },
      schema: {
        summary: "A report's status, by the code its sender was given (nothing else of it)",
        tags,
        body: z.object({ code: z.string().max(80) }),
        response: {
          200: z.object({ status: z.enum(['received', 'reviewed']), receivedAt: z.string(), reviewedAt: z.string().nullable() }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => followReport(store.db, request.body.code),
  );
  r.get(
    '/api/reports',
    {
      config: { policy: 'reports.triage' },
      schema: {
        summary: 'Reports to triage (new first), without the reporters’ contacts',
        tags,
        security: staff,
        querystring: z.object({ status: z.enum(REPORT_STATUSES).optional(), limit: z.coerce.number().int().min(1).max(500).default(200) }),
        response: { 200: z.array(TriageReportSchema), ...ERROR_RESPONSES },
      },
    },
    async (request) => (await listReports(store.db, request.query)).map(triageView),
  );
  r.get(
    '/api/reports/:id',
    {
      config: { policy: 'reports.triage' },
      schema: { summary: 'One report', tags, security: staff, params: IdParamsSchema, response: { 200: TriageReportSchema, ...ERROR_RESPONSES } },
    },
    async (request) => triageView(orNotFound(await getReport(store.db, request.params.id), 'report')),
  );
  r.post(
    '/api/reports/:id/contact',
    {
      config: { policy: 'reports.contact' },
      schema: {
        summary: "The reporter's contact, opened (the reading is in the audit trail)",
        tags,
        security: staff,
        params: IdParamsSchema,
        response: { 200: z.object({ contact: z.string().nullable() }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send({ contact: await reportContact(store.db, masterKeys, request.params.id) }),
  );
  r.post(
    '/api/reports/:id/decision',
    {
      config: { policy: 'reports.triage' },
      schema: {
        summary: 'Accept a report into the registry (a private person and the detention it describes), link it to a person, or reject it',
        tags,
        security: staff,
        params: IdParamsSchema,
        body: z.discriminatedUnion('decision', [
          z.object({
            decision: z.literal('accept'),
            givenNames: z.string().trim().min(1).max(100),
            firstSurname: z.string().trim().min(1).max(100),
            secondSurname: z.string().trim().max(100).nullish(),
            keepCedula: z.boolean().optional().describe('false: make the person without the cédula the report gives (add it on the record once checked)'),
          }),
          z.object({ decision: z.literal('link'), personId: UuidSchema }),
          z.object({ decision: z.literal('reject'), reason: z.string().trim().min(1).max(500) }),
        ]),
        response: { 200: z.object({ personId: z.string().nullable() }), ...ERROR_RESPONSES },
      },
    },
    async (request) => triageReport(store.db, request.params.id, request.body, actorLabel(request.actor)),
  );
}
