/**
 * Imports a persons CSV file into the registry: detects its encoding and separator,
 * checks the mapping against the header, then streams the rows — read and checked in a
 * worker thread — into the store's all-or-nothing import. Used by `recuento import` and POST /api/imports/persons.
 */
import type { Kysely } from 'kysely';
import { defaultMapping, findMissingColumns, type PersonMapping, PersonMappingSchema } from '../domain/importing/person-mapping.js';
import { checkedRows } from '../io/checked-rows.js';
import { type Encoding, openCsv } from '../io/read-csv.js';
import { checkMapping, parseMappingJson } from '../io/read-mapping.js';
import { AppError } from '../shared/app-error.js';
import { type ImportProblem, type ImportReport, importPersons } from '../store/import-persons.js';
import type { Database } from '../store/schema.js';

/** Above this size (about 200,000 rows) an embedded import rebuilds the search index once. */
const LARGE_FILE_BYTES = 20 * 1024 * 1024;

export type FileImportReport = ImportReport & { encoding: Encoding; delimiter: string; columns: string[] };

/** Parses a persons mapping (JSON text); every problem names the mapping's field. */
export function parseMapping(text: string, origin: string): PersonMapping {
  return checkMapping(PersonMappingSchema, parseMappingJson(text, origin), origin, 'docs/IMPORT.md');
}

export async function importPersonsFile(
  db: Kysely<Database>,
  path: string,
  options: {
    mapping?: PersonMapping | undefined;
    dryRun?: boolean;
    onProblem: (problem: ImportProblem) => void;
    onStart?: (totalBytes: number) => void;
    onBytes?: (bytesRead: number) => void;
    /** True on the embedded database: large files then rebuild the search index once (see ImportOptions). */
    embedded?: boolean;
  },
): Promise<FileImportReport> {
  // a list of persons is read from CSV; the other formats carry whole case histories
  if (/\.(xlsx|xls|jsonl?|ods)$/i.test(path))
    throw new AppError('import_rejected', 'persons import of a non-CSV file', {
      publicMessage:
        'A list of persons is imported from a CSV file: save the sheet as CSV, or import it as whole case histories with a case-history mapping (docs/IMPORT.md). Nothing was written.',
    });
  const file = await openCsv(path);
  const mapping = options.mapping ?? defaultMapping(file.header);
  // the two fields every person needs are named even when the header lacks them: the file is then
  // refused naming them, rather than writing (or overwriting with) persons without a name
  mapping.columns.givenNames ??= 'given_names';
  mapping.columns.firstSurname ??= 'first_surname';
  const missing = findMissingColumns(mapping, file.header);
  if (missing.length > 0) {
    throw new AppError('import_rejected', 'mapped columns missing from header', {
      publicMessage: options.mapping
        ? 'The file lacks columns that the mapping names. Nothing was written.'
        : 'The file lacks columns a person needs. Without a mapping (--map) its header must name them as the fields are named (docs/IMPORT.md); name its own columns in a mapping otherwise. Nothing was written.',
      details: missing.map((column) => ({ row: 1, column, reason: 'column named in the mapping is not in the header' })),
    });
  }
  options.onStart?.(file.size);
  const rows = checkedRows(
    { path, size: file.size, encoding: file.encoding, delimiter: file.delimiter, mapping, headerLength: file.header.length, batchSize: 5000 },
    options.onBytes,
  );
  const report = await importPersons(db, rows, {
    mapping,
    onProblem: options.onProblem,
    dryRun: options.dryRun ?? false,
    rebuildSearchIndex: (options.embedded ?? false) && file.size > LARGE_FILE_BYTES,
    overlapWrites: !(options.embedded ?? false),
  });
  if (report.rows === 0)
    throw new AppError('import_rejected', 'header without rows', { details: [{ row: 2, reason: 'the file has a header but no rows: nothing to import' }] });
  return { ...report, encoding: file.encoding, delimiter: file.delimiter, columns: file.header };
}
