/**
 * Reads spreadsheets exported as CSV, as they arrive from the field: UTF-8 (with or
 * without a byte-order mark) or Windows-1252/Latin-1, comma- or semicolon-separated.
 * The encoding is detected by a first pass that checks the whole file is valid UTF-8,
 * so a single "ñ" saved by Excel in Windows-1252 on line 900,000 is not garbled.
 * Records stream with bounded memory; each carries its line number in the file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { AppError } from '../shared/app-error.js';

export type Encoding = 'utf-8' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t';
export type CsvRecord = { line: number; record: Record<string, string>; cells: number };
export type CsvFile = {
  encoding: Encoding;
  delimiter: Delimiter;
  header: string[];
  size: number;
  /** Records after the header; `onBytes` reports progress through the file. */
  records(onBytes?: (bytesRead: number) => void): AsyncGenerator<CsvRecord>;
};

/** True when the whole file decodes as UTF-8. */
export async function detectEncoding(path: string): Promise<Encoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Picks the separator that the header line uses most (outside quotes). */
export function detectDelimiter(firstLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char]++;
  }
  return (Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0] as Delimiter) ?? ',';
}

/** The size of a file to be read, or why it cannot be read ("Cannot read x.csv: there is no such file"). */
export async function sizeOfInput(path: string): Promise<number> {
  let code: string | undefined;
  try {
    const found = await stat(path);
    if (!found.isDirectory()) return found.size;
    code = 'EISDIR';
  } catch (error) {
    code = (error as NodeJS.ErrnoException).code;
  }
  const why: Record<string, string> = { ENOENT: 'there is no such file', EACCES: 'permission denied', EISDIR: 'it is a folder' };
  throw new AppError('import_rejected', 'file unreadable', {
    publicMessage: `Cannot read ${path}: ${why[code ?? ''] ?? code ?? 'unknown error'}. Nothing was written.`,
  });
}

/** Opens a CSV file: detects encoding and separator, reads the header. */
export async function openCsv(path: string, options: { encoding?: Encoding; delimiter?: Delimiter } = {}): Promise<CsvFile> {
  const size = await sizeOfInput(path);
  if (size === 0) throw new AppError('import_rejected', 'empty file', { details: [{ reason: 'the file is empty' }] });
  const encoding = options.encoding ?? (await detectEncoding(path));
  const firstLine = await readFirstLine(path, encoding);
  const delimiter = options.delimiter ?? detectDelimiter(firstLine);
  const file: CsvFile = {
    encoding,
    delimiter,
    header: [],
    size,
    records: (onBytes) => readRecords(path, encoding, delimiter, file.header, onBytes),
  };
  const first = await readRecords(path, encoding, delimiter, null).next();
  const headerRecord: Record<string, string> = first.value ? first.value.record : {};
  const header = Object.values(headerRecord).map((h) => h.trim());
  if (header.length === 0 || header.every((h) => h === '')) {
    throw new AppError('import_rejected', 'no header', { details: [{ row: 1, reason: 'the first line must name the columns' }] });
  }
  const seen = new Set<string>();
  for (const [index, name] of header.entries()) {
    if (name === '')
      throw new AppError('import_rejected', 'empty header cell', { details: [{ row: 1, column: `#${index + 1}`, reason: 'a column has no name' }] });
    if (seen.has(name)) throw new AppError('import_rejected', 'repeated header', { details: [{ row: 1, column: name, reason: 'two columns have this name' }] });
    seen.add(name);
  }
  file.header.push(...header);
  return file;
}

async function readFirstLine(path: string, encoding: Encoding): Promise<string> {
  const decoder = new TextDecoder(encoding);
  let text = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    text += decoder.decode(chunk as Buffer, { stream: true });
    const end = text.indexOf('\n');
    if (end >= 0) return text.slice(0, end);
    if (text.length > 1 << 20) break;
  }
  return text;
}

/** Waits until the parser wants more text or is closed; both listeners go after either (one pair a wait would pile up). */
function drainedOrClosed(parser: ReturnType<typeof parse>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off('drain', done).off('close', done);
      resolve();
    };
    parser.on('drain', done).on('close', done);
  });
}

/** With `header` null, yields the header row itself as the first record (keys 0..n). */
async function* readRecords(
  path: string,
  encoding: Encoding,
  delimiter: Delimiter,
  header: string[] | null,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<CsvRecord> {
  const parser = parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const input = createReadStream(path, { highWaterMark: 1 << 18 });
  const decoder = new TextDecoder(encoding);
  let bytesRead = 0;
  const feed = (async () => {
    try {
      for await (const chunk of input) {
        bytesRead += (chunk as Buffer).length;
        const text = decoder.decode(chunk as Buffer, { stream: true });
        // a parser that failed (a stray quote) or was closed never drains: stop feeding it, or this waits for ever
        if (parser.destroyed) break;
        if (!parser.write(text)) await drainedOrClosed(parser);
      }
      if (!parser.destroyed) parser.end(decoder.decode());
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let first = true;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { records: number; empty_lines: number } }>) {
      if (header === null) {
        yield { line: 1, record: Object.fromEntries(item.record.map((v, i) => [String(i), v])), cells: item.record.length };
        return;
      }
      if (first) {
        first = false;
        continue; // the header
      }
      const record: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) record[header[i]!] = item.record[i] ?? '';
      onBytes?.(bytesRead);
      // the row as a spreadsheet numbers it: records and empty lines so far (a cell holding a line
      // break spans several lines of the file, but one row of the sheet)
      yield { line: item.info.records + item.info.empty_lines, record, cells: item.record.length };
    }
  } catch (error) {
    // the row being read when the parser stopped, as the sheet numbers it (a quote never closed is
    // found at the end of the file, but the row is the one where it opened)
    const at = error as { code?: string; records?: number; empty_lines?: number };
    const row = typeof at.records === 'number' ? at.records + (at.empty_lines ?? 0) + 1 : undefined;
    // the parser's own message may quote the cell (a person's name): only its code goes into the internal message, which is logged
    throw new AppError('import_rejected', `csv parse error ${at.code ?? 'unknown'}${row ? ` at row ${row}` : ''}`, {
      details: [{ row, reason: describeCsvError(error) }],
    });
  } finally {
    input.destroy();
    parser.destroy(); // releases a feed waiting for it to drain
    await feed.catch(() => {});
  }
}

function describeCsvError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted cell is never closed: the file is probably truncated';
  if (code === 'CSV_INVALID_CLOSING_QUOTE') return 'a quote inside a cell is not escaped (write "" for a quote)';
  return 'the file is not valid CSV';
}
