/** Detention facilities and the offence thesaurus (reference data that organisations extend). */
import type { Kysely, Selectable } from 'kysely';
import { AppError } from '../shared/app-error.js';
import type { Facility, Offence } from '../shared/schemas.js';
import { definedOnly } from './defined-only.js';
import type { Database } from './schema.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database>;
export type FacilityFields = Omit<Facility, 'id'>;

export async function createFacility(db: Db, fields: FacilityFields): Promise<Facility> {
  const row = await translateErrors(() => db.insertInto('facilities').values(toRow(fields)).returning('id').executeTakeFirstOrThrow());
  return (await getFacility(db, row.id))!;
}

export async function updateFacility(db: Db, id: string, patch: Partial<FacilityFields>): Promise<Facility> {
  const current = await getFacility(db, id);
  if (!current) throw new AppError('not_found', 'facility not found');
  await translateErrors(() =>
    db
      .updateTable('facilities')
      .set(toRow({ ...current, ...definedOnly(patch) }))
      .where('id', '=', id)
      .execute(),
  );
  return (await getFacility(db, id))!;
}

export async function getFacility(db: Db, id: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toFacility(row);
}

export async function listFacilities(db: Db): Promise<Facility[]> {
  const rows = await db.selectFrom('facilities').selectAll().orderBy('name').execute();
  return rows.map(toFacility);
}

/** Facility ids by code, for imports and the demo generator. */
export async function facilityIdsByCode(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('facilities').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function listOffences(db: Db): Promise<Offence[]> {
  const rows = await db.selectFrom('offences').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ ...r, category: r.category as Offence['category'] }));
}

export async function createOffence(db: Db, offence: Offence): Promise<Offence> {
  await translateErrors(() => db.insertInto('offences').values(offence).execute());
  return offence;
}

/** Changes an offence of the thesaurus (its labels, reference or category); every case citing it follows. */
export async function updateOffence(db: Db, code: string, patch: Partial<Omit<Offence, 'code'>>): Promise<Offence> {
  const current = await db.selectFrom('offences').selectAll().where('code', '=', code).executeTakeFirst();
  if (!current) throw new AppError('not_found', 'offence not found', { publicMessage: `The thesaurus has no offence ${code}.` });
  const next = { ...current, ...definedOnly(patch) };
  await db.updateTable('offences').set(next).where('code', '=', code).execute();
  return { ...next, category: next.category as Offence['category'] };
}

/** A facility by its code. */
export async function getFacilityByCode(db: Db, code: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('facilities').selectAll().where('code', '=', code).executeTakeFirst();
  return row && toFacility(row);
}

function toRow(fields: FacilityFields) {
  return {
    code: fields.code,
    name: fields.name,
    kind: fields.kind,
    agency: fields.agency ?? null,
    state: fields.state ?? null,
    status: fields.status,
    statusSince: fields.statusSince ?? null,
  };
}

function toFacility(row: Selectable<Database['facilities']>): Facility {
  return { ...row, kind: row.kind as Facility['kind'], status: row.status as Facility['status'] };
}
