/**
 * Open-data downloads, streamed with no row cap. The public export lists only persons
 * who consented to publication, with only the public fields; staff get everything.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CLAIM_COLUMNS,
  claimRow,
  PUBLIC_PERSON_COLUMNS,
  publicPersonRow,
  type Row,
  STAFF_PERSON_COLUMNS,
  staffPersonRow,
  toCsv,
  toJsonArray,
} from '../../../io/write-table.js';
import { listClaims } from '../../../store/claims.js';
import { iteratePersons } from '../../../store/persons.js';
import type { RouteDeps } from '../../app.js';
import { presentPerson, visiblePersonConsent } from '../../policies/index.js';

export async function registerExportRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/exports/persons.:format',
    {
      config: { policy: 'exports.read' },
      schema: {
        summary: 'All persons the caller may see, as CSV or JSON (streamed)',
        tags: ['exports'],
        params: z.object({ format: z.enum(['csv', 'json']) }),
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      const staff = actor.kind === 'admin';
      async function* pages(): AsyncGenerator<Row[]> {
        for await (const page of iteratePersons(store.db, { consent: visiblePersonConsent(actor) })) {
          yield page.map((p) => (staff ? staffPersonRow(p) : publicPersonRow(presentPerson(actor, p))));
        }
      }
      const body = request.params.format === 'csv' ? toCsv(staff ? STAFF_PERSON_COLUMNS : PUBLIC_PERSON_COLUMNS, pages()) : toJsonArray(pages());
      reply
        .type(request.params.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="recuento-persons.${request.params.format}"`);
      return reply.send(Readable.from(body));
    },
  );
  r.get(
    '/api/exports/claims.:format',
    {
      config: { policy: 'exports.read' },
      schema: { summary: 'Every claim with its citation, as CSV or JSON', tags: ['exports'], params: z.object({ format: z.enum(['csv', 'json']) }) },
    },
    async (request, reply) => {
      const claims = (await listClaims(store.db)).map(claimRow);
      async function* pages() {
        yield claims;
      }
      const body = request.params.format === 'csv' ? toCsv(CLAIM_COLUMNS, pages()) : toJsonArray(pages());
      reply.type(request.params.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      return reply.send(Readable.from(body));
    },
  );
}
