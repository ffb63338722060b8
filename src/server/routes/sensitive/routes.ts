/**
 * A person's sensitive fields: relatives' contacts, health, address and notes. Sealed at rest with
 * the person's own key; each role sees the fields src/server/policies allows it; every read and
 * write is in the audit trail with the fields it touched; erasing deletes the key for good.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SENSITIVE_FIELDS, SensitivePatchSchema, SensitiveValuesSchema } from '../../../shared/schemas.js';
import { getPerson } from '../../../store/persons.js';
import { eraseSensitive, readSensitive, writeSensitive } from '../../../usecases/sensitive.js';
import type { RouteDeps } from '../../app.js';
import { doerOf, sensitiveFieldsFor } from '../../policies/index.js';
import { ERROR_RESPONSES, IdParamsSchema, orNotFound } from '../common.js';

const SensitiveViewSchema = z.object({
  values: SensitiveValuesSchema,
  shown: z.array(z.enum(SENSITIVE_FIELDS)).describe('the fields this reader may see (others are left out, whether or not they hold something)'),
  erasedAt: z.string().nullable().describe('when the fields were crypto-erased (then nothing written before can be read)'),
  updatedAt: z.string().nullable(),
});

export async function registerSensitiveRoutes(app: FastifyInstance, { store, masterKeys, dataDir }: RouteDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['persons'];
  const person = async (id: string) => orNotFound(await getPerson(store.db, id), 'person');

  r.get(
    '/api/persons/:id/sensitive',
    {
      config: { policy: 'sensitive.read' },
      schema: {
        summary: "A person's sensitive fields (those your role may see; the read is recorded)",
        tags,
        params: IdParamsSchema,
        response: { 200: SensitiveViewSchema, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await person(request.params.id);
      const shown = sensitiveFieldsFor(request.actor);
      request.auditTargets = [...shown];
      reply.header('cache-control', 'no-store');
      return { ...(await readSensitive(store.db, masterKeys, request.params.id, shown)), shown: [...shown] };
    },
  );

  r.patch(
    '/api/persons/:id/sensitive',
    {
      config: { policy: 'sensitive.write' },
      schema: {
        summary: "Change a person's sensitive fields (a field given replaces it, null clears it)",
        tags,
        params: IdParamsSchema,
        body: SensitivePatchSchema,
        response: { 200: z.object({ changed: z.array(z.enum(SENSITIVE_FIELDS)) }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      await person(request.params.id);
      const changed = await writeSensitive(store.db, masterKeys, request.params.id, request.body, doerOf(request.actor).accountId);
      request.auditTargets = changed;
      return { changed };
    },
  );

  r.post(
    '/api/persons/:id/sensitive/erase',
    {
      config: { policy: 'sensitive.erase' },
      schema: {
        summary: "Crypto-erase a person's sensitive fields: their key is deleted, so no copy can be read again",
        description:
          'Irreversible. Backups made before the erasure still hold the key wrapped by the master key: a restore re-erases (the data folder keeps a ledger), and retiring the master key they were made under ends them (docs/SECURITY.md).',
        tags,
        params: IdParamsSchema,
        body: z.object({ confirm: z.literal('erase').describe('type "erase": there is no undo') }),
        response: { 200: z.object({ erased: z.boolean() }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      await person(request.params.id);
      return { erased: await eraseSensitive(store.db, request.params.id, doerOf(request.actor).accountId, dataDir) };
    },
  );
}
