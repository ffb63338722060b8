/**
 * POST /api/imports/persons: a multipart upload with the CSV file (field `file`) and
 * optionally a mapping (field `mapping`, JSON). The upload is spooled to a private
 * temporary file (the encoding check reads it twice), imported all-or-nothing, and
 * deleted. A rejected file answers 422 with every problem (up to 1,000 listed).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importPersonsFile, parseMapping } from '../../../io/import-persons-file.js';
import { AppError, type ErrorDetail } from '../../../shared/app-error.js';
import type { RouteDeps } from '../../app.js';
import { ERROR_RESPONSES, ErrorBodySchema } from '../common.js';
import { withUpload } from '../upload.js';

const MAX_LISTED = 1000;

export async function registerImportRoutes(app: FastifyInstance, { store, spoolDir }: RouteDeps): Promise<void> {
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
    async (request) =>
      withUpload(request, spoolDir, ['mapping'], async (path, fields) => {
        const mappingText = fields.mapping;
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
      }),
  );
}
