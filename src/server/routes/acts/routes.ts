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
import { ACT_KINDS } from '../../../domain/violations/acts.js';
import { ACT_COUNT_DEFINITION } from '../../../domain/violations/counts.js';
import { actCounts, actsOfPerson, changeAct, publicActCounts, readTestimony, recordAct, withdrawAct } from '../../../io/acts.js';
import { storedActs } from '../../../store/acts.js';
import { getPerson } from '../../../store/persons.js';
import type { RouteDeps } from '../../app.js';
import { countedPersonConsent, doerOf } from '../../policies/index.js';
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
const tags = ['acts'];

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
      const asOf = request.query.asOf ?? today();
      const consent = countedPersonConsent(request.actor);
      if (consent === undefined) {
        const counts = await answers.get(`acts:all:${by}:${asOf}`, () => actCounts(store.db, { by, asOf, consent }));
        return { by, asOf, definition: ACT_COUNT_DEFINITION, smallCells: null, ...counts };
      }
      const cells = await answers.get(`acts:${consent.join(',')}:${by}:${asOf}`, () => publicActCounts(store.db, { by, asOf, consent }));
      return {
        by,
        asOf,
        definition: ACT_COUNT_DEFINITION,
        smallCells: { minimum: MIN_PUBLIC_CELL, rule: 'rows from 1 to 4 persons pooled (or carried into the next month); levels from 1 to 4 withheld (null)' },
        cells,
      };
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
    async (request, reply) => reply.status(201).send(await recordAct(store.db, masterKeys, request.params.id, request.body, doerOf(request.actor).accountId)),
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
        summary: 'Correct an act: a field given replaces it, null clears it',
        tags,
        params: IdParamsSchema,
        body: ActPatchSchema,
        response: { 200: ActSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => changeAct(store.db, masterKeys, request.params.id, request.body, doerOf(request.actor).accountId),
  );

  r.delete(
    '/api/acts/:id',
    {
      config: { policy: 'acts.write' },
      schema: { summary: 'Withdraw an act recorded in error', tags, params: IdParamsSchema, response: { 204: z.null(), ...ERROR_RESPONSES } },
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
