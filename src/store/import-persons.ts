/**
 * Bulk import of persons: all or nothing, upsert by external id, streaming.
 * Rows arrive checked, in batches (src/domain/importing/check-person-rows.ts, on this thread
 * or another); while the file is clean each batch is checked against the registry's
 * identifiers and written (multi-row unnest inserts) inside one transaction. The first bad
 * row stops the writing but not the checking, so the report lists every bad row; at the
 * end a file with any problem rolls back and nothing is written.
 */
import { type Kysely, sql } from 'kysely';
import { type CheckedBatch, identifierColumn, type RowIssue } from '../domain/importing/check-person-rows.js';
import type { ImportedPerson, PersonMapping } from '../domain/importing/person-mapping.js';
import { buildNameSearchKey } from '../domain/registry/normalize-name.js';
import { LARGE_WRITE } from './bulk-load.js';
import type { Database } from './schema.js';
import { newTimeOrderedId } from './time-ordered-id.js';

/** One problem in one row; `value` is shown to the importing user only, never logged. */
export type ImportProblem = RowIssue;
export type ImportReport = { rows: number; inserted: number; updated: number; problems: number; committed: boolean };

export type ImportOptions = {
  mapping: PersonMapping;
  onProblem: (problem: ImportProblem) => void;
  /** Validate everything, write nothing. */
  dryRun?: boolean;
  /**
   * Drop the name-search index for the import and rebuild it once at the end, in the
   * same transaction (so a rollback restores it). Far faster for large files, but it
   * locks the persons table for the import: meant for the embedded database, which
   * serves one query at a time anyway.
   */
  rebuildSearchIndex?: boolean;
  /**
   * Take the next batch while the current one is written. Worth it on a PostgreSQL
   * server (another process); PGlite runs on this thread, so it only costs memory there.
   */
  overlapWrites?: boolean;
};

class RollBack extends Error {}

