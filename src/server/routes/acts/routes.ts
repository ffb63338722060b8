/**
 * Acts suffered in custody (domain/violations, docs/VIOLATIONS.md). Case-file readers who need them
 * (analysts, documenters, verifiers) see each act's kind, period, place, agency and level; editors
 * record and correct them; the account and named perpetrators are opened only at /testimony, for
 * named documenters, verifiers and analysts — never administrators or the shared local token —
 * and every opening is in the audit trail. The counts are public: persons, never names, small
 * cells withheld.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MIN_PUBLIC_CELL } from '../../../domain/registry/small-cells.js';
import { ACT_COUNT_DEFINITION } from '../../../domain/violations/counts.js';
import { ACT_KINDS } from '../../../domain/violations/vocabulary.js';
import { AppError } from '../../../shared/app-error.js';
import { storedActs } from '../../../store/acts.js';
import { getPerson } from '../../../store/persons.js';
import { actCounts, actsOfPerson, changeAct, publicActCounts, readTestimony, recordAct, withdrawAct } from '../../../usecases/acts.js';
import type { RouteDeps } from '../../app.js';
import { type Actor, countedPersonConsent, doerOf, isAllowed } from '../../policies/index.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';
import {
  ActCountsQuerySchema,
  ActCountsSchema,
  ActCreateSchema,
  ActKindsSchema,
  ActPatchSchema,
  ActSchema,
  CaseActsSchema,
  TestimonySchema,
} from './schema.js';

const today = () => new Date().toISOString().slice(0, 10);
const PUBLIC_COUNTED = countedPersonConsent({ kind: 'public' }) ?? ['public'];
const PUBLIC_SMALL_CELLS = {
  minimum: MIN_PUBLIC_CELL,
  rule: 'rows from 1 to 4 persons pooled with the next smallest (months carried into the next, the span said); levels from 1 to 4 withheld (null); as of today only',
};
const tags = ['acts'];

/**
 * The fields a request writes, for the audit trail; an account or named perpetrators only from a
 * named documenter or verifier (who took the testimony), never an administrator or the local token.
 */
function touched(actor: Actor, body: Record<string, unknown>): string[] {
  const fields = Object.keys(body).filter((field) => body[field] !== undefined);
  if ((body.account !== undefined || body.namedPerpetrators !== undefined) && !isAllowed(actor, 'testimonies.write')) {
    throw new AppError('forbidden', 'testimonies.write denied', {
      publicMessage: 'Only a named documenter or verifier may write or clear an account or the names it gives.',
    });
  }
  return fields;
}

export async function registerActRoutes(app: FastifyInstance, { store, masterKeys, notes, answers }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const act = async (id: string) => orNotFound((await storedActs(store.db, { actId: id }))[0], 'act');

  r.get(
    '/api/acts/kinds',
    {
      config: { policy: 'docs.read' },
      schema: { summary: 'The vocabulary of acts in custody: labels, definitions and the texts they are drawn from', tags, response: { 200: ActKindsSchema } },
    },
    async () => ACT_KINDS.map((kind) => ({ ...kind })),
  );

  r.get(
    '/api/acts/counts',
    {
      config: { policy: 'counts.read', expensive: true },
      schema: {
        summary: 'Persons who suffered each kind of act in custody, by kind, facility, agency or month, with verification levels',
        description: 'The public sees consented persons only, agencies folded to the known ones, and no number from 1 to 4.',
        tags,
        querystring: ActCountsQuerySchema,
        response: { 200: ActCountsSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { by } = request.query;
      // Exact counts for those who read acts; everyone else — viewers too — sees the public cells.
      if (isAllowed(request.actor, 'acts.read')) {
        const asOf = request.query.asOf ?? today();
        const counts = await answers.get(`acts:all:${by}:${asOf}`, () => actCounts(store.db, { by, asOf, consent: undefined }));
        return { by, asOf, definition: ACT_COUNT_DEFINITION, smallCells: null, ...counts };
      }
      // As of today only: two nearby dates would show one person's disappearance begin.
      const asOf = today();
      const consent = PUBLIC_COUNTED;
      const shown = await answers.get(`acts:public:${by}:${asOf}`, () => publicActCounts(store.db, { by, asOf, consent }));
      return { by, asOf, definition: ACT_COUNT_DEFINITION, smallCells: PUBLIC_SMALL_CELLS, ...shown };
    },
  );

  r.get(
    '/api/persons/:id/acts',
    {
      config: { policy: 'acts.read' },
      schema: {
        summary: "A person's detentions, each with the charges they face and, apart, the acts they suffered in custody",
        description: 'Incommunicado and disappearance take their period from the timeline; stretches the timeline shows with no act recorded are listed apart.',
        tags,
        params: IdParamsSchema,
        querystring: ActCountsQuerySchema.pick({ asOf: true }),
        response: { 200: CaseActsSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      orNotFound(await getPerson(store.db, request.params.id), 'person');
      reply.header('cache-control', 'no-store');
      return actsOfPerson(store.db, request.params.id, request.query.asOf ?? today(), notes);
    },
  );

  r.post(
    '/api/detentions/:id/acts',
    {
      config: { policy: 'acts.write' },
      schema: {
        summary: 'Record an act suffered in custody during a detention',
        tags,
        params: IdParamsSchema,
        body: ActCreateSchema,
        response: { 201: ActSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      request.auditTargets = touched(request.actor, request.body);
      return reply.status(201).send(await recordAct(store.db, masterKeys, request.params.id, request.body, doerOf(request.actor).accountId));
    },
  );

  r.get(
    '/api/acts/:id',
    {
      config: { policy: 'acts.read' },
      schema: { summary: 'One act (without its account)', tags, params: IdParamsSchema, response: { 200: ActSchema, ...ERROR_RESPONSES } },
    },
    async (request) => act(request.params.id),
  );

  r.patch(
    '/api/acts/:id',
    {
      config: { policy: 'acts.write' },
      schema: {
        summary: 'Correct an act: a field given replaces it, null clears it (kind, dates and place stay as verifiers reviewed them)',
        tags,
        params: IdParamsSchema,
        body: ActPatchSchema,
        response: { 200: ActSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      request.auditTargets = touched(request.actor, request.body);
      return changeAct(store.db, masterKeys, request.params.id, request.body);
    },
  );

  r.delete(
    '/api/acts/:id',
    {
      config: { policy: 'acts.write' },
      schema: {
        summary: 'Withdraw an act recorded in error (not one verifiers have reviewed)',
        tags,
        params: IdParamsSchema,
        response: { 204: z.null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await withdrawAct(store.db, request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/acts/:id/testimony',
    {
      config: { policy: 'testimonies.read' },
      schema: {
        summary: "An act's account and the individuals it names (named documenters, verifiers and analysts; every read is recorded)",
        tags,
        params: IdParamsSchema,
        response: { 200: TestimonySchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      request.auditTargets = ['account', 'namedPerpetrators'];
      reply.header('cache-control', 'no-store');
      return readTestimony(store.db, masterKeys, request.params.id);
    },
  );
}
