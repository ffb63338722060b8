/**
 * What an uploaded sheet looks like before it is mapped: its format, encoding and separator as
 * detected, its columns, how many rows it has, its first rows, how each column writes dates, and a
 * first guess at which column holds which field. Reads the file; writes nothing.
 */

import { open } from 'node:fs/promises';
import { detectDateFormats, type FileInspection, suggestCaseColumns } from '../domain/importing/suggest-columns.js';

export type { FileInspection };

import { openTable } from '../io/read-table.js';
import { AppError } from '../shared/app-error.js';

const PREVIEW_ROWS = 10;
const SAMPLED_ROWS = 2000; // enough to tell how a column writes its dates

export async function inspectImportFile(path: string): Promise<FileInspection> {
  await refuseBinary(path);
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

/**
 * A file read as CSV that is not text — an old Excel workbook (.xls), a PDF, an image — would come
 * out as one column of noise: refused with what to do instead.
 */
async function refuseBinary(path: string): Promise<void> {
  if (/\.(xlsx|json|jsonl|ndjson)$/i.test(path)) return;
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.includes(0)) {
      const xls = head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
      throw new AppError('import_rejected', 'binary upload', {
        publicMessage: xls
          ? 'This is an old Excel workbook (.xls): save it as .xlsx or CSV and upload that. Nothing was read.'
          : 'This is not a CSV, XLSX or JSON file. Nothing was read.',
      });
    }
  } finally {
    await handle.close();
  }
}
