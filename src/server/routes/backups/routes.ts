/**
 * A backup made by the running server: the same sealed file `recuento backup` writes, from
 * one consistent snapshot of the database, into `<data>/backups/` — without stopping the
 * server (the embedded database, which has one connection, answers other requests once the
 * snapshot is read; PostgreSQL answers them meanwhile).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { writeBackupFile } from '../../../io/backup-file.js';
import { AppError } from '../../../shared/app-error.js';
import type { RouteDeps } from '../../app.js';
import { ERROR_RESPONSES } from '../common.js';

const BackupSchema = z.object({
  file: z.string().describe('its name in the data folder\'s "backups" folder'),
  rows: z.number().int(),
  tables: z.number().int(),
  masterKey: z.string().describe('the id of the master key that seals it: restoring it needs that key'),
});

export async function registerBackupRoutes(app: FastifyInstance, { store, dataDir, masterKeys, backupSchema }: RouteDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/backups',
    {
      config: { policy: 'backups.create' },
      schema: {
        summary: 'Write a sealed backup of the whole database into the data folder, while serving',
        tags: ['system'],
        response: { 201: BackupSchema, ...ERROR_RESPONSES },
      },
    },
    async (_request, reply) => {
      if (!dataDir) throw new AppError('conflict', 'no data folder', { publicMessage: 'This server has no data folder to write a backup into.' });
      const folder = join(dataDir, 'backups');
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const file = `recuento-${new Date().toISOString().replace(/[:.]/g, '-')}.backup`;
      const digests = await writeBackupFile(store.db, backupSchema, join(folder, file), masterKeys);
      const rows = Object.values(digests).reduce((sum, d) => sum + d.rows, 0);
      return reply.status(201).send({ file, rows, tables: Object.keys(digests).length, masterKey: masterKeys.current.id });
    },
  );
}
