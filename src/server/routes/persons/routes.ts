/** Persons: list (filters), search (name in the body), read one or the whole record, create, update. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Consent } from '../../../domain/registry/vocabulary.js';
import { AppError } from '../../../shared/app-error.js';
import { PersonInputSchema, PersonPatchSchema, PersonSchema } from '../../../shared/schemas.js';
import type { Store } from '../../../store/database.js';
import { listDetentionsOfPerson } from '../../../store/detentions.js';
import { listTimeline } from '../../../store/events.js';
import { countMatchingPersons, createPerson, getPerson, listPersonPage, type PersonFilter, updatePerson } from '../../../store/persons.js';
import { listSourceLinksOfPerson } from '../../../store/sources.js';
import { sendCachedJson } from '../../answer-cache.js';
import type { RouteDeps } from '../../app.js';
import { canSeePerson, isAllowed, PUBLIC_RECORD, pickFields, presentPerson, seesStaffFields, visiblePersonConsent } from '../../policies/index.js';
import { ERROR_RESPONSES, ErrorBodySchema, IdParamsSchema } from '../common.js';
import { ListPersonsQuerySchema, PersonPageSchema, PersonRecordSchema, PersonViewSchema, SearchPersonsBodySchema } from './schema.js';

export async function registerPersonRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { store } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['persons'];

  r.get(
    '/api/persons',
    {
      config: { policy: 'persons.read', expensive: true },
      schema: {
        summary: 'List persons (filters, paginated)',
        tags,
        querystring: ListPersonsQuerySchema,
        response: { 200: PersonPageSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { limit, offset, after, ...filter } = request.query;
      // every caller who sees the same persons and the same fields gets the same page (it depends on
      // nothing else of who asks): kept as sent until the next write anywhere; each staff request is
      // still authenticated and audited
      const view = { staffFields: seesStaffFields(request.actor), consent: visiblePersonConsent(request.actor) ?? 'all' };
      return sendCachedJson(deps.answers, reply, `persons:${JSON.stringify(view)}:${JSON.stringify(request.query)}`, PersonPageSchema, () =>
        page(deps, request, filter, { limit, offset, after }),
      );
    },
  );

  r.post(
    '/api/persons/search',
    {
      config: { policy: 'persons.read', expensive: true },
      schema: {
        summary: 'Search persons by name, accent- and case-blind (POST so names stay out of URLs and logs)',
        tags,
        body: SearchPersonsBodySchema,
        response: { 200: PersonPageSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { limit, offset, after, ...filter } = request.body;
      return page(deps, request, filter, { limit, offset, after });
    },
  );

  r.get(
    '/api/persons/:id',
    {
      config: { policy: 'persons.read' },
      schema: { summary: 'One person', tags, params: IdParamsSchema, response: { 200: PersonViewSchema, ...ERROR_RESPONSES } },
    },
    async (request, reply) => {
      const person = await visiblePerson(store, request, request.params.id);
      if (seesStaffFields(request.actor)) reply.header('etag', etagOf(person));
      return presentPerson(request.actor, person);
    },
  );

  r.get(
    '/api/persons/:id/record',
    {
      config: { policy: 'persons.read' },
      schema: {
        summary: 'A person with detentions, timeline and measures (and sources, for staff)',
        tags,
        params: IdParamsSchema,
        response: { 200: PersonRecordSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const person = await visiblePerson(store, request, request.params.id);
      const [detentions, timeline] = await Promise.all([listDetentionsOfPerson(store.db, person.id), listTimeline(store.db, person.id, deps.notes)]);
      if (seesStaffFields(request.actor)) {
        // sources can expose who informed: only for those who may read sources (not viewers)
        if (!isAllowed(request.actor, 'sources.read')) return { person, detentions, timeline };
        return { person, detentions, timeline, sources: await listSourceLinksOfPerson(store.db, person.id) };
      }
      // The public sees what happened and where, as consent "public" publishes it (PUBLIC_RECORD)
      return {
        person: presentPerson(request.actor, person),
        detentions: detentions.map((detention) => pickFields(detention, PUBLIC_RECORD.detention)),
        timeline: timeline.map((event) => ({
          ...pickFields(event, PUBLIC_RECORD.event),
          measures: event.measures.map((measure) => pickFields(measure, PUBLIC_RECORD.measure)),
        })),
      };
    },
  );

  r.post(
    '/api/persons',
    {
      config: { policy: 'persons.write' },
      schema: { summary: 'Create a person', tags, body: PersonInputSchema, response: { 201: PersonSchema, ...ERROR_RESPONSES }, security: [{ admin: [] }] },
    },
    async (request, reply) => reply.status(201).send(await createPerson(store.db, request.body)),
  );

  r.patch(
    '/api/persons/:id',
    {
      config: { policy: 'persons.write' },
      schema: {
        summary: 'Update a person',
        description:
          "Send the version you edited as `If-Match` (the `ETag` of GET /api/persons/{id}, or the record's `updatedAt` in quotes): if the person changed since, nothing is written and the answer is 412 `stale_version` — read the record again, compare and resend. Without `If-Match` the last write wins.",
        tags,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: PersonPatchSchema,
        response: { 200: PersonSchema, ...ERROR_RESPONSES, 412: ErrorBodySchema },
        security: [{ admin: [] }],
      },
    },
    async (request, reply) => {
      const person = await updatePerson(store.db, request.params.id, request.body, expectedVersion(request.headers['if-match']));
      return reply.header('etag', etagOf(person)).send(person);
    },
  );
}

/** The entity tag of a person's record: the version an edit must name in If-Match. */
export const etagOf = (person: { updatedAt: string | Date }) => `"${new Date(person.updatedAt).toISOString()}"`;

