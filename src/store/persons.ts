/** Persons: create, read, update, and filtered, paginated, accent-blind listing. */
import { type Kysely, type Selectable, sql } from 'kysely';
import { normalizeIdentifier } from '../domain/registry/identifiers.js';
import { buildNameSearchKey, normalizeForSearch } from '../domain/registry/normalize-name.js';
import type { Consent, OccupationGroup, PersonStatus, ProtestWave, VerificationLevel } from '../domain/registry/vocabulary.js';
import { AppError } from '../shared/app-error.js';
import type { Identifier, Person, PersonFields } from '../shared/schemas.js';
import { definedOnly } from './defined-only.js';
import { inTransaction } from './in-transaction.js';
import type { Database } from './schema.js';
import { newTimeOrderedId } from './time-ordered-id.js';
import { translateErrors } from './translate-error.js';

/** Filters for listing persons. `consent` restricts to those levels (the policy sets it). */
export type PersonFilter = {
  q?: string | undefined;
  status?: PersonStatus | undefined;
  facilityId?: string | undefined;
  occupationGroup?: OccupationGroup | undefined;
  protestWave?: ProtestWave | undefined;
  arrestedFrom?: string | undefined;
  arrestedTo?: string | undefined;
  consent?: readonly Consent[] | undefined;
  level?: VerificationLevel | undefined;
};

export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

type Db = Kysely<Database>;

/** Creates a person with their identifiers; returns the stored record. */
export async function createPerson(db: Db, fields: PersonFields, options: { synthetic?: boolean } = {}): Promise<Person> {
  const identifiers = normalizeIdentifiers(fields.identifiers);
  const id = await translateErrors(() =>
    inTransaction(db, async (trx) => {
      const row = await trx
        .insertInto('persons')
        .values({ ...toRow(fields), id: newTimeOrderedId(), synthetic: options.synthetic ?? false })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (identifiers.length > 0) {
        await trx
          .insertInto('personIdentifiers')
          .values(identifiers.map((i) => ({ ...i, personId: row.id })))
          .execute();
      }
      return row.id;
    }),
  );
  return (await getPerson(db, id))!;
}

/**
 * Applies a partial update; identifiers, when given, replace the old ones. With `expectedVersion`
 * (the `updatedAt` the editor read), an edit based on an older version is refused with
 * `stale_version` and nothing is written: no lost update. Every update moves the version forward
 * by at least a millisecond, the precision the API shows it with.
 */
export async function updatePerson(db: Db, id: string, patch: Partial<PersonFields>, expectedVersion?: string): Promise<Person> {
  const current = await getPerson(db, id);
  if (!current) throw new AppError('not_found', 'person not found');
  if (expectedVersion !== undefined && !sameVersion(current.updatedAt, expectedVersion)) throw staleVersion(current.updatedAt);
  const merged: PersonFields = { ...current, ...definedOnly(patch) } as PersonFields;
  await translateErrors(() =>
    db.transaction().execute(async (trx) => {
      let update = trx
        .updateTable('persons')
        .set({
          ...toRow(merged),
          updatedAt: sql<string>`greatest(date_trunc('milliseconds', clock_timestamp()), date_trunc('milliseconds', updated_at) + interval '1 millisecond')`,
        })
        .where('id', '=', id);
      if (expectedVersion !== undefined) update = update.where(sql<boolean>`date_trunc('milliseconds', updated_at) = ${expectedVersion}::timestamptz`);
      const { numUpdatedRows } = await update.executeTakeFirst();
      if (Number(numUpdatedRows) === 0) throw staleVersion(undefined); // another edit landed between the read and this write
      if (patch.identifiers) {
        await trx.deleteFrom('personIdentifiers').where('personId', '=', id).execute();
        const identifiers = normalizeIdentifiers(patch.identifiers);
        if (identifiers.length > 0) {
          await trx
            .insertInto('personIdentifiers')
            .values(identifiers.map((i) => ({ ...i, personId: id })))
            .execute();
        }
      }
    }),
  );
  return (await getPerson(db, id))!;
}

/** Versions are compared at the millisecond, as the API writes them. */
function sameVersion(stored: string | Date, expected: string): boolean {
  const expectedTime = Date.parse(expected);
  return !Number.isNaN(expectedTime) && new Date(stored).getTime() === expectedTime;
}

