/**
 * Lists as they arrive: CSV (see read-csv.ts), an Excel workbook (.xlsx: its first sheet,
 * the first row naming the columns), a JSON array of flat objects (.json), or one flat
 * object per line (.jsonl), as APIs and scrapers give them. Each record carries
 * where it was (the CSV line, the array item or the JSON line), so every problem can be
 * named. Values must be text, numbers, booleans or null (read as empty); a nested object
 * or list is refused with its place.
 */
import { readFile, stat } from 'node:fs/promises';
import { type CellValue, readSheet, type SheetData } from 'read-excel-file/node';
import { AppError, type ErrorDetail } from '../shared/app-error.js';
import { type CsvFile, type CsvRecord, openCsv } from './read-csv.js';

/** A table file of any accepted format. */
export type TableFile = Pick<CsvFile, 'header' | 'size' | 'records'> & { format: 'csv' | 'xlsx' | 'json' | 'jsonl'; encoding: string; delimiter: string };

/** Opens a CSV, XLSX, JSON or JSON-lines table, by its extension. */
export async function openTable(path: string): Promise<TableFile> {
  if (/\.xlsx$/i.test(path)) return openXlsx(path);
  const json = /\.json$/i.test(path);
  const jsonl = /\.(jsonl|ndjson)$/i.test(path);
  if (!json && !jsonl) {
    const csv = await openCsv(path);
    return { header: csv.header, size: csv.size, records: csv.records, format: 'csv', encoding: csv.encoding, delimiter: csv.delimiter };
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('import_rejected', 'file unreadable', {
      publicMessage: `Cannot read ${path}: ${code === 'ENOENT' ? 'there is no such file' : code}. Nothing was written.`,
    });
  }
  const items: { where: number; value: unknown }[] = [];
  const problems: ErrorDetail[] = [];
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new AppError('import_rejected', 'json unparseable', {
        publicMessage: `${path} is not valid JSON: ${(error as Error).message}. Nothing was written.`,
      });
    }
    if (!Array.isArray(parsed))
      throw new AppError('import_rejected', 'json not an array', { publicMessage: `${path} must hold a JSON array of objects, one per person.` });
    for (const [i, value] of parsed.entries()) items.push({ where: i + 1, value });
  } else {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        items.push({ where: i + 1, value: JSON.parse(line) });
      } catch {
        problems.push({ path, row: i + 1, reason: 'this line is not valid JSON' });
      }
    });
  }
  const header: string[] = [];
  const seen = new Set<string>();
  const records: CsvRecord[] = [];
  for (const { where, value } of items) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push({ path, row: where, reason: 'expected an object with one field per column' });
      continue;
    }
    const record: Record<string, string> = {};
    for (const [key, cell] of Object.entries(value)) {
      if (!seen.has(key)) {
        seen.add(key);
        header.push(key);
      }
      if (cell === null || cell === undefined) record[key] = '';
      else if (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') record[key] = String(cell);
      else problems.push({ path, row: where, column: key, reason: 'a list or an object; expected a text, a number or null' });
    }
    records.push({ line: where, record, cells: Object.keys(record).length });
  }
  if (problems.length > 0) {
    throw new AppError('import_rejected', 'json table rejected', {
      publicMessage: `${path} has ${problems.length} problem(s); nothing was written.`,
      details: problems,
    });
  }
  const size = Buffer.byteLength(text);
  return {
    header,
    size,
    format: json ? 'json' : 'jsonl',
    encoding: 'utf-8',
    delimiter: '',
    async *records(onBytes) {
      yield* records;
      onBytes?.(size);
    },
  };
}

/**
 * The first sheet of an Excel workbook (read-excel-file). Cells typed as dates come as
 * yyyy-mm-dd, numbers as written without a thousands separator, booleans as true/false;
 * rows keep their sheet numbers (the header is row 1).
 */
async function openXlsx(path: string): Promise<TableFile> {
  let rows: SheetData;
  let size: number;
  try {
    size = (await stat(path)).size;
    rows = await readSheet(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('import_rejected', 'xlsx unreadable', {
      publicMessage:
        code === 'ENOENT'
          ? `Cannot read ${path}: there is no such file. Nothing was written.`
          : `${path} is not a readable Excel workbook (.xlsx)${code ? ` (${code})` : ''}. Nothing was written.`,
    });
  }
  const [first, ...body] = rows;
  const header = (first ?? []).map((c) => xlsxCell(c).trim());
  if (header.length === 0 || header.every((h) => h === '')) {
    throw new AppError('import_rejected', 'xlsx without header', { publicMessage: `${path}: the first sheet has no header row. Nothing was written.` });
  }
  const blank = header.indexOf('');
  const width = blank < 0 ? header.length : blank;
  const duplicate = header.slice(0, width).find((h, i) => header.indexOf(h) !== i);
  if (duplicate !== undefined) {
    throw new AppError('import_rejected', 'xlsx duplicate column', {
      publicMessage: `${path}: the column "${duplicate}" appears twice in the header. Nothing was written.`,
      details: [{ path, row: 1, column: duplicate, reason: 'a column name used twice' }],
    });
  }
  const records: CsvRecord[] = [];
  body.forEach((row, i) => {
    if (row.every((c) => c === null || xlsxCell(c).trim() === '')) return;
    const record: Record<string, string> = {};
    for (let c = 0; c < width; c++) record[header[c]!] = xlsxCell(row[c] ?? null);
    records.push({ line: i + 2, record, cells: width });
  });
  return {
    header: header.slice(0, width),
    size,
    format: 'xlsx',
    encoding: 'xlsx',
    delimiter: '',
    async *records(onBytes) {
      yield* records;
      onBytes?.(size);
    },
  };
}

function xlsxCell(cell: CellValue | null): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell);
}
