/** Sources and their links to facts (staff only: a source can expose an informant). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SourceInputSchema, SourceLinkInputSchema, SourceLinkSchema, SourceSchema } from '../../../shared/schemas.js';
import { createSource, createSourceLink, getSource, listSourceLinksOfPerson, listSources } from '../../../store/sources.js';
import { sourceLinked } from '../../../usecases/verification.js';
import type { RouteDeps } from '../../app.js';
import { doerOf, isAllowed } from '../../policies/index.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound, PaginationSchema } from '../common.js';

export async function registerSourceRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sources'];
  const security = [{ admin: [] }];
  r.get(
    '/api/sources',
    {
      config: { policy: 'sources.read' },
      schema: {
        summary: 'List sources',
        tags,
        querystring: PaginationSchema,
        response: { 200: z.object({ items: z.array(SourceSchema), total: z.number() }), ...ERROR_RESPONSES },
        security,
      },
    },
    async (request) => listSources(store.db, request.query.limit, request.query.offset),
  );
  r.get(
    '/api/sources/:id',
    {
      config: { policy: 'sources.read' },
      schema: { summary: 'One source', tags, params: IdParamsSchema, response: { 200: SourceSchema, ...ERROR_RESPONSES }, security },
    },
    async (request) => orNotFound(await getSource(store.db, request.params.id), 'source'),
  );
  r.post(
    '/api/sources',
    {
      config: { policy: 'sources.write' },
      schema: {
        summary: 'Add a source (organisation, document, URL, date)',
        tags,
        body: SourceInputSchema,
        response: { 201: SourceSchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSource(store.db, { ...request.body, url: request.body.url ?? null, publishedOn: request.body.publishedOn ?? null })),
  );
  r.post(
    '/api/source-links',
    {
      config: { policy: 'sources.write' },
      schema: {
        summary:
          "Link a source to a person, detention, event, measure or act, with the level the documenter gives that one source; the subject's own level is derived (GET /api/verification/{kind}/{id})",
        tags,
        body: SourceLinkInputSchema,
        response: { 201: SourceLinkSchema, ...ERROR_RESPONSES },
        security,
      },
    },
    async (request, reply) => {
      const { sourceId, personId, detentionId, eventId, measureId, actId, level, note } = request.body;
      const link = await createSourceLink(store.db, {
        sourceId,
        personId: personId ?? null,
        detentionId: detentionId ?? null,
        eventId: eventId ?? null,
        measureId: measureId ?? null,
        actId: actId ?? null,
        level,
        note: note ?? null,
      });
      // A source counts towards corroboration: the subject's derived level may change.
      const subject = actId
        ? (['act', actId] as const)
        : eventId
          ? (['event', eventId] as const)
          : detentionId
            ? (['detention', detentionId] as const)
            : personId
              ? (['person', personId] as const)
              : null;
      if (subject) await sourceLinked(store.db, subject[0], subject[1], doerOf(request.actor));
      return reply.status(201).send(link);
    },
  );
  r.get(
    '/api/persons/:id/sources',
    {
      config: { policy: 'sources.read' },
      schema: {
        summary: 'Every source about a person and what it supports',
        tags,
        params: IdParamsSchema,
        response: { 200: z.array(SourceLinkSchema.extend({ source: SourceSchema })), ...ERROR_RESPONSES },
        security,
      },
    },
    async (request) => {
      const links = await listSourceLinksOfPerson(store.db, request.params.id);
      // who reported an act in custody is as guarded as its evidence
      return isAllowed(request.actor, 'testimonies.read') ? links : links.filter((link) => link.actId === null);
    },
  );
}
