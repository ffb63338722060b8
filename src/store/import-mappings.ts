/** Import mappings kept by name (migration 012): listed, read, saved over, removed. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;
export type SavedMapping = { name: string; mapping: unknown; updatedBy: string; updatedAt: string };

export async function listImportMappings(db: Db): Promise<Omit<SavedMapping, 'mapping'>[]> {
  const rows = await db.selectFrom('importMappings').select(['name', 'updatedBy', 'updatedAt']).orderBy('name').execute();
  return rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt).toISOString() }));
}

export async function getImportMapping(db: Db, name: string): Promise<SavedMapping | undefined> {
  const row = await db.selectFrom('importMappings').selectAll().where('name', '=', name).executeTakeFirst();
  return row && { ...row, updatedAt: new Date(row.updatedAt).toISOString() };
}

/** Saves the mapping under its name, replacing an older one of that name. */
export async function saveImportMapping(db: Db, name: string, mapping: unknown, by: string): Promise<SavedMapping> {
  const json = JSON.stringify(mapping);
  await db
    .insertInto('importMappings')
    .values({ name, mapping: json, updatedBy: by })
    .onConflict((oc) => oc.column('name').doUpdateSet({ mapping: json, updatedBy: by, updatedAt: new Date().toISOString() }))
    .execute();
  return (await getImportMapping(db, name))!;
}

export async function deleteImportMapping(db: Db, name: string): Promise<boolean> {
  const result = await db.deleteFrom('importMappings').where('name', '=', name).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
