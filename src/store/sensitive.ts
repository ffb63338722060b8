/** Sealed sensitive fields, each person's wrapped data key, and the record of erasures. */
import { type Kysely, sql, type Transaction } from 'kysely';
import { clearSealedActsOf } from './acts.js';
import { clearNotesOf } from './events.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function wrappedKeyOf(db: Db, personId: string): Promise<string | undefined> {
  const row = await db.selectFrom('personKeys').select('wrapped').where('personId', '=', personId).executeTakeFirst();
  return row?.wrapped;
}

export async function insertWrappedKey(db: Db, personId: string, wrapped: string): Promise<void> {
  await db.insertInto('personKeys').values({ personId, wrapped }).execute();
}

export async function sealedFields(db: Db, personId: string): Promise<{ field: string; sealed: string; updatedAt: string }[]> {
  return db.selectFrom('personSensitive').select(['field', 'sealed', 'updatedAt']).where('personId', '=', personId).orderBy('field').execute();
}

export async function writeSealed(db: Db, personId: string, field: string, sealed: string | null, by: string | null): Promise<void> {
  if (sealed === null) {
    await db.deleteFrom('personSensitive').where('personId', '=', personId).where('field', '=', field).execute();
    return;
  }
  const values = { sealed, updatedAt: new Date().toISOString(), updatedBy: by };
  await db
    .insertInto('personSensitive')
    .values({ personId, field, ...values })
    .onConflict((oc) => oc.columns(['personId', 'field']).doUpdateSet(values))
    .execute();
}

/** Deletes the person's data key (its sealed fields go with it) and records the erasure. */
export async function eraseKey(db: Kysely<Database>, personIds: readonly string[], by: string | null): Promise<number> {
  if (personIds.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('personKeys')
      .where('personId', 'in', [...personIds])
      .executeTakeFirst();
    await clearSealedActsOf(trx, personIds);
    await trx
      .insertInto('erasures')
      .values(personIds.map((personId) => ({ personId, erasedBy: by })))
      .onConflict((oc) => oc.column('personId').doNothing())
      .execute();
    return Number(deleted.numDeletedRows);
  });
}

/**
 * Inside a restore: deletes the data keys of persons erased since the backup was made, and records
 * their erasure (for persons the backup holds). Returns how many keys it deleted.
 */
export async function reErase(trx: Transaction<Database>, personIds: readonly string[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const deleted = await trx
    .deleteFrom('personKeys')
    .where('personId', 'in', [...personIds])
    .executeTakeFirst();
  await clearNotesOf(trx, personIds);
  await clearSealedActsOf(trx, personIds);
  const present = await trx
    .selectFrom('persons')
    .select('id')
    .where('id', 'in', [...personIds])
    .execute();
  if (present.length > 0) {
    await trx
      .insertInto('erasures')
      .values(present.map((p) => ({ personId: p.id, erasedBy: null })))
      .onConflict((oc) => oc.column('personId').doNothing())
      .execute();
  }
  return Number(deleted.numDeletedRows);
}

export async function erasureOf(db: Db, personId: string): Promise<{ erasedAt: string } | undefined> {
  return db.selectFrom('erasures').select('erasedAt').where('personId', '=', personId).executeTakeFirst();
}

export async function erasedPersonIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('erasures').select('personId').execute()).map((r) => r.personId);
}

/** Every wrapped data key, for re-wrapping under a new master key. */
export async function allWrappedKeys(db: Db): Promise<{ personId: string; wrapped: string }[]> {
  return db.selectFrom('personKeys').select(['personId', 'wrapped']).orderBy('personId').execute();
}

export async function replaceWrappedKey(db: Db, personId: string, wrapped: string): Promise<void> {
  await db.updateTable('personKeys').set({ wrapped }).where('personId', '=', personId).execute();
}

export async function sealedTotpSecrets(db: Db): Promise<{ id: string; totpSecret: string }[]> {
  const rows = await db.selectFrom('accounts').select(['id', 'totpSecret']).where('totpSecret', 'is not', null).execute();
  return rows.map((r) => ({ id: r.id, totpSecret: r.totpSecret! }));
}

export async function replaceTotpSecret(db: Db, accountId: string, sealed: string): Promise<void> {
  await db.updateTable('accounts').set({ totpSecret: sealed }).where('id', '=', accountId).execute();
}

/**
 * How many values in the database each master key seals (by key id, the second part of a sealed
 * value): persons' data keys, sealed notes of events and measures, second-factor secrets.
 */
export async function sealedByMasterKey(db: Db): Promise<Map<string, number>> {
  const { rows } = await sql<{ keyId: string; count: number }>`
    select key_id, count(*)::int as count from (
      select split_part(wrapped, '.', 2) as key_id from person_keys
      union all select split_part(notes, '.', 2) from events where notes like 'rcx1.%'
      union all select split_part(notes, '.', 2) from measures where notes like 'rcx1.%'
      union all select split_part(totp_secret, '.', 2) from accounts where totp_secret like 'rcx1.%'
    ) sealed group by key_id order by key_id`.execute(db);
  return new Map(rows.map((r) => [r.keyId, r.count]));
}
