/**
 * Duplicates in the registry and their merging: the candidate pairs with their
 * explanations, a merge that keeps every identifier, detention, event and source of both
 * records, and its undoing. Staff only.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listMerges, mergePersons, unmergePersons } from '../../../store/merge-persons.js';
import { findRegistryDuplicates } from '../../../usecases/find-duplicates.js';
import type { RouteDeps } from '../../app.js';
import { actorLabel } from '../../policies/index.js';
import { ERROR_RESPONSES, ErrorBodySchema, IdParamsSchema } from '../common.js';
import { CandidateSchema } from '../reconciliations/schema.js';

const SideSchema = CandidateSchema.shape.person;
const MergeSchema = z.object({ id: z.uuid(), keptPersonId: z.uuid(), mergedPersonId: z.uuid(), mergedBy: z.string(), mergedAt: z.string() });

export async function registerMergeRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['duplicates'];
  const security = [{ admin: [] }];
  r.get(
    '/api/persons/duplicates',
    {
      config: { policy: 'persons.merge' },
      schema: {
        summary: 'Registry records that may be the same person, most likely first, with explanations',
        tags,
        querystring: z.object({ minProbability: z.coerce.number().gt(0).lt(1).default(0.5), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: {
          200: z.object({
            compared: z.number(),
            pairs: z.array(
              z.object({ probability: z.number(), a: SideSchema, b: SideSchema, explanation: CandidateSchema.shape.explanation, sameCluster: z.boolean() }),
            ),
          }),
          ...ERROR_RESPONSES,
        },
        security,
      },
    },
    async (request) => findRegistryDuplicates(store.db, request.query),
  );
  r.get(
    '/api/persons/merges',
    {
      config: { policy: 'persons.merge' },
      schema: { summary: 'Merges done, newest first', tags, response: { 200: z.array(MergeSchema), ...ERROR_RESPONSES }, security },
    },
    async () => listMerges(store.db),
  );
  r.post(
    '/api/persons/merges',
    {
      config: { policy: 'persons.merge' },
      schema: {
        summary: 'Merge a duplicate into the record to keep; refused (409) when their cédulas differ, unless force',
        tags,
        body: z.object({ keepId: z.uuid(), mergeId: z.uuid(), force: z.boolean().default(false) }),
        response: { 201: MergeSchema, 409: ErrorBodySchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request, reply) => {
      const merge = await mergePersons(store.db, { ...request.body, mergedBy: actorLabel(request.actor) });
      request.log.info({ merge: merge.id }, 'persons merged');
      return reply.status(201).send(merge);
    },
  );
  r.post(
    '/api/persons/merges/:id/undo',
    {
      config: { policy: 'persons.merge' },
      schema: {
        summary: 'Undo a merge: the merged record comes back with everything it had',
        tags,
        params: IdParamsSchema,
        response: { 200: z.object({ keptPersonId: z.uuid(), restoredPersonId: z.uuid() }), ...ERROR_RESPONSES },
        security,
      },
    },
    async (request) => unmergePersons(store.db, request.params.id),
  );
}
