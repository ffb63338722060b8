/**
 * The open-data exports, as text chunks for any sink (an HTTP reply, a file, stdout).
 * Who sees which persons and fields is decided by the caller through src/server/policies;
 * this only streams what it is told to.
 */
import type { Kysely } from 'kysely';
import type { Consent } from '../domain/registry/vocabulary.js';
import {
  CLAIM_COLUMNS,
  claimRow,
  PUBLIC_PERSON_COLUMNS,
  publicPersonRow,
  type Row,
  STAFF_PERSON_COLUMNS,
  staffPersonRow,
  toCsv,
  toJsonArray,
} from '../io/write-table.js';
import { listClaims } from '../store/claims.js';
import { iteratePersons } from '../store/persons.js';
import type { Database } from '../store/schema.js';

export type ExportFormat = 'csv' | 'json';

/** Persons with the given consent levels (all when undefined), with staff or public columns. */
export function exportPersons(
  db: Kysely<Database>,
  options: { consent: readonly Consent[] | undefined; staff: boolean; format: ExportFormat },
): AsyncGenerator<string> {
  async function* pages(): AsyncGenerator<Row[]> {
    for await (const page of iteratePersons(db, { consent: options.consent })) {
      yield page.map((p) => (options.staff ? staffPersonRow(p) : publicPersonRow(p)));
    }
  }
  return options.format === 'csv' ? toCsv(options.staff ? STAFF_PERSON_COLUMNS : PUBLIC_PERSON_COLUMNS, pages()) : toJsonArray(pages());
}

/** Every claim with its citation. */
export function exportClaims(db: Kysely<Database>, format: ExportFormat): AsyncGenerator<string> {
  async function* pages(): AsyncGenerator<Row[]> {
    yield (await listClaims(db)).map(claimRow);
  }
  return format === 'csv' ? toCsv(CLAIM_COLUMNS, pages()) : toJsonArray(pages());
}
