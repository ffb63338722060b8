/**
 * What an uploaded sheet looks like before it is mapped: its format, encoding and separator as
 * detected, its columns, how many rows it has, its first rows, how each column writes dates, and a
 * first guess at which column holds which field. Reads the file; writes nothing.
 */
import { type DateFormat, detectDateFormats, suggestCaseColumns } from '../domain/importing/suggest-columns.js';
import { openTable } from '../io/read-table.js';

const PREVIEW_ROWS = 10;
const SAMPLED_ROWS = 2000; // enough to tell how a column writes its dates

export type FileInspection = {
  format: string;
  encoding: string;
  delimiter: string;
  header: string[];
  rows: number;
  preview: { row: number; cells: string[] }[];
  dateFormats: Record<string, DateFormat[]>;
  suggested: ReturnType<typeof suggestCaseColumns>;
};

export async function inspectImportFile(path: string): Promise<FileInspection> {
  const table = await openTable(path);
  const preview: FileInspection['preview'] = [];
  const samples = new Map<string, string[]>(table.header.map((h) => [h, []]));
  let rows = 0;
  for await (const { line, record } of table.records()) {
    rows += 1;
    if (preview.length < PREVIEW_ROWS) preview.push({ row: line, cells: table.header.map((h) => record[h] ?? '') });
    if (rows <= SAMPLED_ROWS) for (const h of table.header) samples.get(h)!.push(record[h] ?? '');
  }
  const dateFormats = Object.fromEntries(
    table.header.flatMap((h) => {
      const formats = detectDateFormats(samples.get(h)!);
      return formats.length > 0 ? [[h, formats]] : [];
    }),
  );
  return {
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    header: table.header,
    rows,
    preview,
    dateFormats,
    suggested: suggestCaseColumns(table.header),
  };
}
