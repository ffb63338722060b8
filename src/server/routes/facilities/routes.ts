/** Facilities and the offence thesaurus: public reference data, edited by staff. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FacilityInputSchema, FacilitySchema, OffenceSchema } from '../../../shared/schemas.js';
import { createFacility, createOffence, getFacility, listFacilities, listOffences, updateFacility, updateOffence } from '../../../store/facilities.js';
import type { RouteDeps } from '../../app.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';

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
        summary: 'Update a facility (e.g. its status: closure announced, closed)',
        tags: ['facilities'],
        params: IdParamsSchema,
        body: FacilityInputSchema.partial(),
        response: { 200: FacilitySchema, ...ERROR_RESPONSES },
        security: staff,
      },
    },
    async (request) => updateFacility(store.db, request.params.id, request.body),
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
