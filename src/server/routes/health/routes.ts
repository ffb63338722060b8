import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../../shared/app-error.js';
import type { RouteDeps } from '../../app.js';

export async function registerHealthRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    {
      config: { policy: 'health.read' },
      schema: {
        summary: 'Liveness and database check',
        tags: ['system'],
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      try {
        await sql`select 1`.execute(store.db);
      } catch (error) {
        throw new AppError('database_unavailable', 'health check query failed', { cause: error });
      }
      return { status: 'ok' as const, database: store.kind };
    },
  );
}
