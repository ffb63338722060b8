/** Claims: the counts each party published, with their citations. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLAIM_METRICS, CLAIMANT_KINDS } from '../../../domain/registry/vocabulary.js';
import { AppError } from '../../../shared/app-error.js';
import { ClaimInputSchema, ClaimSchema, IsoDateSchema, patchOf } from '../../../shared/schemas.js';
import { claimFields, createClaim, getClaim, listClaims, updateClaim } from '../../../store/claims.js';
import type { RouteDeps } from '../../app.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';

export async function registerClaimRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['claims'];
  const security = [{ admin: [] }];
  r.get(
    '/api/claims',
    {
      config: { policy: 'claims.read' },
      schema: {
        summary: 'Claims in date order',
        tags,
        querystring: z.object({
          metric: z.enum(CLAIM_METRICS).optional(),
          claimantKind: z.enum(CLAIMANT_KINDS).optional(),
          from: IsoDateSchema.optional(),
          to: IsoDateSchema.optional(),
        }),
        response: { 200: z.array(ClaimSchema), ...ERROR_RESPONSES },
      },
    },
    async (request) => listClaims(store.db, request.query),
  );
  r.get(
    '/api/claims/:id',
    { config: { policy: 'claims.read' }, schema: { summary: 'One claim', tags, params: IdParamsSchema, response: { 200: ClaimSchema, ...ERROR_RESPONSES } } },
    async (request) => orNotFound(await getClaim(store.db, request.params.id), 'claim'),
  );
  r.post(
    '/api/claims',
    {
      config: { policy: 'claims.write' },
      schema: { summary: 'Record a claim', tags, body: ClaimInputSchema, response: { 201: ClaimSchema, ...ERROR_RESPONSES }, security },
    },
    async (request, reply) => {
      const b = request.body;
      return reply.status(201).send(await createClaim(store.db, claimFields(b)));
    },
  );
  r.patch(
    '/api/claims/:id',
    {
      config: { policy: 'claims.write' },
      schema: {
        summary: 'Correct a claim',
        tags,
        params: IdParamsSchema,
        body: patchOf(z.object(ClaimInputSchema.shape)),
        response: { 200: ClaimSchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request) => {
      const current = await getClaim(store.db, request.params.id);
      if (!current) throw new AppError('not_found', 'claim not found');
      const merged = { ...current, ...request.body };
      const check = ClaimInputSchema.safeParse(merged);
      if (!check.success) {
        throw new AppError('validation_failed', 'claim patch invalid', {
          details: check.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, reason: i.message })),
        });
      }
      return updateClaim(store.db, request.params.id, request.body);
    },
  );
}
