/**
 * The checks an import makes of each row before anything is written — the row's cells
 * against the header, its id not repeated, the mapping's validation, its identifiers not
 * repeated in the file — handed on in batches ready to write. No I/O: it runs on the
 * import's own thread, or in a worker thread beside the database (src/io/checked-rows.ts).
 */
import { type ImportedPerson, mapPersonRow, type PersonMapping } from './person-mapping.js';

/** One row of the file: its line, its cells by column name, how many cells it had. */
export type SourceRow = { line: number; record: Record<string, string>; cells: number };
/** One problem in one row; `value` is shown to the importing user only, never logged. */
export type RowIssue = { row: number; column: string; value: string; reason: string };
/** The rows checked since the last batch: how many, their problems, the persons to write. */
export type CheckedBatch = { rows: number; problems: RowIssue[]; persons: { line: number; person: ImportedPerson }[]; bytesRead: number };

/** The column an identifier came from, for problems about it. */
export function identifierColumn(mapping: PersonMapping, kind: string): string {
  return (kind === 'passport' ? mapping.columns.passport : mapping.columns.cedula) ?? kind;
}

/** Checks rows as they stream, a batch every `batchSize` rows (and one at the end). */
export async function* checkPersonRows(
  rows: AsyncIterable<SourceRow>,
  mapping: PersonMapping,
  headerLength: number,
  batchSize: number,
  bytesRead: () => number = () => 0,
): AsyncGenerator<CheckedBatch> {
  const lineOfId = new Map<string, number>();
  const lineOfIdentifier = new Map<string, number>();
  let batch: CheckedBatch = { rows: 0, problems: [], persons: [], bytesRead: 0 };
  const problem = (p: RowIssue) => batch.problems.push(p);
  for await (const { line, record, cells } of rows) {
    if (batch.rows >= batchSize) {
      yield { ...batch, bytesRead: bytesRead() };
      batch = { rows: 0, problems: [], persons: [], bytesRead: 0 };
    }
    batch.rows++;
    if (cells !== headerLength) {
      problem({ row: line, column: '', value: '', reason: `the row has ${cells} cells but the header has ${headerLength}` });
      continue;
    }
    // Ids are tracked before the row is validated, so a repeat is caught even when
    // its first occurrence had other problems.
    const externalId = (record[mapping.idColumn] ?? '').trim();
    const earlier = externalId ? lineOfId.get(externalId) : undefined;
    if (earlier !== undefined) {
      problem({ row: line, column: mapping.idColumn, value: externalId, reason: `the same id is already on row ${earlier}` });
    } else if (externalId) lineOfId.set(externalId, line);
    const mapped = mapPersonRow(record, mapping);
    if (!mapped.ok) for (const p of mapped.problems) problem({ row: line, ...p });
    if (earlier !== undefined) continue; // a row repeated whole is said once, by its id
    // identifiers are tracked from every row that gives them, valid or not: every repeat is reported at once
    let clash = false;
    for (const identifier of mapped.ok ? mapped.person.identifiers : mapped.identifiers) {
      const key = `${identifier.kind}:${identifier.value}`;
      const other = lineOfIdentifier.get(key);
      if (other !== undefined) {
        const column = identifierColumn(mapping, identifier.kind);
        problem({
          row: line,
          column,
          value: record[column]?.trim() || identifier.value, // as written, to be found in the sheet
          reason: `the same identifier is already on row ${other}`,
        });
        clash = true;
      } else lineOfIdentifier.set(key, line);
    }
    if (mapped.ok && !clash) batch.persons.push({ line, person: mapped.person });
  }
  if (batch.rows > 0) yield { ...batch, bytesRead: bytesRead() };
}