function staleVersion(current: string | undefined) {
  return new AppError('stale_version', 'person changed since the version the edit was based on', {
    details: [{ path: 'If-Match', reason: current ? `the stored version is ${new Date(current).toISOString()}` : 'the record changed while saving' }],
  });
}

/** One person with status and identifiers, or undefined. */
export async function getPerson(db: Db, id: string): Promise<Person | undefined> {
  const [row] = await filteredPersons(db, {}).select(PERSON_COLUMNS).select(identifiersOfRow).where('p.id', '=', id).execute();
  return row && toPerson(row, row.identifiers ?? []);
}

/** Up to this many persons found by a name search are read whole from the name index and sorted. */
const FEW_MATCHES = 5_000;

/** A person as listed: with the verification level of the event that set their status. */
export type ListedPerson = Person & { statusLevel: VerificationLevel };

/**
 * One page of persons matching the filter, newest first (ids are time-ordered) — from the start, or
 * after the person `after` (the last of the page before) — with their
 * identifiers and their status's level — all in one statement: a staff page is one round trip to
 * the database, not three (on PGlite, which answers one query at a time, every one counts).
 */
export async function listPersonPage(
  db: Db,
  filter: PersonFilter,
  limit: number,
  offset: number,
  after?: string,
  options: { matching?: number } = {},
): Promise<ListedPerson[]> {
  // the page's ids are cut first (from an index alone, where the filter allows), then its rows read
  // with their identifiers: columns and subqueries in the same select list as the offset would be
  // read for every row the offset skips. After a person (keyset paging) the index is entered there:
  // the thousandth page costs what the first does.
  const matching = filteredPersons(db, filter)
    .select('p.id')
    .$if(after !== undefined, (q) => q.where('p.id', '<', after!));
  // A name search that the caller knows to match few persons (`matching`, its count) reads them all
  // from the name index, then sorts them: the planner takes two surnames for independent, expects
  // thousands of persons to bear both where hundreds do, and would walk the registry from its newest
  // person looking for them (65,000 rows read at a million for two common surnames).
  const few = filter.q !== undefined && options.matching !== undefined && options.matching <= FEW_MATCHES;
  const cut = few
    ? db
        .with(
          (w) => w('matching').materialized(),
          () => matching,
        )
        .selectFrom('matching as p')
        .select('p.id')
        .orderBy('p.id', 'desc')
        .limit(limit)
        .offset(offset)
    : matching.orderBy('p.id', 'desc').limit(limit).offset(offset);
  const rows = await db
    .selectFrom(cut.as('page'))
    .innerJoin('persons as p', 'p.id', 'page.id')
    .select(PERSON_COLUMNS)
    .select(['p.statusLevel', identifiersOfRow])
    .orderBy('p.id', 'desc')
    .execute();
  return rows.map((row) => ({ ...toPerson(row, row.identifiers ?? []), statusLevel: (row.statusLevel ?? 'reported') as VerificationLevel }));
}

/** A person's identifiers as a column of their row (in kind order; null when they have none). */
const identifiersOfRow = sql<Identifier[] | null>`(select json_agg(json_build_object('kind', i.kind, 'value', i.value) order by i.kind, i.value)
  from person_identifiers i where i.person_id = p.id)`.as('identifiers');

