/**
 * The files of a linkage run: the settings (JSON or YAML) and the tables (CSV, read with
 * the same encoding and separator detection as imports). Every problem is reported with
 * the file, row, column and reason, and none of them lets a run start: nothing is
 * written from a bad input. Error details never carry a cell's value (it may be a name).
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { createComparison } from '../domain/linkage/compare-fields.js';
import type { LinkTable } from '../domain/linkage/link-records.js';
import { checkSettingsConsistency, type LinkSettings, LinkSettingsSchema, missingColumns } from '../domain/linkage/settings.js';
import { AppError, type ErrorDetail } from '../shared/app-error.js';
import { openTable } from './read-table.js';

/** Reads and checks a settings file; YAML when it ends in .yaml or .yml. */
export async function readLinkSettings(path: string): Promise<LinkSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AppError('import_rejected', 'settings unreadable', {
      publicMessage: `Cannot read the settings file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new AppError('import_rejected', 'settings not parseable', {
      publicMessage: `The settings file ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
    });
  }
  const parsed = LinkSettingsSchema.safeParse(raw);
  const details: ErrorDetail[] = parsed.success
    ? checkSettingsConsistency(parsed.data)
    : parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(top level)', reason: issue.message }));
  if (!parsed.success || details.length > 0) {
    throw new AppError('import_rejected', 'settings invalid', {
      publicMessage: `The settings file ${path} has ${details.length} problem(s); nothing was run.`,
      details,
    });
  }
  return parsed.data;
}

/** A table read for linkage, with each record's line in the file and the records left out (with `skipInvalid`). */
export type ReadTable = LinkTable & { path: string; lines: number[]; encoding: string; delimiter: string; skipped: ErrorDetail[] };

/**
 * Reads a CSV file into columns, checking it against the settings: the id column and
 * every compared column exist; each id is present and used once (a repeated id is
 * reported once, with how many times and on which lines); each record has a name (or,
 * for data without names, some compared value); every date given can be read. With `skipInvalid`, records with a
 * problem are left out and listed in `skipped` instead of refusing the file; missing
 * columns still refuse it.
 */
export async function readLinkTable(
  path: string,
  settings: LinkSettings,
  onBytes?: (bytes: number, total: number) => void,
  options: { skipInvalid?: boolean; columns?: Readonly<Record<string, string | readonly string[] | null>> } = {},
): Promise<ReadTable> {
  const file = await openTable(path);
  // the file's own column(s) for a column the settings read (a list's `columns` in the
  // settings); several columns are read as one cell, joined with a space; null: none
  const sourcesOf = (column: string): readonly string[] => {
    const mapped = options.columns?.[column];
    if (mapped === null) return [];
    return typeof mapped === 'string' ? [mapped] : (mapped ?? [column]);
  };
  const named = (column: string) => sourcesOf(column).join(' + ');
  const cellOf = (record: Record<string, string>, column: string) =>
    sourcesOf(column)
      .map((c) => (record[c] ?? '').trim())
      .filter((v) => v !== '')
      .join(' ');
  const missing = missingColumns(settings, file.header, options.columns);
  if (missing.length > 0) {
    throw new AppError('import_rejected', 'columns missing', {
      publicMessage: `${path} lacks ${missing.length} column(s) the settings name; nothing was run. Its columns are: ${file.header.join(', ')}.`,
      details: missing.map((column) => ({
        path,
        column,
        reason: column === sourcesOf(settings.id)[0] ? 'the id column named by the settings is missing' : 'a column compared by the settings is missing',
      })),
    });
  }
  const wanted = [...new Set([...settings.comparisons.flatMap((c) => c.columns)])];
  const nameComparisons = settings.comparisons.filter((c) => c.kind === 'given_names' || c.kind === 'surnames');
  const requiredColumns = nameComparisons.length > 0 ? [...new Set(nameComparisons.flatMap((c) => c.columns))] : wanted;
  // a date the engine cannot read is reported, never quietly taken as missing
  const dateChecks = settings.comparisons
    .filter((c) => c.kind === 'date')
    .map((c) => ({ columns: c.columns, comparison: createComparison(c), ages: c.ageAsOf !== undefined }));
  const ids: string[] = [];
  const lines: number[] = [];
  const columns: Record<string, string[]> = Object.fromEntries(wanted.map((c) => [c, []]));
  const linesOf = new Map<string, number[]>();
  const problems: ErrorDetail[] = [];
  const skipped: ErrorDetail[] = [];
  const records: { line: number; id: string; record: Record<string, string> }[] = [];
  for await (const { line, record } of file.records((bytes) => onBytes?.(bytes, file.size))) {
    const id = cellOf(record, settings.id);
    if (id !== '') linesOf.set(id, [...(linesOf.get(id) ?? []), line]);
    records.push({ line, id, record });
  }
  for (const { line, id, record } of records) {
    const own: ErrorDetail[] = [];
    const uses = linesOf.get(id);
    if (id === '') own.push({ path, row: line, column: named(settings.id), reason: 'the id is empty' });
    else if (uses && uses.length > 1) {
      // reported once, on its first line; every use of it is refused (which record is meant cannot be told)
      if (uses[0] === line) {
        const shown = uses.slice(0, 10).join(', ');
        own.push({
          path,
          row: line,
          column: named(settings.id),
          reason: `this id is used ${uses.length} times, on lines ${shown}${uses.length > 10 ? ', …' : ''}`,
        });
      } else if (options.skipInvalid) own.push({ path, row: line, column: named(settings.id), reason: `the same id as line ${uses[0]}` });
      else continue;
    }
    for (const check of dateChecks) {
      const cells = check.columns.map((c) => cellOf(record, c));
      if (cells.some((c) => c !== '') && check.comparison.encode(cells) === null)
        own.push({
          path,
          row: line,
          column: check.columns.map(named).join(', '),
          reason: `not a date the engine can read: dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy${check.columns.length === 3 ? ' as day, month and year' : ''}${check.ages ? ', or an age' : ''}`,
        });
    }
    if (requiredColumns.every((c) => cellOf(record, c) === '')) {
      own.push({
        path,
        row: line,
        column: requiredColumns.map(named).join(', '),
        reason: nameComparisons.length > 0 ? 'the name is empty' : 'every compared column is empty',
      });
    }
    if (own.length > 0) {
      (options.skipInvalid ? skipped : problems).push(...own);
      if (options.skipInvalid) continue;
    }
    ids.push(id);
    lines.push(line);
    for (const c of wanted) columns[c]!.push(cellOf(record, c));
  }
  if (ids.length === 0) problems.push({ path, reason: skipped.length > 0 ? 'every record has a problem' : 'the file has a header but no records' });
  if (problems.length > 0) {
    throw new AppError('import_rejected', 'table rejected', {
      publicMessage: `${path} has ${problems.length} problem(s); nothing was run or written.${options.skipInvalid ? '' : ' (--skip-invalid links the other records and lists these.)'}`,
      details: problems,
    });
  }
  return { path, ids, columns, lines, encoding: file.encoding, delimiter: file.delimiter, skipped };
}
