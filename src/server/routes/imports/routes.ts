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
import { deleteImportMapping, getImportMapping, listImportMappings, saveImportMapping } from '../../../store/import-mappings.js';
import type { ImportProblem } from '../../../store/import-persons.js';
import { importCaseHistoriesFile, parseCaseHistoryMapping } from '../../../usecases/import-case-histories-file.js';
import { importPersonsFile, parseMapping } from '../../../usecases/import-persons-file.js';
import { inspectImportFile } from '../../../usecases/inspect-import-file.js';
import type { RouteDeps } from '../../app.js';
import { actorLabel, isAllowed } from '../../policies/index.js';
import { ERROR_RESPONSES, ErrorBodySchema, orNotFound, QueryFlag } from '../common.js';
import { withUpload } from '../upload.js';

const MAX_LISTED = 1000;
const MAX_VALUES_TO_MAP = 200; // each one becomes a choice on the wizard's screen
const MAX_MAPPING_CHARS = 200_000;

const SavedMappingSchema = z.object({ name: z.string(), mapping: z.unknown(), updatedBy: z.string(), updatedAt: z.string() });

/** The first problems of an import, kept for the answer; `rejectIfAny` answers 422 with them when there were any. */
function listProblems() {
  const listed: ErrorDetail[] = [];
  return {
    add: (p: ImportProblem) => {
      if (listed.length < MAX_LISTED) listed.push({ row: p.row, column: p.column, value: p.value, reason: p.reason });
    },
    rejectIfAny(count: number, more = '', toMap: ErrorDetail[] = []) {
      if (count === 0) return;
      throw new AppError('import_rejected', `import rejected with ${count} problems`, {
        publicMessage: `The file has ${count} problem(s)${count > MAX_LISTED ? ` (the first ${MAX_LISTED} are listed)` : ''}. Nothing was written.${more}`,
        details: [...listed, ...toMap],
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
        querystring: z.object({ dryRun: QueryFlag }),
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
        querystring: z.object({ dryRun: QueryFlag, allowCategoryChanges: QueryFlag }),
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
        // each value to map, once, with its closest entries: what the import wizard offers to choose from
        const valuesToMap = report.unknownValues.slice(0, MAX_VALUES_TO_MAP).map((u) => ({
          path: `values.${u.field}`,
          value: u.value,
          row: u.firstRow,
          reason: `${u.rows} row(s), first on row ${u.firstRow}`,
          suggestions: u.suggestions,
        }));
        problems.rejectIfAny(report.problems, toMap.length > 0 ? ` Values to map or declare: ${toMap.join('; ')}.` : '', valuesToMap);
        const { committed, rows, persons, detentions, events, undatedEvents, written, categoryChanges } = report;
        return { committed, rows, persons, detentions, events, undatedEvents, written, categoryChanges };
      }),
  );

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/imports/inspect',
    {
      config: { policy: 'imports.write' },
      schema: {
        summary: 'What an uploaded sheet looks like before it is mapped (multipart: file); writes nothing',
        description:
          'Format, encoding and separator as detected, the columns, the number of rows, the first 10 rows, how each column writes dates, and a first guess of the mapping from the headers. The rows are the file’s own data: the answer is for the person importing it.',
        tags: ['imports'],
        consumes: ['multipart/form-data'],
        response: {
          200: z.object({
            format: z.string(),
            encoding: z.string(),
            delimiter: z.string(),
            header: z.array(z.string()),
            rows: z.number(),
            preview: z.array(z.object({ row: z.number(), cells: z.array(z.string()) })),
            dateFormats: z.record(z.string(), z.array(z.string())),
            suggested: z.object({ idColumn: z.string().optional(), columns: z.record(z.string(), z.string()) }),
          }),
          422: ErrorBodySchema,
          ...ERROR_RESPONSES,
        },
        security: [{ admin: [] }],
      },
    },
    async (request) => withUpload(request, spoolDir, [], (path) => inspectImportFile(path)),
  );

  const MappingNameParams = z.object({ name: z.string().trim().min(1).max(80) });
  r.get(
    '/api/imports/mappings',
    {
      config: { policy: 'imports.write' },
      schema: {
        summary: 'Saved import mappings, by name',
        tags: ['imports'],
        response: { 200: z.array(z.object({ name: z.string(), updatedBy: z.string(), updatedAt: z.string() })), ...ERROR_RESPONSES },
        security: [{ admin: [] }],
      },
    },
    async () => listImportMappings(store.db),
  );
  r.get(
    '/api/imports/mappings/:name',
    {
      config: { policy: 'imports.write' },
      schema: {
        summary: 'One saved import mapping',
        tags: ['imports'],
        params: MappingNameParams,
        response: { 200: SavedMappingSchema, ...ERROR_RESPONSES },
        security: [{ admin: [] }],
      },
    },
    async (request) => orNotFound(await getImportMapping(store.db, request.params.name), 'mapping'),
  );
  r.put(
    '/api/imports/mappings/:name',
    {
      config: { policy: 'imports.write' },
      schema: {
        summary: 'Save a case-history mapping under a name (replacing one of that name), to reuse with the next sheet',
        tags: ['imports'],
        params: MappingNameParams,
        body: z.object({ mapping: z.record(z.string(), z.unknown()) }),
        response: { 200: SavedMappingSchema, ...ERROR_RESPONSES },
        security: [{ admin: [] }],
      },
    },
    async (request) => {
      const origin = 'in the body\'s "mapping"';
      // only what the import reads is kept (unknown keys dropped), and only a mapping it would take
      const mapping = parseCaseHistoryMapping(request.body.mapping, origin);
      if (JSON.stringify(mapping).length > MAX_MAPPING_CHARS)
        throw new AppError('payload_too_large', 'mapping too large', { publicMessage: `A mapping is kept up to ${MAX_MAPPING_CHARS / 1000} kB.` });
      return saveImportMapping(store.db, request.params.name, mapping, actorLabel(request.actor));
    },
  );
  r.delete(
    '/api/imports/mappings/:name',
    {
      config: { policy: 'imports.write' },
      schema: {
        summary: 'Forget a saved import mapping',
        tags: ['imports'],
        params: MappingNameParams,
        response: { 204: z.null(), ...ERROR_RESPONSES },
        security: [{ admin: [] }],
      },
    },
    async (request, reply) => {
      if (!(await deleteImportMapping(store.db, request.params.name))) throw new AppError('not_found', 'mapping not found');
      return reply.status(204).send(null);
    },
  );
}