/** How many persons match the filter. */
export async function countMatchingPersons(db: Db, filter: PersonFilter): Promise<number> {
  const row = await filteredPersons(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of persons with the total count. */
export async function listPersons(db: Db, filter: PersonFilter, limit: number, offset: number): Promise<Page<Person>> {
  const items = await listPersonPage(db, filter, limit, offset);
  return { items, total: await countMatchingPersons(db, filter), limit, offset };
}

const PERSON_COLUMNS = [
  'p.id',
  'p.externalId',
  'p.givenNames',
  'p.firstSurname',
  'p.secondSurname',
  'p.aliases',
  'p.nationality',
  'p.sex',
  'p.birthDate',
  'p.birthDatePrecision',
  'p.occupationGroup',
  'p.consent',
  'p.synthetic',
  'p.status',
  'p.createdAt',
  'p.updatedAt',
] as const;

type PersonRow = Omit<
  Selectable<Database['persons']>,
  'nameSearch' | 'nameAsWritten' | 'statusEventId' | 'statusLevel' | 'placeEventId' | 'placeFacilityId' | 'placeLevel'
>;

/** Persons narrowed by the filter; select columns after. */
export function filteredPersons(db: Db, filter: PersonFilter) {
  let q = db.selectFrom('persons as p');
  if (filter.consent) q = q.where('p.consent', 'in', [...filter.consent]);
  if (filter.status) {
    const status = filter.status;
    q = q.where('p.status', '=', status);
  }
  if (filter.occupationGroup) q = q.where('p.occupationGroup', '=', filter.occupationGroup);
  if (filter.level) q = q.where('p.statusLevel', '=', filter.level);
  for (const token of normalizeForSearch(filter.q ?? '')
    .split(' ')
    .filter(Boolean)) {
    q = q.where('p.nameSearch', 'like', `%${token}%`);
  }
  const { facilityId, protestWave, arrestedFrom, arrestedTo } = filter;
  if (facilityId || protestWave || arrestedFrom || arrestedTo) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('detentions as d')
          .select(sql`1`.as('one'))
          .whereRef('d.personId', '=', 'p.id')
          .$if(facilityId !== undefined, (sq) => sq.where('d.facilityId', '=', facilityId!))
          .$if(protestWave !== undefined, (sq) => sq.where('d.protestWave', '=', protestWave!))
          .$if(arrestedFrom !== undefined, (sq) => sq.where('d.arrestedOn', '>=', arrestedFrom!))
          .$if(arrestedTo !== undefined, (sq) => sq.where('d.arrestedOn', '<=', arrestedTo!)),
      ),
    );
  }
  return q;
}

/** The columns of a person row, from validated fields. */
export function toRow(fields: PersonFields) {
  return {
    externalId: fields.externalId ?? null,
    givenNames: fields.givenNames,
    firstSurname: fields.firstSurname,
    secondSurname: fields.secondSurname ?? null,
    aliases: fields.aliases,
    nationality: fields.nationality ?? null,
    sex: fields.sex,
    birthDate: fields.birthDate ?? null,
    birthDatePrecision: fields.birthDate ? (fields.birthDatePrecision ?? 'day') : null,
    occupationGroup: fields.occupationGroup,
    consent: fields.consent,
    nameSearch: buildNameSearchKey(fields),
  };
}

/** Normalises identifiers (cédula forms) and rejects malformed or repeated ones. */
export function normalizeIdentifiers(identifiers: readonly Identifier[]): Identifier[] {
  const seen = new Set<string>();
  return identifiers.map((identifier, index) => {
    const parsed = normalizeIdentifier(identifier.kind, identifier.value);
    if (!parsed.ok) {
      throw new AppError('validation_failed', `identifier ${index} invalid`, {
        details: [{ path: `identifiers.${index}.value`, reason: parsed.reason }],
      });
    }
    const key = `${parsed.kind}:${parsed.value}`;
    if (seen.has(key)) {
      throw new AppError('validation_failed', 'repeated identifier', {
        details: [{ path: `identifiers.${index}`, reason: 'the same identifier appears twice' }],
      });
    }
    seen.add(key);
    return { kind: parsed.kind, value: parsed.value };
  });
}

function toPerson(row: PersonRow, identifiers: Identifier[]): Person {
  return {
    id: row.id,
    externalId: row.externalId,
    givenNames: row.givenNames,
    firstSurname: row.firstSurname,
    secondSurname: row.secondSurname,
    aliases: row.aliases,
    identifiers,
    nationality: row.nationality,
    sex: row.sex as Person['sex'],
    birthDate: row.birthDate,
    birthDatePrecision: row.birthDatePrecision as Person['birthDatePrecision'],
    occupationGroup: row.occupationGroup as Person['occupationGroup'],
    consent: row.consent as Person['consent'],
    status: row.status as Person['status'],
    synthetic: row.synthetic,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Every person matching the filter, in id order, a page at a time (keyset pagination):
 * exports of any size with bounded memory.
 */
export async function* iteratePersons(db: Db, filter: PersonFilter, pageSize = 2000): AsyncGenerator<Person[]> {
  let after: string | null = null;
  for (;;) {
    let query = filteredPersons(db, filter).select(PERSON_COLUMNS).select(identifiersOfRow).orderBy('p.id').limit(pageSize);
    if (after) query = query.where('p.id', '>', after);
    const rows = await query.execute();
    if (rows.length === 0) return;
    yield rows.map((row) => toPerson(row, row.identifiers ?? []));
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}