const IfMatchHeadersSchema = z.object({
  'if-match': z
    .string()
    .regex(/^("\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"|\*)$/, 'expected the entity tag the ETag header gave, in quotes (or *)')
    .optional(),
});

/** The version an If-Match names (a strong tag, as the ETag gave it); `*` asks for no version check. */
function expectedVersion(ifMatch: string | undefined): string | undefined {
  if (ifMatch === undefined || ifMatch === '*') return undefined;
  const time = Date.parse(ifMatch.slice(1, -1));
  if (Number.isNaN(time))
    throw new AppError('validation_failed', 'If-Match is not a version', { details: [{ path: 'If-Match', reason: 'not a version this API gave' }] });
  return new Date(time).toISOString();
}

/** A page of visible persons; the total is an aggregate, served through the answer cache. */
async function page(
  { store, answers }: RouteDeps,
  request: FastifyRequest,
  filter: Omit<PersonFilter, 'consent'> & { consent?: Consent | undefined },
  { limit, offset, after }: { limit: number; offset: number; after?: string | undefined },
) {
  // a person's level and consent are staff's to filter by, like the fields they come from
  if ((filter.level || filter.consent) && !seesStaffFields(request.actor))
    throw new AppError('forbidden', 'level and consent filters are for staff', { publicMessage: 'Filtering by verification level or consent is for staff.' });
  const visible = visiblePersonConsent(request.actor);
  const asked = filter.consent;
  const consent = asked === undefined ? visible : (visible ?? [asked]).filter((c) => c === asked);
  if (consent?.length === 0) return { items: [], total: 0, limit, offset, next: null }; // asked for what the actor may not see
  const scoped = { ...filter, consent };
  // one row more than the page: whether another page follows; a name search is counted first (the
  // count tells the page how to read its matches)
  const counted = answers.get(`persons-total:${JSON.stringify(scoped)}`, () => countMatchingPersons(store.db, scoped));
  const [rows, total] = scoped.q
    ? await counted.then(async (total) => [await listPersonPage(store.db, scoped, limit + 1, offset, after, { matching: total }), total] as const)
    : await Promise.all([listPersonPage(store.db, scoped, limit + 1, offset, after), counted]);
  const items = rows.slice(0, limit);
  const next = rows.length > limit ? items[items.length - 1]!.id : null;
  if (!seesStaffFields(request.actor)) return { items: items.map((p) => presentPerson(request.actor, p)), total, limit, offset, next };
  return { items, total, limit, offset, next };
}

/** The person, if the actor may see them; otherwise the same 404 as for a missing one. */
export async function visiblePerson(store: Store, request: FastifyRequest, id: string) {
  const person = await getPerson(store.db, id);
  if (!person || !canSeePerson(request.actor, person)) throw new AppError('not_found', 'person not found or not visible');
  return person;
}
