/**
 * POST /api/imports/persons: a multipart upload with the CSV file (field `file`) and
 * optionally a mapping (field `mapping`, JSON). The upload is spooled to a private
 * temporary file (the encoding check reads it twice), imported all-or-nothing, and
 * deleted. A rejected file answers 422 with every problem (up to 1,000 listed).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importPersonsFile, parseMapping } from '../../../io/import-persons-file.js';
import { AppError, type ErrorDetail } from '../../../shared/app-error.js';
import type { RouteDeps } from '../../app.js';
import { ERROR_RESPONSES, ErrorBodySchema } from '../common.js';

const MAX_LISTED = 1000;

export async function registerImportRoutes(app: FastifyInstance, { store }: RouteDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/imports/persons',
    {
      config: { policy: 'imports.write' },
      schema: {
        summary: 'Import persons from a CSV file (multipart: file, optional mapping JSON); all or nothing',
        tags: ['imports'],
        querystring: z.object({ dryRun: z.coerce.boolean().default(false) }),
        consumes: ['multipart/form-data'],
        response: {
          200: z.object({
            committed: z.boolean(),
            rows: z.number(),
            inserted: z.number(),
            updated: z.number(),
            problems: z.number(),
            encoding: z.string(),
            delimiter: z.string(),
          }),
          422: ErrorBodySchema,
          ...ERROR_RESPONSES,
        },
        security: [{ admin: [] }],
      },
    },
    async (request) => {
      if (!request.isMultipart()) {
        throw new AppError('unsupported_media_type', 'import needs multipart', {
          publicMessage: 'Send the file as multipart/form-data (field "file", optional field "mapping").',
        });
      }
      const dir = await mkdtemp(join(tmpdir(), 'recuento-import-'));
      const path = join(dir, randomBytes(8).toString('hex'));
      try {
        let mappingText: string | undefined;
        let received = false;
        for await (const part of request.parts()) {
          if (part.type === 'file' && part.fieldname === 'file') {
            await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
            if (part.file.truncated) throw new AppError('payload_too_large', 'upload over the limit');
            received = true;
          } else if (part.type === 'field' && part.fieldname === 'mapping') {
            mappingText = String(part.value);
          } else if (part.type === 'file') {
            part.file.resume();
          }
        }
        if (!received)
          throw new AppError('validation_failed', 'no file part', { details: [{ path: 'file', reason: 'the form has no file field named "file"' }] });
        const mapping = mappingText ? parseMapping(mappingText, 'in the "mapping" field') : undefined;
        const problems: ErrorDetail[] = [];
        const report = await importPersonsFile(store.db, path, {
          mapping,
          dryRun: request.query.dryRun,
          embedded: store.kind === 'pglite',
          onProblem: (p) => {
            if (problems.length < MAX_LISTED) problems.push({ row: p.row, column: p.column, value: p.value, reason: p.reason });
          },
        });
        request.log.info({ rows: report.rows, inserted: report.inserted, updated: report.updated, problems: report.problems }, 'person import');
        if (report.problems > 0) {
          throw new AppError('import_rejected', `import rejected with ${report.problems} problems`, {
            publicMessage: `The file has ${report.problems} problem(s)${report.problems > MAX_LISTED ? ` (the first ${MAX_LISTED} are listed)` : ''}. Nothing was written.`,
            details: problems,
          });
        }
        const { committed, rows, inserted, updated, encoding, delimiter } = report;
        return { committed, rows, inserted, updated, problems: 0, encoding, delimiter };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
}
