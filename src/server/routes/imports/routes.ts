/**
 * POST /api/imports/persons: a multipart upload with the CSV file (field `file`) and
 * optionally a mapping (field `mapping`, JSON). POST /api/imports/case-histories: the
 * same with a case-history mapping (required) and a spreadsheet in CSV, XLSX or JSON,
 * with the organisation it comes from and its date. The upload is spooled to a private
 * temporary file (the encoding check reads it twice), imported all-or-nothing, and
 * deleted. A rejected file answers 422 with every problem (up to 1,000 listed) and, for
 * case histories, the values to map or declare with their closest known entries.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseMappingJson } from '../../../io/read-mapping.js';
import { AppError, type ErrorDetail } from '../../../shared/app-error.js';
import { IsoDateSchema } from '../../../shared/schemas.js';
import type { ImportProblem } from '../../../store/import-persons.js';
import { importCaseHistoriesFile, parseCaseHistoryMapping } from '../../../usecases/import-case-histories-file.js';
import { importPersonsFile, parseMapping } from '../../../usecases/import-persons-file.js';
import type { RouteDeps } from '../../app.js';
import { isAllowed } from '../../policies/index.js';
import { ERROR_RESPONSES, ErrorBodySchema } from '../common.js';
import { withUpload } from '../upload.js';

const MAX_LISTED = 1000;

/** The first problems of an import, kept for the answer; `rejectIfAny` answers 422 with them when there were any. */
function listProblems() {
  const listed: ErrorDetail[] = [];
  return {
    add: (p: ImportProblem) => {
      if (listed.length < MAX_LISTED) listed.push({ row: p.row, column: p.column, value: p.value, reason: p.reason });
    },
    rejectIfAny(count: number, more = '') {
      if (count === 0) return;
      throw new AppError('import_rejected', `import rejected with ${count} problems`, {
        publicMessage: `The file has ${count} problem(s)${count > MAX_LISTED ? ` (the first ${MAX_LISTED} are listed)` : ''}. Nothing was written.${more}`,
        details: listed,
      });
    },
  };
}

export async function registerImportRoutes(app: FastifyInstance, { store, spoolDir, masterKeys }: RouteDeps): Promise<void> {
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
        const problems = listProblems();
        const report = await importPersonsFile(store.db, path, {
          mapping,
          dryRun: request.query.dryRun,
          embedded: store.kind === 'pglite',
          onProblem: problems.add,
        });
        request.log.info({ rows: report.rows, inserted: report.inserted, updated: report.updated, problems: report.problems }, 'person import');
        problems.rejectIfAny(report.problems);
        const { committed, rows, inserted, updated, encoding, delimiter } = report;
        return { committed, rows, inserted, updated, problems: 0, encoding, delimiter };
      }),
  );

  const Counted = z.object({ inserted: z.number(), updated: z.number() });
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/imports/case-histories',
    {
      config: { policy: 'imports.write' },
      schema: {
        summary:
          'Import whole case histories (persons, detentions, charges, judgments, releases, measures) from CSV, XLSX or JSON (multipart: file, mapping JSON, organisation, sourceDate); all or nothing',
        tags: ['imports'],
        querystring: z.object({ dryRun: z.coerce.boolean().default(false), allowCategoryChanges: z.coerce.boolean().default(false) }),
        consumes: ['multipart/form-data'],
        response: {
          200: z.object({
            committed: z.boolean(),
            rows: z.number(),
            persons: z.number(),
            detentions: z.number(),
            events: z.number(),
            undatedEvents: z.number(),
            written: z
              .object({
                persons: Counted,
                detentions: Counted,
                events: Counted.extend({ removed: z.number(), keptReviewed: z.array(z.string()) }),
                measures: z.number(),
                judgments: z.number(),
              })
              .nullable(),
            categoryChanges: z.array(z.object({ detention: z.string(), person: z.string(), from: z.string(), to: z.string() })),
          }),
          422: ErrorBodySchema,
          ...ERROR_RESPONSES,
        },
        security: [{ admin: [] }],
      },
    },
    async (request) =>
      withUpload(request, spoolDir, ['mapping', 'organisation', 'sourceDate'], async (path, fields) => {
        if (!fields.mapping)
          throw new AppError('validation_failed', 'no mapping', {
            details: [{ path: 'mapping', reason: 'a case-history mapping (JSON) is required: docs/IMPORT.md' }],
          });
        const origin = 'in the "mapping" field';
        const mapping = parseCaseHistoryMapping(parseMappingJson(fields.mapping, origin), origin);
        if ((mapping.columns.actAccount || mapping.columns.actPerpetrators) && !isAllowed(request.actor, 'testimonies.write'))
          throw new AppError('forbidden', 'testimonies.write denied', {
            publicMessage: 'Accounts of acts (actAccount, actPerpetrators) are imported only by a named documenter or verifier.',
          });
        const date = fields.sourceDate ? IsoDateSchema.safeParse(fields.sourceDate) : null;
        if (date && !date.success)
          throw new AppError('validation_failed', 'bad source date', { details: [{ path: 'sourceDate', reason: 'a date written yyyy-mm-dd' }] });
        const problems = listProblems();
        const report = await importCaseHistoriesFile(store.db, path, 'the uploaded file', {
          mapping,
          dryRun: request.query.dryRun,
          allowCategoryChanges: request.query.allowCategoryChanges,
          source: { organisation: fields.organisation?.trim() || undefined, date: date?.success ? date.data : undefined },
          today: new Date().toISOString().slice(0, 10),
          embedded: store.kind === 'pglite',
          masterKeys,
          onProblem: problems.add,
        });
        request.log.info(
          { rows: report.rows, persons: report.persons, events: report.events, acts: report.acts, problems: report.problems },
          'case-history import',
        );
        const toMap = report.unknownValues
          .slice(0, 20)
          .map((u) => `${u.field} "${u.value}" (${u.rows} rows${u.suggestions.length ? `; closest: ${u.suggestions.map((x) => x.code).join(', ')}` : ''})`);
        problems.rejectIfAny(report.problems, toMap.length > 0 ? ` Values to map or declare: ${toMap.join('; ')}.` : '');
        const { committed, rows, persons, detentions, events, undatedEvents, written, categoryChanges } = report;
        return { committed, rows, persons, detentions, events, undatedEvents, written, categoryChanges };
      }),
  );
}
