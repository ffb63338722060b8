/**
 * Reconciliations: upload a list that claims releases and get it explained against the
 * registry; read the report (recomputed on every read, so it follows new facts and
 * decisions), its review queue (ambiguous entries beside their candidates, with the
 * weight each field contributed) and record reviewers' decisions. Staff only: lists and
 * candidates carry names.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_MATCH_RULES, type MatchRules, RECONCILIATION_CLASSES } from '../../../domain/reconciliation/reconcile-entries.js';
import { AppError } from '../../../shared/app-error.js';
import { personIdsByExternalId } from '../../../store/import-case-histories.js';
import { deleteReconciliation, getEntry, getEntryByListId, listReconciliations, recordDecision } from '../../../store/reconciliations.js';
import { computeReconciliationReport, parseListMapping, readClaimedList, reportCsv, storeClaimedList } from '../../../usecases/reconcile-list.js';
import type { RouteDeps } from '../../app.js';
import { actorLabel } from '../../policies/index.js';
import { ERROR_RESPONSES, ErrorBodySchema, IdParamsSchema } from '../common.js';
import { withUpload } from '../upload.js';
import { CreateFieldsSchema, DecisionInputSchema, DecisionSchema, ReconciliationSchema, ReportEntrySchema, ReportSchema } from './schema.js';

const MatchRulesFields = {
  threshold: z.coerce.number().gt(0).lt(1).default(DEFAULT_MATCH_RULES.threshold).describe('match without review at or above this probability'),
  floor: z.coerce.number().gt(0).lt(1).default(DEFAULT_MATCH_RULES.floor).describe('below this probability a person is not a candidate'),
};
const floorBelowThreshold = (q: { floor: number; threshold: number }) => q.floor < q.threshold;
const floorProblem = { message: 'floor must be below threshold', path: ['floor'] };
const MatchRulesQuerySchema = z.object(MatchRulesFields).refine(floorBelowThreshold, floorProblem);
/** A report's query: the rules, and optionally one class of entries (the counts stay whole). */
const ReportQuerySchema = z
  .object({
    ...MatchRulesFields,
    entries: z.enum(RECONCILIATION_CLASSES).optional().describe('only the entries of this class (the counts stay whole): ambiguous for the review queue'),
    limit: z.coerce.number().int().min(1).max(1_000_000).optional().describe('at most this many entries, in list order (the counts stay whole)'),
  })
  .refine(floorBelowThreshold, floorProblem);

function matchRules(query: { threshold: number; floor: number }): MatchRules {
  return { ...DEFAULT_MATCH_RULES, threshold: query.threshold, floor: query.floor };
}

