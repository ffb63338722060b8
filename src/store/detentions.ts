/** Detentions of a person, with their charges from the offence thesaurus. */

import type { Kysely } from 'kysely';
import { AppError } from '../shared/app-error.js';
import type { Detention } from '../shared/schemas.js';
import { definedOnly } from './defined-only.js';
import { inTransaction } from './in-transaction.js';
import type { Database } from './schema.js';
import { translateErrors } from './translate-error.js';

type Db = Kysely<Database>;
export type DetentionFields = Omit<Detention, 'id'>;

/** Records a detention and its charges in one transaction. */
export async function createDetention(db: Db, fields: DetentionFields): Promise<Detention> {
  const id = await translateErrors(() =>
    inTransaction(db, async (trx) => {
      const { id } = await trx.insertInto('detentions').values(toRow(fields)).returning('id').executeTakeFirstOrThrow();
      await writeCharges(trx, id, fields.charges);
      return id;
    }),
  );
  return (await getDetention(db, id))!;
}

/** Updates a detention; charges, when given, replace the old ones. */
export async function updateDetention(db: Db, id: string, patch: Partial<DetentionFields>): Promise<Detention> {
  const current = await getDetention(db, id);
  if (!current) throw new AppError('not_found', 'detention not found');
  const merged = { ...current, ...definedOnly(patch), personId: current.personId };
  await translateErrors(() =>
    db.transaction().execute(async (trx) => {
      await trx.updateTable('detentions').set(toRow(merged)).where('id', '=', id).execute();
      if (patch.charges) {
        await trx.deleteFrom('detentionCharges').where('detentionId', '=', id).execute();
        await writeCharges(trx, id, patch.charges);
      }
    }),
  );
  return (await getDetention(db, id))!;
}

export async function getDetention(db: Db, id: string): Promise<Detention | undefined> {
  const [row] = await listWhere(db, 'id', id);
  return row;
}

/** A person's detentions, oldest arrest first. */
export async function listDetentionsOfPerson(db: Db, personId: string): Promise<Detention[]> {
  return listWhere(db, 'personId', personId);
}

async function listWhere(db: Db, column: 'id' | 'personId', value: string): Promise<Detention[]> {
  const rows = await db.selectFrom('detentions').selectAll().where(column, '=', value).orderBy('arrestedOn', 'asc').orderBy('createdAt', 'asc').execute();
  if (rows.length === 0) return [];
  const charges = await db
    .selectFrom('detentionCharges')
    .select(['detentionId', 'offenceCode'])
    .where(
      'detentionId',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('offenceCode')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.personId,
    arrestedOn: r.arrestedOn,
    arrestedOnPrecision: r.arrestedOnPrecision as Detention['arrestedOnPrecision'],
    place: r.place,
    agency: r.agency,
    facilityId: r.facilityId,
    court: r.court,
    caseNumber: r.caseNumber,
    protestWave: r.protestWave as Detention['protestWave'],
    charges: charges.filter((c) => c.detentionId === r.id).map((c) => c.offenceCode),
  }));
}

async function writeCharges(db: Db, detentionId: string, charges: readonly string[]): Promise<void> {
  const unique = [...new Set(charges)];
  if (unique.length === 0) return;
  const known = await db.selectFrom('offences').select('code').where('code', 'in', unique).execute();
  const missing = unique.filter((code) => !known.some((k) => k.code === code));
  if (missing.length > 0) {
    throw new AppError('validation_failed', 'unknown offence codes', {
      details: missing.map((code) => ({ path: 'charges', reason: `offence ${code} is not in the thesaurus` })),
    });
  }
  await db
    .insertInto('detentionCharges')
    .values(unique.map((offenceCode) => ({ detentionId, offenceCode })))
    .execute();
}

function toRow(fields: DetentionFields) {
  return {
    personId: fields.personId,
    arrestedOn: fields.arrestedOn ?? null,
    arrestedOnPrecision: fields.arrestedOnPrecision,
    place: fields.place ?? null,
    agency: fields.agency ?? null,
    facilityId: fields.facilityId ?? null,
    court: fields.court ?? null,
    caseNumber: fields.caseNumber ?? null,
    protestWave: fields.protestWave ?? null,
  };
}

/** For each detention id, its person and that person's publication consent. */
export async function consentOfDetentions(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, { personId: string; consent: string }>> {
  const found = new Map<string, { personId: string; consent: string }>();
  for (let start = 0; start < ids.length; start += 5000) {
    const rows = await db
      .selectFrom('detentions as d')
      .innerJoin('persons as p', 'p.id', 'd.personId')
      .select(['d.id', 'd.personId', 'p.consent'])
      .where('d.id', 'in', ids.slice(start, start + 5000))
      .execute();
    for (const row of rows) found.set(row.id, { personId: row.personId, consent: row.consent });
  }
  return found;
}