/** Imports checked batches of persons; returns what happened. Throws only on database failures and unreadable files. */
export async function importPersons(db: Kysely<Database>, batches: AsyncIterable<CheckedBatch>, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { rows: 0, inserted: 0, updated: 0, problems: 0, committed: false };
  const problem = (p: ImportProblem) => {
    report.problems++;
    options.onProblem(p);
  };
  try {
    await db.transaction().execute(async (trx) => {
      if (options.rebuildSearchIndex && !options.dryRun) await sql`drop index persons_name_search_trgm`.execute(trx);
      // One batch is written while the next is taken: on a PostgreSQL server the two
      // run in parallel. At most one write is in flight; its error surfaces at the next batch.
      let inFlight: Promise<void> = Promise.resolve();
      const write = async (rows: { line: number; person: ImportedPerson }[]) => {
        await checkIdentifierOwners(trx, rows, problem, (kind) => identifierColumn(options.mapping, kind));
        if (report.problems === 0 && !options.dryRun) {
          const { inserted, updated } = await writeBatch(
            trx,
            rows.map((b) => b.person),
          );
          report.inserted += inserted;
          report.updated += updated;
        }
      };
      for await (const batch of batches) {
        report.rows += batch.rows;
        for (const p of batch.problems) problem(p);
        if (batch.persons.length === 0) continue;
        await inFlight;
        inFlight = write(batch.persons);
        inFlight.catch(() => {}); // handled when awaited; avoids an unhandled-rejection crash meanwhile
        if (!options.overlapWrites) await inFlight;
      }
      await inFlight;
      if (report.problems > 0 || options.dryRun) throw new RollBack();
      if (options.rebuildSearchIndex) await sql`create index persons_name_search_trgm on persons using gin (name_search gin_trgm_ops)`.execute(trx);
      // the planner learns of a large arrival at once (PGlite has no autovacuum to do it later)
      if (report.inserted >= LARGE_WRITE) await sql`analyze persons, person_identifiers`.execute(trx);
    });
    report.committed = true;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return report;
}

/** Identifiers already held by a different person in the registry. */
export async function checkIdentifierOwners(
  db: Kysely<Database>,
  batch: readonly { line: number; person: ImportedPerson }[],
  problem: (p: ImportProblem) => void,
  columnOf: (kind: string) => string = (kind) => kind,
): Promise<void> {
  const kinds: string[] = [];
  const values: string[] = [];
  for (const { person } of batch) {
    for (const identifier of person.identifiers) {
      kinds.push(identifier.kind);
      values.push(identifier.value);
    }
  }
  if (kinds.length === 0) return;
  const owners = await sql<{ kind: string; value: string; externalId: string | null }>`
    select i.kind, i.value, p.external_id as "externalId"
    from unnest(${kinds}::text[], ${values}::text[]) as wanted(kind, value)
    join person_identifiers i on i.kind = wanted.kind and i.value = wanted.value
    join persons p on p.id = i.person_id`.execute(db);
  if (owners.rows.length === 0) return;
  const ownerOf = new Map(owners.rows.map((o) => [`${o.kind}:${o.value}`, o.externalId]));
  for (const { line, person } of batch) {
    for (const identifier of person.identifiers) {
      const key = `${identifier.kind}:${identifier.value}`;
      if (ownerOf.has(key) && ownerOf.get(key) !== person.externalId) {
        problem({
          row: line,
          column: columnOf(identifier.kind),
          value: identifier.value,
          reason: `this identifier belongs to another person in the registry (${ownerOf.get(key) ?? 'without an external id'})`,
        });
      }
    }
  }
}

/**
 * Upserts a batch of persons and replaces their identifiers; returns the ids by external
 * id. A full name as written is kept when given (and left as it was when not).
 */
export async function writeBatch(
  db: Kysely<Database>,
  people: readonly (ImportedPerson & { nameAsWritten?: string | null })[],
): Promise<{ inserted: number; updated: number; idOf: Map<string, string> }> {
  const col = <T>(pick: (p: ImportedPerson) => T) => people.map(pick);
  const upserted = await sql<{ id: string; externalId: string; inserted: boolean }>`
    insert into persons (id, external_id, given_names, first_surname, second_surname, aliases, nationality, sex,
      birth_date, birth_date_precision, occupation_group, consent, name_search, name_as_written)
    select id, external_id, given_names, first_surname, second_surname,
      case when aliases = '' then '{}'::text[] else string_to_array(aliases, chr(31)) end,
      nationality, sex, birth_date, birth_date_precision, occupation_group, consent, name_search, name_as_written
    from unnest(
      ${col(() => newTimeOrderedId())}::uuid[], ${col((p) => p.externalId)}::text[], ${col((p) => p.givenNames)}::text[], ${col((p) => p.firstSurname)}::text[],
      ${col((p) => p.secondSurname)}::text[], ${col((p) => p.aliases.join('\u001f'))}::text[], ${col((p) => p.nationality)}::text[],
      ${col((p) => p.sex)}::text[], ${col((p) => p.birthDate)}::date[], ${col((p) => p.birthDatePrecision)}::text[],
      ${col((p) => p.occupationGroup)}::text[], ${col((p) => p.consent)}::text[], ${col((p) => buildNameSearchKey(p))}::text[],
      ${people.map((p) => p.nameAsWritten ?? null)}::text[]
    ) as t(id, external_id, given_names, first_surname, second_surname, aliases, nationality, sex, birth_date,
      birth_date_precision, occupation_group, consent, name_search, name_as_written)
    on conflict (external_id) do update set
      given_names = excluded.given_names, first_surname = excluded.first_surname,
      second_surname = excluded.second_surname, aliases = excluded.aliases, nationality = excluded.nationality,
      sex = excluded.sex, birth_date = excluded.birth_date, birth_date_precision = excluded.birth_date_precision,
      occupation_group = excluded.occupation_group, consent = excluded.consent,
      name_search = excluded.name_search, name_as_written = coalesce(excluded.name_as_written, persons.name_as_written),
      updated_at = now()
    returning id, external_id as "externalId", (xmax = 0) as inserted`.execute(db);
  // RETURNING order is not guaranteed to follow the input: match rows by external id.
  const idOf = new Map(upserted.rows.map((r) => [r.externalId, r.id]));
  const inserted = upserted.rows.filter((r) => r.inserted).length;
  const updatedIds = upserted.rows.filter((r) => !r.inserted).map((r) => r.id);
  if (updatedIds.length > 0) await sql`delete from person_identifiers where person_id = any(${updatedIds}::uuid[])`.execute(db);
  const personIds: string[] = [];
  const kinds: string[] = [];
  const values: string[] = [];
  for (const person of people) {
    for (const identifier of person.identifiers) {
      personIds.push(idOf.get(person.externalId)!);
      kinds.push(identifier.kind);
      values.push(identifier.value);
    }
  }
  if (personIds.length > 0) {
    await sql`insert into person_identifiers (person_id, kind, value)
      select * from unnest(${personIds}::uuid[], ${kinds}::text[], ${values}::text[])`.execute(db);
  }
  return { inserted, updated: updatedIds.length, idOf };
}
