/** Facilities and the offence thesaurus: public reference data, edited by staff. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MIN_PUBLIC_CELL } from '../../../domain/registry/small-cells.js';
import { FACILITY_STATUS_CHANGES } from '../../../domain/registry/vocabulary.js';
import { AppError } from '../../../shared/app-error.js';
import { FacilityInputSchema, FacilityPatchSchema, FacilitySchema, IsoDateSchema, OffenceSchema } from '../../../shared/schemas.js';
import {
  addFacilityStatus,
  createFacility,
  createOffence,
  facilityStatusHistory,
  getFacility,
  listFacilities,
  listOffences,
  updateFacility,
  updateOffence,
} from '../../../store/facilities.js';
import {
  facilityClosure,
  facilityPopulation,
  PUBLIC_POPULATION_RULE,
  publicFacilityClosure,
  publicFacilityPopulation,
} from '../../../usecases/facility-history.js';
import type { RouteDeps } from '../../app.js';
import { countedPersonConsent, seesStaffFields } from '../../policies/index.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';
import { ClosureSchema, PopulationSchema } from '../conditions/schema.js';

const today = () => new Date().toISOString().slice(0, 10);
const StatusEntrySchema = z.object({
  id: z.uuid(),
  on: z.string(),
  status: z.enum(FACILITY_STATUS_CHANGES),
  citation: z.string().nullable(),
  url: z.string().nullable(),
  sourceId: z.string().nullable(),
});

export async function registerFacilityRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = [{ admin: [] }];
  r.get(
    '/api/facilities',
    {
      config: { policy: 'facilities.read' },
      schema: { summary: 'All detention facilities', tags: ['facilities'], response: { 200: z.array(FacilitySchema) } },
    },
    async () => listFacilities(store.db),
  );
  r.get(
    '/api/facilities/:id',
    {
      config: { policy: 'facilities.read' },
      schema: { summary: 'One facility', tags: ['facilities'], params: IdParamsSchema, response: { 200: FacilitySchema, ...ERROR_RESPONSES } },
    },
    async (request) => orNotFound(await getFacility(store.db, request.params.id), 'facility'),
  );
  r.post(
    '/api/facilities',
    {
      config: { policy: 'facilities.write' },
      schema: {
        summary: 'Add a facility',
        tags: ['facilities'],
        body: FacilityInputSchema,
        response: { 201: FacilitySchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request, reply) => reply.status(201).send(await createFacility(store.db, request.body)),
  );
  r.patch(
    '/api/facilities/:id',
    {
      config: { policy: 'facilities.write' },
      schema: {
        summary: 'Update a facility; a new status is added to its history (dated statusSince, or today)',
        tags: ['facilities'],
        params: IdParamsSchema,
        body: FacilityPatchSchema,
        response: { 200: FacilitySchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request) => updateFacility(store.db, request.params.id, request.body, today()),
  );
  r.get(
    '/api/facilities/:id/status-history',
    {
      config: { policy: 'facilities.read' },
      schema: {
        summary: "A facility's status over time (operating, closure announced, closed, reopened), each change dated and sourced",
        tags: ['facilities'],
        params: IdParamsSchema,
        response: { 200: z.array(StatusEntrySchema), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      orNotFound(await getFacility(store.db, request.params.id), 'facility');
      return facilityStatusHistory(store.db, request.params.id);
    },
  );
  r.post(
    '/api/facilities/:id/status-history',
    {
      config: { policy: 'facilities.write' },
      schema: {
        summary: "Record a change of a facility's status with its date and source; the facility's current status follows the latest",
        tags: ['facilities'],
        params: IdParamsSchema,
        body: z.object({
          on: IsoDateSchema,
          status: z.enum(FACILITY_STATUS_CHANGES),
          citation: z.string().trim().min(1).max(500).nullish(),
          url: z
            .url({ protocol: /^https?$/ })
            .max(2000)
            .nullish(),
          sourceId: z.uuid().nullish(),
        }),
        response: { 201: z.array(StatusEntrySchema), ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request, reply) => {
      if (request.body.on > today()) throw notYet(request.body.on);
      return reply.status(201).send(await addFacilityStatus(store.db, request.params.id, request.body));
    },
  );
  r.get(
    '/api/facilities/:id/population',
    {
      config: { policy: 'facilities.read', expensive: true },
      schema: {
        summary: "A facility's population by day or month, derived from the timelines (public: consented persons, numbers from 1 to 4 withheld)",
        tags: ['facilities'],
        params: IdParamsSchema,
        querystring: z.object({ from: IsoDateSchema, to: IsoDateSchema.optional(), step: z.enum(['day', 'month']).default('month') }),
        response: { 200: PopulationSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const facility = orNotFound(await getFacility(store.db, request.params.id), 'facility');
      const consent = countedPersonConsent(request.actor);
      const query = { from: request.query.from, to: request.query.to ?? today(), step: request.query.step };
      if (consent === undefined) return { ...(await facilityPopulation(store.db, facility, query)), smallCells: null };
      return {
        ...(await publicFacilityPopulation(store.db, facility, { ...query, consent })),
        smallCells: { minimum: MIN_PUBLIC_CELL, rule: PUBLIC_POPULATION_RULE },
      };
    },
  );
  r.get(
    '/api/facilities/:id/closure',
    {
      config: { policy: 'facilities.read', expensive: true },
      schema: {
        summary:
          'Everyone held at a facility when its closure was announced and where each went, unknowns first (staff: persons with their last event and its sources; public: counts only)',
        tags: ['facilities'],
        params: IdParamsSchema,
        querystring: z.object({ asOf: IsoDateSchema.optional() }),
        response: { 200: ClosureSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const facility = orNotFound(await getFacility(store.db, request.params.id), 'facility');
      const asOf = request.query.asOf ?? today();
      if (seesStaffFields(request.actor)) return { ...(await facilityClosure(store.db, facility, { asOf })), smallCells: null };
      const closure = await publicFacilityClosure(store.db, facility, { today: today(), consent: countedPersonConsent(request.actor) });
      return { ...closure, smallCells: { minimum: MIN_PUBLIC_CELL, rule: 'outcomes of fewer than 5 persons are pooled; no person is listed' } };
    },
  );
  r.get(
    '/api/offences',
    { config: { policy: 'offences.read' }, schema: { summary: 'The offence thesaurus', tags: ['offences'], response: { 200: z.array(OffenceSchema) } } },
    async () => listOffences(store.db),
  );
  r.post(
    '/api/offences',
    {
      config: { policy: 'offences.write' },
      schema: {
        summary: 'Add an offence to the thesaurus',
        tags: ['offences'],
        body: OffenceSchema,
        response: { 201: OffenceSchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request, reply) => reply.status(201).send(await createOffence(store.db, request.body)),
  );
  r.patch(
    '/api/offences/:code',
    {
      config: { policy: 'offences.write' },
      schema: {
        summary: 'Change an offence of the thesaurus (labels, reference, category): every case citing it follows; audited',
        tags: ['offences'],
        params: z.object({ code: OffenceSchema.shape.code }),
        body: OffenceSchema.omit({ code: true }).partial(),
        response: { 200: OffenceSchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request) => updateOffence(store.db, request.params.code, request.body),
  );
}

/** A status change dated after today: the history records what happened. */
export function notYet(on: string): AppError {
  return new AppError('validation_failed', 'status in the future', {
    details: [{ path: 'on', value: on, reason: 'the history records what has happened: a change dated after today cannot be recorded yet' }],
  });
}