export async function registerReconciliationRoutes(app: FastifyInstance, { store, spoolDir }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reconciliations'];
  const security = [{ admin: [] }];
  r.post(
    '/api/reconciliations',
    {
      config: { policy: 'reconciliations.write' },
      schema: {
        summary: 'Reconcile a list that claims releases (multipart: file; fields as, from, to, optional organisation and mapping JSON)',
        tags,
        consumes: ['multipart/form-data'],
        response: { 201: ReportSchema, 422: ErrorBodySchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request, reply) =>
      withUpload(request, spoolDir, ['as', 'claim', 'from', 'to', 'organisation', 'mapping'], async (path, fields) => {
        const parsed = CreateFieldsSchema.safeParse(fields);
        if (!parsed.success) {
          throw new AppError('validation_failed', 'reconciliation fields invalid', {
            details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), reason: i.message })),
          });
        }
        const f = parsed.data;
        const mapping = f.mapping ? parseListMapping(f.mapping, 'in the "mapping" field') : undefined;
        const entries = await readClaimedList('the uploaded list', mapping, path);
        const reconciliation = await storeClaimedList(store.db, entries, { label: f.as, organisation: f.organisation, periodFrom: f.from, periodTo: f.to });
        request.log.info({ reconciliation: reconciliation.id, entries: entries.length }, 'list stored for reconciliation');
        return reply.status(201).send(await computeReconciliationReport(store.db, reconciliation.id));
      }),
  );
  r.get(
    '/api/reconciliations',
    {
      config: { policy: 'reconciliations.read' },
      schema: { summary: 'Stored reconciliations, newest first', tags, response: { 200: z.array(ReconciliationSchema), ...ERROR_RESPONSES }, security },
    },
    async () => listReconciliations(store.db),
  );
  r.get(
    '/api/reconciliations/:id',
    {
      config: { policy: 'reconciliations.read' },
      schema: {
        summary: 'The report: counts per class and every entry, recomputed now',
        tags,
        params: IdParamsSchema,
        querystring: ReportQuerySchema,
        response: { 200: ReportSchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request) =>
      computeReconciliationReport(store.db, request.params.id, matchRules(request.query), {
        only: request.query.entries,
        limit: request.query.limit,
      }),
  );
  r.get(
    '/api/reconciliations/:id/report.csv',
    {
      config: { policy: 'reconciliations.read' },
      schema: {
        summary: 'The report row by row as CSV (the file recuento reconcile writes)',
        tags,
        params: IdParamsSchema,
        querystring: ReportQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.string(), ...ERROR_RESPONSES },
        security,
      },
    },
    async (request, reply) => {
      const report = await computeReconciliationReport(store.db, request.params.id, matchRules(request.query), {
        only: request.query.entries,
        limit: request.query.limit,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="reconciliation-${report.reconciliation.id}.csv"`)
        .send(reportCsv(report));
    },
  );
  r.get(
    '/api/reconciliations/:id/review',
    {
      config: { policy: 'reconciliations.read' },
      schema: {
        summary: 'The review queue: ambiguous entries beside their candidates, each with its explanation',
        tags,
        params: IdParamsSchema,
        querystring: MatchRulesQuerySchema,
        response: { 200: z.array(ReportEntrySchema), ...ERROR_RESPONSES },
        security,
      },
    },
    async (request) => (await computeReconciliationReport(store.db, request.params.id, matchRules(request.query), { only: 'ambiguous' })).entries,
  );
  r.post(
    '/api/reconciliations/:id/decisions',
    {
      config: { policy: 'reconciliations.write' },
      schema: {
        summary: 'Decide whether an entry is a registry person; the next report follows it',
        tags,
        params: IdParamsSchema,
        body: DecisionInputSchema,
        response: { 201: DecisionSchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request, reply) => {
      const body = request.body;
      const entry = body.entryId ? await getEntry(store.db, body.entryId) : await getEntryByListId(store.db, request.params.id, body.listId!);
      if (!entry || entry.reconciliationId !== request.params.id) throw new AppError('not_found', 'entry not found in this reconciliation');
      const personId = body.personId ?? (await personIdsByExternalId(store.db, [body.personExternalId!])).get(body.personExternalId!);
      if (!personId) throw new AppError('not_found', 'no registry person with that external id', { publicMessage: 'No registry person has that id.' });
      const decision = await recordDecision(store.db, {
        entryId: entry.id,
        personId,
        match: request.body.match,
        note: request.body.note ?? null,
        decidedBy: actorLabel(request.actor),
      });
      return reply.status(201).send(decision);
    },
  );
  r.delete(
    '/api/reconciliations/:id',
    {
      config: { policy: 'reconciliations.delete' },
      schema: {
        summary: 'Delete a stored reconciliation with its entries and decisions (administrators; audited)',
        tags,
        params: IdParamsSchema,
        response: { 204: z.null(), ...ERROR_RESPONSES },
        security,
      },
    },
    async (request, reply) => {
      if (!(await deleteReconciliation(store.db, request.params.id))) throw new AppError('not_found', 'reconciliation not found');
      return reply.status(204).send(null);
    },
  );
}
