/**
 * Open-data downloads, streamed with no row cap. The public export lists only persons
 * who consented to publication, with only the public fields; staff get everything.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportClaims, exportPersons } from '../../../usecases/export-records.js';
import type { RouteDeps } from '../../app.js';
import { seesStaffFields, visiblePersonConsent } from '../../policies/index.js';

const FormatParamsSchema = z.object({ format: z.enum(['csv', 'json']) });
const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;

export async function registerExportRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/exports/persons.:format',
    {
      config: { policy: 'exports.read', expensive: true },
      schema: { summary: 'All persons the caller may see, as CSV or JSON (streamed)', tags: ['exports'], params: FormatParamsSchema },
    },
    async (request, reply) => {
      const { format } = request.params;
      const body = exportPersons(store.db, { consent: visiblePersonConsent(request.actor), staff: seesStaffFields(request.actor), format });
      reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="recuento-persons.${format}"`);
      return reply.send(Readable.from(body));
    },
  );
  r.get(
    '/api/exports/claims.:format',
    {
      config: { policy: 'exports.read', expensive: true },
      schema: { summary: 'Every claim with its citation, as CSV or JSON', tags: ['exports'], params: FormatParamsSchema },
    },
    async (request, reply) => reply.type(CONTENT_TYPES[request.params.format]).send(Readable.from(exportClaims(store.db, request.params.format))),
  );
}
