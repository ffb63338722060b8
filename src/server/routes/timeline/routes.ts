/** Detentions, timeline events and precautionary measures: read for visible persons, write for staff. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../shared/app-error.js';
import { DetentionInputSchema, DetentionSchema, EventInputSchema, EventSchema, MeasureInputSchema, MeasureSchema, patchOf } from '../../../shared/schemas.js';
import { createDetention, getDetention, listDetentionsOfPerson, updateDetention } from '../../../store/detentions.js';
import { createEvent, createMeasure, getEvent, getMeasure, listTimeline, updateEvent, updateMeasure } from '../../../store/events.js';
import { getPerson } from '../../../store/persons.js';
import type { RouteDeps } from '../../app.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';
import { visiblePerson } from '../persons/routes.js';

export async function registerTimelineRoutes(app: FastifyInstance, { store, notes }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = [{ admin: [] }];
  const requirePerson = async (personId: string) => {
    if (!(await getPerson(store.db, personId))) {
      throw new AppError('invalid_reference', 'missing person', { details: [{ path: 'body.personId', reason: 'no person has this id' }] });
    }
  };

  r.get(
    '/api/persons/:id/detentions',
    {
      config: { policy: 'casefile.read' },
      schema: {
        summary: "A person's detentions",
        tags: ['detentions'],
        params: IdParamsSchema,
        response: { 200: z.array(DetentionSchema), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      await visiblePerson(store, request, request.params.id);
      return listDetentionsOfPerson(store.db, request.params.id);
    },
  );
  r.get(
    '/api/detentions/:id',
    {
      config: { policy: 'casefile.read' },
      schema: {
        summary: 'One detention',
        tags: ['detentions'],
        params: IdParamsSchema,
        response: { 200: DetentionSchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request) => orNotFound(await getDetention(store.db, request.params.id)),
  );
  r.post(
    '/api/detentions',
    {
      config: { policy: 'detentions.write' },
      schema: {
        summary: 'Record a detention',
        tags: ['detentions'],
        body: DetentionInputSchema,
        response: { 201: DetentionSchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request, reply) => {
      await requirePerson(request.body.personId);
      return reply.status(201).send(await createDetention(store.db, request.body));
    },
  );
  r.patch(
    '/api/detentions/:id',
    {
      config: { policy: 'detentions.write' },
      schema: {
        summary: 'Update a detention',
        tags: ['detentions'],
        params: IdParamsSchema,
        body: patchOf(DetentionInputSchema.omit({ personId: true })),
        response: { 200: DetentionSchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request) => updateDetention(store.db, request.params.id, request.body),
  );

  r.get(
    '/api/persons/:id/timeline',
    {
      config: { policy: 'casefile.read' },
      schema: {
        summary: "A person's timeline with measures (staff view)",
        tags: ['events'],
        params: IdParamsSchema,
        response: { 200: z.array(EventSchema.extend({ measures: z.array(MeasureSchema) })), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      await visiblePerson(store, request, request.params.id);
      return listTimeline(store.db, request.params.id, notes);
    },
  );
  r.get(
    '/api/events/:id',
    {
      config: { policy: 'casefile.read' },
      schema: { summary: 'One event', tags: ['events'], params: IdParamsSchema, response: { 200: EventSchema, ...ERROR_RESPONSES }, security: staff },
    },
    async (request) => orNotFound(await getEvent(store.db, request.params.id, notes)),
  );
  r.post(
    '/api/events',
    {
      config: { policy: 'events.write' },
      schema: {
        summary: 'Add an event to a timeline',
        tags: ['events'],
        body: EventInputSchema,
        response: { 201: EventSchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request, reply) => {
      await requirePerson(request.body.personId);
      return reply.status(201).send(await createEvent(store.db, request.body, notes));
    },
  );
  r.patch(
    '/api/events/:id',
    {
      config: { policy: 'events.write' },
      schema: {
        summary: 'Correct an event',
        tags: ['events'],
        params: IdParamsSchema,
        body: patchOf(EventInputSchema.omit({ personId: true })),
        response: { 200: EventSchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request) => updateEvent(store.db, request.params.id, request.body, notes),
  );

  r.get(
    '/api/measures/:id',
    {
      config: { policy: 'casefile.read' },
      schema: {
        summary: 'One precautionary measure',
        tags: ['measures'],
        params: IdParamsSchema,
        response: { 200: MeasureSchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request) => orNotFound(await getMeasure(store.db, request.params.id, notes)),
  );
  r.post(
    '/api/measures',
    {
      config: { policy: 'measures.write' },
      schema: {
        summary: 'Add a precautionary measure (medida cautelar) to a release',
        tags: ['measures'],
        body: MeasureInputSchema,
        response: { 201: MeasureSchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request, reply) => reply.status(201).send(await createMeasure(store.db, request.body, notes)),
  );
  r.patch(
    '/api/measures/:id',
    {
      config: { policy: 'measures.write' },
      schema: {
        summary: 'Change or end a measure',
        tags: ['measures'],
        params: IdParamsSchema,
        body: z
          .object({
            kind: MeasureSchema.shape.kind,
            everyDays: z.number().int().min(1).max(365).nullable(),
            weekdays: MeasureSchema.shape.weekdays,
            court: z.string().max(200).nullable(),
            startsOn: z.string(),
            endsOn: z.string().nullable(),
            reviewOn: z.string().nullable(),
            notes: z.string().max(2000).nullable(),
          })
          .partial(),
        response: { 200: MeasureSchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request) => updateMeasure(store.db, request.params.id, request.body, notes),
  );
}
