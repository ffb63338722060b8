/**
 * Conditions and re-arrests. Staff lists (who must report, who is overdue, who is under measures)
 * name persons and courts: case-file readers only. Records of presentations, changes and breaches:
 * editors. The counts and the re-arrest figures are public, over consented persons, with every
 * number between 1 and 4 withheld (domain/registry/small-cells.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MIN_PUBLIC_CELL } from '../../../domain/registry/small-cells.js';
import { BREACH_KINDS, MEASURE_CHANGE_KINDS, MEASURE_KINDS, WEEKDAYS } from '../../../domain/registry/vocabulary.js';
import { AppError } from '../../../shared/app-error.js';
import { IsoDateSchema } from '../../../shared/schemas.js';
import { listTimeline } from '../../../store/events.js';
import {
  changeMeasure,
  conditionCounts,
  dueBetween,
  measureSchedule,
  overdueOn,
  PUBLIC_CONDITIONS_RULE,
  publicConditionCounts,
  recordBreach,
  recordPresentation,
  underMeasures,
} from '../../../usecases/conditions.js';
import { PUBLIC_REARRESTS_RULE, personEpisodes, publicRearrestFigures, rearrestFigures } from '../../../usecases/rearrests.js';
import type { RouteDeps } from '../../app.js';
import { countedPersonConsent } from '../../policies/index.js';
import { ERROR_RESPONSES, IdParamsSchema } from '../common.js';
import { visiblePerson } from '../persons/routes.js';
import { ConditionCountsSchema, DueListSchema, EpisodesSchema, OverdueListSchema, RearrestSchema, ScheduleSchema, UnderListSchema } from './schema.js';

const today = () => new Date().toISOString().slice(0, 10);
const court = z.string().trim().min(1).max(200);
const sourceId = z.uuid().nullish().describe('the source that reports it');
const staff = [{ admin: [] }];

export const ChangeBodySchema = z.object({
  on: IsoDateSchema,
  kind: z.enum(MEASURE_CHANGE_KINDS),
  everyDays: z.number().int().min(1).max(365).nullish(),
  weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7).nullish(),
  court: court.nullish().describe('the new court (a change of court); omitted: unchanged'),
  sourceId,
});

export async function registerConditionRoutes(app: FastifyInstance, { store, answers, notes }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/conditions/due',
    {
      config: { policy: 'casefile.read' },
      schema: {
        summary: 'Presentations due between two dates (at a court), each met, missed or pending',
        tags: ['conditions'],
        querystring: z.object({ from: IsoDateSchema, to: IsoDateSchema, court: court.optional(), asOf: IsoDateSchema.optional() }),
        security: staff,
        response: { 200: DueListSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { from, to, asOf } = request.query;
      if (to < from) throw badPeriod();
      const entries = await dueBetween(store.db, { from, to, court: request.query.court, today: asOf ?? today() });
      return { from, to, court: request.query.court ?? null, asOf: asOf ?? today(), total: entries.length, entries };
    },
  );
  r.get(
    '/api/conditions/overdue',
    {
      config: { policy: 'casefile.read' },
      schema: {
        summary: 'Persons overdue (a presentation date passed without one) or with a recorded breach, longest overdue first',
        tags: ['conditions'],
        querystring: z.object({ court: court.optional(), asOf: IsoDateSchema.optional() }),
        security: staff,
        response: { 200: OverdueListSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const asOf = request.query.asOf ?? today();
      const entries = await overdueOn(store.db, { today: asOf, court: request.query.court });
      return { asOf, court: request.query.court ?? null, total: entries.length, entries };
    },
  );
  r.get(
    '/api/conditions/under',
    {
      config: { policy: 'casefile.read' },
      schema: {
        summary: 'Persons under measures (of a kind) on a date, and since when: e.g. who is still under them after an amnesty',
        tags: ['conditions'],
        querystring: z.object({ on: IsoDateSchema.optional(), kind: z.enum(MEASURE_KINDS).optional() }),
        security: staff,
        response: { 200: UnderListSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const on = request.query.on ?? today();
      const entries = await underMeasures(store.db, { on, kind: request.query.kind });
      return { on, kind: request.query.kind ?? null, total: entries.length, entries };
    },
  );
  r.get(
    '/api/conditions/counts',
    {
      config: { policy: 'counts.read', expensive: true },
      schema: {
        summary: 'Persons under each kind of measure, presentations due and missed, month by month; presentations due per court and week',
        tags: ['conditions'],
        querystring: z.object({ from: IsoDateSchema.default('2026-01-01'), to: IsoDateSchema.optional() }),
        response: { 200: ConditionCountsSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const to = request.query.to ?? today();
      const from = request.query.from;
      if (to < from) throw badPeriod();
      const consent = countedPersonConsent(request.actor);
      const counts = await answers.get(`conditions:${(consent ?? ['all']).join(',')}:${from}:${to}:${today()}`, () =>
        conditionCounts(store.db, { from, to, today: today(), consent }),
      );
      if (consent === undefined) return { from, to, smallCells: null, ...counts };
      return { from, to, smallCells: { minimum: MIN_PUBLIC_CELL, rule: PUBLIC_CONDITIONS_RULE }, ...publicConditionCounts(counts) };
    },
  );
  r.get(
    '/api/rearrests',
    {
      config: { policy: 'counts.read', expensive: true },
      schema: {
        summary: 'The re-arrest rate after release within 30, 90 and 365 days, by release wave and measure, with its definition and levels',
        tags: ['conditions'],
        querystring: z.object({ asOf: IsoDateSchema.optional() }),
        response: { 200: RearrestSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const asOf = request.query.asOf ?? today();
      const consent = countedPersonConsent(request.actor);
      const figures = await answers.get(`rearrests:${(consent ?? ['all']).join(',')}:${asOf}`, () => rearrestFigures(store.db, { asOf, consent }));
      if (consent === undefined) return { ...figures, smallCells: null };
      return { ...publicRearrestFigures(figures), smallCells: { minimum: MIN_PUBLIC_CELL, rule: PUBLIC_REARRESTS_RULE } };
    },
  );

  r.get(
    '/api/persons/:id/episodes',
    {
      config: { policy: 'casefile.read' },
      schema: {
        summary: "A person's custody episodes (detention → release → re-arrest …) and each release with the re-arrest that followed",
        tags: ['conditions'],
        params: IdParamsSchema,
        security: staff,
        response: { 200: EpisodesSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      await visiblePerson(store, request, request.params.id);
      return personEpisodes(request.params.id, await listTimeline(store.db, request.params.id, notes));
    },
  );
  r.get(
    '/api/measures/:id/schedule',
    {
      config: { policy: 'casefile.read' },
      schema: {
        summary: "A measure's history and, for reporting, its due dates (met, missed, pending), next date, overdue and violated",
        tags: ['measures'],
        params: IdParamsSchema,
        querystring: z.object({ asOf: IsoDateSchema.optional() }),
        security: staff,
        response: { 200: ScheduleSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => measureSchedule(store.db, request.params.id, request.query.asOf ?? today()),
  );
  r.post(
    '/api/measures/:id/changes',
    {
      config: { policy: 'measures.write' },
      schema: {
        summary: 'Record a change of a measure (tightened, relaxed, moved to another court, lifted, converted to house arrest) and its timeline event',
        tags: ['measures'],
        params: IdParamsSchema,
        body: ChangeBodySchema,
        security: staff,
        response: { 201: z.object({ id: z.uuid(), eventId: z.uuid() }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => reply.status(201).send(await changeMeasure(store.db, request.params.id, request.body)),
  );
  r.post(
    '/api/measures/:id/presentations',
    {
      config: { policy: 'measures.write' },
      schema: {
        summary: 'Record a presentation made before the court (one per day)',
        tags: ['measures'],
        params: IdParamsSchema,
        body: z.object({ on: IsoDateSchema, court: court.nullish(), sourceId }),
        security: staff,
        response: { 201: z.object({ id: z.uuid() }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => reply.status(201).send(await recordPresentation(store.db, request.params.id, request.body, today())),
  );
  r.post(
    '/api/measures/:id/breaches',
    {
      config: { policy: 'measures.write' },
      schema: {
        summary: 'Record a breach of a measure, as a court or a source recorded it (missed presentations are derived, not recorded here)',
        tags: ['measures'],
        params: IdParamsSchema,
        body: z.object({ on: IsoDateSchema, kind: z.enum(BREACH_KINDS), sourceId }),
        security: staff,
        response: { 201: z.object({ id: z.uuid() }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => reply.status(201).send(await recordBreach(store.db, request.params.id, request.body)),
  );
}

function badPeriod() {
  return new AppError('validation_failed', 'bad period', { details: [{ path: 'to', reason: 'the period ends before it starts' }] });
}
